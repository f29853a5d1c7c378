// emulator/commas.ts against what it replaces, toLocaleString('en-US'): the same text for integers
// of every size and sign (numbers and bigints), fractions, and the values with no digits to group.
import { describe, expect, test } from 'vitest';
import { commas } from '../emulator/commas';
import { Rng } from './helpers/random-program';

const locale = (n: number | bigint) => n.toLocaleString('en-US');

describe('commas', () => {
  test('groups of three digits, as en-US writes them', () => {
    expect(commas(34493297)).toBe('34,493,297');
    expect(commas(999)).toBe('999');
    expect(commas(1000)).toBe('1,000');
    expect(commas(-1000n)).toBe('-1,000');
  });

  test('the same text as toLocaleString for integers around every power of ten, both signs', () => {
    for (let k = 0; k <= 21; k++) {
      for (const d of [-1, 0, 1]) {
        const n = 10 ** k + d;
        for (const v of [n, -n]) expect(commas(v), String(v)).toBe(locale(v));
        const b = 10n ** BigInt(k) + BigInt(d);
        for (const v of [b, -b]) expect(commas(v), String(v)).toBe(locale(v));
      }
    }
  });

  test('the same text as toLocaleString for random integers, bigints and fractions', () => {
    const rng = new Rng(2026);
    for (let k = 0; k < 2000; k++) {
      const digits = 1 + rng.below(16);
      const n = rng.below(2 ** 30) * rng.below(2 ** 23) % 10 ** digits;
      expect(commas(n), String(n)).toBe(locale(n));
      const b = BigInt(n) * 1_000_000_007n * BigInt(rng.below(1000));
      expect(commas(-b), String(-b)).toBe(locale(-b));
      const f = n / (1 + rng.below(10_000));
      expect(commas(f), String(f)).toBe(locale(f));
    }
  });

  test('zero, the largest safe integers, and values with no digits to group', () => {
    for (const v of [0, -0, 0n, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e21, 2 ** 80, NaN, Infinity, -Infinity, 0.0004, -0.0001, 999.9996]) {
      expect(commas(v), String(v)).toBe(locale(v));
    }
  });
});
