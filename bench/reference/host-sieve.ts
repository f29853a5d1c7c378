// The `sieve` sample's algorithm (programs/asm/sieve.S) in plain JavaScript on the host. That sample
// is memory-bound: byte stores striding over a 2 MB array. The compiler suite times this beside the
// compiled guest, as what the algorithm itself costs on the machine at that moment (V8 on a typed
// array), and checks that both count the same primes.

/** programs/asm/sieve.S's N: it counts the primes below this */
export const SIEVE_LIMIT = 2_000_000;

/**
 * The primes below `limit`, counted as the guest does: a fresh zeroed byte array (the guest's .bss
 * in a new machine), each prime below 46341 marking its multiples from its square.
 */
export function hostSieve(limit: number): number {
  const composite = new Uint8Array(Math.max(0, limit));
  let count = 0;
  for (let i = 2; i < limit; i++) {
    if (composite[i] !== 0) continue;
    count++;
    if (i < 46341) for (let j = i * i; j < limit; j += i) composite[j] = 1;
  }
  return count;
}
