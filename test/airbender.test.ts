// Airbender mode (issue 8): images built for ZKsync Airbender, assembled here with llvm-mc from small
// programs: every CSR path, both delegations against BigInt and @noble/hashes, each illegal case,
// the `j .` stop, the cycle limit, the input format, and `zkos run --airbender` end to end.
import { blake2s } from '@noble/hashes/blake2.js';
import { describe, expect, test } from 'vitest';
import { BLAKE2S_CONFIGURED_IV, U256_CONTROL } from '../emulator/airbender/delegations';
import { AirbenderHost } from '../emulator/airbender/csr';
import { disassembleAirbender } from '../emulator/airbender/disasm';
import { AirbenderInputError, formatAirbenderInput, parseAirbenderInput } from '../emulator/airbender/input';
import { bootAirbender, runAirbenderImage, type AirbenderOptions } from '../emulator/airbender/machine';
import { runAirbender } from '../emulator/airbender/run';
import { QuasiUart } from '../emulator/airbender/uart';
import { BLAKE2S_IV } from '../emulator/accel/blake2s';
import { disassemble, UNKNOWN_TEXT } from '../emulator/isa/disasm';
import type { Machine } from '../emulator/machine';
import { readObject } from '../toolchain/linker/object';
import { assemble, hasTool } from '../toolchain/llvm';
import { xorshiftWords } from './helpers/xorshift';
import { cliWorkspace } from './helpers/cli-workspace';

const RAM = 0x200000; // the first address outside the ROM convention
const GIB = 1 << 30;

/** Assembles `source` (no relocations: branches stay inside .text) into a flat image. */
function image(source: string): Uint8Array {
  const object = readObject(assemble(source, { mattr: '+m,-relax', name: 'airbender test' }), 'test.o', 0);
  const text = object.sections.find((s) => s?.name === '.text');
  if (!text) throw new Error('no .text');
  expect(text.relocations).toEqual([]);
  return text.data;
}

const run = (source: string, options?: AirbenderOptions) => runAirbenderImage(image(source), options).result;

/** A machine holding `source`, for tests that set registers and memory before running. */
function machineWith(source: string): Machine {
  return bootAirbender(image(source));
}

const words = xorshiftWords;

const big = (w: ArrayLike<number>) => Array.from(w).reduceRight((acc, x) => (acc << 32n) | BigInt(x >>> 0), 0n);
const fromBig = (n: bigint) => Uint32Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(32 * i)) & 0xffffffffn));
const M256 = (1n << 256n) - 1n;

const haveLlvm = hasTool('llvm-mc');

