// The block compiler against the plain interpreter (itself checked against the reference): random
// programs, long looping programs that rewrite their own code, every cycle limit, traps in blocks.
import { describe, expect, test } from 'vitest';
import { runCompiled } from '../emulator/compiler/run';
import { cacheOf, COMPILER_TUNING } from '../emulator/compiler/cache';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import type { Host } from '../emulator/host';
import { run } from '../emulator/interpreter';
import { encode, type EncodeFields } from '../emulator/isa/encode';
import { Machine } from '../emulator/machine';
import { stepReference } from '../emulator/reference';
import type { RunResult } from '../emulator/trap';
import { bootMachine } from '../emulator/boot';
import { parseProgram } from '../emulator/loader';
import { buildSample, SAMPLES } from '../programs/samples';
import { hasTool } from '../toolchain/llvm';
import { loopingProgram, type LoopingOptions } from './helpers/looping-program';
import { programMachine } from './helpers/machine';
import { randomProgram, Rng } from './helpers/random-program';

const MEMORY = 64 * 1024;
const BASE = 0x1000;

// Every block is compiled at its first run in this file, so that the short test programs exercise
// compiled code; the default (cold blocks interpreted first) has a describe of its own below.
const DEFAULT_COLD_RUNS = COMPILER_TUNING.coldRuns;
COMPILER_TUNING.coldRuns = 0;

type Runner = (machine: Machine, host: Host, maxCycles: number) => RunResult;

const machineWith = (words: ArrayLike<number>, registers?: Int32Array): Machine => programMachine({ base: BASE, words, registers }, MEMORY);

interface Outcome {
  result: RunResult;
  machine: Machine;
  stdout: Uint8Array;
}

function runOn(runner: Runner, words: ArrayLike<number>, maxCycles: number, registers?: Int32Array): Outcome {
  const machine = machineWith(words, registers);
  const out = collectingSink();
  const result = runner(machine, standardEcalls(out.sink), maxCycles);
  return { result, machine, stdout: out.stdout() };
}

/** Same result, pc, cycles, registers, memory and output. */
function expectSame(a: Outcome, b: Outcome, where: string): void {
  expect(a.result, where).toEqual(b.result);
  expect(a.machine.pc, where).toBe(b.machine.pc);
  expect(a.machine.cycles, where).toBe(b.machine.cycles);
  expect(Array.from(a.machine.regs), where).toEqual(Array.from(b.machine.regs));
  expect(Buffer.compare(a.machine.memory.u8, b.machine.memory.u8), `${where}: memory`).toBe(0);
  expect(Buffer.from(a.stdout).toString('hex'), where).toBe(Buffer.from(b.stdout).toString('hex'));
}

const LOOPING: LoopingOptions = { bodyLength: 60, iterations: 3000, codeStores: 0, faults: 0 };

describe('compiled = interpreter on random programs', () => {
  test('2,000 short random programs, whole runs (traps, ecalls, stores into code, bad jumps)', () => {
    const ends = new Map<string, number>();
    for (let seed = 1; seed <= 2000; seed++) {
      const p = randomProgram(new Rng(seed), 256, BASE, MEMORY);
      const a = runOn(runCompiled, p.words, 2000, p.registers);
      const b = runOn(run, p.words, 2000, p.registers);
      expectSame(a, b, `seed ${seed}`);
      ends.set(a.result.kind, (ends.get(a.result.kind) ?? 0) + 1);
    }
    expect(ends.get('trap') ?? 0).toBeGreaterThan(500);
    expect(ends.get('exit') ?? 0).toBeGreaterThan(0);
  });

  test('looping programs: millions of instructions, with and without code stores and faults', () => {
    let instructions = 0;
    const ends = new Map<string, number>();
    const variants: LoopingOptions[] = [
      LOOPING,
      { ...LOOPING, codeStores: 0.05 },
      { ...LOOPING, codeStores: 0.02, faults: 0.002 },
    ];
    for (let seed = 1; seed <= 45; seed++) {
      const options = variants[seed % variants.length];
      const p = loopingProgram(new Rng(seed), BASE, options);
      const a = runOn(runCompiled, p.words, 400_000);
      const b = runOn(run, p.words, 400_000);
      expectSame(a, b, `looping seed ${seed}`);
      instructions += a.result.cycles;
      ends.set(a.result.kind, (ends.get(a.result.kind) ?? 0) + 1);
    }
    expect(instructions).toBeGreaterThan(5_000_000);
    expect(ends.get('exit') ?? 0).toBeGreaterThan(5);
  });

  test('lockstep with the reference in random slices (resuming compiled runs anywhere)', () => {
    let steps = 0;
    for (let seed = 100; seed < 112; seed++) {
      const p = loopingProgram(new Rng(seed), BASE, { bodyLength: 30, iterations: 200, codeStores: 0.05, faults: 0.002 });
      const fast = machineWith(p.words);
      const ref = machineWith(p.words);
      const hostA = standardEcalls(collectingSink().sink);
      const hostB = standardEcalls(collectingSink().sink);
      const rng = new Rng(seed);
      for (;;) {
        const slice = rng.chance(0.5) ? 1 + rng.below(3) : 1 + rng.below(200);
        const a = runCompiled(fast, hostA, fast.cycles + slice);
        let b: RunResult = { kind: 'cycle-limit', cycles: ref.cycles };
        for (let k = 0; k < slice; k++) {
          const r = stepReference(ref, hostB);
          if (r.kind !== 'retired') {
            b = r;
            break;
          }
          b = { kind: 'cycle-limit', cycles: ref.cycles };
        }
        expect(a, `seed ${seed} at ${ref.cycles}`).toEqual(b);
        expect(Array.from(fast.regs)).toEqual(Array.from(ref.regs));
        expect(fast.pc).toBe(ref.pc);
        steps += slice;
        if (a.kind !== 'cycle-limit') break;
      }
      expect(Buffer.compare(fast.memory.u8, ref.memory.u8)).toBe(0);
    }
    expect(steps).toBeGreaterThan(50_000);
  });
});

