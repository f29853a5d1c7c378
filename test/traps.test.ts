// Every way a run stops, on both interpreters: each trap kind with its pc, instruction, address
// and message; the trapping instruction does not retire; the cycle limit is exact.
import { describe, expect, test } from 'vitest';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import { encode, type EncodeFields } from '../emulator/isa/encode';
import { INTERPRETERS, type InterpreterName } from '../emulator/execute';
import { Machine } from '../emulator/machine';
import { Memory } from '../emulator/memory';
import type { TrapKind } from '../emulator/trap';

const MEMORY = 64 * 1024;
const BASE = 0x1000;

type Line = EncodeFields | number;

function machineWith(lines: Line[]): Machine {
  const m = new Machine(new Memory(MEMORY));
  lines.forEach((line, k) => m.memory.writeWord(BASE + 4 * k, typeof line === 'number' ? line : encode(line)));
  m.pc = BASE;
  return m;
}

const li = (rd: number, imm: number): EncodeFields => ({ mnemonic: 'addi', rd, rs1: 0, imm });
const lui = (rd: number, imm: number): EncodeFields => ({ mnemonic: 'lui', rd, imm });

interface TrapCase {
  name: string;
  kind: TrapKind;
  program: Line[];
  /** index of the trapping instruction */
  at: number;
  address?: number;
  message: RegExp;
}

const CASES: TrapCase[] = [
  { name: 'all-zero word', kind: 'illegal-instruction', program: [li(5, 1), 0], at: 1, message: /illegal instruction at pc 0x00001004/ },
  { name: 'CSR instruction (no Zicsr)', kind: 'illegal-instruction', program: [0x30002573], at: 0, message: /illegal instruction/ },
  { name: 'OP with a bad funct7', kind: 'illegal-instruction', program: [0x40001033], at: 0, message: /illegal/ },
  { name: 'slli with shamt bit 5', kind: 'illegal-instruction', program: [0x02051513], at: 0, message: /illegal/ },
  { name: 'fence.i (no Zifencei)', kind: 'illegal-instruction', program: [0x0000100f], at: 0, message: /illegal/ },
  { name: 'load funct3 3 (ld is RV64)', kind: 'illegal-instruction', program: [0x00003003], at: 0, message: /illegal/ },
  { name: 'mret', kind: 'illegal-instruction', program: [0x30200073], at: 0, message: /illegal/ },
  { name: 'ebreak', kind: 'ebreak', program: [li(5, 1), 0x00100073], at: 1, message: /ebreak at pc 0x00001004/ },
  {
    name: 'misaligned lw',
    kind: 'load-misaligned',
    program: [li(5, 0x102), { mnemonic: 'lw', rd: 6, rs1: 5, imm: 0 }],
    at: 1,
    address: 0x102,
    message: /misaligned load at 0x00000102/,
  },
  {
    name: 'misaligned lh',
    kind: 'load-misaligned',
    program: [li(5, 0x101), { mnemonic: 'lh', rd: 6, rs1: 5, imm: 0 }],
    at: 1,
    address: 0x101,
    message: /misaligned load/,
  },
  {
    name: 'lw past the end of memory',
    kind: 'load-fault',
    program: [lui(5, MEMORY), { mnemonic: 'lw', rd: 6, rs1: 5, imm: 0 }],
    at: 1,
    address: MEMORY,
    message: /load outside memory at 0x00010000/,
  },
  {
    name: 'lbu at a negative address',
    kind: 'load-fault',
    program: [{ mnemonic: 'lbu', rd: 6, rs1: 0, imm: -1 }],
    at: 0,
    address: 0xffffffff,
    message: /load outside memory at 0xffffffff/,
  },
  {
    name: 'misaligned sw',
    kind: 'store-misaligned',
    program: [li(5, 0x103), { mnemonic: 'sw', rs1: 5, rs2: 5, imm: 0 }],
    at: 1,
    address: 0x103,
    message: /misaligned store at 0x00000103/,
  },
  {
    name: 'sh past the end of memory',
    kind: 'store-fault',
    program: [lui(5, MEMORY), { mnemonic: 'sh', rs1: 5, rs2: 5, imm: 2 }],
    at: 1,
    address: MEMORY + 2,
    message: /store outside memory at 0x00010002/,
  },
  {
    name: 'misaligned and outside: misaligned wins',
    kind: 'store-misaligned',
    program: [lui(5, MEMORY), { mnemonic: 'sw', rs1: 5, rs2: 5, imm: 1 }],
    at: 1,
    address: MEMORY + 1,
    message: /misaligned store/,
  },
  {
    name: 'jal to pc + 2',
    kind: 'instruction-misaligned',
    program: [{ mnemonic: 'jal', rd: 1, imm: 2 }],
    at: 0,
    address: BASE + 2,
    message: /jump to misaligned address at 0x00001002 from pc 0x00001000/,
  },
  {
    name: 'taken branch to pc - 6',
    kind: 'instruction-misaligned',
    program: [li(5, 0), { mnemonic: 'beq', rs1: 5, rs2: 0, imm: -6 }],
    at: 1,
    address: BASE - 2,
    message: /misaligned/,
  },
  {
    name: 'jalr to an address with bit 1 set (bit 0 is cleared, bit 1 is not)',
    kind: 'instruction-misaligned',
    program: [li(5, 0x203), { mnemonic: 'jalr', rd: 1, rs1: 5, imm: 0 }],
    at: 1,
    address: 0x202,
    message: /misaligned/,
  },
  {
    name: 'jump past the end of memory',
    kind: 'instruction-fault',
    program: [lui(5, MEMORY), { mnemonic: 'jalr', rd: 0, rs1: 5, imm: 0 }],
    at: -1,
    message: /instruction fetch outside memory at pc 0x00010000/,
  },
  { name: 'unknown ecall number', kind: 'ecall', program: [li(17, 1234), 0x73], at: 1, message: /unknown ecall number 1234/ },
  {
    name: 'ecall in the reserved zk range',
    kind: 'ecall',
    program: [lui(17, 0x1000), 0x73],
    at: 1,
    message: /unknown ecall number 4096 .*reserved zk range/,
  },
  {
    name: 'write from a buffer outside memory',
    kind: 'ecall',
    program: [li(10, 1), lui(11, MEMORY), li(12, 4), li(17, 64), 0x73],
    at: 4,
    message: /write: buffer 0x10000 of 4 bytes is outside guest memory/,
  },
];

