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
/** the other half of the ping-pong state: rounds alternate STATE -> SCRATCH -> STATE */
const SCRATCH: usize = memory.data(200, 16);
/** one block of input, copied here so lanes are read from an aligned address */
const BLOCK: usize = memory.data(<i32>RATE, 16);

/**
 * One round from the 25 lanes at `src` to `dst`. The state stays in memory: 50 words do not fit
 * in rv32's registers, and holding them in locals spills more than streaming them once per round.
 */
// @ts-ignore: decorator
@inline function round(src: usize, dst: usize, rc: u64): void {
  const c0 = load<u64>(src, 0) ^ load<u64>(src, 40) ^ load<u64>(src, 80) ^ load<u64>(src, 120) ^ load<u64>(src, 160);
  const c1 = load<u64>(src, 8) ^ load<u64>(src, 48) ^ load<u64>(src, 88) ^ load<u64>(src, 128) ^ load<u64>(src, 168);
  const c2 = load<u64>(src, 16) ^ load<u64>(src, 56) ^ load<u64>(src, 96) ^ load<u64>(src, 136) ^ load<u64>(src, 176);
  const c3 = load<u64>(src, 24) ^ load<u64>(src, 64) ^ load<u64>(src, 104) ^ load<u64>(src, 144) ^ load<u64>(src, 184);
  const c4 = load<u64>(src, 32) ^ load<u64>(src, 72) ^ load<u64>(src, 112) ^ load<u64>(src, 152) ^ load<u64>(src, 192);
  const d0 = c4 ^ rotl<u64>(c1, 1);
  const d1 = c0 ^ rotl<u64>(c2, 1);
  const d2 = c1 ^ rotl<u64>(c3, 1);
  const d3 = c2 ^ rotl<u64>(c4, 1);
  const d4 = c3 ^ rotl<u64>(c0, 1);
  const b0_0 = (load<u64>(src, 0) ^ d0);
  const b1_0 = rotl<u64>(load<u64>(src, 48) ^ d1, 44);
  const b2_0 = rotl<u64>(load<u64>(src, 96) ^ d2, 43);
  const b3_0 = rotl<u64>(load<u64>(src, 144) ^ d3, 21);
  const b4_0 = rotl<u64>(load<u64>(src, 192) ^ d4, 14);
  store<u64>(dst, b0_0 ^ (~b1_0 & b2_0) ^ rc, 0);
  store<u64>(dst, b1_0 ^ (~b2_0 & b3_0), 8);
  store<u64>(dst, b2_0 ^ (~b3_0 & b4_0), 16);
  store<u64>(dst, b3_0 ^ (~b4_0 & b0_0), 24);
  store<u64>(dst, b4_0 ^ (~b0_0 & b1_0), 32);
  const b0_1 = rotl<u64>(load<u64>(src, 24) ^ d3, 28);
  const b1_1 = rotl<u64>(load<u64>(src, 72) ^ d4, 20);
  const b2_1 = rotl<u64>(load<u64>(src, 80) ^ d0, 3);
  const b3_1 = rotl<u64>(load<u64>(src, 128) ^ d1, 45);
  const b4_1 = rotl<u64>(load<u64>(src, 176) ^ d2, 61);
  store<u64>(dst, b0_1 ^ (~b1_1 & b2_1), 40);
  store<u64>(dst, b1_1 ^ (~b2_1 & b3_1), 48);
  store<u64>(dst, b2_1 ^ (~b3_1 & b4_1), 56);
  store<u64>(dst, b3_1 ^ (~b4_1 & b0_1), 64);
  store<u64>(dst, b4_1 ^ (~b0_1 & b1_1), 72);
  const b0_2 = rotl<u64>(load<u64>(src, 8) ^ d1, 1);
  const b1_2 = rotl<u64>(load<u64>(src, 56) ^ d2, 6);
  const b2_2 = rotl<u64>(load<u64>(src, 104) ^ d3, 25);
  const b3_2 = rotl<u64>(load<u64>(src, 152) ^ d4, 8);
  const b4_2 = rotl<u64>(load<u64>(src, 160) ^ d0, 18);
  store<u64>(dst, b0_2 ^ (~b1_2 & b2_2), 80);
  store<u64>(dst, b1_2 ^ (~b2_2 & b3_2), 88);
  store<u64>(dst, b2_2 ^ (~b3_2 & b4_2), 96);
  store<u64>(dst, b3_2 ^ (~b4_2 & b0_2), 104);
  store<u64>(dst, b4_2 ^ (~b0_2 & b1_2), 112);
  const b0_3 = rotl<u64>(load<u64>(src, 32) ^ d4, 27);
  const b1_3 = rotl<u64>(load<u64>(src, 40) ^ d0, 36);
  const b2_3 = rotl<u64>(load<u64>(src, 88) ^ d1, 10);
  const b3_3 = rotl<u64>(load<u64>(src, 136) ^ d2, 15);
  const b4_3 = rotl<u64>(load<u64>(src, 184) ^ d3, 56);
  store<u64>(dst, b0_3 ^ (~b1_3 & b2_3), 120);
  store<u64>(dst, b1_3 ^ (~b2_3 & b3_3), 128);
  store<u64>(dst, b2_3 ^ (~b3_3 & b4_3), 136);
  store<u64>(dst, b3_3 ^ (~b4_3 & b0_3), 144);
  store<u64>(dst, b4_3 ^ (~b0_3 & b1_3), 152);
  const b0_4 = rotl<u64>(load<u64>(src, 16) ^ d2, 62);
  const b1_4 = rotl<u64>(load<u64>(src, 64) ^ d3, 55);
  const b2_4 = rotl<u64>(load<u64>(src, 112) ^ d4, 39);
  const b3_4 = rotl<u64>(load<u64>(src, 120) ^ d0, 41);
  const b4_4 = rotl<u64>(load<u64>(src, 168) ^ d1, 2);
  store<u64>(dst, b0_4 ^ (~b1_4 & b2_4), 160);
  store<u64>(dst, b1_4 ^ (~b2_4 & b3_4), 168);
  store<u64>(dst, b2_4 ^ (~b3_4 & b4_4), 176);
  store<u64>(dst, b3_4 ^ (~b4_4 & b0_4), 184);
  store<u64>(dst, b4_4 ^ (~b0_4 & b1_4), 192);
}

/** keccak-f[1600] on STATE: 24 rounds, alternating between STATE and SCRATCH. */
function permute(): void {
  let src = STATE;
  let dst = SCRATCH;
  for (let r = 0; r < 24; r++) {
    round(src, dst, unchecked(ROUND_CONSTANTS[r]));
    const t = src;
    src = dst;
    dst = t;
  }
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