describe('the cycle limit is exact', () => {
  test('limits spread over a run long enough for hot regions (tier 2) and grown regions', () => {
    const p = loopingProgram(new Rng(11), BASE, { bodyLength: 40, iterations: 400, codeStores: 0.03, faults: 0 });
    const total = runOn(run, p.words, 1e7).result.cycles;
    expect(total).toBeGreaterThan(10_000);
    for (let limit = 1; limit <= total + 1; limit += 97) {
      expectSame(runOn(runCompiled, p.words, limit), runOn(run, p.words, limit), `limit ${limit}`);
    }
  });

  test('every limit from 0 to the end, for a few programs', () => {
    for (const seed of [3, 4, 5]) {
      const p = loopingProgram(new Rng(seed), BASE, { bodyLength: 12, iterations: 6, codeStores: seed === 5 ? 0.2 : 0, faults: 0 });
      const total = runOn(run, p.words, 1e6).result.cycles;
      for (let limit = 0; limit <= total + 1; limit++) {
        expectSame(runOn(runCompiled, p.words, limit), runOn(run, p.words, limit), `seed ${seed}, limit ${limit}`);
      }
    }
  });
});

const e = (f: EncodeFields) => encode(f);
const li = (rd: number, imm: number) => e({ mnemonic: 'addi', rd, rs1: 0, imm });
/** rd = any 32-bit value (lui + addi) */
const li32 = (rd: number, value: number) => [e({ mnemonic: 'lui', rd, imm: (value + 0x800) & ~0xfff }), e({ mnemonic: 'addi', rd, rs1: rd, imm: (value << 20) >> 20 })];

