// The native fast accelerator (oracle/native-accel.ts: u256_op in WebAssembly over the guest's
// memory) against the simple path (oracle/accelerators/u256.ts, the JavaScript host function): the
// same results and flags on seeded random and edge operands, the same errors, and a guest that makes
// thousands of calls prints the same with and without it.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { collectingSink } from '../emulator/ecall';
import { u256Op } from '../oracle/accelerators/u256';
import { standardQueries } from '../oracle/handlers';
import { instantiateFastAccel } from '../oracle/native-accel';
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
  const fast = instantiateFastAccel(memory, () => {
    slowCalls++;
    return 0x5eed;
  });
  const next = rng(0x1234_5678_9abc_def0n).next64;
  const edges = [0n, 1n, 2n, M, M - 1n, 1n << 255n, (1n << 128n) - 1n, 1n << 32n, 0xffffffffn];
  const value = (i: number) => (i < edges.length * edges.length ? edges[i % edges.length] : (next() << 192n) | (next() << 128n) | (next() << 64n) | next());
  const ops = [U256_OP.ADD, U256_OP.SUB, U256_OP.MUL_LO, U256_OP.MUL_HI, U256_OP.CMP, U256_OP.ADD | U256_CARRY_IN, U256_OP.SUB | U256_CARRY_IN];

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
    const address = Buffer.from(keccak_256(secp256k1.getPublicKey(key, false).subarray(1)).subarray(12)).toString('hex');
    let power = 1n;
    for (let e = exponent, x = base; e > 0n; e >>= 1n, x = (x * x) & M) if (e & 1n) power = (power * x) & M;
    expect(simple.stdout).toBe(`address ${address}\nexp ${power.toString(16).padStart(64, '0')}\n`);
    expect(fast).toEqual(simple);
    expect(fast.calls).toBeGreaterThan(10_000);
  }, 60_000);
});