describe.skipIf(!haveLlvm)('Airbender mode (skipped without llvm-mc)', () => {
  describe('the machine and the stop condition', () => {
    test('j . ends the run; x10..x17 are the public output; registers start at 0, pc at 0', () => {
      const r = run(`
        li a0, 1
        li a1, 2
        li a2, 3
        li a3, 4
        li a4, 5
        li a5, 6
        li a6, 7
        li a7, 0x89abcdef
        add s0, sp, ra
        j .`);
      expect(r.stop).toEqual({ kind: 'halt' });
      expect(r.output).toEqual([1, 2, 3, 4, 5, 6, 7, 0x89abcdef]);
      expect(r.registers[8]).toBe(0);
      expect(r.cycles).toBe(11); // 10 instructions (li of a large value is two) + the j .
      expect(r.pc).toBe(40);
    });

    test.each([
      ['beq x0, x0, .', 'a taken branch to itself'],
      ['jal ra, .', 'jal with a link register'],
      ['jalr x0, 4(t0)', 'jalr to itself'],
    ])('%s halts (%s)', (stop) => {
      const r = run(`li t0, 0\n${stop}`);
      expect(r.stop.kind).toBe('halt');
      expect(r.pc).toBe(4);
      expect(r.cycles).toBe(2);
    });

    test('a loop runs to the cycle limit, exactly; the limit counts the j . itself', () => {
      const looping = run('1: addi a0, a0, 1\nj 1b', { maxCycles: 1001 });
      expect(looping.stop).toEqual({ kind: 'cycle-limit' });
      expect(looping.cycles).toBe(1001);
      expect(looping.output[0]).toBe(501);
      expect(looping.pc).toBe(4);
      const program = 'li a0, 1\nli a1, 2\nj .';
      expect(run(program, { maxCycles: 3 }).stop.kind).toBe('halt');
      expect(run(program, { maxCycles: 2 })).toMatchObject({ stop: { kind: 'cycle-limit' }, cycles: 2, pc: 8 });
    });

    test('the default cycle limit is Airbender CLI\'s 32,000,000', async () => {
      const { AIRBENDER_DEFAULT_MAX_CYCLES } = await import('../emulator/airbender/machine');
      expect(AIRBENDER_DEFAULT_MAX_CYCLES).toBe(32_000_000);
    });

    test('memory is 1 GiB: the last word works, the first address past it is a fault', () => {
      expect(run('li t0, 0x3ffffffc\nli a1, 77\nsw a1, 0(t0)\nlw a0, 0(t0)\nj .').output[0]).toBe(77);
      const load = run('li t0, 0x40000000\nlw a0, 0(t0)\nj .');
      expect(load.stop).toMatchObject({ kind: 'trap', trap: { kind: 'load-fault', address: GIB, pc: 4 } });
      const store = run('li t0, 0x40000000\nsb a0, 3(t0)\nj .');
      expect(store.stop).toMatchObject({ kind: 'trap', trap: { kind: 'store-fault', address: GIB + 3 } });
      const high = run('li t0, -4\nlw a0, 0(t0)\nj .');
      expect(high.stop).toMatchObject({ kind: 'trap', trap: { kind: 'load-fault', address: 0xfffffffc } });
      const fetch = run('li t0, 0x40000000\njr t0');
      expect(fetch.stop).toMatchObject({ kind: 'trap', trap: { kind: 'instruction-fault', pc: GIB } });
    });

    test('accesses must be naturally aligned: crossing a word traps, and so does lh/sh at offset 1', () => {
      const at = (op: string, offset: number) => run(`li t0, ${RAM + offset}\n${op}\nj .`).stop;
      expect(at('lw a0, 0(t0)', 2)).toMatchObject({ kind: 'trap', trap: { kind: 'load-misaligned', address: RAM + 2 } });
      expect(at('sw a0, 0(t0)', 1)).toMatchObject({ kind: 'trap', trap: { kind: 'store-misaligned', address: RAM + 1 } });
      expect(at('lh a0, 0(t0)', 3)).toMatchObject({ kind: 'trap', trap: { kind: 'load-misaligned' } });
      expect(at('lhu a0, 0(t0)', 1)).toMatchObject({ kind: 'trap', trap: { kind: 'load-misaligned' } });
      expect(at('sh a0, 0(t0)', 1)).toMatchObject({ kind: 'trap', trap: { kind: 'store-misaligned' } });
      for (const fine of ['lb a0, 3(t0)', 'lbu a0, 1(t0)', 'sb a0, 3(t0)', 'lh a0, 2(t0)', 'sh a0, 2(t0)', 'lw a0, 4(t0)']) {
        expect(at(fine, 0).kind).toBe('halt');
      }
      const r = run(`li t0, ${RAM}\nli a1, 0x8899aabb\nsw a1, 0(t0)\nlh a0, 2(t0)\nlbu a1, 1(t0)\nlb a2, 3(t0)\nj .`);
      expect(r.output.slice(0, 3)).toEqual([0xffff8899, 0xaa, 0xffffff88]);
    });

    test.each([
      ['ecall', 0x00000073],
      ['ebreak', 0x00100073],
      ['mret', 0x30200073],
      ['wfi', 0x10500073],
      ['fence', 0x0ff0000f],
      ['fence.i', 0x0000100f],
    ])('%s is an illegal instruction', (mnemonic, word) => {
      const r = run(`li a0, 1\n${mnemonic}\nj .`);
      expect(r.stop).toEqual({ kind: 'trap', trap: { kind: 'illegal-instruction', pc: 4, instruction: word, message: 'illegal instruction at pc 0x00000004' } });
      expect(r.cycles).toBe(1); // the trapping instruction does not retire
    });

    test('images: whole words only, loaded at 0', () => {
      expect(() => bootAirbender(new Uint8Array(6))).toThrow(/not a multiple of 4/);
      expect(() => bootAirbender(new Uint8Array(0))).toThrow(/empty/);
    });
  });

  describe('CSR 0x7C0: the oracle', () => {
    test('csrrw rd, 0x7c0, x0 reads the next input word, then 0 once the input is exhausted', () => {
      const r = run(`
        csrrw a0, 0x7c0, x0
        csrrw x0, 0x7c0, x0   # rd = x0: no read
        csrrw a1, 0x7c0, x0
        csrrw a2, 0x7c0, x0
        csrrw a3, 0x7c0, x0
        j .`, { input: Uint32Array.of(5, 0xdeadbeef, 7) });
      expect(r.output.slice(0, 4)).toEqual([5, 0xdeadbeef, 7, 0]);
      expect(r.inputReads).toBe(4);
      expect(r.inputWords).toBe(3);
    });

    test('csrrw x0, 0x7c0, rs1 sends words: 0xFFFFFFFF, count, byte length, data is a UART print', () => {
      const seen: string[] = [];
      const r = run(`
        li t1, -1
        csrrw x0, 0x7c0, t1        # hello
        li t1, 5
        csrrw x0, 0x7c0, t1        # 5 words follow: the length and 4 data words
        li t1, 14
        csrrw x0, 0x7c0, t1        # 14 bytes
        li t1, 0x6c6c6548
        csrrw x0, 0x7c0, t1        # "Hell"
        li t1, 0x41202c6f
        csrrw x0, 0x7c0, t1        # "o, A"
        li t1, 0x62726969
        csrrw x0, 0x7c0, t1        # "iirb"
        li t1, 0xffff2121
        csrrw x0, 0x7c0, t1        # "!!" and two bytes beyond the length
        li t2, 42
        csrrw x0, 0x7c0, t2        # idle: ignored
        csrrw a0, 0x7c0, t2        # read and write in one instruction
        j .`, { input: Uint32Array.of(9), onUart: (m) => seen.push(new TextDecoder().decode(m)) });
      expect(seen).toEqual(['Hello, Aiirb!!']);
      expect(r.uart.map((m) => new TextDecoder().decode(m))).toEqual(['Hello, Aiirb!!']);
      expect(r.output[0]).toBe(9);
      expect(r.stop.kind).toBe('halt');
    });

    test('the UART decoder, word by word (a zero-length message, the length word counted)', () => {
      const uart = new QuasiUart();
      // as Airbender's: the length word never completes a message; with nothing to come, the next write does (and is dropped)
      expect([0xffffffff, 1, 0, 0x1234].map((w) => uart.write(w))).toEqual([undefined, undefined, undefined, new Uint8Array(0)]);
      expect([0xffffffff, 2, 3, 0x00636261].map((w) => uart.write(w))[3]).toEqual(new Uint8Array([0x61, 0x62, 0x63]));
      expect(uart.messages.length).toBe(2);
      expect(uart.write(1)).toBeUndefined();
    });
  });

  describe('other CSRs', () => {
    test('CSR 0x7FF is a cycle marker: no effect on state; rd reads 0', () => {
      const r = run(`
        li a0, 9
        csrrw x0, 0x7ff, x0
        addi a1, a1, 1
        addi a1, a1, 1
        csrrw a0, 0x7ff, x0
        j .`);
      expect(r.markers).toEqual([1, 4]);
      expect(r.output.slice(0, 2)).toEqual([0, 2]);
    });

    test.each([
      ['unimp', 0xc0001073],
      ['rdcycle a0', 0xc0002573],
      ['csrrw x0, 0xc00, a0', 0xc0051073],
    ])('CSR 0xC00 is the guest\'s error exit (%s)', (instruction, word) => {
      const r = run(`li a0, 3\n${instruction}\nj .`);
      expect(r.stop).toEqual({ kind: 'error-exit', pc: 4, instruction: word });
      expect(r.cycles).toBe(1);
    });

    test.each([0x300, 0x7c1, 0x7c5, 0xb00, 0xf14])('CSR 0x%s is not Airbender\'s: illegal-csr', (csr) => {
      const r = run(`csrrw x0, ${csr}, x0\nj .`);
      expect(r.stop).toMatchObject({ kind: 'trap', trap: { kind: 'illegal-csr', csr, pc: 0 } });
      if (r.stop.kind === 'trap') expect(r.stop.trap.message).toMatch(new RegExp(`CSR 0x${csr.toString(16)} is not an Airbender CSR`));
    });

    test.each(['csrrs a0, 0x7c0, x0', 'csrrc a0, 0x7c0, x0', 'csrrwi a0, 0x7c0, 1', 'csrrsi x0, 0x7ff, 1', 'csrrci a0, 0x7ca, 0', 'csrrs x0, 0x7c7, a1'])(
      '%s: only csrrw is legal',
      (instruction) => {
        const r = run(`${instruction}\nj .`, { input: Uint32Array.of(1) });
        expect(r.stop).toMatchObject({ kind: 'trap', trap: { kind: 'illegal-instruction', pc: 0 } });
        if (r.stop.kind === 'trap') expect(r.stop.trap.message).toMatch(/supports only csrrw/);
      },
    );

    test('disassembly: CSR words in Airbender mode; still illegal for rv32im', () => {
      expect(disassembleAirbender(0xc0001073)).toBe('csrrw\tzero, 0xc00, zero\t# cycle (ZKsync OS error exit)');
      expect(disassembleAirbender(0x7c002573)).toBe('csrrs\ta0, 0x7c0, zero\t# oracle (input / UART)');
      expect(disassembleAirbender(0x7c00d573)).toBe('csrrwi\ta0, 0x7c0, 1\t# oracle (input / UART)');
      expect(disassembleAirbender(0x00a00513)).toBe('addi\ta0, zero, 10');
      expect(disassemble(0xc0001073)).toBe(UNKNOWN_TEXT);
    });
  });

  describe('CSR 0x7CA: 256-bit operations with control', () => {
    const A = RAM + 0x1000;
    const B = RAM + 0x2000;

    function u256(a: Uint32Array, b: Uint32Array, mask: number, extra: Partial<Record<number, number>> = {}) {
      const m = machineWith('csrrw x0, 0x7ca, x0\nj .');
      m.memory.i32.set(a, A >>> 2);
      m.memory.i32.set(b, B >>> 2);
      m.regs[10] = A;
      m.regs[11] = B;
      m.regs[12] = mask;
      for (const [r, v] of Object.entries(extra)) m.regs[Number(r)] = v!;
      const host = new AirbenderHost();
      const stop = runAirbender(m, host, 100);
      return { stop, out: Uint32Array.from(m.memory.i32.subarray(A >>> 2, (A >>> 2) + 8)), flag: m.regs[12] >>> 0, b: Uint32Array.from(m.memory.i32.subarray(B >>> 2, (B >>> 2) + 8)), host };
    }

    const C = U256_CONTROL;
    type Expect = (a: bigint, b: bigint, c: bigint) => [bigint, number];
    const OPS: [string, number, Expect][] = [
      ['add', C.ADD, (a, b, c) => [(a + b + c) & M256, a + b + c > M256 ? 1 : 0]],
      ['sub', C.SUB, (a, b, c) => [(a - b - c) & M256, a - b - c < 0n ? 1 : 0]],
      ['sub-and-negate', C.SUB_AND_NEGATE, (a, b, c) => [(b - a - c) & M256, b - a - c < 0n ? 1 : 0]],
      ['mul low', C.MUL_LOW, (a, b) => [(a * b) & M256, (a * b) >> 256n !== 0n ? 1 : 0]],
      ['mul high', C.MUL_HIGH, (a, b) => [(a * b) >> 256n, 0]],
      ['eq', C.EQ, (a, b) => [a, a === b ? 1 : 0]],
      ['memcopy', C.MEMCOPY, (_a, b, c) => [(b + c) & M256, b + c > M256 ? 1 : 0]],
    ];
    const INPUTS: [string, Uint32Array, Uint32Array][] = [
      ['random', words(1, 8), words(2, 8)],
      ['random, a < b', fromBig(big(words(3, 8)) >> 7n), words(4, 8)],
      ['all ones', fromBig(M256), fromBig(M256)],
      ['equal', words(5, 8), words(5, 8)],
      ['zero and ones', fromBig(0n), fromBig(M256)],
    ];

    for (const [name, bit, expected] of OPS) {
      for (const carry of bit === C.MUL_LOW || bit === C.MUL_HIGH || bit === C.EQ ? [0] : [0, 1]) {
        test(`${name}${carry ? ' with carry in' : ''} matches BigInt`, () => {
          for (const [, a, b] of INPUTS) {
            const r = u256(a, b, bit | (carry ? C.CARRY : 0));
            expect(r.stop.kind).toBe('halt');
            const [out, flag] = expected(big(a), big(b), BigInt(carry));
            expect(big(r.out)).toBe(out);
            expect(r.flag).toBe(flag);
            expect(r.b).toEqual(b); // b is read only
            expect(r.host.delegations.u256).toBe(1);
          }
        });
      }
    }

    test('rd of the csrrw is written 0 after the delegation (x12 holds the flag unless rd is x12)', () => {
      const m = machineWith('csrrw a2, 0x7ca, x0\nj .');
      m.regs[10] = A;
      m.regs[11] = B;
      m.regs[12] = C.EQ;
      runAirbender(m, new AirbenderHost(), 10);
      expect(m.regs[12]).toBe(0);
    });

    test.each([
      ['x10 not 32-byte aligned', { 10: A + 16 }, C.ADD, /x10 = 0x201010 is not 32-byte aligned/],
      ['x11 not 32-byte aligned', { 11: B + 4 }, C.ADD, /x11 = .* not 32-byte aligned/],
      ['x10 in ROM', { 10: 0x1000 }, C.ADD, /points into ROM/],
      ['x11 in ROM', { 11: 0 }, C.ADD, /x11 = 0x0 points into ROM/],
      ['x10 = x11', { 11: A }, C.ADD, /same pointer/],
      ['no operation bit', {}, C.CARRY, /exactly one operation bit/],
      ['two operation bits', {}, C.ADD | C.SUB, /exactly one operation bit/],
      ['a mask of 9 bits', {}, 0x100 | C.ADD, /exactly one operation bit/],
      ['x10 at the end of memory', { 10: GIB - 16 }, C.ADD, /not 32-byte aligned/],
      ['x10 past memory', { 10: GIB }, C.ADD, /run past the end of memory/],
    ])('%s is a delegation error', (_name, regs, mask, message) => {
      const r = u256(words(1, 8), words(2, 8), mask, regs);
      expect(r.stop).toMatchObject({ kind: 'trap', trap: { kind: 'delegation-error', csr: 0x7ca, pc: 0 } });
      if (r.stop.kind === 'trap') expect(r.stop.trap.message).toMatch(message);
      expect(r.host.delegations.u256).toBe(0);
    });

    test('rs1 must hold 0', () => {
      const m = machineWith('li a5, 1\ncsrrw x0, 0x7ca, a5\nj .');
      m.regs[10] = A;
      m.regs[11] = B;
      m.regs[12] = C.ADD;
      const stop = runAirbender(m, new AirbenderHost(), 10);
      expect(stop).toMatchObject({ kind: 'trap', trap: { kind: 'delegation-error', pc: 4 } });
    });
  });

  describe('CSR 0x7C7: the BLAKE2s round', () => {
    const STATE = RAM + 0x1000; // h[8] then v[16], 128-byte aligned
    const INPUT = RAM + 0x2000;
    // Ten rounds, as blake2s_u32's Blake2RoundFunctionEvaluator drives them: x12 one-hot round, x13 control.
    const TEN_ROUNDS = `
      .rept 9
      csrrw x0, 0x7c7, x0
      slli a2, a2, 1
      .endr
      ori a3, a3, 1          # the last round writes h
      csrrw x0, 0x7c7, x0
      j .`;
    let program: Uint8Array | undefined;

    function tenRounds(m: Machine, control: number): void {
      m.pc = 0;
      m.regs[10] = STATE;
      m.regs[11] = INPUT;
      m.regs[12] = 1;
      m.regs[13] = control;
      const host = new AirbenderHost();
      expect(runAirbender(m, host, m.cycles + 100)).toEqual({ kind: 'halt' });
      expect(host.delegations.blake2s).toBe(10);
    }

    const machine = () => bootAirbender((program ??= image(TEN_ROUNDS)));

    /** BLAKE2s-256 of `data` through the delegation in normal mode, one 64-byte block at a time. */
    function hashViaDelegation(data: Uint8Array): Uint8Array {
      const m = machine();
      const word = (i: number) => STATE / 4 + i;
      m.memory.i32.set(BLAKE2S_CONFIGURED_IV, word(0));
      const blocks = Math.max(1, Math.ceil(data.length / 64));
      for (let k = 0; k < blocks; k++) {
        const block = new Uint8Array(64);
        block.set(data.subarray(64 * k, 64 * k + 64));
        m.memory.u8.set(block, INPUT);
        const last = k === blocks - 1;
        const t = Math.min(data.length, 64 * (k + 1));
        m.memory.i32[word(8 + 12)] = t ^ BLAKE2S_IV[4];
        m.memory.i32[word(8 + 14)] = (last ? 0xffffffff : 0) ^ BLAKE2S_IV[6];
        tenRounds(m, 0);
      }
      return m.memory.u8.slice(STATE, STATE + 32);
    }

    test.each([0, 3, 55, 64, 65, 100, 200])('normal mode hashes %i bytes as @noble/hashes blake2s', (length) => {
      const data = new Uint8Array(words(length + 11, Math.ceil(length / 4) + 1).buffer).subarray(0, length);
      expect(hashViaDelegation(data)).toEqual(blake2s(data));
    });

    test.each([false, true])('compression mode (right node: %s) is BLAKE2s of the 64-byte pair', (right) => {
      const m = machine();
      const state = words(21, 8);
      const sibling = words(22, 16);
      m.memory.i32.set(state, STATE / 4);
      m.memory.i32.set(words(23, 16), STATE / 4 + 8); // v is overwritten on round 0
      m.memory.i32.set(sibling, INPUT / 4);
      tenRounds(m, right ? 0b110 : 0b100);
      const bytes = (w: Uint32Array) => new Uint8Array(w.buffer, w.byteOffset, 32);
      const pair = new Uint8Array(64);
      pair.set(bytes(right ? sibling : state));
      pair.set(bytes(right ? state : sibling), 32);
      expect(m.memory.u8.slice(STATE, STATE + 32)).toEqual(blake2s(pair));
      expect(Uint32Array.from(m.memory.i32.subarray(INPUT / 4, INPUT / 4 + 16))).toEqual(sibling);
    });

    test('without the last-round bit h is untouched; v holds the round', () => {
      const h = words(31, 8);
      const single = bootAirbender(image('csrrw x0, 0x7c7, x0\nj .'));
      single.memory.i32.set(h, STATE / 4);
      Object.assign(single.regs, { 10: STATE, 11: INPUT, 12: 1, 13: 0 });
      expect(runAirbender(single, new AirbenderHost(), 10).kind).toBe('halt');
      expect(Uint32Array.from(single.memory.i32.subarray(STATE / 4, STATE / 4 + 8))).toEqual(h);
      expect(single.memory.i32[STATE / 4 + 8]).not.toBe(h[0] | 0);
    });

    test.each([
      ['x10 not 128-byte aligned', { 10: STATE + 64 }, /x10 = 0x201040 is not 128-byte aligned/],
      ['x11 not 4-byte aligned', { 11: INPUT + 2 }, /x11 .* not 4-byte aligned/],
      ['x11 in ROM', { 11: 0x100 }, /points into ROM/],
      ['x12 with two bits', { 12: 3 }, /exactly one bit set/],
      ['x12 zero', { 12: 0 }, /exactly one bit set/],
      ['x12 round 10', { 12: 1 << 10 }, /selects round 10/],
      ['x11 past memory', { 11: GIB - 32 }, /run past the end of memory/],
    ])('%s is a delegation error', (_name, regs, message) => {
      const m = bootAirbender(image('csrrw x0, 0x7c7, x0\nj .'));
      Object.assign(m.regs, { 10: STATE, 11: INPUT, 12: 1, 13: 0 }, regs);
      const stop = runAirbender(m, new AirbenderHost(), 10);
      expect(stop).toMatchObject({ kind: 'trap', trap: { kind: 'delegation-error', csr: 0x7c7 } });
      if (stop.kind === 'trap') expect(stop.trap.message).toMatch(message);
    });
  });
});

