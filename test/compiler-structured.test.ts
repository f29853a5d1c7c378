// Differential tests for the structured regions of the block compiler (emulator/compiler/structure.ts):
// nested loops, calls and returns resolved inside one function, indirect calls, the budget checked
// only at loop headers, traps and code stores inside hot loops. Expected state: the plain interpreter.
import { describe, expect, test } from 'vitest';
import { cacheOf, COMPILER_TUNING } from '../emulator/compiler/cache';
import { runCompiled } from '../emulator/compiler/run';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import type { Host } from '../emulator/host';
import { run } from '../emulator/interpreter';
import { encode, type EncodeFields } from '../emulator/isa/encode';
import { Machine } from '../emulator/machine';
import { Memory } from '../emulator/memory';
import type { RunResult } from '../emulator/trap';
import { Rng } from './helpers/random-program';
import { discoverRegion } from '../emulator/compiler/region';
import { regionCode } from '../emulator/compiler/codegen';

// Every block is compiled at its first run here (the default interprets cold blocks first: compiler.test.ts).
COMPILER_TUNING.coldRuns = 0;

const MEMORY = 64 * 1024;
const BASE = 0x1000;
const DATA = 0x8000;

// registers by ABI name
const [ZERO, RA, SP, T0, T1, T2, S0, S1, A0, A1, A7, S2, S3, S4, T3] = [0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 17, 18, 19, 20, 28];

/** An instruction, or one whose branch/jal offset goes to a label, or a label. */
type Item = EncodeFields | { readonly to: string; readonly fields: EncodeFields } | string;

/** Two passes: labels to addresses, then words (branch and jal offsets relative to the instruction; lui + addi: the address). */
function assemble(items: readonly Item[]): { words: number[]; labels: Map<string, number> } {
  const labels = new Map<string, number>();
  let pc = BASE;
  for (const item of items) {
    if (typeof item === 'string') labels.set(item, pc);
    else pc += 4;
  }
  const words: number[] = [];
  pc = BASE;
  for (const item of items) {
    if (typeof item === 'string') continue;
    if ('to' in item) {
      const target = labels.get(item.to);
      if (target === undefined) throw new Error(`assemble: no label '${item.to}'`);
      const m = item.fields.mnemonic;
      // lui/addi of a label: its absolute address (`la`); branches and jal: the offset
      const imm = m === 'lui' ? (target + 0x800) & ~0xfff : m === 'addi' ? (target << 20) >> 20 : target - pc;
      words.push(encode({ ...item.fields, imm }));
    } else words.push(encode(item));
    pc += 4;
  }
  return { words, labels };
}

const li = (rd: number, imm: number): EncodeFields => ({ mnemonic: 'addi', rd, rs1: ZERO, imm });
const addi = (rd: number, rs1: number, imm: number): EncodeFields => ({ mnemonic: 'addi', rd, rs1, imm });
const mv = (rd: number, rs1: number) => addi(rd, rs1, 0);
const add = (rd: number, rs1: number, rs2: number): EncodeFields => ({ mnemonic: 'add', rd, rs1, rs2 });
const lw = (rd: number, rs1: number, imm: number): EncodeFields => ({ mnemonic: 'lw', rd, rs1, imm });
const sw = (rs2: number, rs1: number, imm: number): EncodeFields => ({ mnemonic: 'sw', rs1, rs2, imm });
const br = (mnemonic: 'beq' | 'bne' | 'blt' | 'bge' | 'bltu' | 'bgeu', rs1: number, rs2: number, to: string): Item => ({ to, fields: { mnemonic, rs1, rs2 } });
const call = (to: string): Item => ({ to, fields: { mnemonic: 'jal', rd: RA } });
const j = (to: string): Item => ({ to, fields: { mnemonic: 'jal', rd: ZERO } });
const ret: EncodeFields = { mnemonic: 'jalr', rd: ZERO, rs1: RA, imm: 0 };
const exit: Item[] = [mv(A0, S2), li(A7, 93), { mnemonic: 'ecall' }];
/** rd = a 32-bit constant (lui + addi) */
const la = (rd: number, value: number): EncodeFields[] => [
  { mnemonic: 'lui', rd, imm: (value + 0x800) & ~0xfff },
  addi(rd, rd, (value << 20) >> 20),
];

/** rd = the address of a label */
const laLabel = (rd: number, label: string): Item[] => [
  { to: label, fields: { mnemonic: 'lui', rd } },
  { to: label, fields: { mnemonic: 'addi', rd, rs1: rd } },
];

