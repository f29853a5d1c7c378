// keccak: Keccak-256 (Ethereum's hash: Keccak[r=1088, c=512], padding 0x01..0x80) of "", "abc",
// 136 bytes and 1,000 bytes. Bench unit: keccakF(n) applies keccak-f[1600] n times.
import { putHexBytes, putString, putByte, flush } from "../../guest/lib/io";

// @ts-ignore: decorator
@inline const RATE: usize = 136;

const ROUND_CONSTANTS: StaticArray<u64> = [
  0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
  0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
  0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
  0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
  0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
  0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
];

/** the sponge state: 25 little-endian 64-bit lanes, lane (x, y) at index x + 5y */
const STATE: usize = memory.data(200, 16);
/** one block of input, copied here so lanes are read from an aligned address */
const BLOCK: usize = memory.data(<i32>RATE, 16);

/** keccak-f[1600] on STATE: 24 rounds with all 25 lanes held in locals. */
function permute(): void {
  let a00 = load<u64>(STATE, 0);
  let a01 = load<u64>(STATE, 8);
  let a02 = load<u64>(STATE, 16);
  let a03 = load<u64>(STATE, 24);
  let a04 = load<u64>(STATE, 32);
  let a05 = load<u64>(STATE, 40);
  let a06 = load<u64>(STATE, 48);
  let a07 = load<u64>(STATE, 56);
  let a08 = load<u64>(STATE, 64);
  let a09 = load<u64>(STATE, 72);
  let a10 = load<u64>(STATE, 80);
  let a11 = load<u64>(STATE, 88);
  let a12 = load<u64>(STATE, 96);
  let a13 = load<u64>(STATE, 104);
  let a14 = load<u64>(STATE, 112);
  let a15 = load<u64>(STATE, 120);
  let a16 = load<u64>(STATE, 128);
  let a17 = load<u64>(STATE, 136);
  let a18 = load<u64>(STATE, 144);
  let a19 = load<u64>(STATE, 152);
  let a20 = load<u64>(STATE, 160);
  let a21 = load<u64>(STATE, 168);
  let a22 = load<u64>(STATE, 176);
  let a23 = load<u64>(STATE, 184);
  let a24 = load<u64>(STATE, 192);
  for (let round = 0; round < 24; round++) {
      const c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
      const c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
      const c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
      const c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
      const c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
      const d0 = c4 ^ rotl<u64>(c1, 1);
      const d1 = c0 ^ rotl<u64>(c2, 1);
      const d2 = c1 ^ rotl<u64>(c3, 1);
      const d3 = c2 ^ rotl<u64>(c4, 1);
      const d4 = c3 ^ rotl<u64>(c0, 1);
      const b00 = (a00 ^ d0);
      const b01 = rotl<u64>(a06 ^ d1, 44);
      const b02 = rotl<u64>(a12 ^ d2, 43);
      const b03 = rotl<u64>(a18 ^ d3, 21);
      const b04 = rotl<u64>(a24 ^ d4, 14);
      const b05 = rotl<u64>(a03 ^ d3, 28);
      const b06 = rotl<u64>(a09 ^ d4, 20);
      const b07 = rotl<u64>(a10 ^ d0, 3);
      const b08 = rotl<u64>(a16 ^ d1, 45);
      const b09 = rotl<u64>(a22 ^ d2, 61);
      const b10 = rotl<u64>(a01 ^ d1, 1);
      const b11 = rotl<u64>(a07 ^ d2, 6);
      const b12 = rotl<u64>(a13 ^ d3, 25);
      const b13 = rotl<u64>(a19 ^ d4, 8);
      const b14 = rotl<u64>(a20 ^ d0, 18);
      const b15 = rotl<u64>(a04 ^ d4, 27);
      const b16 = rotl<u64>(a05 ^ d0, 36);
      const b17 = rotl<u64>(a11 ^ d1, 10);
      const b18 = rotl<u64>(a17 ^ d2, 15);
      const b19 = rotl<u64>(a23 ^ d3, 56);
      const b20 = rotl<u64>(a02 ^ d2, 62);
      const b21 = rotl<u64>(a08 ^ d3, 55);
      const b22 = rotl<u64>(a14 ^ d4, 39);
      const b23 = rotl<u64>(a15 ^ d0, 41);
      const b24 = rotl<u64>(a21 ^ d1, 2);
      a00 = b00 ^ (~b01 & b02);
      a01 = b01 ^ (~b02 & b03);
      a02 = b02 ^ (~b03 & b04);
      a03 = b03 ^ (~b04 & b00);
      a04 = b04 ^ (~b00 & b01);
      a05 = b05 ^ (~b06 & b07);
      a06 = b06 ^ (~b07 & b08);
      a07 = b07 ^ (~b08 & b09);
      a08 = b08 ^ (~b09 & b05);
      a09 = b09 ^ (~b05 & b06);
      a10 = b10 ^ (~b11 & b12);
      a11 = b11 ^ (~b12 & b13);
      a12 = b12 ^ (~b13 & b14);
      a13 = b13 ^ (~b14 & b10);
      a14 = b14 ^ (~b10 & b11);
      a15 = b15 ^ (~b16 & b17);
      a16 = b16 ^ (~b17 & b18);
      a17 = b17 ^ (~b18 & b19);
      a18 = b18 ^ (~b19 & b15);
      a19 = b19 ^ (~b15 & b16);
      a20 = b20 ^ (~b21 & b22);
      a21 = b21 ^ (~b22 & b23);
      a22 = b22 ^ (~b23 & b24);
      a23 = b23 ^ (~b24 & b20);
      a24 = b24 ^ (~b20 & b21);
      a00 ^= unchecked(ROUND_CONSTANTS[round]);
  }
  store<u64>(STATE, a00, 0);
  store<u64>(STATE, a01, 8);
  store<u64>(STATE, a02, 16);
  store<u64>(STATE, a03, 24);
  store<u64>(STATE, a04, 32);
  store<u64>(STATE, a05, 40);
  store<u64>(STATE, a06, 48);
  store<u64>(STATE, a07, 56);
  store<u64>(STATE, a08, 64);
  store<u64>(STATE, a09, 72);
  store<u64>(STATE, a10, 80);
  store<u64>(STATE, a11, 88);
  store<u64>(STATE, a12, 96);
  store<u64>(STATE, a13, 104);
  store<u64>(STATE, a14, 112);
  store<u64>(STATE, a15, 120);
  store<u64>(STATE, a16, 128);
  store<u64>(STATE, a17, 136);
  store<u64>(STATE, a18, 144);
  store<u64>(STATE, a19, 152);
  store<u64>(STATE, a20, 160);
  store<u64>(STATE, a21, 168);
  store<u64>(STATE, a22, 176);
  store<u64>(STATE, a23, 184);
  store<u64>(STATE, a24, 192);
}

