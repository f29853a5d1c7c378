// Our emulator (fast and reference interpreters) against QEMU user mode on seeded trap-free
// random rv32im programs: same bytes on stdout (data area + register dump), same exit status.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bootMachine } from '../emulator/boot';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import type { Host } from '../emulator/host';
import { run } from '../emulator/interpreter';
import { decode } from '../emulator/isa/decode';
import { encode } from '../emulator/isa/encode';
import type { Machine } from '../emulator/machine';
import { parseProgram } from '../emulator/loader';
import { runReference, stepReference } from '../emulator/reference';
import type { RunResult } from '../emulator/trap';
import { describeMismatch, hasQemu, runQemu, type Outcome } from './helpers/qemu';
import { Rng } from './helpers/random-program';
import { DATA_SIZE, DUMP_OFFSET, MEMORY_SIZE, trapFreeProgram, type TrapFreeProgram } from './helpers/trap-free-program';

const PROGRAMS = 200;
const LENGTH = 500;
const FIRST_SEED = 1;
const MAX_CYCLES = 1_000_000;

const programFor = (seed: number): TrapFreeProgram => trapFreeProgram(new Rng(seed), seed, LENGTH);

type Interpreter = (machine: Machine, host: Host, maxCycles: number) => RunResult;
const INTERPRETERS: ReadonlyArray<readonly [string, Interpreter]> = [
  ['fast interpreter', run],
  ['reference interpreter', runReference],
];

function runOurs(elf: Uint8Array, interpreter: Interpreter): Outcome {
  const machine = bootMachine(parseProgram(elf), { memorySize: MEMORY_SIZE });
  const out = collectingSink();
  const r = interpreter(machine, standardEcalls(out.sink), MAX_CYCLES);
  // a Linux exit status keeps the low 8 bits of the code
  const exit = r.kind === 'exit' ? r.exitCode & 0xff : r.kind === 'trap' ? `trap: ${r.trap.message}` : 'cycle limit';
  return { stdout: out.stdout(), exit };
}

/** A copy of `elf` with the last aligned occurrence of the word `from` replaced by `to`. */
function patchLastWord(elf: Uint8Array, from: number, to: number): Uint8Array {
  const copy = elf.slice();
  const view = new DataView(copy.buffer);
  for (let at = copy.length - DATA_SIZE - 4; at >= 0; at -= 4) { // the data area ends the file
    if (view.getUint32(at, true) !== from) continue;
    view.setUint32(at, to, true);
    return copy;
  }
  throw new Error(`word 0x${from.toString(16)} not found`);
}

const QEMU_TITLE = hasQemu
  ? 'QEMU cross-check'
  : 'QEMU cross-check (skipped: qemu-riscv32 not installed; apt-get install qemu-user)';

