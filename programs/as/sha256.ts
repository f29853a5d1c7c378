// sha256: SHA-256 (FIPS 180-4) of "", "abc" and a 1,000-byte message, printed in hex.
// Bench unit: sha256Blocks(n) runs the compression function n times (cycles per 64-byte block).
import { putHexBytes, putString, putByte, flush } from "../../guest/lib/io";
import { sha256, sha256Compress, sha256Reset, sha256StateWord } from "../../guest/common/sha256";

/** "abc" padded to one block: compressing it once from the initial state gives SHA-256("abc"). */
const ABC_BLOCK: usize = memory.data<u8>([
  0x61, 0x62, 0x63, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24,
], 16);

/**
 * Bench unit: from the initial state, `count` compressions of one fixed block; returns the
 * state's first word (count = 1: 0xba7816bf, the first word of SHA-256("abc")).
 */
export function sha256Blocks(count: i32): u32 {
  sha256Reset();
  for (let i = 0; i < count; i++) sha256Compress(ABC_BLOCK);
  return sha256StateWord(0);
}

/** The test message: byte i = (i * 31 + 7) & 0xff. */
function patternMessage(len: usize): usize {
  const data = heap.alloc(len);
  for (let i: usize = 0; i < len; i++) store<u8>(data + i, <u8>(i * 31 + 7));
  return data;
}

function printDigest(label: string, data: usize, len: usize): void {
  const digest = memory.data(32);
  sha256(data, len, digest);
  putString("sha256(");
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
  printDigest("1000 bytes i*31+7", patternMessage(1000), 1000);
  heap.reset(); // everything allocated above is dead now
  return 0;
}
