// Builds every AssemblyScript program under programs/as with the real pipeline and runs it on both
// targets (V8 and the RISC-V emulator): stdout and exit code must match programs/as/expected.json,
// and the two runs must agree on every host call.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstDifference, recordNative, recordRiscv } from '../oracle/diff';
import { buildGuest, type BuildResult } from '../toolchain/build';
import { hasTool } from '../toolchain/llvm';
import { checkModule } from '../toolchain/wasm/check';
import { expectedRuns, type ExpectedRun } from './helpers/as-expected';
import { permute } from './helpers/keccak-ref';

const expected = JSON.parse(readFileSync('programs/as/expected.json', 'utf8')) as Record<string, ExpectedRun>;

function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  for (base %= m; exponent > 0n; exponent >>= 1n, base = (base * base) % m) if (exponent & 1n) result = (result * base) % m;
  return result;
}

const builds = new Map<string, Promise<BuildResult>>();
function buildProgram(name: string): Promise<BuildResult> {
  if (!builds.has(name)) builds.set(name, buildGuest(`programs/as/${name}.ts`));
  return builds.get(name)!;
}
const build = async (name: string): Promise<Uint8Array> => (await buildProgram(name)).wasm;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe.skipIf(!hasTool('llc'))('programs/as on both targets (skipped when LLVM 14 is missing: apt-get install llvm-14)', () => {
  it('expected.json matches the independent computation in test/helpers/as-expected.ts', () => {
    expect(expected).toEqual(expectedRuns());
  });

  for (const [name, run] of Object.entries(expected)) {
    it(`${name}: prints the expected output natively and on RISC-V, with the same host calls`, async () => {
      const built = await buildProgram(name);
      expect(() => checkModule(built.wasm)).not.toThrow();
      const native = recordNative(built.wasm);
      const riscv = recordRiscv(built.elf);
      for (const side of [native, riscv]) {
        expect(text(side.stdout)).toBe(run.stdout);
        expect(side.outcome).toEqual({ kind: 'exit', code: run.exitCode });
      }
      expect(firstDifference(native, riscv)).toBeUndefined();
    });
  }

  it('exports the benchmark units, each working on a fresh instance (start function run, main not)', async () => {
    const unit = async (name: string, fn: string, arg: number): Promise<number> => {
      const instance = await WebAssembly.instantiate(await WebAssembly.compile((await build(name)) as Uint8Array<ArrayBuffer>), {
        zkos: { write: () => 0, exit: () => 0 },
        env: { abort: () => { throw new Error('abort'); } },
      });
      return (instance.exports[fn] as (n: number) => number)(arg) >>> 0;
    };
    expect(await unit('fib', 'fib', 30)).toBe(832040);
    expect(await unit('bytecode', 'runPrimes', 10000)).toBe(5736396);
    expect(await unit('sha256', 'sha256Blocks', 1)).toBe(0xba7816bf);
    const lanes: bigint[] = new Array(25).fill(0n);
    permute(lanes);
    permute(lanes);
    expect(await unit('keccak', 'keccakF', 2)).toBe(Number(lanes[0]! & 0xffffffffn));
    const a = 0x0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f0n;
    const b = 0xdeadbeefcafebabe0123456789abcdeff0e1d2c3b4a5968778695a4b3c2d1e0fn;
    const p = 2n ** 256n - 2n ** 32n - 977n;
    expect(await unit('u256', 'u256Mul', 3)).toBe(Number((a * b) & 0xffffffffn));
    // two Montgomery multiplies by b: a * b^2 / R^2 mod p
    const rInverse = modPow(2n ** 256n % p, p - 2n, p);
    expect(await unit('u256', 'u256MontMul', 2)).toBe(Number((((a * b * b) % p) * rInverse * rInverse % p) & 0xffffffffn));
  });
});
