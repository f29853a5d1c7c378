// SHA-256 (FIPS 180-4) in software: the compression function with the rounds unrolled eight at a
// time, and the one-shot digest of a byte range. Static state (no allocation). Used by precompile
// 0x02 (guest/bootloader/hooks/02-sha256.ts) and by the sha256 sample and benchmark (programs/as).
// @ts-ignore: decorator
@inline const BLOCK_BYTES: usize = 64;

const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL_STATE: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** the chaining state: 8 words */
const STATE: usize = memory.data(32, 16);
/** the message schedule: 64 words */
const W: usize = memory.data(64 * 4, 16);
/** the last, padded block(s) of a message */
const TAIL: usize = memory.data(128, 16);

/** Compresses the 64-byte block at `block` (any alignment: read bytewise, big-endian) into STATE. */
export function sha256Compress(block: usize): void {
  for (let i: usize = 0; i < 16; i++) {
    const p = block + (i << 2);
    store<u32>(W + (i << 2),
      (<u32>load<u8>(p) << 24) | (<u32>load<u8>(p, 1) << 16) | (<u32>load<u8>(p, 2) << 8) | <u32>load<u8>(p, 3));
  }
  // W[i] = W[i-16] + s0(W[i-15]) + W[i-7] + s1(W[i-2]); w points at W[i-16] (offsets must be >= 0)
  for (let i: usize = 16; i < 64; i++) {
    const w = W + ((i - 16) << 2);
    const w15 = load<u32>(w, 4);
    const w2 = load<u32>(w, 56);
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >> 10);
    store<u32>(w, load<u32>(w) + s0 + load<u32>(w, 36) + s1, 64);
  }
  let a = load<u32>(STATE, 0), b = load<u32>(STATE, 4), c = load<u32>(STATE, 8), d = load<u32>(STATE, 12);
  let e = load<u32>(STATE, 16), f = load<u32>(STATE, 20), g = load<u32>(STATE, 24), h = load<u32>(STATE, 28);
  let t1: u32, t2: u32;
  // 8 rounds per iteration, the variables renamed instead of shifted
  for (let i: usize = 0; i < 64; i += 8) {
    const k = K + (i << 2);
    const w = W + (i << 2);
      t1 = h + (rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25)) + (g ^ (e & (f ^ g))) + load<u32>(k, 0) + load<u32>(w, 0);
      t2 = (rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22)) + ((a & b) | (c & (a | b)));
      d += t1;
      h = t1 + t2;
      t1 = g + (rotr<u32>(d, 6) ^ rotr<u32>(d, 11) ^ rotr<u32>(d, 25)) + (f ^ (d & (e ^ f))) + load<u32>(k, 4) + load<u32>(w, 4);
      t2 = (rotr<u32>(h, 2) ^ rotr<u32>(h, 13) ^ rotr<u32>(h, 22)) + ((h & a) | (b & (h | a)));
      c += t1;
      g = t1 + t2;
      t1 = f + (rotr<u32>(c, 6) ^ rotr<u32>(c, 11) ^ rotr<u32>(c, 25)) + (e ^ (c & (d ^ e))) + load<u32>(k, 8) + load<u32>(w, 8);
      t2 = (rotr<u32>(g, 2) ^ rotr<u32>(g, 13) ^ rotr<u32>(g, 22)) + ((g & h) | (a & (g | h)));
      b += t1;
      f = t1 + t2;
      t1 = e + (rotr<u32>(b, 6) ^ rotr<u32>(b, 11) ^ rotr<u32>(b, 25)) + (d ^ (b & (c ^ d))) + load<u32>(k, 12) + load<u32>(w, 12);
      t2 = (rotr<u32>(f, 2) ^ rotr<u32>(f, 13) ^ rotr<u32>(f, 22)) + ((f & g) | (h & (f | g)));
      a += t1;
      e = t1 + t2;
      t1 = d + (rotr<u32>(a, 6) ^ rotr<u32>(a, 11) ^ rotr<u32>(a, 25)) + (c ^ (a & (b ^ c))) + load<u32>(k, 16) + load<u32>(w, 16);
      t2 = (rotr<u32>(e, 2) ^ rotr<u32>(e, 13) ^ rotr<u32>(e, 22)) + ((e & f) | (g & (e | f)));
      h += t1;
      d = t1 + t2;
      t1 = c + (rotr<u32>(h, 6) ^ rotr<u32>(h, 11) ^ rotr<u32>(h, 25)) + (b ^ (h & (a ^ b))) + load<u32>(k, 20) + load<u32>(w, 20);
      t2 = (rotr<u32>(d, 2) ^ rotr<u32>(d, 13) ^ rotr<u32>(d, 22)) + ((d & e) | (f & (d | e)));
      g += t1;
      c = t1 + t2;
      t1 = b + (rotr<u32>(g, 6) ^ rotr<u32>(g, 11) ^ rotr<u32>(g, 25)) + (a ^ (g & (h ^ a))) + load<u32>(k, 24) + load<u32>(w, 24);
      t2 = (rotr<u32>(c, 2) ^ rotr<u32>(c, 13) ^ rotr<u32>(c, 22)) + ((c & d) | (e & (c | d)));
      f += t1;
      b = t1 + t2;
      t1 = a + (rotr<u32>(f, 6) ^ rotr<u32>(f, 11) ^ rotr<u32>(f, 25)) + (h ^ (f & (g ^ h))) + load<u32>(k, 28) + load<u32>(w, 28);
      t2 = (rotr<u32>(b, 2) ^ rotr<u32>(b, 13) ^ rotr<u32>(b, 22)) + ((b & c) | (d & (b | c)));
      e += t1;
      a = t1 + t2;
  }
  store<u32>(STATE, load<u32>(STATE, 0) + a, 0);
  store<u32>(STATE, load<u32>(STATE, 4) + b, 4);
  store<u32>(STATE, load<u32>(STATE, 8) + c, 8);
  store<u32>(STATE, load<u32>(STATE, 12) + d, 12);
  store<u32>(STATE, load<u32>(STATE, 16) + e, 16);
  store<u32>(STATE, load<u32>(STATE, 20) + f, 20);
  store<u32>(STATE, load<u32>(STATE, 24) + g, 24);
  store<u32>(STATE, load<u32>(STATE, 28) + h, 28);
}