/** Recursive fib(n) summed over an outer loop: calls and returns inside one region, two return points. */
const FIB: Item[] = [
  li(S1, 40),
  'outer',
  li(A0, 11),
  call('fib'),
  add(S2, S2, A0),
  addi(S1, S1, -1),
  br('bne', S1, ZERO, 'outer'),
  ...exit,
  'fib',
  li(T0, 2),
  br('blt', A0, T0, 'done'),
  addi(SP, SP, -16),
  sw(RA, SP, 12),
  sw(S0, SP, 8),
  sw(S3, SP, 4),
  mv(S0, A0),
  addi(A0, A0, -1),
  call('fib'),
  mv(S3, A0),
  addi(A0, S0, -2),
  call('fib'),
  add(A0, A0, S3),
  lw(RA, SP, 12),
  lw(S0, SP, 8),
  lw(S3, SP, 4),
  addi(SP, SP, 16),
  'done',
  ret,
];

/**
 * A loop over an array that calls one of two functions through a pointer (switched every 8
 * iterations), with an inner loop, and a pointer that walks `stride` bytes per iteration: with a
 * large stride it leaves memory after many iterations (a load fault inside the hot loop).
 */
function pointerLoop(iterations: number, stride: number): Item[] {
  return [
    ...la(S0, DATA),
    ...la(S1, iterations),
    'top',
    // pick the callee: `twice` when bit 3 of the counter is set, else `plus`
    { mnemonic: 'andi', rd: T0, rs1: S1, imm: 8 },
    br('beq', T0, ZERO, 'use-plus'),
    ...laLabel(S4, 'twice'),
    j('picked'),
    'use-plus',
    ...laLabel(S4, 'plus'),
    'picked',
    lw(A0, S0, 0),
    mv(A1, S1),
    { mnemonic: 'jalr', rd: RA, rs1: S4, imm: 0 },
    sw(A0, S0, 4),
    add(S2, S2, A0),
    // inner loop: t1 = 5 down to 0, s2 += t1
    li(T1, 5),
    'inner',
    add(S2, S2, T1),
    addi(T1, T1, -1),
    br('bne', T1, ZERO, 'inner'),
    ...la(T2, stride),
    add(S0, S0, T2),
    addi(S1, S1, -1),
    br('bne', S1, ZERO, 'top'),
    ...exit,
    'plus',
    add(A0, A0, A1),
    addi(A0, A0, 1),
    ret,
    'twice',
    add(A0, A0, A0),
    { mnemonic: 'xor', rd: A0, rs1: A0, rs2: A1 },
    ret,
  ];
}

const build = (items: readonly Item[]): number[] => assemble(items).words;

/** Self-modifying: a loop with a call whose callee's `addi a0, a0, 1` is rewritten to `addi a0, a0, 3` at iteration 500. */
const PATCHING: Item[] = [
  li(S1, 1000),
  ...la(S3, encode(addi(A0, A0, 3))),
  li(S4, 500),
  'loop',
  mv(A0, S1),
  call('bump'),
  add(S2, S2, A0),
  br('bne', S1, S4, 'no-patch'),
  ...laLabel(T3, 'bump-site'),
  sw(S3, T3, 0),
  'no-patch',
  addi(S1, S1, -1),
  br('bne', S1, ZERO, 'loop'),
  ...exit,
  'bump',
  addi(A0, A0, 2),
  'bump-site',
  addi(A0, A0, 1),
  { mnemonic: 'slli', rd: A0, rs1: A0, imm: 1 },
  ret,
];

/**
 * Two stores off one base (one group: one code-map check before them) into the loop's own code,
 * every iteration: the same words back, except at s1 = 100, where the first becomes `addi s2, s2, 5`
 * (undone by the next iteration's store).
 */
const GROUP_PATCH: Item[] = [
  li(S1, 300),
  ...laLabel(T3, 'patch'),
  lw(S3, T3, 0),
  lw(T2, T3, 4),
  ...la(S4, encode(addi(S2, S2, 5))),
  li(T0, 100),
  'loop',
  mv(T1, S3),
  br('bne', S1, T0, 'keep'),
  mv(T1, S4),
  'keep',
  sw(T1, T3, 0),
  sw(T2, T3, 4),
  'patch',
  addi(S2, S2, 1),
  addi(S2, S2, 2),
  addi(S1, S1, -1),
  br('bne', S1, ZERO, 'loop'),
  ...exit,
];

/**
 * The sieve's shape: an outer loop over i (a byte load per i), and for each i not marked an inner
 * loop that marks i*i, i*i+i, ... A region entered at the inner loop's body (block `body`) has
 * three loop headers, and the inner loop's own header (`mark`) needs no budget check: every cycle
 * through it passes the entry or the outer loop's header (`next`, first in reverse postorder from
`body`), which check (structure.ts budgetChecks).
 */
