// A deterministic generator (xorshift64*) for tests, so failures reproduce: 64-bit words, big
// integers of any width, bounded integers and bytes.

export function rng(seed: bigint) {
  let s = seed;
  const next64 = () => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    return (s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  };
  const big = (bits: number) => {
    let x = 0n;
    for (let i = 0; i < bits; i += 64) x = (x << 64n) | next64();
    return x & ((1n << BigInt(bits)) - 1n);
  };
  return {
    next64,
    big,
    u256: () => (next64() << 192n) | (next64() << 128n) | (next64() << 64n) | next64(),
    int: (n: number) => Number(next64() % BigInt(n)),
    bytes: (n: number) => Uint8Array.from({ length: n }, () => Number(next64() & 0xffn)),
  };
}
