// oracle/u256-kernel.ts: the RISC-V host's Montgomery products in the WebAssembly kernel against the
// JavaScript path (oracle/accelerators/u256.ts u256OpAt) on seeded random operands for secp256k1's
// p and n and random odd moduli, with out apart from and aliasing the operands, before the kernel
// is loaded (the JavaScript path) and after; and u256_op host calls through zk-calls.ts use it.
import { describe, expect, test } from 'vitest';
import { u256OpAt } from '../oracle/accelerators/u256';
import { loadU256Kernel, montMulAt, u256KernelLoaded } from '../oracle/u256-kernel';
import { U256_OP } from '../toolchain/wasm/abi';
import { rng } from './helpers/rng';

const limbs = (x: bigint) => Uint32Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(32 * i)) & 0xffffffffn));
const P = (1n << 256n) - (1n << 32n) - 977n;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** Guest words: a at 0, b at 8, m at 128 (byte 512, the op word's modulus address), out where asked. */
function layout(a: bigint, b: bigint, m: bigint): Uint32Array {
  const w = new Uint32Array(256);
  w.set(limbs(a), 0);
  w.set(limbs(b), 8);
  w.set(limbs(m), 128);
  return w;
}
const OP = U256_OP.MONT_MUL | 512;

function cases(count: number): { a: bigint; b: bigint; m: bigint }[] {
  const next = rng(0x7a6b_5c4d_3e2f_1001n).next64;
  const wide = () => (next() << 192n) | (next() << 128n) | (next() << 64n) | next();
  const out = [];
  for (let k = 0; k < count; k++) {
    const m = k % 3 === 0 ? P : k % 3 === 1 ? N : wide() | 1n;
    const a = k < 6 ? [0n, 1n, m - 1n][k % 3] : wide() % m;
    const b = k < 6 ? [m - 1n, 1n, 0n][k % 3] : wide() % m;
    out.push({ a, b, m });
  }
  return out;
}

/** montMulAt and u256OpAt on the same words, out at `outAt` (0: over a, 8: over b, 40: apart). */
function expectSame(a: bigint, b: bigint, m: bigint, outAt: number): void {
  const mine = layout(a, b, m);
  const js = layout(a, b, m);
  expect(montMulAt(OP, mine, 0, 8, 128, outAt)).toBe(u256OpAt(OP, js, 0, 8, outAt, 128));
  expect(Array.from(mine), `a ${a} b ${b} m ${m} out ${outAt}`).toEqual(Array.from(js));
}

describe('montMulAt', () => {
  test('before the kernel is loaded: the JavaScript path', () => {
    expect(u256KernelLoaded()).toBe(false);
    for (const { a, b, m } of cases(30)) expectSame(a, b, m, 40);
  });

  test('in the kernel: 3,000 products for p, n and random odd moduli, out apart from and over the operands', async () => {
    await loadU256Kernel();
    expect(u256KernelLoaded()).toBe(true);
    for (const { a, b, m } of cases(3000)) for (const outAt of [40, 0, 8]) expectSame(a, b, m, outAt);
    // squares: a and b at one address
    for (const { a, m } of cases(300)) {
      const mine = layout(a, 0n, m);
      const js = layout(a, 0n, m);
      montMulAt(OP, mine, 0, 0, 128, 40);
      u256OpAt(OP, js, 0, 0, 40, 128);
      expect(Array.from(mine.subarray(40, 48))).toEqual(Array.from(js.subarray(40, 48)));
    }
  });
});
