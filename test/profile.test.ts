// Profiling (`zkos run --profile`): the pure aggregation of per-pc counts (emulator/profile.ts) on
// hand-made counts, and profiled runs in both modes, whose cycle totals must equal unprofiled runs'
// and whose per-function counts are worked out by hand from the programs below.
import { describe, expect, test } from 'vitest';
import { runAirbenderImage } from '../emulator/airbender/machine';
import { AirbenderHost } from '../emulator/airbender/csr';
import { countsForImage, runAirbenderWithHost } from '../emulator/airbender/tape';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import { execute } from '../emulator/execute';
import { encode, type EncodeFields } from '../emulator/isa/encode';
import { parseElf } from '../emulator/loader/elf';
import type { ProgramSymbol } from '../emulator/loader/program';
import { formatProfile, PcCounts, profileByFunction, profileByRange, profileReport, topRows } from '../emulator/profile';
import { profileExecute } from '../emulator/profile-run';
import { readObject } from '../toolchain/linker/object';
import { assemble, hasTool } from '../toolchain/llvm';
import { buildElf } from './helpers/elf-builder';
import { cliWorkspace } from './helpers/cli-workspace';

const sym = (name: string, address: number, size: number, kind: ProgramSymbol['kind'] = 'function'): ProgramSymbol => ({ name, address, size, kind });

describe('aggregation (emulator/profile.ts)', () => {
  test('PcCounts: dense window and stray pcs', () => {
    const c = new PcCounts(0x1000, 16);
    for (const pc of [0x1000, 0x1000, 0x100c, 0x1010, 0xffc, 0x1010]) c.add(pc);
    expect(new Map(c.entries())).toEqual(new Map([[0x1000, 2], [0x100c, 1], [0x1010, 2], [0xffc, 1]]));
    expect(c.sparse.size).toBe(2); // 0x1010 is just past the 16-byte window, 0xffc before it
    expect(c.total()).toBe(6);
  });

  test('64-byte ranges: sums, percentages, order (cycles desc, then address)', () => {
    const p = profileByRange([[0x1000, 5], [0x103c, 5], [0x1040, 10], [0x2000, 1]]);
    expect(p.total).toBe(21);
    expect(p.by).toBe('range');
    expect(p.rows.map((r) => [r.name, r.cycles])).toEqual([
      ['0x00001000..0x0000103f', 10],
      ['0x00001040..0x0000107f', 10],
      ['0x00002000..0x0000203f', 1],
    ]);
    expect(p.rows[0].percent).toBeCloseTo((100 * 10) / 21, 10);
    expect(p.rows.reduce((s, r) => s + r.percent, 0)).toBeCloseTo(100, 10);
    expect(topRows(p, 1)).toHaveLength(1);
    expect(profileByRange([[0x80, 1]], 16).rows[0].name).toBe('0x00000080..0x0000008f');
    expect(() => profileByRange([], 0)).toThrow(/range size 0/);
  });

  test('functions: sized and size-0 symbols, objects skipped, pcs outside every function as ranges', () => {
    const symbols = [sym('f', 0x1000, 0x20), sym('table', 0x1010, 4, 'object'), sym('g', 0x1020, 0), sym('h', 0x2000, 8)];
    const p = profileByFunction([[0x1000, 1], [0x1010, 2], [0x101c, 3], [0x1020, 4], [0x1ffc, 5], [0x2004, 6], [0x2008, 7], [0xf00, 8]], symbols);
    expect(p.by).toBe('function');
    expect(p.total).toBe(36);
    // f: 1+2+3; g (size 0: open-ended, as cli/format.ts symbolize) takes 4+5 and 0x2008, past h's
    // 8 bytes: 7; h: 6; 0xf00 is below every symbol
    expect(p.rows.map((r) => [r.name, r.cycles])).toEqual([
      ['g', 16],
      ['0x00000f00..0x00000f3f', 8],
      ['f', 6],
      ['h', 6],
    ]);
    expect(profileByFunction([[0x40, 3]], []).by).toBe('range');
  });

  test('text and JSON forms', () => {
    const p = profileByFunction([[0x1000, 3], [0x1020, 1]], [sym('hot', 0x1000, 0x20), sym('cold', 0x1020, 4)]);
    const lines = formatProfile(p, 1);
    expect(lines[0]).toBe('profile: 4 cycles; top 1 of 2 functions');
    expect(lines[2]).toMatch(/^\s+3\s+75\.00%\s+hot$/);
    expect(lines).toHaveLength(3);
    expect(profileReport(p, 5)).toEqual({
      total: 4,
      by: 'function',
      groups: 2,
      top: [
        { name: 'hot', address: '0x00001000', cycles: 3, percent: 75 },
        { name: 'cold', address: '0x00001020', cycles: 1, percent: 25 },
      ],
    });
  });
});