/** XORs the RATE bytes at BLOCK into the state and permutes. */
function absorbBlock(): void {
  for (let i: usize = 0; i < RATE; i += 8) store<u64>(STATE + i, load<u64>(STATE + i) ^ load<u64>(BLOCK + i));
  permute();
}

/** Writes Keccak-256 of the `len` bytes at `data` to the 32 bytes at `digest`. */
export function keccak256(data: usize, len: usize, digest: usize): void {
  memory.fill(STATE, 0, 200);
  let offset: usize = 0;
  for (; offset + RATE <= len; offset += RATE) {
    memory.copy(BLOCK, data + offset, RATE);
    absorbBlock();
  }
  const rest = len - offset;
  memory.fill(BLOCK, 0, RATE);
  memory.copy(BLOCK, data + offset, rest);
  store<u8>(BLOCK + rest, load<u8>(BLOCK + rest) ^ 0x01);
  store<u8>(BLOCK + RATE - 1, load<u8>(BLOCK + RATE - 1) ^ 0x80);
  absorbBlock();
  memory.copy(digest, STATE, 32);
}

/** Bench unit: applies keccak-f[1600] `count` times to the state; returns the low word of lane 0. */
export function keccakF(count: i32): u32 {
  for (let i = 0; i < count; i++) permute();
  return <u32>load<u64>(STATE);
}

/** The test message: byte i = (i * 31 + 7) & 0xff. */
function patternMessage(len: usize): usize {
  const data = heap.alloc(len);
  for (let i: usize = 0; i < len; i++) store<u8>(data + i, <u8>(i * 31 + 7));
  return data;
}

function printDigest(label: string, data: usize, len: usize): void {
  const digest = memory.data(32);
  keccak256(data, len, digest);
  putString("keccak256(");
  putString(label);
  putString(") = ");
  putHexBytes(digest, 32);
  putByte(10);
  flush();
}

export function main(): i32 {
  const abc = String.UTF8.encode("abc");
  printDigest("\"\"", 0, 0);
  printDigest("\"abc\"", changetype<usize>(abc), <usize>abc.byteLength);
  printDigest("136 bytes i*31+7", patternMessage(136), 136);
  printDigest("1000 bytes i*31+7", patternMessage(1000), 1000);
  heap.reset(); // everything allocated above is dead now
  return 0;
}