describe('self-modifying code', () => {
  const addi5 = (imm: number) => e({ mnemonic: 'addi', rd: 5, rs1: 5, imm });
  /** x6 = the new word (addi x5, x5, 100), x7 = where it goes, then exit with a0 = x5 */
  const program = (storeIndex: number, body: number[]) => {
    const word = addi5(100);
    return [e({ mnemonic: 'lui', rd: 6, imm: (word + 0x800) & ~0xfff }), e({ mnemonic: 'addi', rd: 6, rs1: 6, imm: ((word << 20) >> 20) }), e({ mnemonic: 'lui', rd: 7, imm: BASE }), e({ mnemonic: 'addi', rd: 7, rs1: 7, imm: 4 * storeIndex }), ...body];
  };
  const exit = [e({ mnemonic: 'addi', rd: 10, rs1: 5, imm: 0 }), li(17, 93), 0x73];

  test.each([
    ['the next instruction of the current block', program(5, [e({ mnemonic: 'sw', rs1: 7, rs2: 6, imm: 0 }), addi5(1), ...exit]), 100],
    ['an instruction further ahead in the same block', program(7, [e({ mnemonic: 'sw', rs1: 7, rs2: 6, imm: 0 }), addi5(1), addi5(2), addi5(4), ...exit]), 103],
    ['a byte of the next instruction (sb)', program(5, [e({ mnemonic: 'sb', rs1: 7, rs2: 0, imm: 3 }), addi5(-16), ...exit]), 0], // imm -16 loses bits 11:4
  ])('a store into %s takes effect at once', (_name, words, expected) => {
    for (const runner of [run, runCompiled]) {
      const { result } = runOn(runner, words, 1000);
      expect(result.kind).toBe('exit');
      if (result.kind === 'exit') expect(result.exitCode).toBe(expected);
    }
  });

  test('a store into a block compiled and run before (a loop that patches its own body)', () => {
    // loop 10 times: x5 += 1 (patched to x5 += 100 after the 3rd iteration), counter in x8
    const words = [
      ...program(5, []),
      li(8, 10), // 4
      addi5(1), // 5: the loop, patched to x5 += 100 once x8 reaches 7
      e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: -1 }),
      li(9, 7),
      e({ mnemonic: 'bne', rs1: 8, rs2: 9, imm: 8 }),
      e({ mnemonic: 'sw', rs1: 7, rs2: 6, imm: 0 }),
      e({ mnemonic: 'bne', rs1: 8, rs2: 0, imm: -20 }),
      ...exit,
    ];
    const outcomes = [run, runCompiled].map((r) => runOn(r, words, 10_000));
    expectSame(outcomes[1], outcomes[0], 'patched loop');
    expect(outcomes[0].result.kind).toBe('exit');
    // the compiled code for the patched block was dropped and rebuilt
    expect(cacheOf(outcomes[1].machine).stats.invalidated).toBeGreaterThan(0);
  });

  test('a hot loop stores into its own body on every iteration, a new word once (a store of its own in a WebAssembly region)', () => {
    // 1,000 iterations of x5 += 1; each stores x6 over that instruction: the same word, except at
    // x8 = 500, where it is x5 += 100 (x6 = original + (x8 == 500 ? difference : 0), no branch, so
    // the store stays in the loop's region); the next iteration adds 100 and stores the original back
    const original = addi5(1);
    const words = [
      ...li32(13, addi5(100) - original), // 0
      ...li32(14, original), // 2
      ...li32(7, BASE + 4 * 10), // 4
      li(8, 1000), // 6
      li(9, 500), // 7
      e({ mnemonic: 'addi', rd: 0, rs1: 0, imm: 0 }),
      e({ mnemonic: 'addi', rd: 0, rs1: 0, imm: 0 }),
      original, // 10: the loop
      e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: -1 }),
      e({ mnemonic: 'sub', rd: 12, rs1: 8, rs2: 9 }),
      e({ mnemonic: 'sltiu', rd: 12, rs1: 12, imm: 1 }),
      e({ mnemonic: 'sub', rd: 12, rs1: 0, rs2: 12 }),
      e({ mnemonic: 'and', rd: 12, rs1: 12, rs2: 13 }),
      e({ mnemonic: 'add', rd: 6, rs1: 14, rs2: 12 }),
      e({ mnemonic: 'sw', rs1: 7, rs2: 6, imm: 0 }),
      e({ mnemonic: 'bne', rs1: 8, rs2: 0, imm: -4 * 8 }),
      ...exit,
    ];
    const outcomes = [run, runCompiled].map((r) => runOn(r, words, 100_000));
    expectSame(outcomes[1], outcomes[0], 'hot loop patching itself');
    expect(outcomes[0].result).toMatchObject({ kind: 'exit', exitCode: 999 + 100 });
    const stats = cacheOf(outcomes[1].machine).stats;
    if (COMPILER_TUNING.wasm) expect(stats.wasm).toBeGreaterThan(0);
    expect(stats.invalidated).toBeGreaterThan(0);
  });

  test('a host call that rewrites code is seen by the next run of that code', () => {
    const words = [li(5, 0), addi5(1), li(17, 0x222), 0x73, e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: 1 }), li(9, 3), e({ mnemonic: 'bne', rs1: 8, rs2: 9, imm: -20 }), ...exit];
    const outcomes = [run, runCompiled].map((runner) => {
      const machine = machineWith(words);
      const host = standardEcalls(collectingSink().sink).register(0x222, 'patch', (m) => {
        m.memory.writeWord(BASE + 4, addi5(50));
        return { kind: 'continue' };
      });
      return { result: runner(machine, host, 1000), machine, stdout: new Uint8Array() };
    });
    expectSame(outcomes[1], outcomes[0], 'host patch');
    expect(outcomes[0].result).toMatchObject({ kind: 'exit', exitCode: 101 });
  });

  test('a host that says what it writes: its code patch is seen, its data writes leave compiled code trusted', () => {
    // the patch, declared as a write of that word
    const patch = [run, runCompiled].map((runner) => {
      const machine = machineWith([li(5, 0), addi5(1), li(17, 0x222), 0x73, e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: 1 }), li(9, 3), e({ mnemonic: 'bne', rs1: 8, rs2: 9, imm: -20 }), ...exit]);
      const host = standardEcalls(collectingSink().sink).register(
        0x222,
        'patch',
        (m) => (m.memory.writeWord(BASE + 4, addi5(50)), { kind: 'continue' }),
        () => ({ address: BASE + 4, count: 1 }),
      );
      return { result: runner(machine, host, 1000), machine, stdout: new Uint8Array() };
    });
    expectSame(patch[1], patch[0], 'declared patch');
    expect(patch[0].result).toMatchObject({ kind: 'exit', exitCode: 101 });
    // 300 ecalls in a hot loop that write a data word: declared, no region is compared with memory again
    const loop = [li(8, 0), li(9, 300), li(17, 0x333), 0x73, e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: 1 }), e({ mnemonic: 'bne', rs1: 8, rs2: 9, imm: -8 }), ...exit];
    const rechecks = [true, false].map((declared) => {
      const machine = machineWith(loop);
      const writeData = (m: Machine) => (m.memory.writeWord(0x8000, m.regs[8]), { kind: 'continue' as const });
      const host = standardEcalls(collectingSink().sink).register(0x333, 'data', writeData, declared ? () => ({ address: 0x8000, count: 1 }) : undefined);
      const result = runCompiled(machine, host, 100_000);
      expect(result).toMatchObject({ kind: 'exit' });
      expect(machine.memory.readWord(0x8000)).toBe(299);
      return cacheOf(machine).stats.rechecked;
    });
    expect(rechecks[0], 'declared writes: no re-checks').toBeLessThan(5);
    expect(rechecks[1], 'unknown writes: a re-check after every ecall').toBeGreaterThanOrEqual(290);
  });

  test('code written between runs by the caller is recompiled', () => {
    const words = [addi5(1), e({ mnemonic: 'jal', rd: 0, imm: -4 })];
    const m = machineWith(words);
    const host = standardEcalls(collectingSink().sink);
    runCompiled(m, host, 100);
    expect(m.regs[5]).toBe(50);
    m.memory.writeWord(BASE, addi5(3));
    runCompiled(m, host, 200);
    expect(m.regs[5]).toBe(200);
  });
});