// main: a0 = 0; t0 = 100; loop { call inc; t0--; } exit(a0)  — inc: a0 += 3; ret
const BASE = 0x10000;
const I = (f: EncodeFields) => encode(f);
const CODE = [
  I({ mnemonic: 'addi', rd: 10, rs1: 0, imm: 0 }), // 0x00
  I({ mnemonic: 'addi', rd: 5, rs1: 0, imm: 100 }), // 0x04
  I({ mnemonic: 'jal', rd: 1, imm: 0x1c - 0x08 }), // 0x08 loop: call inc
  I({ mnemonic: 'addi', rd: 5, rs1: 5, imm: -1 }), // 0x0c
  I({ mnemonic: 'bne', rs1: 5, rs2: 0, imm: 0x08 - 0x10 }), // 0x10
  I({ mnemonic: 'addi', rd: 17, rs1: 0, imm: 93 }), // 0x14
  I({ mnemonic: 'ecall' }), // 0x18
  I({ mnemonic: 'addi', rd: 10, rs1: 10, imm: 3 }), // 0x1c inc
  I({ mnemonic: 'jalr', rd: 0, rs1: 1, imm: 0 }), // 0x20
];
const ELF = buildElf({
  entry: BASE,
  segments: [{ vaddr: BASE, data: new Uint8Array(Uint32Array.from(CODE).buffer) }],
  symbols: [
    { name: 'main', value: BASE, size: 0x1c },
    { name: 'inc', value: BASE + 0x1c, size: 8 },
  ],
});
// by hand: main 2 + 100·3 (jal, addi, bne) + 2 (li a7, ecall) = 304; inc 100·2 = 200
const MAIN_CYCLES = 304;
const INC_CYCLES = 200;

describe('profiled runs, ecall mode', () => {
  const program = parseElf(ELF);

  test('the cycle total equals the unprofiled run (fast and compiled) and the hand count', () => {
    const profiled = profileExecute(program, { maxCycles: 1e6, host: standardEcalls(collectingSink().sink) });
    expect(profiled.result).toEqual({ kind: 'exit', exitCode: 300, cycles: MAIN_CYCLES + INC_CYCLES });
    for (const interpreter of ['fast', 'compiled', 'reference'] as const) {
      const plain = execute(program, { interpreter, maxCycles: 1e6, sink: collectingSink().sink });
      expect(plain.result).toEqual(profiled.result);
      expect(plain.machine.registers()).toEqual(profiled.machine.registers());
    }
    expect(profiled.counts.total()).toBe(MAIN_CYCLES + INC_CYCLES);
    const p = profileByFunction(profiled.counts.entries(), program.symbols);
    expect(p.rows.map((r) => [r.name, r.cycles])).toEqual([['main', MAIN_CYCLES], ['inc', INC_CYCLES]]);
  });

  test('at the cycle limit, the same stop and count as unprofiled', () => {
    for (const limit of [0, 1, 7, 333]) {
      const profiled = profileExecute(program, { maxCycles: limit, host: standardEcalls(collectingSink().sink) });
      const plain = execute(program, { interpreter: 'fast', maxCycles: limit, sink: collectingSink().sink });
      expect(profiled.result).toEqual({ kind: 'cycle-limit', cycles: limit });
      expect(plain.result).toEqual(profiled.result);
      expect(profiled.machine.pc).toBe(plain.machine.pc);
      expect(profiled.counts.total()).toBe(limit);
    }
  });
});

const haveLlvm = hasTool('llvm-mc');

function image(source: string): Uint8Array {
  const object = readObject(assemble(source, { mattr: '+m,-relax', name: 'profile test' }), 'test.o', 0);
  const text = object.sections.find((s) => s?.name === '.text');
  if (!text) throw new Error('no .text');
  return text.data;
}

