// The host reference for the `sieve` sample (bench/reference/host-sieve.ts): it counts primes as
// trial division does, and the compiler suite reports it beside the compiled guest, same count.
import { describe, expect, test } from 'vitest';
import { hostSieve } from '../bench/reference/host-sieve';
import { compilerSuite } from '../bench/suites/compiler';
import { hasTool } from '../toolchain/llvm';

const isPrime = (n: number): boolean => {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
};

describe('the host sieve', () => {
  test('counts the primes below every limit up to 3,000 as trial division does', () => {
    let primes = 0;
    for (let limit = 0; limit <= 3000; limit++) {
      expect(hostSieve(limit), `below ${limit}`).toBe(primes);
      if (isPrime(limit)) primes++;
    }
  });

  test('at the sample\'s size: the count below 2,100,000 is the count below 2,000,000 and the primes trial division finds between them', () => {
    const below = hostSieve(2_000_000);
    let more = 0;
    for (let n = 2_000_000; n < 2_100_000; n++) if (isPrime(n)) more++;
    expect(hostSieve(2_100_000)).toBe(below + more);
  });

  test.skipIf(!hasTool('llvm-mc'))('the compiler suite reports it for sieve, beside the compiled run, with their ratio (needs llvm-mc)', async () => {
    const figures = await compilerSuite.run({ only: 'sieve', runs: 1 });
    const host = figures.find((f) => f.label === 'sieve (memory): the same sieve in host JavaScript');
    expect(host?.unit).toBe('MIPS');
    expect(host?.value).toBeGreaterThan(0);
    expect(host?.detail).toMatch(/148,933 primes as the guest\); compiled\/host = \d+\.\d\dx$/);
    expect(figures.filter((f) => f.label.includes('host JavaScript'))).toHaveLength(1);
  });
});
