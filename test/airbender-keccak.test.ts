// Airbender mode: the keccak "special5" delegation (CSR 0x7CB). Sequences of calls are checked against
// @noble/hashes (keccak_256 and its keccakP permutation), the control word's progression and every
// assertion of Airbender's simulator; one assembled program runs a full permutation end to end.
import { keccak_256, keccakP } from '@noble/hashes/sha3.js';
import { describe, expect, test } from 'vitest';
import { CSR_TABLE } from '../emulator/airbender/csr';
import {
  KECCAK_CALLS_PER_PERMUTATION,
  KECCAK_INITIAL_X10,
  KECCAK_STEP,
  keccakControl,
  keccakLayoutTable,
  keccakSpecial5Delegation,
} from '../emulator/airbender/keccak-special5';
import { runAirbenderImage } from '../emulator/airbender/machine';
import { Memory } from '../emulator/memory';
import { readObject } from '../toolchain/linker/object';
import { assemble, hasTool } from '../toolchain/llvm';
import { xorshiftWords } from './helpers/xorshift';

const RAM = 0x200000;
/** The last round constant RC[23] (FIPS 202), which Airbender's table of 24 constants leaves to the guest. */
const RC23 = 0x8000000080008008n;

const words = xorshiftWords;

/** Runs one permutation through the delegation on the 50 state words at `base`, then the final ι. */
function permuteViaDelegation(memory: Memory, base: number): Int32Array {
  const x = new Int32Array(32);
  x[10] = KECCAK_INITIAL_X10;
  x[11] = base;
  for (let call = 0; call < KECCAK_CALLS_PER_PERMUTATION; call++) {
    const error = keccakSpecial5Delegation(x, memory);
    if (error !== undefined) throw new Error(`call ${call}: ${error}`);
  }
  const w = base >>> 2;
  memory.i32[w] ^= Number(RC23 & 0xffffffffn);
  memory.i32[w + 1] ^= Number(RC23 >> 32n);
  return x;
}