describe.skipIf(!hasQemu)(QEMU_TITLE, () => {
  test(`${PROGRAMS} random trap-free programs of ${LENGTH} items: ours = qemu-riscv32 (fixed seeds)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkos-qemu-'));
    const failures: string[] = [];
    try {
      for (let seed = FIRST_SEED; seed < FIRST_SEED + PROGRAMS; seed++) {
        const { elf } = programFor(seed);
        const file = join(dir, `seed-${seed}.elf`);
        writeFileSync(file, elf, { mode: 0o755 }); // QEMU, like execve, wants the x bit
        const expected = runQemu(file);
        for (const [name, interpreter] of INTERPRETERS) {
          const mismatch = describeMismatch(expected, runOurs(elf, interpreter));
          if (mismatch) failures.push(`seed ${seed}, ${name} vs QEMU: ${mismatch} (ELF kept at ${file})`);
        }
      }
    } finally {
      if (failures.length === 0) rmSync(dir, { recursive: true, force: true });
    }
    expect(failures, `reproduce with trapFreeProgram(new Rng(seed), seed, ${LENGTH})`).toEqual([]);
  });

  test('what QEMU prints and its exit status are really compared (a patched epilogue is caught)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkos-qemu-'));
    try {
      const { elf } = programFor(7);
      const ours = runOurs(elf, run);
      // the epilogue's exit(0) becomes exit(3), and write(1, data, 4096) writes 4 bytes less
      const addi = (rd: number, imm: number) => encode({ mnemonic: 'addi', rd, rs1: rd, imm });
      const file = join(dir, 'patched.elf');
      writeFileSync(file, patchLastWord(elf, addi(10, 0), addi(10, 3)), { mode: 0o755 });
      expect(describeMismatch(runQemu(file), ours)).toBe('exit: expected 3, got 0');
      writeFileSync(file, patchLastWord(elf, addi(12, 0), addi(12, -4)), { mode: 0o755 });
      expect(describeMismatch(runQemu(file), ours)).toMatch(/^stdout length: expected 4092 bytes, got 4096/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cross-check harness', () => {
  const program = programFor(7);
  const ours = runOurs(program.elf, run);

  test('a trap-free program exits with 0 after writing its data area on our emulator', () => {
    expect(ours.exit).toBe(0);
    expect(describeMismatch(ours, runOurs(program.elf, runReference))).toBeUndefined();
  });

  test('a changed register, data byte, exit status or length is reported', () => {
    const flipped = (offset: number): Outcome => {
      const stdout = new Uint8Array(ours.stdout); // a copy (Buffer#slice would share bytes)
      stdout[offset] ^= 0x40;
      return { stdout, exit: ours.exit };
    };
    expect(describeMismatch(ours, flipped(DUMP_OFFSET + 4 * 5 + 1))).toMatch(/^register x5 \(t0\): expected 0x[0-9a-f]{8}, got 0x[0-9a-f]{8}$/);
    expect(describeMismatch(ours, flipped(0x123))).toMatch(/^data offset 0x120 \(word\)/);
    expect(describeMismatch(ours, { ...ours, exit: 1 })).toBe('exit: expected 0, got 1');
    expect(describeMismatch(ours, { ...ours, stdout: ours.stdout.subarray(8) })).toMatch(/^stdout length/);
  });
});

describe('trap-free generator', () => {
  test('generates every rv32im instruction except ecall/ebreak in the bodies', () => {
    const seen = new Set<string>();
    for (let seed = FIRST_SEED; seed < FIRST_SEED + 5; seed++) for (const m of programFor(seed).mnemonics.keys()) seen.add(m);
    const expected = [
      'lui', 'auipc', 'jal', 'jalr', 'beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu', 'lb', 'lh', 'lw', 'lbu', 'lhu', 'sb',
      'sh', 'sw', 'addi', 'slti', 'sltiu', 'xori', 'ori', 'andi', 'slli', 'srli', 'srai', 'add', 'sub', 'sll', 'slt',
      'sltu', 'xor', 'srl', 'sra', 'or', 'and', 'fence', 'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu',
    ];
    expect([...seen].sort()).toEqual([...expected].sort());
  });

  test('programs reach the edge cases at run time: both branch outcomes, odd jalr sums, x/0, INT_MIN/-1', () => {
    const events = new Set<string>();
    for (let seed = FIRST_SEED; seed < FIRST_SEED + 20; seed++) {
      const machine = bootMachine(parseProgram(programFor(seed).elf), { memorySize: MEMORY_SIZE });
      const host = standardEcalls(collectingSink().sink);
      for (;;) {
        const pc = machine.pc;
        const d = decode(machine.memory.readWord(pc));
        const a = d ? machine.regs[d.rs1] : 0;
        const b = d ? machine.regs[d.rs2] : 0;
        const r = stepReference(machine, host);
        if (r.kind !== 'retired') {
          expect(r.kind, `seed ${seed} at pc 0x${pc.toString(16)}`).toBe('exit');
          break;
        }
        if (!d) continue;
        const m = d.mnemonic;
        if (/^b/.test(m)) events.add(`${m} ${machine.pc === pc + 4 ? 'not taken' : 'taken'}`);
        if (m === 'jalr' && ((a + d.imm) & 1) === 1) events.add('jalr odd');
        if (/^(div|rem)/.test(m) && b === 0) events.add(`${m} by zero`);
        if ((m === 'div' || m === 'rem') && a === -0x80000000 && b === -1) events.add(`${m} overflow`);
      }
    }
    const expected = ['beq', 'bne', 'blt', 'bge', 'bltu', 'bgeu'].flatMap((b) => [`${b} taken`, `${b} not taken`]);
    expected.push('jalr odd', 'div by zero', 'divu by zero', 'rem by zero', 'remu by zero', 'div overflow', 'rem overflow');
    expect([...events].sort()).toEqual(expected.sort());
  });
});
