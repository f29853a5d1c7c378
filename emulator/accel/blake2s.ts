// BLAKE2s arithmetic as pure functions (RFC 7693): the round function on the 16-word working
// vector and the compression function F built from it. Shared by the oracle's accelerator and
// Airbender's round delegation (emulator/airbender/delegations.ts).

export const BLAKE2S_IV = Uint32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);

export const BLAKE2S_ROUNDS = 10;

/** The message schedule σ of each of the 10 rounds. */
export const BLAKE2S_SIGMA: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];

/** G's four columns then four diagonals: indices into v. */
const MIX: readonly (readonly [number, number, number, number])[] = [
  [0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15],
  [0, 5, 10, 15], [1, 6, 11, 12], [2, 7, 8, 13], [3, 4, 9, 14],
];

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** One round on the working vector v (16 words, in place): G on the columns, then the diagonals. */
export function blake2sRound(v: Uint32Array, m: ArrayLike<number>, sigma: readonly number[]): void {
  for (let i = 0; i < 8; i++) {
    const [a, b, c, d] = MIX[i];
    v[a] = v[a] + v[b] + m[sigma[2 * i]];
    v[d] = rotr(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = rotr(v[b] ^ v[c], 12);
    v[a] = v[a] + v[b] + m[sigma[2 * i + 1]];
    v[d] = rotr(v[d] ^ v[a], 8);
    v[c] = v[c] + v[d];
    v[b] = rotr(v[b] ^ v[c], 7);
  }
}

const v = new Uint32Array(16);

/** F(h, m, t = tHi·2³² + tLo, f = last): updates h (8 words) in place. */
export function blake2sCompress(h: Uint32Array, m: Uint32Array, tLo: number, tHi: number, last: boolean): void {
  if (h.length !== 8 || m.length !== 16) throw new Error(`blake2sCompress: h must be 8 words and m 16, got ${h.length} and ${m.length}`);
  v.set(h);
  v.set(BLAKE2S_IV, 8);
  v[12] ^= tLo;
  v[13] ^= tHi;
  if (last) v[14] = ~v[14];
  for (let round = 0; round < BLAKE2S_ROUNDS; round++) blake2sRound(v, m, BLAKE2S_SIGMA[round]);
  for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}