// 50 × (4 instructions in the first 64 bytes' loop) ... the inner loop sits at 0x40 on purpose
const AIRBENDER_LOOP = `
    li t0, 50            # 0x00
    li a0, 0             # 0x04
outer:
    jal ra, inner        # 0x08
    addi t0, t0, -1      # 0x0c
    bnez t0, outer       # 0x10
    csrrw a1, 0x7c0, x0  # 0x14  (reads an input word)
    j .                  # 0x18
    .balign 64
inner:                   # 0x40
    li t1, 10
1:  addi a0, a0, 1
    addi t1, t1, -1
    bnez t1, 1b
    ret`;
// by hand: 0x00..0x3f: 2 + 50·3 + 1 + 1 = 154; 0x40..0x7f: 50·(1 + 10·3 + 1) = 1600
const LOW = 154;
const HIGH = 1600;

describe.skipIf(!haveLlvm)('profiled runs, Airbender mode', () => {
  test('cycle total and ranges equal the unprofiled run and the hand count', () => {
    const bin = image(AIRBENDER_LOOP);
    const plain = runAirbenderImage(bin, { input: Uint32Array.of(7) }).result;
    const counts = countsForImage(bin);
    const profiled = runAirbenderWithHost(bin, new AirbenderHost(Uint32Array.of(7)), { counts }).result;
    expect(plain.stop).toEqual({ kind: 'halt' });
    expect(profiled).toEqual(plain);
    expect(plain.cycles).toBe(LOW + HIGH);
    expect(plain.output.slice(0, 2)).toEqual([500, 7]);
    expect(counts.total()).toBe(plain.cycles);
    const p = profileByRange(counts.entries());
    expect(p.rows.map((r) => [r.address, r.cycles])).toEqual([[0x40, HIGH], [0, LOW]]);
    for (const limit of [0, 5, 1000]) {
      const c = countsForImage(bin);
      const cut = runAirbenderWithHost(bin, new AirbenderHost(), { counts: c, maxCycles: limit }).result;
      expect(cut).toEqual(runAirbenderImage(bin, { maxCycles: limit }).result);
      expect(c.total()).toBe(limit);
    }
  });
});

describe.skipIf(!haveLlvm)('zkos run --profile', () => {
  const { zkos, file } = cliWorkspace('zkos-profile-');

  test('ELF: functions by cycles after the summary; --json profile key; totals equal the plain run', () => {
    const elf = file('loop.elf', ELF);
    const r = zkos('run', elf, '--profile', '--profile-top', '1');
    expect(r.status).toBe(300 & 0xff);
    expect(r.stderr).toMatch(/504 cycles[\s\S]*profile: 504 cycles; top 1 of 2 functions\n\s+cycles\s+%\s+function\n\s+304\s+60\.32%\s+main\n$/);
    const json = JSON.parse(zkos('run', elf, '--profile', '--json').stdout);
    const plain = JSON.parse(zkos('run', elf, '--json').stdout);
    expect(plain.profile).toBeUndefined();
    expect(json.cycles).toBe(plain.cycles);
    expect(json.profile).toEqual({
      total: 504,
      by: 'function',
      groups: 2,
      top: [
        { name: 'main', address: '0x00010000', cycles: 304, percent: 60.3175 },
        { name: 'inc', address: '0x0001001c', cycles: 200, percent: 39.6825 },
      ],
    });
  });

  test('Airbender image: 64-byte ranges; --json total equals cycles', () => {
    const bin = file('loop.bin', image(AIRBENDER_LOOP));
    const r = zkos('run', '--airbender', bin, '--profile');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/profile: 1,754 cycles; top 2 of 2 64-byte address ranges\n.*\n\s+1,600\s+91\.22%\s+0x00000040\.\.0x0000007f\n\s+154\s+8\.78%\s+0x00000000\.\.0x0000003f\n$/);
    const json = JSON.parse(zkos('run', '--airbender', bin, '--profile', '--json').stdout);
    expect(json.cycles).toBe(LOW + HIGH);
    expect(json.profile.total).toBe(json.cycles);
    expect(json.profile.top[0]).toEqual({ name: '0x00000040..0x0000007f', address: '0x00000040', cycles: HIGH, percent: 91.2201 });
  });
});