describe('traps inside hot compiled loops', () => {
  // walk a pointer by `step` each iteration: x5 = start; loop: <access> 0(x5); x5 += step; j loop
  const walk = (start: number, step: number, access: EncodeFields) => [
    e({ mnemonic: 'lui', rd: 5, imm: ((start + 0x800) & ~0xfff) | 0 }),
    e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: (start << 20) >> 20 }),
    e({ mnemonic: 'addi', rd: 6, rs1: 6, imm: 1 }),
    e(access),
    e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: step }),
    e({ mnemonic: 'jal', rd: 0, imm: -12 }),
  ];
  test.each([
    ['lw runs off the end of memory', walk(MEMORY - 400, 4, { mnemonic: 'lw', rd: 7, rs1: 5, imm: 0 }), 'load-fault'],
    ['sw runs off the end of memory', walk(MEMORY - 400, 4, { mnemonic: 'sw', rs1: 5, rs2: 6, imm: 0 }), 'store-fault'],
    ['lh becomes misaligned', walk(0x4000, 2, { mnemonic: 'lh', rd: 7, rs1: 5, imm: 1 }), 'load-misaligned'],
    ['sh becomes misaligned', walk(0x4000, 1, { mnemonic: 'sh', rs1: 5, rs2: 6, imm: 0 }), 'store-misaligned'],
    ['lbu at a negative address', walk(-300, 1, { mnemonic: 'lbu', rd: 7, rs1: 5, imm: -400 }), 'load-fault'],
  ])('%s', (_name, words, kind) => {
    const a = runOn(runCompiled, words, 5000);
    const b = runOn(run, words, 5000);
    expectSame(a, b, _name);
    expect(a.result.kind === 'trap' ? a.result.trap.kind : a.result.kind).toBe(kind);
  });
});

describe('shared access checks (one check for the accesses off one base register in a block)', () => {
  // x5 walks by `step`; the block accesses offsets `offsets` off x5 (all of one kind), then loops
  const group = (start: number, step: number, offsets: number[], access: (imm: number) => EncodeFields, extra: EncodeFields[] = []) => [
    e({ mnemonic: 'lui', rd: 5, imm: ((start + 0x800) & ~0xfff) | 0 }),
    e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: (start << 20) >> 20 }),
    e({ mnemonic: 'addi', rd: 6, rs1: 6, imm: 1 }),
    ...offsets.map((imm) => e(access(imm))),
    ...extra.map(e),
    e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: step }),
    e({ mnemonic: 'jal', rd: 0, imm: -4 * (offsets.length + extra.length + 2) }),
  ];
  const sw = (imm: number): EncodeFields => ({ mnemonic: 'sw', rs1: 5, rs2: 6, imm });
  const lw = (imm: number): EncodeFields => ({ mnemonic: 'lw', rd: 7, rs1: 5, imm });
  const lh = (imm: number): EncodeFields => ({ mnemonic: 'lh', rd: 7, rs1: 5, imm });
  const sb = (imm: number): EncodeFields => ({ mnemonic: 'sb', rs1: 5, rs2: 6, imm });
  const cases: [string, number[], string][] = [
    ['the last sw of three faults first', group(MEMORY - 400, 4, [0, 4, 8], sw), 'store-fault'],
    ['the first sw of three faults first (descending offsets)', group(MEMORY - 400, 4, [8, 4, 0], sw), 'store-fault'],
    ['the middle lw faults first', group(MEMORY - 400, 4, [-4, 12, 4], lw), 'load-fault'],
    ['lw below address 0', group(300, -4, [0, -8, 4], lw), 'load-fault'],
    ['sb group off the end', group(MEMORY - 100, 1, [3, 0, 5, 1], sb), 'store-fault'],
    ['lh group becomes misaligned', group(0x4000, 1, [0, 2, -2], lh), 'load-misaligned'],
    // a load into the base register ends the group: the accesses after it are checked on their own
    ['a load into the base ends the group', group(MEMORY - 400, 4, [0, 4], lw, [{ mnemonic: 'lw', rd: 5, rs1: 5, imm: 8 }, lw(0), lw(4)]), 'cycle-limit'],
  ];
  test.each(cases)('%s: same state as the interpreter at every cycle limit up to the trap', (name, words, kind) => {
    const end = runOn(run, words, 20_000);
    expect(end.result.kind === 'trap' ? end.result.trap.kind : end.result.kind, name).toBe(kind);
    expectSame(runOn(runCompiled, words, 20_000), end, name);
    const cycles = end.machine.cycles;
    for (let limit = Math.max(0, cycles - 600); limit <= cycles + 1; limit++) expectSame(runOn(runCompiled, words, limit), runOn(run, words, limit), `${name} at ${limit}`);
  });
});

