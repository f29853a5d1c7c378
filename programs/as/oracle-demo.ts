// oracle-demo: asks the oracle for the run's input (numbers, as u32 words), hashes it with the
// keccak_f accelerator, sums its 8-word groups with u256 add, and commits count, digest and sum.
import { commit, commitWord, inputRead, inputSize } from "../../guest/lib/oracle";
import { keccak256, u256Add } from "../../guest/lib/accel";
import { flush, putByte, putHexBytes, putString, putU32 } from "../../guest/lib/io";

const MAX_WORDS: u32 = 4096;
/** words read per query: several queries for a long input */
const CHUNK: u32 = 256;
const INPUT: usize = memory.data(<i32>MAX_WORDS * 4, 16);
const DIGEST: usize = memory.data(32, 16);
const SUM: usize = memory.data(32, 16);

export function main(): i32 {
  const bytes = inputSize();
  const words = (bytes + 3) >> 2;
  if (words > MAX_WORDS) {
    putString("oracle-demo: input too long\n");
    flush();
    return 1;
  }
  for (let at: u32 = 0; at < words; at += CHUNK) {
    const count = words - at < CHUNK ? words - at : CHUNK;
    inputRead(at, count, INPUT + (<usize>at << 2));
  }
  keccak256(INPUT, bytes, DIGEST);
  for (let group: u32 = 0; group + 8 <= words; group += 8) u256Add(SUM, SUM, INPUT + (<usize>group << 2));
  commitWord(words);
  commit(DIGEST, 8);
  commit(SUM, 8);
  putString("oracle-demo: ");
  putU32(words);
  putString(" words, keccak256 = ");
  putHexBytes(DIGEST, 32);
  putByte(10);
  flush();
  return 0;
}
