// Runs every AssemblyScript program under programs/as natively in V8 (compiled with our asc
// wrapper, checked by checkModule) and compares stdout and exit code with programs/as/expected.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileAssemblyScript } from '../toolchain/asc';
import { checkModule } from '../toolchain/wasm/check';
import { expectedRuns, type ExpectedRun } from './helpers/as-expected';
import { permute } from './helpers/keccak-ref';

const expected = JSON.parse(readFileSync('programs/as/expected.json', 'utf8')) as Record<string, ExpectedRun>;

class GuestExit {
  constructor(readonly code: number) {}
}

interface NativeRun {
  stdout: string;
  exitCode: number;
  exports: WebAssembly.Exports;
}

/** Instantiates `wasm` with the zkos host imports implemented in JS and calls main. */
async function runNative(wasm: Uint8Array): Promise<NativeRun> {
  let memory: WebAssembly.Memory | undefined;
  const chunks: Buffer[] = [];
  const imports = {
    zkos: {
      write(fd: number, ptr: number, len: number): number {
        // the start function runs inside instantiate(), before the exported memory is reachable
        if (!memory) throw new Error('write from the start function: not supported by this test runner');
        if (fd !== 1 && fd !== 2) return -9;
        if (fd === 1) chunks.push(Buffer.from(new Uint8Array(memory!.buffer, ptr, len)));
        return len;
      },
      exit(code: number): never {
        throw new GuestExit(code);
      },
    },
    env: {
      abort(message: number, file: number, line: number, column: number): never {
        const text = (ptr: number) => (ptr ? Buffer.from(new Uint8Array(memory!.buffer, ptr, new Uint32Array(memory!.buffer, ptr - 4, 1)[0])).toString('utf16le') : '');
        throw new Error(`guest abort: ${text(message)} at ${text(file)}:${line}:${column}`);
      },
    },
  };
  let exitCode: number;
  let instance: WebAssembly.Instance | undefined;
  try {
    const module = await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>);
    instance = await WebAssembly.instantiate(module, imports);
    memory = instance.exports.memory as WebAssembly.Memory;
    exitCode = (instance.exports.main as () => number)();
  } catch (e) {
    if (!(e instanceof GuestExit)) throw e;
    exitCode = e.code;
  }
  return { stdout: Buffer.concat(chunks).toString('utf8'), exitCode, exports: instance?.exports ?? {} };
}

function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  for (base %= m; exponent > 0n; exponent >>= 1n, base = (base * base) % m) if (exponent & 1n) result = (result * base) % m;
  return result;
}

const builds = new Map<string, Promise<Uint8Array>>();
function build(name: string): Promise<Uint8Array> {
  if (!builds.has(name)) builds.set(name, compileAssemblyScript(`programs/as/${name}.ts`).then((r) => r.wasm));
  return builds.get(name)!;
}

describe('programs/as (native V8)', () => {
  it('expected.json matches the independent computation in test/helpers/as-expected.ts', () => {
    expect(expected).toEqual(expectedRuns());
  });

  for (const [name, run] of Object.entries(expected)) {
    it(`${name}: passes checkModule and prints the expected output`, async () => {
      const wasm = await build(name);
      expect(() => checkModule(wasm)).not.toThrow();
      const result = await runNative(wasm);
      expect(result.stdout).toBe(run.stdout);
      expect(result.exitCode).toBe(run.exitCode);
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