describe('the high multiplies', () => {
  const addi5 = (imm: number) => e({ mnemonic: 'addi', rd: 5, rs1: 5, imm });
  const exit = [e({ mnemonic: 'addi', rd: 10, rs1: 12, imm: 0 }), li(17, 93), 0x73];
  test('mulh, mulhsu, mulhu on operands of every sign in a hot loop equal the interpreter', () => {
    // x6 and x7 step through a multiplicative sequence (all signs and sizes); x10..x12 accumulate
    const words = [
      li(5, 2000),
      e({ mnemonic: 'lui', rd: 8, imm: 0x9e378000 | 0 }),
      e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: -0x64f }),
      e({ mnemonic: 'mul', rd: 6, rs1: 6, rs2: 8 }),
      e({ mnemonic: 'addi', rd: 6, rs1: 6, imm: 1237 }),
      e({ mnemonic: 'mul', rd: 7, rs1: 7, rs2: 6 }),
      e({ mnemonic: 'xori', rd: 7, rs1: 7, imm: -1 }),
      e({ mnemonic: 'mulh', rd: 9, rs1: 6, rs2: 7 }),
      e({ mnemonic: 'add', rd: 10, rs1: 10, rs2: 9 }),
      e({ mnemonic: 'mulhsu', rd: 9, rs1: 6, rs2: 7 }),
      e({ mnemonic: 'xor', rd: 11, rs1: 11, rs2: 9 }),
      e({ mnemonic: 'mulhsu', rd: 9, rs1: 7, rs2: 6 }),
      e({ mnemonic: 'add', rd: 11, rs1: 11, rs2: 9 }),
      e({ mnemonic: 'mulhu', rd: 9, rs1: 6, rs2: 7 }),
      e({ mnemonic: 'sub', rd: 12, rs1: 12, rs2: 9 }),
      e({ mnemonic: 'mulh', rd: 9, rs1: 6, rs2: 6 }),
      e({ mnemonic: 'add', rd: 12, rs1: 12, rs2: 9 }),
      addi5(-1),
      e({ mnemonic: 'bne', rs1: 5, rs2: 0, imm: -60 }),
      ...exit,
    ];
    const registers = new Int32Array(32);
    registers[6] = -7;
    registers[7] = 0x40000001;
    expectSame(runOn(runCompiled, words, 1_000_000, registers), runOn(run, words, 1_000_000, registers), 'multiplies');
  });
});

describe('a memory whose size is not a power of two (bounds tested by comparison)', () => {
  const SIZE = 60 * 1024;
  const on = (runner: Runner, words: number[], limit: number): Outcome => {
    const machine = programMachine({ base: BASE, words }, SIZE);
    const out = collectingSink();
    return { result: runner(machine, standardEcalls(out.sink), limit), machine, stdout: out.stdout() };
  };
  // x5 walks up from SIZE - 600 by `step` bytes: a group of sb and lbu at offsets 0..2 reach the end
  // at each offset; a lw stepping by 3 becomes misaligned first
  const walk = (access: EncodeFields[], step = 1) => [
    e({ mnemonic: 'lui', rd: 5, imm: ((SIZE - 600 + 0x800) & ~0xfff) | 0 }),
    e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: ((SIZE - 600) << 20) >> 20 }),
    e({ mnemonic: 'addi', rd: 6, rs1: 6, imm: 1 }),
    ...access.map(e),
    e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: step }),
    e({ mnemonic: 'jal', rd: 0, imm: -4 * (access.length + 2) }),
  ];
  const cases: [string, number[], string][] = [
    ['sb group off the end', walk([0, 2, 1].map((imm) => ({ mnemonic: 'sb', rs1: 5, rs2: 6, imm }))), 'store-fault'],
    ['lbu off the end', walk([{ mnemonic: 'lbu', rd: 7, rs1: 5, imm: 2 }]), 'load-fault'],
    ['lw misaligned first', walk([{ mnemonic: 'lw', rd: 7, rs1: 5, imm: 0 }], 3), 'load-misaligned'],
    ['sw off the end', walk([{ mnemonic: 'sw', rs1: 5, rs2: 6, imm: 0 }], 4), 'store-fault'],
  ];
  test.each(cases)('%s: same state as the interpreter at every cycle limit up to the trap', (name, words, kind) => {
    const end = on(run, words, 20_000);
    expect(end.result.kind === 'trap' ? end.result.trap.kind : end.result.kind, name).toBe(kind);
    const compiled = on(runCompiled, words, 20_000);
    expectSame(compiled, end, name);
    if (COMPILER_TUNING.wasm) expect(cacheOf(compiled.machine).stats.wasm, name).toBeGreaterThan(0);
    const cycles = end.machine.cycles;
    for (let limit = Math.max(0, cycles - 300); limit <= cycles + 1; limit++) expectSame(on(runCompiled, words, limit), on(run, words, limit), `${name} at ${limit}`);
  });
});

