// BLAKE2s arithmetic (RFC 7693): the round function on the 16-word working vector and the
// compression function F built from it, allocation-free (preallocated scratch, flat σ table).
// Shared by the oracle's accelerator and Airbender's round delegation (emulator/airbender/delegations.ts).

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

/** G on v[a], v[b], v[c], v[d] with message words x, y (RFC 7693 §3.1). */
function g(v: Uint32Array, a: number, b: number, c: number, d: number, x: number, y: number): void {
  let va = v[a];
  let vb = v[b];
  let vc = v[c];
  let vd = v[d];
  va = (va + vb + x) | 0;
  vd ^= va;
  vd = (vd >>> 16) | (vd << 16);
  vc = (vc + vd) | 0;
  vb ^= vc;
  vb = (vb >>> 12) | (vb << 20);
  va = (va + vb + y) | 0;
  vd ^= va;
  vd = (vd >>> 8) | (vd << 24);
  vc = (vc + vd) | 0;
  vb ^= vc;
  vb = (vb >>> 7) | (vb << 25);
  v[a] = va;
  v[b] = vb;
  v[c] = vc;
  v[d] = vd;
}

/** One round on the working vector v (16 words, in place): G on the columns, then the diagonals. */
export function blake2sRound(v: Uint32Array, m: ArrayLike<number>, sigma: readonly number[]): void {
  g(v, 0, 4, 8, 12, m[sigma[0]], m[sigma[1]]);
  g(v, 1, 5, 9, 13, m[sigma[2]], m[sigma[3]]);
  g(v, 2, 6, 10, 14, m[sigma[4]], m[sigma[5]]);
  g(v, 3, 7, 11, 15, m[sigma[6]], m[sigma[7]]);
  g(v, 0, 5, 10, 15, m[sigma[8]], m[sigma[9]]);
  g(v, 1, 6, 11, 12, m[sigma[10]], m[sigma[11]]);
  g(v, 2, 7, 8, 13, m[sigma[12]], m[sigma[13]]);
  g(v, 3, 4, 9, 14, m[sigma[14]], m[sigma[15]]);
}

/** σ of all rounds, flat (round r at 16r), as one typed array. */
const SIGMA = Uint8Array.from(BLAKE2S_SIGMA.flat());
const V = new Uint32Array(16);
const M = new Uint32Array(16);

/**
 * F(h, m, t = tHi·2³² + tLo, f = last) on words of any Uint32Array (a guest memory view): the
 * chaining value h[hAt..+8] is updated in place from the block m[mAt..+16]. Allocation-free; m is
 * read in full before h is written, so the two may overlap.
 */
export function blake2sCompressAt(h: Uint32Array, hAt: number, m: Uint32Array, mAt: number, tLo: number, tHi: number, last: boolean): void {
  const v = V;
  for (let i = 0; i < 16; i++) M[i] = m[mAt + i];
  for (let i = 0; i < 8; i++) {
    v[i] = h[hAt + i];
    v[i + 8] = BLAKE2S_IV[i];
  }
  v[12] ^= tLo;
  v[13] ^= tHi;
  if (last) v[14] = ~v[14];
  for (let r = 0; r < 16 * BLAKE2S_ROUNDS; r += 16) {
    g(v, 0, 4, 8, 12, M[SIGMA[r]], M[SIGMA[r + 1]]);
    g(v, 1, 5, 9, 13, M[SIGMA[r + 2]], M[SIGMA[r + 3]]);
    g(v, 2, 6, 10, 14, M[SIGMA[r + 4]], M[SIGMA[r + 5]]);
    g(v, 3, 7, 11, 15, M[SIGMA[r + 6]], M[SIGMA[r + 7]]);
    g(v, 0, 5, 10, 15, M[SIGMA[r + 8]], M[SIGMA[r + 9]]);
    g(v, 1, 6, 11, 12, M[SIGMA[r + 10]], M[SIGMA[r + 11]]);
    g(v, 2, 7, 8, 13, M[SIGMA[r + 12]], M[SIGMA[r + 13]]);
    g(v, 3, 4, 9, 14, M[SIGMA[r + 14]], M[SIGMA[r + 15]]);
  }
  for (let i = 0; i < 8; i++) h[hAt + i] ^= v[i] ^ v[i + 8];
}

/** F(h, m, t = tHi·2³² + tLo, f = last): updates h (8 words) in place. */
export function blake2sCompress(h: Uint32Array, m: Uint32Array, tLo: number, tHi: number, last: boolean): void {
  if (h.length !== 8 || m.length !== 16) throw new Error(`blake2sCompress: h must be 8 words and m 16, got ${h.length} and ${m.length}`);
  blake2sCompressAt(h, 0, m, 0, tLo, tHi, last);
}
