// The sample programs build (llvm-mc + our linker) and print what they should; on real programs
// the fast interpreter stays in lockstep with the reference one.
import { describe, expect, test } from 'vitest';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import { bootMachine } from '../emulator/boot';
import { execute } from '../emulator/execute';
import { run } from '../emulator/interpreter';
import { parseProgram } from '../emulator/loader';
import { runReference } from '../emulator/reference';
import { hasTool } from '../toolchain/llvm';
import { buildSample, SAMPLES } from '../programs/samples';

/** The mix loop of programs/asm/mix.S, recomputed with BigInt arithmetic. */
function mixExpected(): string {
  const u32 = (v: bigint) => BigInt.asUintN(32, v);
  let a = 0x9e3779b9n;
  const mulc = 0x85ebca6bn;
  let acc = 0n;
  for (let k = 0; k < 2_000_000; k++) {
    a = u32(a ^ (a << 13n));
    a = u32(a ^ (a >> 17n));
    a = u32(a ^ (a << 5n));
    const product = a * mulc;
    acc = u32(acc ^ u32(product));
    acc = u32(acc + (product >> 32n));
    acc = u32((acc << 13n) | (acc >> 19n));
    a = u32(a - acc);
  }
  return `mix state: 0x${(a ^ acc).toString(16).padStart(8, '0')}\n`;
}

/** Known results, computed independently of the emulator. */
const EXPECTED: Record<string, () => string> = {
  hello: () => 'Hello from rv32im! 6 * 7 = 42\n',
  fib: () => 'fib(30) = 832040\n', // F(30)
  sieve: () => 'primes below 2000000: 148933\n', // π(2·10^6)
  mix: mixExpected,
};

describe.skipIf(!hasTool('llvm-mc'))('sample programs (skipped when llvm-mc is missing: apt-get install llvm-14)', () => {
  test.each(SAMPLES.map((s) => s.name))('%s prints the expected output and exits 0', (name) => {
    const out = collectingSink();
    const { result } = execute(parseProgram(buildSample(name)), { sink: out.sink });
    expect(result.kind).toBe('exit');
    if (result.kind === 'exit') expect(result.exitCode).toBe(0);
    expect(Buffer.from(out.stdout()).toString()).toBe(EXPECTED[name]());
  });

  test.each(SAMPLES.map((s) => s.name))('%s: fast and reference interpreters agree after each of 200 slices', (name) => {
    const program = parseProgram(buildSample(name));
    const fast = bootMachine(program);
    const ref = bootMachine(program);
    const fastHost = standardEcalls(collectingSink().sink);
    const refHost = standardEcalls(collectingSink().sink);
    for (let slice = 1; slice <= 200; slice++) {
      const a = run(fast, fastHost, slice * 997);
      const b = runReference(ref, refHost, slice * 997);
      expect(a).toEqual(b);
      expect(fast.pc).toBe(ref.pc);
      expect(Array.from(fast.regs)).toEqual(Array.from(ref.regs));
      if (a.kind !== 'cycle-limit') break;
    }
    expect(Buffer.compare(fast.memory.u8, ref.memory.u8)).toBe(0);
  });
});