/** keccak-256 of a message, absorbing block by block with the delegation as the permutation. */
function keccak256ViaDelegation(message: Uint8Array): Uint8Array {
  const rate = 136;
  const padded = new Uint8Array(Math.floor(message.length / rate + 1) * rate);
  padded.set(message);
  padded[message.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  const memory = new Memory(1 << 22);
  const state = memory.u8.subarray(RAM, RAM + 256);
  for (let at = 0; at < padded.length; at += rate) {
    for (let i = 0; i < rate; i++) state[i] ^= padded[at + i];
    permuteViaDelegation(memory, RAM);
  }
  return state.slice(0, 32);
}

describe('keccak special5 delegation (CSR 0x7CB)', () => {
  test('is an Airbender CSR here (a delegation)', () => {
    expect(CSR_TABLE.get(0x7cb)?.kind).toBe('delegation');
  });

  test('504 calls and the final iota give keccak-f[1600] (noble keccakP) on fixed random states', () => {
    for (const seed of [1, 0xdeadbeef, 12345]) {
      const memory = new Memory(1 << 22);
      const start = words(seed, 50);
      memory.i32.set(Int32Array.from(start), RAM >>> 2);
      // scratch lanes 25..29 hold junk: the delegation must not depend on them
      memory.i32.set(Int32Array.from(words(seed + 1, 10)), (RAM >>> 2) + 50);
      const x = permuteViaDelegation(memory, RAM);
      const expected = start.slice();
      keccakP(expected, 24);
      expect(Uint32Array.from(memory.i32.subarray(RAM >>> 2, (RAM >>> 2) + 50))).toEqual(expected);
      // the control word ends at (iota-columnxor, iteration 0, round 24), which a further call rejects
      expect(x[10] >>> 16).toBe(keccakControl(KECCAK_STEP.IOTA_COLUMNXOR, 0, 24));
      expect(keccakSpecial5Delegation(x, memory)).toMatch(/round 24; round must be < 24/);
    }
  });

  test('keccak-256 through the delegation equals @noble/hashes keccak_256 (0 to 300 bytes)', () => {
    for (const length of [0, 1, 31, 55, 135, 136, 137, 300]) {
      const message = new Uint8Array(words(length + 7, Math.ceil(length / 4)).buffer, 0, length);
      expect(Buffer.from(keccak256ViaDelegation(message)).toString('hex')).toBe(Buffer.from(keccak_256(message)).toString('hex'));
    }
  });

  test('the lane layout table agrees with Airbender PERMUTATIONS_ADJUSTED (rows 1, 2 and 24)', () => {
    const table = keccakLayoutTable();
    expect(table).toHaveLength(625);
    // rows copied as data from risc_v_simulator/src/delegations/keccak_special5.rs
    expect(table.slice(25, 50)).toEqual([0, 6, 12, 18, 24, 3, 9, 10, 16, 22, 1, 7, 13, 19, 20, 4, 5, 11, 17, 23, 2, 8, 14, 15, 21]);
    expect(table.slice(50, 75)).toEqual([0, 9, 13, 17, 21, 18, 22, 1, 5, 14, 6, 10, 19, 23, 2, 24, 3, 7, 11, 15, 12, 16, 20, 4, 8]);
    expect(table.slice(600)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  test('x10 advances: 5 column xors, column mix, 5 theta-rho, 5 × (chi1, chi2), next round', () => {
    const memory = new Memory(1 << 22);
    const x = new Int32Array(32);
    x[10] = KECCAK_INITIAL_X10;
    x[11] = RAM;
    const seen: string[] = [];
    const names = ['iota', 'mix', 'theta', 'chi1', 'chi2'];
    for (let call = 0; call < 22; call++) {
      const control = x[10] >>> 16;
      seen.push(`${names[31 - Math.clz32(control & 31)]}${31 - Math.clz32((control >>> 5) & 31)}r${control >>> 10}`);
      expect(keccakSpecial5Delegation(x, memory)).toBeUndefined();
      expect(x[10] & 0xffff).toBe(0);
    }
    expect(seen.join(' ')).toBe(
      'iota0r0 iota1r0 iota2r0 iota3r0 iota4r0 mix0r0 theta0r0 theta1r0 theta2r0 theta3r0 theta4r0 ' +
        'chi10r0 chi20r0 chi11r0 chi21r0 chi12r0 chi22r0 chi13r0 chi23r0 chi14r0 chi24r0 iota0r1',
    );
  });

  test("Airbender's assertions are errors naming the register", () => {
    const memory = new Memory(1 << 22);
    const call = (x10: number, x11: number) => {
      const x = new Int32Array(32);
      x[10] = x10;
      x[11] = x11;
      return keccakSpecial5Delegation(x, memory);
    };
    expect(call(KECCAK_INITIAL_X10 | 1, RAM)).toMatch(/x10 = 0x210001: the control word's low 16 bits must be 0/);
    expect(call(KECCAK_INITIAL_X10, RAM + 128)).toMatch(/x11 = 0x200080 is not 256-byte aligned/);
    expect(call(0x8000 << 16, RAM)).toMatch(/more than 15 bits/);
    expect(call(KECCAK_INITIAL_X10, 0x1000)).toMatch(/x11 = 0x1000 points into ROM/);
    expect(call(0, RAM)).toMatch(/invalid control \(step bits 0b0/);
    expect(call((1 << 5) << 16, RAM)).toMatch(/invalid control/); // no step bit
    expect(call(keccakControl(0, 0, 24) << 16, RAM)).toMatch(/round 24/);
    expect(call(KECCAK_INITIAL_X10, (1 << 22) - 256 + 256)).toMatch(/runs past the end of memory/);
    // a failed call leaves memory untouched
    expect(memory.i32.some((w) => w !== 0)).toBe(false);
  });
});

describe.skipIf(!hasTool('llvm-mc'))('keccak special5 in an assembled image', () => {
  test('a guest loop of 504 `csrrw x0, 0x7cb, x0` permutes the zero state; x10..x17 = its first 8 words', () => {
    const source = `
      lui a1, 0x200          # x11 = 0x200000, the state (zero-filled RAM)
      lui a0, 0x210          # x10 = 33 << 16: step iota-columnxor, iteration 0, round 0
      li t0, 504
    1:
      csrrw x0, 0x7cb, x0
      addi t0, t0, -1
      bnez t0, 1b
      lw a0, 0(a1)
      lw a2, 8(a1)
      lw a3, 12(a1)
      lw a4, 16(a1)
      lw a5, 20(a1)
      lw a6, 24(a1)
      lw a7, 28(a1)
      lw a1, 4(a1)
      j .`;
    const object = readObject(assemble(source, { mattr: '+m,-relax', name: 'airbender keccak test' }), 'test.o', 0);
    const text = object.sections.find((s) => s?.name === '.text');
    if (!text) throw new Error('no .text');
    const { result } = runAirbenderImage(text.data);
    expect(result.stop).toEqual({ kind: 'halt' });
    expect(result.delegations.keccak).toBe(504);
    const expected = new Uint32Array(50);
    keccakP(expected, 24);
    // the guest skipped the final iota: undo it on the reference
    expected[0] ^= Number(RC23 & 0xffffffffn);
    expected[1] ^= Number(RC23 >> 32n);
    expect(result.output).toEqual(Array.from(expected.subarray(0, 8)));
  });
});
