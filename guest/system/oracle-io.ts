// Typed oracle traffic of the System: the block protocol's inputs (block_metadata, next_transaction,
// account_properties, storage_initial, bytecode, block_hash) and outputs (report_*), with the word
// encodings of oracle/schema/queries.ts: u64 = 2 words low first, u256 = 8 little-endian limbs
// (a word's memory image), address = the word's low 5 limbs, bytes32 = the 32 bytes' memory image.
// Every report is also absorbed into the block digest (digest.ts). Bytecode is checked here against
// its hash; account and storage answers are trusted until the state-commitment proofs exist.
import { query, readAnswer } from "../lib/oracle";
import * as Q from "../lib/queries";
import { keccak256 } from "../common/keccak256";
import { toHex } from "../common/bytes";
import { digestUpdate } from "./digest";

/** scratch for payloads and fixed-size answers (largest fixed layout: report_log's 40 header words) */
const PAY: usize = memory.data(256, 16);
const HASH: usize = memory.data(32, 16);

/** Asks a report query and absorbs its payload into the digest. */
export function sendReport(id: u32, payload: usize, words: u32): void {
  query(id, payload, words);
  digestUpdate(payload, <usize>words << 2);
}

/** block_metadata's 45 words into `out` (180 bytes, the answer's layout). */
export function readBlockMetadata(out: usize): void {
  const n = query(Q.QUERY_BLOCK_METADATA, PAY, 0);
  if (n != Q.QUERY_BLOCK_METADATA_ANSWER_WORDS) throw new Error("system: block_metadata answered " + n.toString() + " words, expected 45");
  readAnswer(out, n);
}

/** The next transaction's raw bytes (on the heap), or null when the block is sealed. */
export function readNextTransaction(): Uint8Array | null {
  const n = query(Q.QUERY_NEXT_TRANSACTION, PAY, 0);
  if (n == 0) throw new Error("system: next_transaction answered no words");
  readAnswer(PAY, 1);
  const len = load<u32>(PAY);
  if (len == 0) return null;
  const words = (len + 3) >> 2;
  if (words != n - 1) throw new Error("system: next_transaction: length " + len.toString() + " does not match the answer's " + (n - 1).toString() + " data words");
  const buf = new ArrayBuffer(<i32>(words << 2));
  readAnswer(changetype<usize>(buf), words);
  return Uint8Array.wrap(buf, 0, <i32>len);
}

/**
 * account_properties of the address word `addr` into `out`: flags u32, nonce u64 (at +4), balance
 * (32 bytes at +12), code hash bytes (at +44), code length u32 (at +76): the answer's 80 bytes.
 */
export function readAccountProperties(addr: usize, out: usize): void {
  memory.copy(PAY, addr, 20);
  const n = query(Q.QUERY_ACCOUNT_PROPERTIES, PAY, 5);
  if (n != Q.QUERY_ACCOUNT_PROPERTIES_ANSWER_WORDS) throw new Error("system: account_properties answered " + n.toString() + " words, expected 20");
  readAnswer(out, n);
}

/** storage_initial of (address word, key word) into the word `out`. */
export function readStorageInitial(addr: usize, key: usize, out: usize): void {
  memory.copy(PAY, addr, 20);
  memory.copy(PAY + 20, key, 32);
  const n = query(Q.QUERY_STORAGE_INITIAL, PAY, 13);
  if (n != 8) throw new Error("system: storage_initial answered " + n.toString() + " words, expected 8");
  readAnswer(out, 8);
}

/** bytecode for the 32 hash bytes at `hash` into `dest` (room for `maxLen` bytes rounded up to words); returns the length; stops the run when the bytes do not hash to `hash`. */
export function readBytecode(hash: usize, dest: usize, maxLen: u32): u32 {
  memory.copy(PAY, hash, 32);
  const n = query(Q.QUERY_BYTECODE, PAY, 8);
  if (n == 0) throw new Error("system: bytecode 0x" + toHex(hash, 32) + ": empty answer");
  readAnswer(PAY + 32, 1);
  const len = load<u32>(PAY + 32);
  const words = (len + 3) >> 2;
  if (len > maxLen || words != n - 1) {
    throw new Error("system: bytecode 0x" + toHex(hash, 32) + ": the oracle answered " + len.toString() + " bytes, the account says " + maxLen.toString());
  }
  readAnswer(dest, words);
  keccak256(dest, len, HASH);
  if (memory.compare(HASH, PAY, 32) != 0) {
    throw new Error("system: bytecode from the oracle does not hash to 0x" + toHex(PAY, 32) + " (its keccak256 is 0x" + toHex(HASH, 32) + ")");
  }
  return len;
}

/** block_hash of block `n`: the 32 hash bytes into `out`. */
export function readBlockHash(n: u64, out: usize): void {
  store<u64>(PAY, n);
  const w = query(Q.QUERY_BLOCK_HASH, PAY, 2);
  if (w != 8) throw new Error("system: block_hash answered " + w.toString() + " words, expected 8");
  readAnswer(out, 8);
}
