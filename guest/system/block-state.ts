// The block context from block_metadata, kept in static memory for the whole block (it survives
// heap.reset()): the answer's 45 words as they came, read through typed accessors.
import { readBlockMetadata, readBlockHash } from "./oracle-io";
import { fromBytesBE, setZero } from "../common/u256";

const META: usize = memory.data(192, 16);
const M_NUMBER: usize = 0;
const M_TIMESTAMP: usize = 8;
const M_COINBASE: usize = 16;
const M_GAS_LIMIT: usize = 36;
const M_BASE_FEE: usize = 44;
const M_CHAIN_ID: usize = 76;
const M_PREVRANDAO: usize = 84;
const M_BLOB_BASE_FEE: usize = 116;
// the parent hash (at +148) is committed with the metadata; BLOCKHASH always asks block_hash

let loaded = false;
const HASH: usize = memory.data(32, 16);

/** Reads block_metadata (once per block). */
export function loadBlockContext(): void {
  readBlockMetadata(META);
  loaded = true;
}

function meta(): usize {
  if (!loaded) throw new Error("system: the block context is read before initBlock()");
  return META;
}

export function ctxNumber(): u64 {
  return load<u64>(meta() + M_NUMBER);
}
export function ctxTimestamp(): u64 {
  return load<u64>(meta() + M_TIMESTAMP);
}
export function ctxGasLimit(): u64 {
  return load<u64>(meta() + M_GAS_LIMIT);
}
export function ctxChainId(): u64 {
  return load<u64>(meta() + M_CHAIN_ID);
}
export function ctxCoinbase(out: usize): void {
  memory.copy(out, meta() + M_COINBASE, 20);
  memory.fill(out + 20, 0, 12);
}
export function ctxBaseFee(out: usize): void {
  memory.copy(out, meta() + M_BASE_FEE, 32);
}
export function ctxPrevrandao(out: usize): void {
  fromBytesBE(out, meta() + M_PREVRANDAO);
}
export function ctxBlobBaseFee(out: usize): void {
  memory.copy(out, meta() + M_BLOB_BASE_FEE, 32);
}

/** BLOCKHASH: the hash of block `n` as a word when it is one of the 256 before this one, else 0. */
export function ctxBlockHash(n: u64, out: usize): void {
  const current = ctxNumber();
  if (n >= current || current - n > 256) {
    setZero(out);
    return;
  }
  readBlockHash(n, HASH);
  fromBytesBE(out, HASH);
}