describe('Airbender input files', () => {
  test('8 hex characters per word, in order; surrounding whitespace trimmed; either case', () => {
    expect(Array.from(parseAirbenderInput('0000000112345678DEADbeef\n'))).toEqual([1, 0x12345678, 0xdeadbeef]);
    expect(parseAirbenderInput('  \n').length).toBe(0);
    expect(formatAirbenderInput([1, 0xdeadbeef])).toBe('00000001DEADBEEF');
  });

  test.each([
    ['0000001', /7 hex characters, not a multiple of 8/],
    ['00000001 00000002', /not a multiple of 8/],
    ['0x000001', /word 0 \('0x000001'\) is not hexadecimal: character "x" at offset 1/],
    ['00000001000g0002', /word 1 .* character "g" at offset 11/],
    ['+0000001', /not hexadecimal/],
  ])('%j is rejected clearly', (text, message) => {
    expect(() => parseAirbenderInput(text)).toThrow(AirbenderInputError);
    expect(() => parseAirbenderInput(text)).toThrow(message);
  });
});

describe.skipIf(!haveLlvm)('zkos run --airbender', () => {
  const { zkos, file } = cliWorkspace('zkos-airbender-');
  const PRINT_AND_SUM = `
    li t1, -1
    csrrw x0, 0x7c0, t1
    li t1, 2
    csrrw x0, 0x7c0, t1
    li t1, 2
    csrrw x0, 0x7c0, t1
    li t1, 0x6968
    csrrw x0, 0x7c0, t1     # UART: hi
    csrrw a0, 0x7c0, x0
    csrrw a1, 0x7c0, x0
    add a0, a0, a1
    csrrw x0, 0x7ff, x0
    j .`;

  test('UART output, the 8 output words, a summary; status 0', () => {
    const bin = file('sum.bin', image(PRINT_AND_SUM));
    const input = file('input.hex', '0000000200000028\n');
    const r = zkos('run', '--airbender', bin, '--input', input);
    expect(r.stderr).toMatch(/zkos: airbender: halted \(j \.\); 14 cycles .*1 markers; delegations: blake2s 0, u256 0, keccak 0; input 2\/2 words read/);
    expect(r.stdout).toBe('UART: hi\noutput (x10..x17): 0x0000002a 0x00000028 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000\n');
    expect(r.status).toBe(0);
  });

  test('--json; --max-cycles; the error exit; a bad input file', () => {
    const bin = file('sum2.bin', image(PRINT_AND_SUM));
    const json = JSON.parse(zkos('run', '--airbender', bin, '--json').stdout);
    expect(json).toMatchObject({ mode: 'airbender', status: 'halt', cycles: 14, output: ['0x00000000', '0x00000000', '0x00000000', '0x00000000', '0x00000000', '0x00000000', '0x00000000', '0x00000000'], uart: ['hi'], markers: [12], input: { words: 0, reads: 2 } });
    const limited = zkos('run', '--airbender', bin, '--max-cycles', '5');
    expect(limited.status).toBe(124);
    expect(limited.stderr).toMatch(/cycle limit \(5\) at pc 0x00000014/);
    const unimp = zkos('run', '--airbender', file('unimp.bin', image('li a0, 1\nunimp')));
    expect(unimp.status).toBe(3);
    expect(unimp.stderr).toMatch(/error exit \(CSR 0xc00\) at pc 0x00000004/);
    const trap = zkos('run', '--airbender', file('ecall.bin', image('ecall')));
    expect(trap.status).toBe(134);
    expect(trap.stderr).toMatch(/trap: illegal-instruction: .*\n  at pc 0x00000000: 0x00000073  ecall/);
    const bad = zkos('run', '--airbender', bin, '--input', file('bad.hex', '123'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.hex: input is 3 hex characters, not a multiple of 8/);
  });
});
