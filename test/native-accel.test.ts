// The native fast accelerator (oracle/native-accel.ts: u256_op in WebAssembly over the guest's
// memory) against the simple path (oracle/accelerators/u256.ts, the JavaScript host function): the
// same results and flags on seeded random and edge operands, the same errors, and a guest that makes
// thousands of calls prints the same with and without it.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { collectingSink } from '../emulator/ecall';
import { keccakF } from '../oracle/accelerators/keccak';
import { u256Op } from '../oracle/accelerators/u256';
import { standardQueries } from '../oracle/handlers';
import { instantiateFastAccel, memoryScrubber } from '../oracle/native-accel';
import { runNative } from '../oracle/native';
import { OracleSession } from '../oracle/session';
import { compileAssemblyScript } from '../toolchain/asc';
import { U256_CARRY_IN, U256_OP } from '../toolchain/wasm/abi';
import { rng } from './helpers/rng';

const M = (1n << 256n) - 1n;
const limbs = (x: bigint) => Uint32Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(32 * i)) & 0xffffffffn));

describe('fast u256_op = simple u256_op', () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const words = new Uint32Array(memory.buffer);
  let slowCalls = 0;
  let slowKeccakCalls = 0;
  const fast = instantiateFastAccel(memory, {
    u256_op: () => {
      slowCalls++;
      return 0x5eed;
    },
    keccak_f: () => {
      slowKeccakCalls++;
    },
  });
  const next = rng(0x1234_5678_9abc_def0n).next64;
  const edges = [0n, 1n, 2n, M, M - 1n, 1n << 255n, (1n << 128n) - 1n, 1n << 32n, 0xffffffffn];
  const value = (i: number) => (i < edges.length * edges.length ? edges[i % edges.length] : (next() << 192n) | (next() << 128n) | (next() << 64n) | next());
  const ops = [U256_OP.ADD, U256_OP.SUB, U256_OP.MUL_LO, U256_OP.MUL_HI, U256_OP.CMP, U256_OP.ADD | U256_CARRY_IN, U256_OP.SUB | U256_CARRY_IN];

  /**
   * A modular op word (its modulus at mAt) on a (word 0), b (word 8; a's address instead for a
   * square) and m: the fast path returns 0 and writes at outAt what u256Op computes.
   */
  const expectModular = (op: number, mAt: number, a: bigint, b: bigint, m: bigint, outAt: number, square: boolean, label: string) => {
    words.set(limbs(a), 0);
    words.set(limbs(b), 8);
    words.set(limbs(m), mAt / 4);
    expect(fast.u256_op(op, 0, square ? 0 : 32, outAt)).toBe(0);
    const want = u256Op(op, limbs(a), limbs(square ? a : b), limbs(m));
    expect(Array.from(words.subarray(outAt / 4, outAt / 4 + 8)), label).toEqual(Array.from(want.out!));
  };

  test('1,000 operand pairs per operation, out apart from and aliasing the operands', () => {
    for (let i = 0; i < 1000; i++) {
      const a = i < edges.length * edges.length ? edges[Math.floor(i / edges.length)] : value(i);
      const b = value(i);
      for (const op of ops) {
        for (const outAt of [128, 0, 32]) {
          words.set(limbs(a), 0);
          words.set(limbs(b), 8);
          words.fill(0xdeadbeef, 32, 40);
          const flag = fast.u256_op(op, 0, 32, outAt);
          const want = u256Op(op, limbs(a), limbs(b));
          expect(flag, `op ${op} flag`).toBe(want.flag);
          if (want.out) expect(Array.from(words.subarray(outAt / 4, outAt / 4 + 8)), `op ${op} a=${a} b=${b}`).toEqual(Array.from(want.out));
        }
      }
    }
    expect(slowCalls).toBe(0);
  });

  test('mul_lo then mul_hi on equal, near and swapped operands', () => {
    for (let i = 0; i < 300; i++) {
      const a = value(1000 + i);
      const b = value(2000 + i);
      const cases: [bigint, bigint, number][] = [
        [a, b, U256_OP.MUL_LO],
        [a, b, U256_OP.MUL_HI],
        [a ^ 1n, b, U256_OP.MUL_HI],
        [a, b ^ (1n << 255n), U256_OP.MUL_HI],
        [b, a, U256_OP.MUL_HI], // swapped
      ];
      for (const [x, y, op] of cases) {
        words.set(limbs(x), 0);
        words.set(limbs(y), 8);
        const flag = fast.u256_op(op, 0, 32, 128);
        const want = u256Op(op, limbs(x), limbs(y));
        expect(flag).toBe(want.flag);
        expect(Array.from(words.subarray(32, 40))).toEqual(Array.from(want.out!));
      }
    }
  });

  test('mont_mul on 40 odd moduli, 50 operand pairs below each (squares: b the same pointer as a), out apart from and aliasing the operands', () => {
    const M_AT = 0x400; // 512-byte aligned: the op word carries it
    const op = U256_OP.MONT_MUL | M_AT;
    const gen = rng(0x6d6f6e74n);
    const secp = [(1n << 256n) - (1n << 32n) - 977n, 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n];
    const moduli = [...secp, M, 1n, 3n, ...Array.from({ length: 25 }, () => gen.u256() | 1n), ...Array.from({ length: 10 }, () => gen.big(1 + gen.int(255)) | 1n)];
    const before = slowCalls;
    for (const m of moduli) {
      for (let i = 0; i < 50; i++) {
        const a = i === 0 ? m - 1n : gen.u256() % m;
        const b = i === 1 ? 0n : gen.u256() % m;
        const outAt = [128, 0, 32][i % 3];
        const square = i % 4 === 3; // the square path: a and b at the same address
        words.set(limbs(a), 0);
        words.set(limbs(b), 8);
        words.set(limbs(m), M_AT / 4);
        words.fill(0xdeadbeef, 32, 40);
        expect(fast.u256_op(op, 0, square ? 0 : 32, outAt)).toBe(0);
        const want = u256Op(op, limbs(a), limbs(square ? a : b), limbs(m));
        expect(Array.from(words.subarray(outAt / 4, outAt / 4 + 8)), `${a}·${b} mod ${m}`).toEqual(Array.from(want.out!));
      }
    }
    expect(slowCalls).toBe(before);
  });

  test('add_mod and sub_mod on 30 moduli, 50 operand pairs below each, out apart from, aliasing and just past m', () => {
    const M_AT = 0x400;
    const gen = rng(0x6d6f64n);
    const moduli = [(1n << 256n) - (1n << 32n) - 977n, M, 1n, 2n, ...Array.from({ length: 16 }, () => gen.u256()), ...Array.from({ length: 10 }, () => 1n + gen.big(1 + gen.int(255)))];
    const before = slowCalls;
    for (const m of moduli) {
      for (let i = 0; i < 50; i++) {
        const a = i === 0 ? m - 1n : gen.u256() % m;
        const b = i === 1 ? m - 1n : gen.u256() % m;
        for (const code of [U256_OP.ADD_MOD, U256_OP.SUB_MOD]) {
          const outAt = [128, 0, 32, M_AT + 4][i % 4]; // the last overlaps m: m must be read before out is written
          expectModular(code | M_AT, M_AT, a, b, m, outAt, false, `op ${code} ${a}, ${b} mod ${m}`);
        }
      }
    }
    expect(slowCalls).toBe(before);
    words.set(limbs(5n), 0);
    words.set(limbs(7n), 8);
    words.set(limbs(7n), M_AT / 4);
    expect(fast.u256_op(U256_OP.ADD_MOD | M_AT, 0, 32, 64)).toBe(0x5eed); // b = m
    expect(fast.u256_op(U256_OP.SUB_MOD | M_AT | U256_CARRY_IN, 0, 0, 64)).toBe(0x5eed); // carry in
    expect(slowCalls - before).toBe(2);
  });

  test("mont_mul modulo secp256k1's p (its own reduction): 4,000 products and squares, edge operands too", () => {
    const M_AT = 0x400;
    const p = (1n << 256n) - (1n << 32n) - 977n;
    const gen = rng(0x7365637032n);
    const edges = [0n, 1n, 2n, 977n, p - 1n, p - 2n, (1n << 255n) - 1n, 1n << 255n, (1n << 32n) - 1n, 1n << 32n, p >> 1n, (1n << 224n) - 1n];
    const before = slowCalls;
    for (let i = 0; i < 4000; i++) {
      const pick = () => (gen.int(4) === 0 ? edges[gen.int(edges.length)] : gen.u256() % p);
      const a = pick();
      const square = i % 2 === 1;
      const b = square ? a : pick();
      expectModular(U256_OP.MONT_MUL | M_AT, M_AT, a, b, p, 128, square, `${a}·${b} mod p`);
    }
    expect(slowCalls).toBe(before);
  });

  test("mont_mul modulo secp256k1's n (its own reduction): 4,000 products and squares, edge operands too", () => {
    const M_AT = 0x600;
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const c = (1n << 256n) - n;
    const gen = rng(0x736563706e6en);
    const edges = [0n, 1n, 2n, c, c - 1n, n - 1n, n - 2n, n >> 1n, (1n << 255n) - 1n, 1n << 255n, (1n << 128n) - 1n, 1n << 128n, (1n << 32n) - 1n, 0xbaaedce6af48a03bbfd25e8cd0364141n];
    const before = slowCalls;
    for (let i = 0; i < 4000; i++) {
      const pick = () => (gen.int(4) === 0 ? edges[gen.int(edges.length)] : gen.u256() % n);
      const a = pick();
      const square = i % 2 === 1;
      const b = square ? a : pick();
      const outAt = [128, 0, 32][i % 3];
      expectModular(U256_OP.MONT_MUL | M_AT, M_AT, a, b, n, outAt, square, `${a}·${b} mod n`);
    }
    // a modulus one bit away from n (or from p) takes the generic path and still agrees
    for (const m of [n ^ (1n << 40n), n ^ (1n << 200n), ((1n << 256n) - (1n << 32n) - 977n) ^ (1n << 100n)]) {
      for (let i = 0; i < 50; i++) {
        const a = gen.u256() % m;
        const b = gen.u256() % m;
        expectModular(U256_OP.MONT_MUL | M_AT, M_AT, a, b, m, 128, i % 2 === 1, `${a}·${b} mod ${m}`);
      }
    }
    expect(slowCalls).toBe(before);
  });

  test('mont_mul mod p and n where t = (a·b + q·m)/2^256 lies in [m, 2^256): results below c = 2^256 - m', () => {
    // random operands never reach this (probability ~c/2^256): choose a·b ≡ r·2^256 (mod m) for small r
    const M_AT = 0x800;
    const R = 1n << 256n;
    const gen = rng(0x74636f72n);
    const pow = (x: bigint, e: bigint, m: bigint) => {
      let r = 1n;
      for (x %= m; e > 0n; e >>= 1n, x = (x * x) % m) if (e & 1n) r = (r * x) % m;
      return r;
    };
    /** a square root of x mod the prime m (Tonelli-Shanks), or undefined */
    const sqrt = (x: bigint, m: bigint): bigint | undefined => {
      x %= m;
      if (x === 0n) return 0n;
      if (pow(x, (m - 1n) / 2n, m) !== 1n) return undefined;
      let q = m - 1n;
      let s = 0n;
      while (q % 2n === 0n) (q /= 2n), s++;
      let z = 2n;
      while (pow(z, (m - 1n) / 2n, m) !== m - 1n) z++;
      let [c, t, r, k] = [pow(z, q, m), pow(x, q, m), pow(x, (q + 1n) / 2n, m), s];
      while (t !== 1n) {
        let i = 0n;
        for (let u = t; u !== 1n; u = (u * u) % m) i++;
        const b = pow(c, 1n << (k - i - 1n), m);
        [c, t, r, k] = [(b * b) % m, (t * b * b) % m, (r * b) % m, i];
      }
      return r;
    };
    const unreduced = (a: bigint, b: bigint, m: bigint) => {
      const q = ((a * b) % R) * ((R - pow(m, (1n << 255n) - 1n, R)) % R) % R; // -m^-1 mod 2^256 (m odd: m^(2^255 - 1) = m^-1)
      return (a * b + q * m) / R;
    };
    const before = slowCalls;
    for (const m of [(1n << 256n) - (1n << 32n) - 977n, 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n]) {
      const c = R - m;
      let hits = 0;
      let squareHits = 0;
      for (let i = 0; i < 400; i++) {
        const r = [0n, 1n, 2n, c - 1n, c - 2n, c >> 1n][i % 6] ?? 0n;
        const target = i < 6 ? r : gen.u256() % c;
        const square = i % 2 === 1;
        let a: bigint;
        let b: bigint;
        if (square) {
          const root = sqrt((target * R) % m, m);
          if (root === undefined) continue;
          a = gen.int(2) ? root : m - root;
          b = a;
        } else {
          a = 1n + (gen.u256() % (m - 1n));
          b = (((target * R) % m) * pow(a, m - 2n, m)) % m;
        }
        const t = unreduced(a, b, m);
        if (t >= m && t < R) square ? squareHits++ : hits++;
        expectModular(U256_OP.MONT_MUL | M_AT, M_AT, a, b, m, 128, square, `${a}·${b} mod ${m}`); // b = a for a square
      }
      // the case occurred, for products and squares
      expect(hits).toBeGreaterThan(20);
      expect(squareHits).toBeGreaterThan(20);
    }
    expect(slowCalls).toBe(before);
  });

  test('mont_mul operands the fast path does not serve go to the simple path', () => {
    const M_AT = 0x400;
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const cases: [string, bigint, bigint, bigint, number, number][] = [
      ['even m', 1n, 2n, n - 1n, U256_OP.MONT_MUL | M_AT, 64],
      ['a = m', n, 2n, n, U256_OP.MONT_MUL | M_AT, 64],
      ['b > m', 1n, n + 1n, n, U256_OP.MONT_MUL | M_AT, 64],
      ['m past the end', 1n, 2n, n, U256_OP.MONT_MUL | 0x10000, 64],
      ['out misaligned', 1n, 2n, n, U256_OP.MONT_MUL | M_AT, 66],
      ['carry in', 1n, 2n, n, U256_OP.MONT_MUL | M_AT | U256_CARRY_IN, 64],
    ];
    for (const [what, a, b, m, op, out] of cases) {
      words.set(limbs(a), 0);
      words.set(limbs(b), 8);
      words.set(limbs(m), M_AT / 4);
      const before = slowCalls;
      expect(fast.u256_op(op, 0, 32, out), what).toBe(0x5eed);
      expect(slowCalls - before, what).toBe(1);
    }
  });

  test('keccak_f on 200 random states (at varied aligned places) = keccakF, and counted', () => {
    const gen = rng(0x6b656363n);
    const before = fast.keccakCalls();
    for (let i = 0; i < 200; i++) {
      const at = 4 * (64 + gen.int(1000)); // 4-byte aligned, not 8
      const state = Uint32Array.from({ length: 50 }, () => Number(gen.next64() & 0xffffffffn));
      words.set(state, at / 4);
      fast.keccak_f(at);
      keccakF(state);
      expect(Array.from(words.subarray(at / 4, at / 4 + 50)), `state ${i} at ${at}`).toEqual(Array.from(state));
    }
    expect(fast.keccakCalls() - before).toBe(200);
    expect(slowKeccakCalls).toBe(0);
    fast.keccak_f(66); // misaligned
    fast.keccak_f(65536 - 196); // past the end
    expect(slowKeccakCalls).toBe(2);
    expect(fast.keccakCalls() - before).toBe(200);
  });

  test('what the fast path cannot serve exactly goes to the simple path (which names the error)', () => {
    const before = slowCalls;
    expect(fast.u256_op(7, 0, 32, 64)).toBe(0x5eed); // unknown op
    expect(fast.u256_op(U256_OP.MUL_LO | U256_CARRY_IN, 0, 32, 64)).toBe(0x5eed); // carry into a multiply
    expect(fast.u256_op(U256_OP.ADD | 0x400, 0, 32, 64)).toBe(0x5eed); // stray bits
    expect(fast.u256_op(U256_OP.ADD, 2, 32, 64)).toBe(0x5eed); // misaligned
    expect(fast.u256_op(U256_OP.ADD, 0, 65536 - 16, 64)).toBe(0x5eed); // operand past the end
    expect(fast.u256_op(U256_OP.ADD, 0, 32, 65536 - 4)).toBe(0x5eed); // out past the end
    expect(slowCalls - before).toBe(6);
    expect(fast.u256_op(U256_OP.CMP, 0, 32, 65536 - 4)).not.toBe(0x5eed); // cmp writes nothing: out is not checked
  });
});