const SIEVE: Item[] = [
  ...la(S0, DATA),
  li(S1, 1500),
  li(S4, 2), // i
  li(T3, 1),
  'outer',
  add(T0, S0, S4),
  { mnemonic: 'lbu', rd: T1, rs1: T0, imm: 0 },
  br('bne', T1, ZERO, 'next'),
  addi(S2, S2, 1), // a prime: counted (the exit code)
  { mnemonic: 'mul', rd: T2, rs1: S4, rs2: S4 },
  'mark',
  br('bge', T2, S1, 'next'),
  'body',
  add(T0, S0, T2),
  { mnemonic: 'sb', rs1: T0, rs2: T3, imm: 0 },
  add(T2, T2, S4),
  { to: 'mark', fields: { mnemonic: 'jal', rd: ZERO } },
  'next',
  addi(S4, S4, 1),
  br('blt', S4, S1, 'outer'),
  ...exit,
];

/**
 * A jump table: each iteration jumps (jalr, no link) through table[k], k = 0..5 in turn, to one of
 * five handlers (slot 5 holds h0 at first), which all jump back to `next`. Profiling grows the
 * region over the handlers, so the jump has five targets (the wasm tier's br_table). At 3,000
 * iterations left, slot 5 is pointed at `late`, which lies between the handlers (a slot of the
 * table's range that is no target), and at 1,500 at `far`, past the range: both leave the region
 * until it grows again.
 */
const JUMP_TABLE: Item[] = [
  ...la(S0, DATA),
  ...['h0', 'h1', 'h2', 'h3', 'h4', 'h0'].flatMap((h, k): Item[] => [...laLabel(T1, h), sw(T1, S0, 4 * k)]),
  ...la(S1, 6000),
  li(S3, 0),
  'top',
  { mnemonic: 'slli', rd: T0, rs1: S3, imm: 2 },
  add(T0, T0, S0),
  lw(T1, T0, 0),
  { mnemonic: 'jalr', rd: ZERO, rs1: T1, imm: 0 },
  'h0',
  addi(S2, S2, 1),
  j('next'),
  'h1',
  addi(S2, S2, 3),
  j('next'),
  'late',
  { mnemonic: 'xori', rd: S2, rs1: S2, imm: 0x55 },
  j('next'),
  'h2',
  { mnemonic: 'slli', rd: T2, rs1: S2, imm: 1 },
  add(S2, S2, T2),
  j('next'),
  'h3',
  { mnemonic: 'srli', rd: S2, rs1: S2, imm: 1 },
  j('next'),
  'h4',
  { mnemonic: 'xor', rd: S2, rs1: S2, rs2: S1 },
  j('next'),
  'next',
  addi(S3, S3, 1),
  li(T0, 6),
  br('bne', S3, T0, 'no-wrap'),
  li(S3, 0),
  'no-wrap',
  ...la(T0, 3000),
  br('bne', S1, T0, 'no-late'),
  ...laLabel(T1, 'late'),
  sw(T1, S0, 20),
  'no-late',
  ...la(T0, 1500),
  br('bne', S1, T0, 'no-far'),
  ...laLabel(T1, 'far'),
  sw(T1, S0, 20),
  'no-far',
  addi(S1, S1, -1),
  br('bne', S1, ZERO, 'top'),
  ...exit,
  'far',
  addi(S2, S2, 7),
  j('next'),
];

type Runner = (machine: Machine, host: Host, maxCycles: number) => RunResult;

interface Outcome {
  readonly result: RunResult;
  readonly machine: Machine;
}

function runOn(runner: Runner, words: readonly number[], maxCycles: number): Outcome {
  const machine = new Machine(new Memory(MEMORY));
  words.forEach((w, k) => machine.memory.writeWord(BASE + 4 * k, w));
  machine.pc = BASE;
  machine.regs[SP] = MEMORY - 16;
  const result = runner(machine, standardEcalls(collectingSink().sink), maxCycles);
  return { result, machine };
}

function expectSame(a: Outcome, b: Outcome, where: string): void {
  expect(a.result, where).toEqual(b.result);
  expect(a.machine.pc, where).toBe(b.machine.pc);
  expect(a.machine.cycles, where).toBe(b.machine.cycles);
  expect(Array.from(a.machine.regs), where).toEqual(Array.from(b.machine.regs));
  expect(Buffer.compare(a.machine.memory.u8, b.machine.memory.u8), `${where}: memory`).toBe(0);
}