describe.each(Object.keys(INTERPRETERS) as InterpreterName[])('%s interpreter', (name) => {
  const runner = INTERPRETERS[name];

  test.each(CASES)('traps: $name', (c) => {
    const m = machineWith(c.program);
    const host = standardEcalls(collectingSink().sink);
    const result = runner(m, host, 1000);
    expect(result.kind).toBe('trap');
    if (result.kind !== 'trap') return;
    const pc = c.at === -1 ? MEMORY : BASE + 4 * c.at;
    const steps = c.at === -1 ? c.program.length : c.at;
    expect(result.trap.kind).toBe(c.kind);
    expect(result.trap.pc).toBe(pc);
    expect(result.trap.message).toMatch(c.message);
    expect(result.trap.address).toBe(c.address);
    const word = c.at === -1 ? 0 : typeof c.program[c.at] === 'number' ? (c.program[c.at] as number) : encode(c.program[c.at] as EncodeFields);
    expect(result.trap.instruction).toBe(word >>> 0);
    // the trapping instruction did not retire: no cycle, pc on it, no link register written
    expect(result.cycles).toBe(steps);
    expect(m.cycles).toBe(steps);
    expect(m.pc >>> 0).toBe(pc);
    expect(m.regs[1]).toBe(0);
  });

  test('a host abort ends the run as an abort trap with its code, the ecall not retired', () => {
    const host = standardEcalls(collectingSink().sink).register(0x1000, 'trap', (mm) => ({ kind: 'abort', code: mm.regs[10], message: `guest trap ${mm.regs[10]}` }));
    const m = machineWith([li(10, 2), lui(17, 0x1000), 0x73]);
    const result = runner(m, host, 1000);
    expect(result).toEqual({
      kind: 'trap',
      cycles: 2,
      trap: { kind: 'abort', pc: BASE + 8, instruction: 0x73, code: 2, message: 'guest trap 2' },
    });
  });

  test('exit reports the code, counts the ecall and leaves pc on it', () => {
    const m = machineWith([li(10, -3), li(17, 93), 0x73, 0]);
    const result = runner(m, standardEcalls(collectingSink().sink), 1000);
    expect(result).toEqual({ kind: 'exit', exitCode: -3, cycles: 3 });
    expect(m.pc).toBe(BASE + 8);
  });

  test('the cycle limit is exact and the run resumes where it stopped', () => {
    // an endless loop: addi x5, x5, 1; jal x0, -4
    const m = machineWith([{ mnemonic: 'addi', rd: 5, rs1: 5, imm: 1 }, { mnemonic: 'jal', rd: 0, imm: -4 }]);
    const host = standardEcalls(collectingSink().sink);
    expect(runner(m, host, 7)).toEqual({ kind: 'cycle-limit', cycles: 7 });
    expect(m.regs[5]).toBe(4);
    expect(m.pc).toBe(BASE + 4);
    expect(runner(m, host, 7)).toEqual({ kind: 'cycle-limit', cycles: 7 });
    expect(runner(m, host, 10)).toEqual({ kind: 'cycle-limit', cycles: 10 });
    expect(m.regs[5]).toBe(5);
    expect(m.pc).toBe(BASE);
  });

  test('write sends bytes to the sink and returns the length; other fds get -EBADF', () => {
    const out = collectingSink();
    const m = machineWith([li(10, 1), li(11, 0x100), li(12, 3), li(17, 64), 0x73, { mnemonic: 'addi', rd: 20, rs1: 10, imm: 0 }, li(10, 7), 0x73, li(17, 93), 0x73]);
    m.memory.writeBytes(0x100, new TextEncoder().encode('hey'));
    const result = runner(m, standardEcalls(out.sink), 1000);
    expect(Buffer.from(out.stdout()).toString()).toBe('hey');
    expect(m.regs[20]).toBe(3);
    expect(result).toEqual({ kind: 'exit', exitCode: -9, cycles: 10 });
  });
});
