// Airbender mode: the newer BLAKE2s calling convention of CSR 0x7C7 (riscv_transpiler: control and
// one-hot round packed in x12, advanced by each call). Checked against @noble/hashes blake2s, the x12
// progression, the reduced-round flag and the assertions; one assembled image runs through the executor.
import { blake2s } from '@noble/hashes/blake2.js';
import { describe, expect, test } from 'vitest';
import { BLAKE2S_IV } from '../emulator/accel/blake2s';
import { AirbenderHost } from '../emulator/airbender/csr';
import { BLAKE2S_CONFIGURED_IV, BLAKE2S_PACKED, blake2sPackedDelegation } from '../emulator/airbender/delegations';
import { bootAirbender } from '../emulator/airbender/machine';
import { runAirbender } from '../emulator/airbender/run';
import { Memory } from '../emulator/memory';
import { readObject } from '../toolchain/linker/object';
import { assemble, hasTool } from '../toolchain/llvm';
import { xorshiftWords } from './helpers/xorshift';

const STATE = 0x201000; // h[8] then v[16], 128-byte aligned
const INPUT = 0x202000; // 16 words, 64-byte aligned

const words = xorshiftWords;

/** Calls the delegation until x12's round bits run out (or `calls` times); returns the x12 values seen. */
function drive(memory: Memory, x12: number, calls = 10): number[] {
  const x = new Int32Array(32);
  x[10] = STATE;
  x[11] = INPUT;
  x[12] = x12;
  const seen: number[] = [];
  for (let k = 0; k < calls; k++) {
    const error = blake2sPackedDelegation(x, memory);
    if (error !== undefined) throw new Error(`call ${k}: ${error}`);
    seen.push(x[12] >>> 0);
  }
  return seen;
}

/** BLAKE2s-256 of `data` through the delegation in normal mode (10 calls per 64-byte block). */
function hashViaDelegation(data: Uint8Array): Uint8Array {
  const memory = new Memory(1 << 22);
  const w = memory.i32;
  w.set(BLAKE2S_CONFIGURED_IV, STATE / 4);
  const blocks = Math.max(1, Math.ceil(data.length / 64));
  for (let k = 0; k < blocks; k++) {
    const block = new Uint8Array(64);
    block.set(data.subarray(64 * k, 64 * k + 64));
    memory.u8.set(block, INPUT);
    const t = Math.min(data.length, 64 * (k + 1));
    w[STATE / 4 + 8 + 12] = t ^ BLAKE2S_IV[4];
    w[STATE / 4 + 8 + 14] = (k === blocks - 1 ? 0xffffffff : 0) ^ BLAKE2S_IV[6];
    expect(drive(memory, BLAKE2S_PACKED.NORMAL_FULL_ROUNDS).at(-1)).toBe(0);
  }
  return memory.u8.slice(STATE, STATE + 32);
}

