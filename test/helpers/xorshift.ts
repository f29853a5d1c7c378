// Deterministic xorshift32 words for tests: fixed "random" inputs that reproduce on every run.

/** `count` words from the xorshift32 sequence seeded with `seed` (0 is taken as 1). */
export function xorshiftWords(seed: number, count: number): Uint32Array {
  let s = seed >>> 0 || 1;
  return Uint32Array.from({ length: count }, () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  });
}