/** Writes SHA-256 of the `len` bytes at `data` to the 32 bytes at `digest`. */
export function sha256(data: usize, len: usize, digest: usize): void {
  memory.copy(STATE, INITIAL_STATE, 32);
  let offset: usize = 0;
  for (; offset + BLOCK_BYTES <= len; offset += BLOCK_BYTES) sha256Compress(data + offset);
  const rest = len - offset;
  const tailBytes: usize = rest < 56 ? BLOCK_BYTES : 2 * BLOCK_BYTES;
  memory.fill(TAIL, 0, tailBytes);
  memory.copy(TAIL, data + offset, rest);
  store<u8>(TAIL + rest, 0x80);
  const bits = <u64>len << 3;
  for (let i: usize = 0; i < 8; i++) store<u8>(TAIL + tailBytes - 1 - i, <u8>(bits >> (i << 3)));
  sha256Compress(TAIL);
  if (tailBytes > BLOCK_BYTES) sha256Compress(TAIL + BLOCK_BYTES);
  for (let i: usize = 0; i < 8; i++) {
    const word = load<u32>(STATE + (i << 2));
    const out = digest + (i << 2);
    store<u8>(out, <u8>(word >> 24), 0);
    store<u8>(out, <u8>(word >> 16), 1);
    store<u8>(out, <u8>(word >> 8), 2);
    store<u8>(out, <u8>word, 3);
  }
}

/** Starts a message: the chaining state becomes the initial hash value. */
export function sha256Reset(): void {
  memory.copy(STATE, INITIAL_STATE, 32);
}

/** Word i (0-7) of the chaining state. */
export function sha256StateWord(i: usize): u32 {
  return load<u32>(STATE + (i << 2));
}