describe('division edge cases in a hot loop', () => {
  test('div, divu, rem, remu by 0, by -1 and of INT_MIN equal the interpreter', () => {
    // x13 = INT_MIN, x14 = -1; x6 steps through a multiplicative sequence and x7 cycles through
    // -1, 0, 1 and x6's values; x10..x12 accumulate every quotient and remainder
    const op = (mnemonic: EncodeFields['mnemonic'], rs1: number, rs2: number, acc: number) => [
      e({ mnemonic, rd: 9, rs1, rs2 }),
      e({ mnemonic: 'xor', rd: acc, rs1: acc, rs2: 9 }),
      e({ mnemonic: 'addi', rd: acc, rs1: acc, imm: 7 }),
    ];
    const body = [
      e({ mnemonic: 'mul', rd: 6, rs1: 6, rs2: 8 }),
      e({ mnemonic: 'addi', rd: 6, rs1: 6, imm: 1237 }),
      e({ mnemonic: 'addi', rd: 7, rs1: 7, imm: 1 }),
      e({ mnemonic: 'andi', rd: 7, rs1: 7, imm: 3 }),
      e({ mnemonic: 'addi', rd: 7, rs1: 7, imm: -1 }), // -1, 0, 1, 2
      ...op('div', 13, 14, 10),
      ...op('rem', 13, 14, 11),
      ...op('div', 6, 7, 10),
      ...op('divu', 6, 7, 11),
      ...op('rem', 6, 7, 12),
      ...op('remu', 6, 7, 10),
      ...op('div', 6, 0, 11),
      ...op('divu', 6, 0, 12),
      ...op('rem', 6, 0, 10),
      ...op('remu', 6, 0, 11),
      ...op('div', 13, 7, 12),
      ...op('rem', 13, 7, 10),
      ...op('divu', 13, 14, 11),
      ...op('remu', 14, 13, 12),
      e({ mnemonic: 'addi', rd: 7, rs1: 7, imm: 1 }), // back to 0..3
      e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: -1 }),
    ];
    const words = [
      li(5, 1500),
      e({ mnemonic: 'lui', rd: 8, imm: 0x9e378000 | 0 }),
      e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: -0x64f }),
      e({ mnemonic: 'lui', rd: 13, imm: 0x80000000 | 0 }),
      li(14, -1),
      ...body,
      e({ mnemonic: 'bne', rs1: 5, rs2: 0, imm: -4 * body.length }),
      e({ mnemonic: 'addi', rd: 10, rs1: 10, imm: 0 }),
      li(17, 93),
      0x73,
    ];
    const registers = new Int32Array(32);
    registers[6] = -7;
    const a = runOn(runCompiled, words, 1_000_000, registers);
    expectSame(a, runOn(run, words, 1_000_000, registers), 'divisions');
    expect(a.result.kind).toBe('exit');
    if (COMPILER_TUNING.wasm) expect(cacheOf(a.machine).stats.wasm).toBeGreaterThan(0);
  });
});

