// u256_op's modular operations (m at the op word's address bits) against BigInt: mont_mul
// (a·b·2^-256 mod m), add_mod, sub_mod — the shared arithmetic (emulator/accel/u256.ts), the op-word
// decoding (oracle/accelerators/u256.ts) and the host function on guest memory (oracle/zk-calls.ts),
// with their faults and their call counts.
import { describe, expect, test } from 'vitest';
import { addMod, montMul, subMod } from '../emulator/accel/u256';
import { U256_MOD_OPERATIONS, U256_MONT_MUL_OPERATIONS } from '../oracle/accelerators/weights';
import { u256Op, u256OpError } from '../oracle/accelerators/u256';
import { HostFault } from '../oracle/guest-words';
import { OracleSession } from '../oracle/session';
import { CallWords, u256OpCall } from '../oracle/zk-calls';
import { U256_CARRY_IN, U256_MODULUS_MASK, U256_OP } from '../toolchain/wasm/abi';
import { rng } from './helpers/rng';

const R = 1n << 256n;
const limbs = (x: bigint) => Uint32Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(32 * i)) & 0xffffffffn));
const value = (w: ArrayLike<number>) => Array.from(w).reduceRight((acc, x) => (acc << 32n) | BigInt(x >>> 0), 0n);

/** x^-1 mod m by the extended Euclidean algorithm (the reference; independent of the code under test). */
function inverse(x: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [((x % m) + m) % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return ((s0 % m) + m) % m;
}

const reference = (a: bigint, b: bigint, m: bigint) => (a * b * inverse(R, m)) % m;

const SECP_P = 2n ** 256n - 2n ** 32n - 977n;
const SECP_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe('mont_mul = a·b·2^-256 mod m (BigInt)', () => {
  const gen = rng(0x6d6f6e74_6d756c00n);
  const moduli = [SECP_P, SECP_N, R - 1n, 3n, 1n, (1n << 255n) + 1n, 0xffffffffn, ...Array.from({ length: 20 }, () => gen.u256() | 1n), ...Array.from({ length: 10 }, () => gen.big(1 + gen.int(255)) | 1n)];
  const below = (m: bigint) => gen.u256() % m;

  test('random and edge operands below m, for 37 odd moduli', () => {
    let checked = 0;
    for (const m of moduli) {
      const edges = [0n, 1n % m, m - 1n, m > 2n ? m - 2n : 0n];
      for (let i = 0; i < 60; i++) {
        const a = i < 16 ? edges[i >> 2] : below(m);
        const b = i < 16 ? edges[i & 3] : below(m);
        const want = reference(a, b, m);
        expect(value(montMul(limbs(a), limbs(b), limbs(m))), `${a}·${b} mod ${m}`).toBe(want);
        const op = u256Op(U256_OP.MONT_MUL, limbs(a), limbs(b), limbs(m));
        expect(op.flag).toBe(0);
        expect(value(op.out!)).toBe(want);
        checked++;
      }
    }
    expect(checked).toBe(moduli.length * 60);
  });

  test('add_mod and sub_mod: random and edge operands below m, for 37 moduli (even ones too)', () => {
    const all = [...moduli, 2n, 1n << 255n, R - 2n];
    for (const m of all) {
      const edges = [0n, 1n % m, m - 1n];
      for (let i = 0; i < 40; i++) {
        const a = i < 9 ? edges[Math.floor(i / 3)] : below(m);
        const b = i < 9 ? edges[i % 3] : below(m);
        const [sum, difference] = [(a + b) % m, (((a - b) % m) + m) % m];
        expect(value(addMod(limbs(a), limbs(b), limbs(m))), `${a}+${b} mod ${m}`).toBe(sum);
        expect(value(subMod(limbs(a), limbs(b), limbs(m))), `${a}-${b} mod ${m}`).toBe(difference);
        expect(value(u256Op(U256_OP.ADD_MOD, limbs(a), limbs(b), limbs(m)).out!)).toBe(sum);
        expect(value(u256Op(U256_OP.SUB_MOD, limbs(a), limbs(b), limbs(m)).out!)).toBe(difference);
      }
    }
    expect(() => addMod(limbs(5n), limbs(1n), limbs(5n))).toThrow('a is not below the modulus m');
    expect(() => subMod(limbs(1n), limbs(7n), limbs(5n))).toThrow('b is not below the modulus m');
  });

  test('bad operands are refused, naming the problem', () => {
    expect(() => montMul(limbs(1n), limbs(1n), limbs(SECP_P - 1n))).toThrow('the modulus m is even');
    expect(() => montMul(limbs(SECP_P), limbs(1n), limbs(SECP_P))).toThrow('a is not below the modulus m');
    expect(() => montMul(limbs(1n), limbs(SECP_P + 5n), limbs(SECP_P))).toThrow('b is not below the modulus m');
    expect(u256OpError(U256_OP.MONT_MUL | U256_CARRY_IN)).toContain('mont_mul takes no carry in');
    expect(u256OpError(U256_OP.MONT_MUL | 0x1200)).toBeUndefined(); // m at 0x1200
    expect(u256OpError(U256_OP.MUL_LO | 0x1200)).toContain('unknown operation 0x1202');
  });
});

describe('u256_op mont_mul on guest memory (the host function of both bindings)', () => {
  const memory = new Uint8Array(0x10000);
  const words = new Uint32Array(memory.buffer);
  const [A, B, OUT, M] = [0x100, 0x140, 0x180, 0x400]; // M: 512-byte aligned, in the op word
  const op = U256_OP.MONT_MUL | M;
  const set = (at: number, x: bigint) => words.set(limbs(x), at >>> 2);
  const get = (at: number) => value(words.subarray(at >>> 2, (at >>> 2) + 8));

  test('computes, may write over a or b, counts as several operations, logs m with a and b', () => {
    expect(M & ~U256_MODULUS_MASK).toBe(0);
    const session = new OracleSession();
    const gen = rng(0x1234n);
    for (let i = 0; i < 200; i++) {
      const [a, b] = [gen.u256() % SECP_N, gen.u256() % SECP_N];
      set(A, a);
      set(B, b);
      set(M, SECP_N);
      const out = [OUT, A, B][i % 3];
      expect(u256OpCall(session, memory, op, A, B, out)).toBe(0);
      expect(get(out)).toBe(reference(a, b, SECP_N));
    }
    expect(session.acceleratorCalls.u256_op).toBe(200 * U256_MONT_MUL_OPERATIONS);
    let data: { input: readonly number[]; output: readonly number[] } | undefined;
    set(A, 5n);
    set(B, 7n);
    const words = new CallWords();
    u256OpCall(session, memory, op, A, B, OUT, words);
    data = words.data();
    expect(data!.input).toEqual([op, ...limbs(5n), ...limbs(7n), ...limbs(SECP_N)]);
    expect(data!.output).toEqual([...limbs(reference(5n, 7n, SECP_N)), 0]);
  });

  test('add_mod and sub_mod on guest memory: computed, counted as two operations each', () => {
    const session = new OracleSession();
    const gen = rng(0x4321n);
    for (let i = 0; i < 100; i++) {
      const [a, b] = [gen.u256() % SECP_P, gen.u256() % SECP_P];
      set(A, a);
      set(B, b);
      set(M, SECP_P);
      expect(u256OpCall(session, memory, U256_OP.ADD_MOD | M, A, B, OUT)).toBe(0);
      expect(get(OUT)).toBe((a + b) % SECP_P);
      expect(u256OpCall(session, memory, U256_OP.SUB_MOD | M, A, B, B)).toBe(0); // out = b
      expect(get(B)).toBe((((a - b) % SECP_P) + SECP_P) % SECP_P);
    }
    expect(session.acceleratorCalls.u256_op).toBe(200 * U256_MOD_OPERATIONS);
    set(A, SECP_P);
    expect(() => u256OpCall(session, memory, U256_OP.ADD_MOD | M, A, B, OUT)).toThrow('u256_op: add_mod: a is not below the modulus m');
    set(A, 1n);
    set(B, R - 1n);
    expect(() => u256OpCall(session, memory, U256_OP.SUB_MOD | M, A, B, OUT)).toThrow('u256_op: sub_mod: b is not below the modulus m');
  });

  test.each([
    ['an even m', () => set(M, SECP_N - 1n), op, 'u256_op: mont_mul: the modulus m is even'],
    ['a ≥ m', () => set(A, SECP_N), op, 'u256_op: mont_mul: a is not below the modulus m'],
    ['b ≥ m', () => set(B, R - 1n), op, 'u256_op: mont_mul: b is not below the modulus m'],
    ['m outside memory', () => {}, U256_OP.MONT_MUL | 0xfffe00, 'u256_op: m 0xfffe00 of 8 words is outside guest memory'],
    ['a carry in', () => {}, op | U256_CARRY_IN, 'u256_op: operation mont_mul takes no carry in'],
  ] as const)('refuses %s', (_what, spoil, opWord, message) => {
    set(A, 1n);
    set(B, 2n);
    set(M, SECP_N);
    spoil();
    const session = new OracleSession();
    expect(() => u256OpCall(session, memory, opWord, A, B, OUT)).toThrow(HostFault);
    expect(() => u256OpCall(session, memory, opWord, A, B, OUT)).toThrow(message);
    expect(session.acceleratorCalls.u256_op).toBe(0);
  });
});