const PROGRAMS: [string, number[]][] = [
  ['recursive calls in an outer loop', build(FIB)],
  ['indirect calls and an inner loop', build(pointerLoop(3000, 8))],
  ['a load that leaves memory inside the hot loop', build(pointerLoop(100_000, 24))],
  ['a store that rewrites a callee inside the loop', build(PATCHING)],
  ['a group of stores into the loop itself', build(GROUP_PATCH)],
  ['the sieve: a loop entered in its middle', build(SIEVE)],
  ['a jump table with five targets, then targets outside them', build(JUMP_TABLE)],
];

describe('budget checks', () => {
  test('a region entered in the middle of a loop checks at its entry and the outer loop, not at the inner header', () => {
    const { words, labels } = assemble(SIEVE);
    const memory = new Memory(MEMORY);
    words.forEach((w, k) => memory.writeWord(BASE + 4 * k, w));
    const region = discoverRegion(memory.i32, MEMORY, labels.get('body')!);
    expect(region).not.toBeNull();
    const { body, structured } = regionCode(region!, MEMORY);
    expect(structured).toBe(true);
    const checkAt = (label: string) => new RegExp(`if \\(bud < \\d+\\) \\{ pc = ${labels.get(label)};`).test(body);
    expect((body.match(/for \(;;\)/g) ?? []).length).toBe(3); // loops headed by body, mark and next
    expect(checkAt('body')).toBe(true);
    expect(checkAt('next')).toBe(true);
    expect(checkAt('mark')).toBe(false);
  });
});

describe('structured regions equal the interpreter', () => {
  test.each(PROGRAMS)('%s: whole run', (_name, words) => {
    const a = runOn(runCompiled, words, 5_000_000);
    const b = runOn(run, words, 5_000_000);
    expectSame(a, b, 'whole run');
    expect(a.result.kind === 'exit' || a.result.kind === 'trap').toBe(true);
    // the run went through hot (structured) regions
    expect(cacheOf(a.machine).stats.hot).toBeGreaterThan(0);
  });

  test('the programs end as intended (exits with the expected sums, a trap)', () => {
    const results = PROGRAMS.map(([, words]) => runOn(run, words, 5_000_000).result);
    expect(results.map((r) => r.kind)).toEqual(['exit', 'exit', 'trap', 'exit', 'exit', 'exit', 'exit']);
    // the primes below 1500
    expect(results[5].kind === 'exit' && results[5].exitCode).toBe(239);
    // +3 per iteration, +7 in the one where the patched word ran: 299 * 3 + 7
    expect(results[4].kind === 'exit' && results[4].exitCode).toBe(299 * 3 + 7);
    // fib(11) = 89, 40 times
    expect(results[0].kind === 'exit' && results[0].exitCode).toBe(89 * 40);
    // bump(i) = ((i + 2 + 1) << 1), then + 3 instead of + 1 from the iteration after i = 500
    let sum = 0;
    for (let i = 1000; i >= 1; i--) sum += (i + 2 + (i >= 500 ? 1 : 3)) * 2;
    expect(results[3].kind === 'exit' && results[3].exitCode).toBe(sum);
    expect(results[2].kind === 'trap' && results[2].cycles).toBeGreaterThan(20_000);
  });

  test.each(PROGRAMS)('%s: cycle limits inside hot loops (every limit in two windows, and random ones)', (_name, words) => {
    const end = runOn(run, words, 5_000_000).result.cycles;
    const rng = new Rng(end);
    const limits = new Set<number>();
    for (let c = 30_000; c < 30_300; c++) limits.add(c); // after the regions became hot
    for (let c = end - 200; c <= end + 1; c++) limits.add(c); // up to the exit or the trap
    for (let k = 0; k < 60; k++) limits.add(rng.below(end + 2));
    for (const limit of limits) {
      expectSame(runOn(runCompiled, words, limit), runOn(run, words, limit), `limit ${limit}`);
    }
  });

  test.each(PROGRAMS)('%s: compiled runs resumed in random slices', (_name, words) => {
    const compiled = runOn(runCompiled, words, 0).machine;
    const host = standardEcalls(collectingSink().sink);
    const whole = runOn(run, words, 5_000_000);
    const rng = new Rng(7);
    let result: RunResult;
    do result = runCompiled(compiled, host, compiled.cycles + 1 + rng.below(rng.chance(0.2) ? 20 : 5000));
    while (result.kind === 'cycle-limit');
    expectSame({ result, machine: compiled }, whole, 'sliced');
  });
});