describe('cold blocks are interpreted for their first runs (the default setting)', () => {
  const withDefault = <T>(f: () => T): T => {
    COMPILER_TUNING.coldRuns = DEFAULT_COLD_RUNS;
    try {
      return f();
    } finally {
      COMPILER_TUNING.coldRuns = 0;
    }
  };

  test('the default interprets a block for a while (at least 100 runs)', () => {
    expect(DEFAULT_COLD_RUNS).toBeGreaterThanOrEqual(100);
  });

  test('random programs, whole runs: the same state as the interpreter, and almost all of them compile nothing', () => {
    let none = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const p = randomProgram(new Rng(seed), 256, BASE, MEMORY);
      const a = withDefault(() => runOn(runCompiled, p.words, 2000, p.registers));
      expectSame(a, runOn(run, p.words, 2000, p.registers), `seed ${seed}`);
      if (cacheOf(a.machine).stats.compiled === 0) none++;
    }
    expect(none).toBeGreaterThan(380); // a few spin in a short loop long enough to be compiled
  });

  test('looping programs cross from interpreted to compiled, with code stores and faults: the same state at spread cycle limits', () => {
    let compiled = 0;
    let dispatches = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const p = loopingProgram(new Rng(seed), BASE, { bodyLength: 40, iterations: 2 * DEFAULT_COLD_RUNS + 500, codeStores: seed % 2 ? 0.02 : 0, faults: seed === 6 ? 0.0005 : 0 });
      const whole = withDefault(() => runOn(runCompiled, p.words, 2_000_000));
      expectSame(whole, runOn(run, p.words, 2_000_000), `seed ${seed}`);
      compiled += cacheOf(whole.machine).stats.compiled;
      dispatches += cacheOf(whole.machine).dispatches;
      const total = whole.result.cycles;
      for (let limit = 1 + seed; limit <= total + 1; limit += Math.max(1, Math.floor(total / 40))) {
        expectSame(withDefault(() => runOn(runCompiled, p.words, limit)), runOn(run, p.words, limit), `seed ${seed}, limit ${limit}`);
      }
    }
    expect(compiled).toBeGreaterThan(0);
    expect(dispatches).toBeGreaterThan(0);
  });

  test.skipIf(!hasTool('llvm-mc'))('a jump-table interpreter (bytecode sample) still grows one region over its handlers: exits to handlers that ran only interpreted join it', () => {
    const program = parseProgram(buildSample('bytecode'));
    const machine = bootMachine(program);
    const result = withDefault(() => runCompiled(machine, standardEcalls(() => {}), 1e9));
    expect(result.kind).toBe('exit');
    // 300,000 bytecode loop iterations: with handlers left out of the dispatch loop's region, each
    // operation went through the dispatcher (1.2M dispatches); grown over them, a few hundred
    expect(cacheOf(machine).dispatches).toBeLessThan(5_000);
    expect(cacheOf(machine).stats.grown).toBeGreaterThan(0);
  });

  test('a block patched while still interpreted, then compiled, runs its new code', () => {
    // x5 += 1 in a loop of 3 x DEFAULT_COLD_RUNS iterations; the loop patches the instruction to x5 += 2
    // at iteration DEFAULT_COLD_RUNS / 2 (still interpreted), so the compiled loop must add 2
    const n = 3 * DEFAULT_COLD_RUNS;
    const patched = e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: 2 });
    const words = [
      ...li32(6, patched),
      ...li32(7, BASE + 4 * 10), // address of the loop's first instruction
      ...li32(8, n),
      ...li32(9, n - DEFAULT_COLD_RUNS / 2),
      e({ mnemonic: 'addi', rd: 0, rs1: 0, imm: 0 }),
      e({ mnemonic: 'addi', rd: 0, rs1: 0, imm: 0 }),
      e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: 1 }), // 10: the loop
      e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: -1 }),
      e({ mnemonic: 'bne', rs1: 8, rs2: 9, imm: 8 }),
      e({ mnemonic: 'sw', rs1: 7, rs2: 6, imm: 0 }),
      e({ mnemonic: 'bne', rs1: 8, rs2: 0, imm: -16 }),
      e({ mnemonic: 'addi', rd: 10, rs1: 5, imm: 0 }),
      e({ mnemonic: 'addi', rd: 17, rs1: 0, imm: 93 }),
      0x73,
    ];
    const a = withDefault(() => runOn(runCompiled, words, 1e6));
    const b = runOn(run, words, 1e6);
    expectSame(a, b, 'patched while cold');
    expect(b.result.kind).toBe('exit');
    if (b.result.kind === 'exit') expect(b.result.exitCode).toBe(DEFAULT_COLD_RUNS / 2 + 2 * (n - DEFAULT_COLD_RUNS / 2));
    expect(cacheOf(a.machine).stats.compiled).toBeGreaterThan(0);
  });

  test('a compiled loop patched by code that is still interpreted (a store at the end of a cold plain run) runs its new code', () => {
    // x5 += 1 in a loop of 3 x DEFAULT_COLD_RUNS iterations (compiled by its end); then straight-line
    // code that runs once (interpreted) stores x5 += 2 over the loop's first instruction, and the
    // loop runs 10 more times: only the store's invalidation tells the cache the loop changed
    const n = 3 * DEFAULT_COLD_RUNS;
    const words = [
      ...li32(8, n),
      e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: 1 }), // 2: the loop
      e({ mnemonic: 'addi', rd: 8, rs1: 8, imm: -1 }),
      e({ mnemonic: 'bne', rs1: 8, rs2: 0, imm: -8 }),
      e({ mnemonic: 'bne', rs1: 9, rs2: 0, imm: 4 * 13 }), // 5: second time here: to the exit
      e({ mnemonic: 'addi', rd: 9, rs1: 0, imm: 1 }),
      ...li32(6, e({ mnemonic: 'addi', rd: 5, rs1: 5, imm: 2 })),
      ...li32(7, BASE + 4 * 2),
      e({ mnemonic: 'addi', rd: 8, rs1: 0, imm: 10 }),
      e({ mnemonic: 'sw', rs1: 7, rs2: 6, imm: 0 }), // 12: the end of a plain run of 6 instructions
      e({ mnemonic: 'addi', rd: 0, rs1: 0, imm: 0 }),
      e({ mnemonic: 'jal', rd: 0, imm: -4 * 12 }), // 14: back to the loop
      e({ mnemonic: 'addi', rd: 0, rs1: 0, imm: 0 }),
      e({ mnemonic: 'addi', rd: 0, rs1: 0, imm: 0 }),
      e({ mnemonic: 'addi', rd: 0, rs1: 0, imm: 0 }),
      e({ mnemonic: 'addi', rd: 10, rs1: 5, imm: 0 }), // 18: the exit
      e({ mnemonic: 'addi', rd: 17, rs1: 0, imm: 93 }),
      0x73,
    ];
    const a = withDefault(() => runOn(runCompiled, words, 1e6));
    const b = runOn(run, words, 1e6);
    expectSame(a, b, 'compiled loop patched by cold code');
    expect(b.result.kind).toBe('exit');
    if (b.result.kind === 'exit') expect(b.result.exitCode).toBe(n + 2 * 10);
    expect(cacheOf(a.machine).stats.invalidated).toBeGreaterThan(0);
  });
});

