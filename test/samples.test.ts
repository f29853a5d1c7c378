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

const hex32 = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
/** High words of 32 x 32-bit products, from exact 48-bit partial products (BigInt is too slow for 8M rounds). */
const mulhu32 = (a: number, b: number) => {
  const lo = (a & 0xffff) * (b >>> 0);
  const hi = (a >>> 16) * (b >>> 0);
  return Math.floor((hi + Math.floor(lo / 65536)) / 65536) | 0;
};
const mulh32 = (a: number, b: number) => (mulhu32(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;

/** programs/asm/mulloop.S: four lanes, recomputed with Math.imul and BigInt high products. */
function mulloopExpected(): string {
  let [a0, a1, a2, a3] = [1, 2, 3, 4];
  const m = 0x9e3779b1 | 0;
  const c = 0x7f4a7c15;
  for (let k = 0; k < 8_000_000; k++) {
    a0 = (Math.imul(a0, m) + c) | 0;
    a1 = Math.imul(a1, m) ^ a0;
    a2 = (a2 + mulhu32(a2, m) + 1) | 0;
    a3 = (Math.imul(a3, a2) + a1) | 0;
    a1 ^= mulh32(a0, a3);
  }
  return `mulloop state: ${hex32(a0 ^ a1 ^ a2 ^ a3)}\n`;
}

/** The LCG the branchy samples share: x * 1664525 + 1013904223 (mod 2^32), from 12345. */
function* lcg(): Generator<number> {
  for (let x = 12345; ; ) yield (x = (Math.imul(x, 1664525) + 1013904223) | 0);
}

function qsortExpected(): string {
  const g = lcg();
  const a = Int32Array.from({ length: 200_000 }, () => g.next().value as number).sort();
  let sum = 0;
  a.forEach((v, i) => (sum = (sum + Math.imul(v, i + 1)) | 0));
  return `qsort checksum: ${hex32(sum)}\n`;
}

function hashtableExpected(): string {
  const g = lcg();
  const keys = new Set(Array.from({ length: 40_000 }, () => (g.next().value as number) | 1));
  const h = lcg();
  let hits = 0;
  for (let k = 0; k < 2_000_000; k++) if (keys.has((h.next().value as number) | 1)) hits++;
  return `hashtable hits: ${hits}\n`;
}

function bytecodeExpected(): string {
  let sum = 0;
  for (let i = 0; i < 300_000; i++) sum = ((sum + Math.imul(i, i)) | 0) ^ 0x5bd1e9;
  return `bytecode result: ${hex32(sum)}\n`;
}

/** Known results, computed independently of the emulator. */
const EXPECTED: Record<string, () => string> = {
  hello: () => 'Hello from rv32im! 6 * 7 = 42\n',
  fib: () => 'fib(30) = 832040\n', // F(30)
  sieve: () => 'primes below 2000000: 148933\n', // π(2·10^6)
  mix: mixExpected,
  mulloop: mulloopExpected,
  qsort: qsortExpected,
  hashtable: hashtableExpected,
  bytecode: bytecodeExpected,
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