describe('memoryScrubber: a pooled memory is zero again after a run', () => {
  test('every page holding a nonzero byte is zeroed (first, last and middle bytes of pages), and only those are counted', () => {
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 4 });
    const bytes = new Uint8Array(memory.buffer);
    const scrub = memoryScrubber(memory);
    expect(scrub()).toBe(0);
    const gen = rng(0x736372756262n);
    for (let round = 0; round < 20; round++) {
      const pages = new Set<number>();
      for (let k = 0; k < 1 + gen.int(12); k++) {
        const page = gen.int(64);
        const at = page * 4096 + [0, 4095, 255, 256, gen.int(4096)][gen.int(5)];
        bytes[at] = 1 + gen.int(255);
        pages.add(page);
      }
      expect(scrub()).toBe(pages.size);
      expect(bytes.every((b) => b === 0)).toBe(true);
    }
  });
});

describe('a guest natively, with and without the fast path', () => {
  let wasm: Uint8Array;
  beforeAll(async () => {
    wasm = (await compileAssemblyScript('programs/as/tests/u256-accel-check.ts')).wasm;
  }, 60_000);

  test('ecrecover and exp print the same and count the same calls', () => {
    const key = keccak_256(new TextEncoder().encode('native accel test key'));
    const hash = keccak_256(new TextEncoder().encode('message'));
    const sig = secp256k1.sign(hash, key, { prehash: false, format: 'recovered' });
    const input = new Uint8Array(176);
    input.set(hash, 0);
    input.set(sig.subarray(1, 33), 32);
    input.set(sig.subarray(33, 65), 64);
    new DataView(input.buffer).setUint32(96, 27 + sig[0]!, true);
    const base = 0x1234567890abcdef1122334455667788n;
    const exponent = 0xfedcba9876543210n;
    input.set(new Uint8Array(limbs(base).buffer), 100);
    input.set(new Uint8Array(limbs(exponent).buffer), 132);
    const run = (fastAccelerators: boolean) => {
      const oracle = new OracleSession({ kind: 'live', queries: standardQueries({ input }) });
      const out = collectingSink();
      const result = runNative(wasm, { sink: out.sink, oracle, fastAccelerators });
      return { result, stdout: Buffer.from(out.stdout()).toString(), calls: oracle.acceleratorCalls.u256_op };
    };
    const fast = run(true);
    const simple = run(false);
    // the pooled memory (zeroed after the first run) and a new one give the same run
    const again = run(true);
    const oracle = new OracleSession({ kind: 'live', queries: standardQueries({ input }) });
    const out = collectingSink();
    const fresh = runNative(wasm, { sink: out.sink, oracle, reuseMemory: false });
    expect(again).toEqual(fast);
    expect({ result: fresh, stdout: Buffer.from(out.stdout()).toString(), calls: oracle.acceleratorCalls.u256_op }).toEqual(fast);
    const address = Buffer.from(keccak_256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12)).toString('hex');
    let power = 1n;
    for (let e = exponent, x = base; e > 0n; e >>= 1n, x = (x * x) & M) if (e & 1n) power = (power * x) & M;
    expect(simple.stdout).toBe(`address ${address}\nexp ${power.toString(16).padStart(64, '0')}\n`);
    expect(fast).toEqual(simple);
    expect(fast.calls).toBeGreaterThan(10_000);
  }, 60_000);
});