describe('the code cache\'s pages', () => {
  test('counts and entries are per machine and per page: pages not yet used share one empty page, which no count or entry reaches', () => {
    const words = [e({ mnemonic: 'addi', rd: 10, rs1: 0, imm: 0 }), e({ mnemonic: 'addi', rd: 17, rs1: 0, imm: 93 }), 0x73];
    const [a, b] = [cacheOf(machineWith(words)), cacheOf(machineWith(words))];
    const far = BASE + 5 * 4096 + 8; // a page the program never runs in
    expect([a.visit(far), a.visit(far), a.visit(far + 4096)]).toEqual([1, 2, 1]);
    expect([b.visit(far), b.visit(BASE), b.visit(BASE), a.visit(BASE)]).toEqual([1, 1, 2, 1]);
    expect(a.lookup(far)).toBeUndefined();
    expect(a.compile(BASE, false)).toBeDefined();
    expect(a.lookup(BASE)).toBeDefined();
    expect([b.lookup(BASE), a.lookup(BASE + 4096), a.lookup(far)]).toEqual([undefined, undefined, undefined]);
  });
});

describe('the tiers are exercised', () => {
  test('hot regions, regions grown from profiled exits, invalidations and WebAssembly regions all happen in the looping runs', () => {
    let hot = 0;
    let grown = 0;
    let recompiled = 0;
    let wasm = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const p = loopingProgram(new Rng(seed), BASE, { ...LOOPING, codeStores: seed % 2 ? 0.05 : 0 });
      const { machine } = runOn(runCompiled, p.words, 400_000);
      const stats = cacheOf(machine).stats;
      hot += stats.hot;
      grown += stats.grown;
      recompiled += stats.invalidated;
      wasm += stats.wasm;
      expect(stats.wasmRefused, 'WebAssembly modules V8 refused (an encoder bug)').toBe(0);
    }
    // regions that loop are WebAssembly unless the tier is off (compiler-js-tier.test.ts)
    if (COMPILER_TUNING.wasm) expect(wasm).toBeGreaterThan(0);
    else expect(wasm).toBe(0);
    expect(hot).toBeGreaterThan(0);
    expect(grown).toBeGreaterThan(0);
    expect(recompiled).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasTool('llvm-mc'))('the sample programs (llvm-mc needed)', () => {
  test.each(SAMPLES.map((sample) => sample.name))('%s: compiled = interpreter after each slice of its first 2M instructions', (name) => {
    const program = parseProgram(buildSample(name));
    const [a, b] = [bootMachine(program), bootMachine(program)];
    const [outA, outB] = [collectingSink(), collectingSink()];
    const [hostA, hostB] = [standardEcalls(outA.sink), standardEcalls(outB.sink)];
    for (let limit = 9973; limit <= 2_000_000; limit += 9973) {
      const ra = runCompiled(a, hostA, limit);
      const rb = run(b, hostB, limit);
      expect(ra, `${name} at ${limit}`).toEqual(rb);
      expect(a.pc).toBe(b.pc);
      expect(Array.from(a.regs)).toEqual(Array.from(b.regs));
      if (ra.kind !== 'cycle-limit') break;
    }
    expect(Buffer.compare(a.memory.u8, b.memory.u8)).toBe(0);
    expect(Buffer.from(outA.stdout()).toString()).toBe(Buffer.from(outB.stdout()).toString());
  });
});