describe('CSR 0x7C7, x12 convention (riscv_transpiler)', () => {
  test.each([0, 3, 64, 65, 200])('normal mode hashes %i bytes as @noble/hashes blake2s', (length) => {
    const data = new Uint8Array(words(length + 5, Math.ceil(length / 4) + 1).buffer).subarray(0, length);
    expect(hashViaDelegation(data)).toEqual(blake2s(data));
  });

  test.each([false, true])('compression mode (right node: %s) is BLAKE2s of the 64-byte pair', (right) => {
    const memory = new Memory(1 << 22);
    const state = words(41, 8);
    const sibling = words(42, 16);
    memory.i32.set(state, STATE / 4);
    memory.i32.set(words(43, 16), STATE / 4 + 8); // v is overwritten on round 0
    memory.i32.set(sibling, INPUT / 4);
    const control = BLAKE2S_PACKED.COMPRESSION_MODE | (right ? BLAKE2S_PACKED.INPUT_IS_RIGHT_NODE : 0);
    const seen = drive(memory, (0b1000 | control) << 16);
    expect(seen.at(-1)).toBe(control << 16); // control kept, round bits gone
    const bytes = (w: Uint32Array) => new Uint8Array(w.buffer, w.byteOffset, 32);
    const pair = new Uint8Array(64);
    pair.set(bytes(right ? sibling : state));
    pair.set(bytes(right ? state : sibling), 32);
    expect(memory.u8.slice(STATE, STATE + 32)).toEqual(blake2s(pair));
  });

  test('each call shifts the round bit up; after round 9 the round bits are 0 and a further call fails', () => {
    const memory = new Memory(1 << 22);
    const seen = drive(memory, BLAKE2S_PACKED.NORMAL_FULL_ROUNDS);
    expect(seen).toEqual([...Array.from({ length: 9 }, (_, k) => (1 << (3 + k + 1)) << 16), 0]);
    const x = new Int32Array(32);
    Object.assign(x, { 10: STATE, 11: INPUT, 12: 0 });
    expect(blake2sPackedDelegation(x, memory)).toMatch(/bits 19\.\. \(the round\) must have exactly one bit set, not 0b0/);
  });

  test('reduced rounds: h is written after the 7th call, not before; x12 then holds round bit 7', () => {
    const memory = new Memory(1 << 22);
    const h = words(51, 8);
    memory.i32.set(h, STATE / 4);
    memory.i32.set(words(52, 16), INPUT / 4);
    const six = drive(memory, BLAKE2S_PACKED.NORMAL_REDUCED_ROUNDS, 6);
    expect(Uint32Array.from(memory.i32.subarray(STATE / 4, STATE / 4 + 8))).toEqual(h);
    const x = new Int32Array(32);
    Object.assign(x, { 10: STATE, 11: INPUT, 12: six.at(-1)! });
    expect(blake2sPackedDelegation(x, memory)).toBeUndefined();
    expect(x[12] >>> 0).toBe((BLAKE2S_PACKED.REDUCED_ROUNDS | (1 << (3 + 7))) << 16);
    expect(Uint32Array.from(memory.i32.subarray(STATE / 4, STATE / 4 + 8))).not.toEqual(h);
  });

  test.each([
    ['x11 not 64-byte aligned', { 11: INPUT + 4 }, /x11 = 0x202004 is not 64-byte aligned/],
    ['x10 not 128-byte aligned', { 10: STATE + 64 }, /x10 = 0x201040 is not 128-byte aligned/],
    ['x10 in ROM', { 10: 0x1000 }, /x10 = 0x1000 points into ROM/],
    ['x10 = x11', { 11: STATE }, /same pointer/],
    ['round 10', { 12: (1 << (3 + 10)) << 16 }, /selects round 10; BLAKE2s has 10/],
    ['two round bits', { 12: 0b11000 << 16 }, /exactly one bit set, not 0b11/],
  ])('%s is an error naming it', (_name, regs, message) => {
    const memory = new Memory(1 << 22);
    const x = new Int32Array(32);
    Object.assign(x, { 10: STATE, 11: INPUT, 12: BLAKE2S_PACKED.NORMAL_FULL_ROUNDS }, regs);
    expect(blake2sPackedDelegation(x, memory)).toMatch(message);
    expect(memory.i32.some((w) => w !== 0)).toBe(false);
  });
});

describe.skipIf(!hasTool('llvm-mc'))('CSR 0x7C7 x12 convention in the executor', () => {
  test("ten back-to-back `csrrw x0, 0x7c7, x0` hash a block with the host's convention set to x12; x13 convention rejects it", () => {
    const source = `
      .rept 10
      csrrw x0, 0x7c7, x0
      .endr
      j .`;
    const object = readObject(assemble(source, { mattr: '+m,-relax', name: 'airbender blake2s x12 test' }), 'test.o', 0);
    const text = object.sections.find((s) => s?.name === '.text');
    if (!text) throw new Error('no .text');
    const data = new Uint8Array(words(61, 12).buffer).subarray(0, 45);
    const setUp = () => {
      const m = bootAirbender(text.data);
      m.memory.i32.set(BLAKE2S_CONFIGURED_IV, STATE / 4);
      m.memory.u8.set(data, INPUT);
      m.memory.i32[STATE / 4 + 8 + 12] = data.length ^ BLAKE2S_IV[4];
      m.memory.i32[STATE / 4 + 8 + 14] = 0xffffffff ^ BLAKE2S_IV[6];
      Object.assign(m.regs, { 10: STATE, 11: INPUT, 12: BLAKE2S_PACKED.NORMAL_FULL_ROUNDS });
      return m;
    };
    const m = setUp();
    const host = new AirbenderHost();
    host.blake2sConvention = 'x12';
    expect(runAirbender(m, host, 100)).toEqual({ kind: 'halt' });
    expect(host.delegations.blake2s).toBe(10);
    expect(m.memory.u8.slice(STATE, STATE + 32)).toEqual(blake2s(data));
    expect(m.regs[12]).toBe(0);
    // the default (x13, risc_v_simulator) convention reads x12 = 0b1000 << 16 as round 19
    const stop = runAirbender(setUp(), new AirbenderHost(), 100);
    expect(stop).toMatchObject({ kind: 'trap', trap: { kind: 'delegation-error', pc: 0 } });
  });
});
