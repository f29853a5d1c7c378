// Precompile 0x03, RIPEMD-160 of the input; output the 20-byte digest left-padded with zeros to 32
// bytes. Gas 600 + 120 per 32-byte word. Two parallel lines of 80 steps over 16 little-endian
// words per 64-byte block (MD4-style padding, bit length little-endian). AssemblyScript.
import { CallResult } from "../../ee/interface";
import { failure, success, wordGas } from "./gas";

// message word order and rotations, left line (R, S) and right line (RR, SR), 80 bytes each
const R: usize = memory.data<u8>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
  3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
  1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
  4, 0, 5, 9, 7, 12, 2, 10, 14, 1, 3, 8, 11, 6, 15, 13,
]);
const RR: usize = memory.data<u8>([
  5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
  6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
  15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
  8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
  12, 15, 10, 4, 1, 5, 8, 7, 6, 2, 13, 14, 0, 3, 9, 11,
]);
const S: usize = memory.data<u8>([
  11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
  7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
  11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
  11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
  9, 15, 5, 11, 6, 8, 13, 12, 5, 12, 13, 14, 11, 8, 5, 6,
]);
const SR: usize = memory.data<u8>([
  8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
  9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
  9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
  15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
  8, 5, 12, 9, 12, 5, 14, 6, 8, 13, 6, 5, 15, 13, 11, 11,
]);
const KL: usize = memory.data<u32>([0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xa953fd4e]);
const KR: usize = memory.data<u32>([0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x7a6d76e9, 0x00000000]);
const H0: usize = memory.data<u32>([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
const H: usize = memory.data(20, 16);
const X: usize = memory.data(64, 16);
const TAIL: usize = memory.data(128, 16);

/** The five boolean functions, by round (0..4). */
// @ts-ignore: decorator
@inline function f(round: u32, x: u32, y: u32, z: u32): u32 {
  switch (round) {
    case 0: return x ^ y ^ z;
    case 1: return (x & y) | (~x & z);
    case 2: return (x | ~y) ^ z;
    case 3: return (x & z) | (y & ~z);
    default: return x ^ (y | ~z);
  }
}

function compress(block: usize): void {
  for (let i: usize = 0; i < 16; i++) {
    const p = block + (i << 2);
    store<u32>(X + (i << 2), <u32>load<u8>(p) | (<u32>load<u8>(p, 1) << 8) | (<u32>load<u8>(p, 2) << 16) | (<u32>load<u8>(p, 3) << 24));
  }
  let al = load<u32>(H, 0), bl = load<u32>(H, 4), cl = load<u32>(H, 8), dl = load<u32>(H, 12), el = load<u32>(H, 16);
  let ar = al, br = bl, cr = cl, dr = dl, er = el;
  for (let j: usize = 0; j < 80; j++) {
    const round = <u32>(j >> 4);
    let t = rotl<u32>(al + f(round, bl, cl, dl) + load<u32>(X + (<usize>load<u8>(R + j) << 2)) + load<u32>(KL + (<usize>round << 2)), <u32>load<u8>(S + j)) + el;
    al = el;
    el = dl;
    dl = rotl<u32>(cl, 10);
    cl = bl;
    bl = t;
    t = rotl<u32>(ar + f(4 - round, br, cr, dr) + load<u32>(X + (<usize>load<u8>(RR + j) << 2)) + load<u32>(KR + (<usize>round << 2)), <u32>load<u8>(SR + j)) + er;
    ar = er;
    er = dr;
    dr = rotl<u32>(cr, 10);
    cr = br;
    br = t;
  }
  const t = load<u32>(H, 4) + cl + dr;
  store<u32>(H, load<u32>(H, 8) + dl + er, 4);
  store<u32>(H, load<u32>(H, 12) + el + ar, 8);
  store<u32>(H, load<u32>(H, 16) + al + br, 12);
  store<u32>(H, load<u32>(H, 0) + bl + cr, 16);
  store<u32>(H, t, 0);
}

/** Writes RIPEMD-160 of the `len` bytes at `data` (any alignment) as 20 bytes at `out`. */
export function ripemd160Digest(data: usize, len: usize, out: usize): void {
  memory.copy(H, H0, 20);
  const full = len & ~(<usize>63);
  for (let at: usize = 0; at < full; at += 64) compress(data + at);
  const rest = len - full;
  memory.fill(TAIL, 0, 128);
  memory.copy(TAIL, data + full, rest);
  store<u8>(TAIL + rest, 0x80);
  const tailLen: usize = rest < 56 ? 64 : 128;
  store<u64>(TAIL + tailLen - 8, <u64>len << 3);
  compress(TAIL);
  if (tailLen == 128) compress(TAIL + 64);
  memory.copy(out, H, 20); // the state words little-endian are the digest bytes
}

export function ripemd160(input: Uint8Array, gas: u64): CallResult {
  const cost = wordGas(600, 120, <usize>input.length);
  if (gas < cost) return failure();
  const out = new Uint8Array(32);
  ripemd160Digest(input.dataStart, <usize>input.length, out.dataStart + 12);
  return success(out, gas - cost);
}
