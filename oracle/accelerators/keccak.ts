// keccak-f[1600] on 25 little-endian 64-bit lanes held as 50 u32 words (lane i = words 2i, 2i+1:
// low, high), in place; and Keccak-256 (Ethereum's padding) built on it for the output commitment.

/** Round constants, low and high halves. */
const RC_LO = new Uint32Array(24);
const RC_HI = new Uint32Array(24);
{
  // the LFSR of FIPS 202 (rc(t)), so no table of magic numbers is copied in
  let r = 1;
  const bit = () => {
    const out = r & 1;
    r = r & 0x80 ? ((r << 1) ^ 0x71) & 0xff : (r << 1) & 0xff;
    return out;
  };
  for (let round = 0; round < 24; round++) {
    for (let j = 0; j < 7; j++) {
      const position = (1 << j) - 1;
      if (bit()) {
        if (position < 32) RC_LO[round] |= 1 << position;
        else RC_HI[round] |= 1 << (position - 32);
      }
    }
  }
}

/** rho offsets and pi destinations, walked along the (x, y) → (y, 2x + 3y) cycle from lane 1. */
const RHO: number[] = [];
const PI: number[] = [];
for (let t = 0, x = 1, y = 0; t < 24; t++) {
  RHO.push(((t + 1) * (t + 2)) / 2 % 64);
  [x, y] = [y, (2 * x + 3 * y) % 5];
  PI.push(x + 5 * y);
}

const C = new Uint32Array(10);
/** rotates the lane (lo, hi) left by n (0..63); returns [lo, hi] through the scratch pair */
const ROT = new Uint32Array(2);
function rotl(lo: number, hi: number, n: number): void {
  if (n >= 32) [lo, hi, n] = [hi, lo, n - 32];
  if (n === 0) {
    ROT[0] = lo;
    ROT[1] = hi;
    return;
  }
  ROT[0] = (lo << n) | (hi >>> (32 - n));
  ROT[1] = (hi << n) | (lo >>> (32 - n));
}

/** Applies keccak-f[1600] to `s` (50 words) in place. */
export function keccakF(s: Uint32Array): void {
  if (s.length !== 50) throw new Error(`keccakF: state must be 50 words, got ${s.length}`);
  for (let round = 0; round < 24; round++) {
    // theta
    for (let x = 0; x < 10; x++) C[x] = s[x] ^ s[x + 10] ^ s[x + 20] ^ s[x + 30] ^ s[x + 40];
    for (let x = 0; x < 5; x++) {
      const next = ((x + 1) % 5) * 2;
      rotl(C[next], C[next + 1], 1);
      const dLo = C[((x + 4) % 5) * 2] ^ ROT[0];
      const dHi = C[((x + 4) % 5) * 2 + 1] ^ ROT[1];
      for (let y = 0; y < 50; y += 10) {
        s[y + 2 * x] ^= dLo;
        s[y + 2 * x + 1] ^= dHi;
      }
    }
    // rho and pi
    let lo = s[2];
    let hi = s[3];
    for (let t = 0; t < 24; t++) {
      const to = PI[t] * 2;
      const [nextLo, nextHi] = [s[to], s[to + 1]];
      rotl(lo, hi, RHO[t]);
      s[to] = ROT[0];
      s[to + 1] = ROT[1];
      lo = nextLo;
      hi = nextHi;
    }
    // chi
    for (let y = 0; y < 50; y += 10) {
      for (let x = 0; x < 10; x++) C[x] = s[y + x];
      for (let x = 0; x < 5; x++) {
        const a = ((x + 1) % 5) * 2;
        const b = ((x + 2) % 5) * 2;
        s[y + 2 * x] = C[2 * x] ^ (~C[a] & C[b]);
        s[y + 2 * x + 1] = C[2 * x + 1] ^ (~C[a + 1] & C[b + 1]);
      }
    }
    // iota
    s[0] ^= RC_LO[round];
    s[1] ^= RC_HI[round];
  }
}

const RATE = 136;

/** Keccak-256 of `data` (rate 136 bytes, padding 0x01 … 0x80), on keccakF. */
export function keccak256(data: Uint8Array): Uint8Array {
  const state = new Uint32Array(50);
  const bytes = new Uint8Array(state.buffer);
  const padded = new Uint8Array(Math.floor(data.length / RATE + 1) * RATE);
  padded.set(data);
  padded[data.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  for (let at = 0; at < padded.length; at += RATE) {
    for (let i = 0; i < RATE; i++) bytes[i] ^= padded[at + i];
    keccakF(state);
  }
  return bytes.slice(0, 32);
}
