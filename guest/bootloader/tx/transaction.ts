// The decoded transaction (every supported type in one shape) as the bootloader uses it. Lives on the
// heap for one transaction; byte fields (data, access list) point into the raw transaction bytes,
// which stay alive as long as `raw`. AssemblyScript.
import { newWord } from "../../common/word";

export const TX_LEGACY: i32 = 0;
export const TX_ACCESS_LIST: i32 = 1; // EIP-2930
export const TX_DYNAMIC_FEE: i32 = 2; // EIP-1559
export const TX_BLOB: i32 = 3; // EIP-4844

/** Blob gas per blob (EIP-4844 GAS_PER_BLOB). */
export const GAS_PER_BLOB: u64 = 131072;
/** Blobs per block and so per transaction (Cancun MAX_BLOB_GAS_PER_BLOCK / GAS_PER_BLOB). */
export const MAX_BLOBS: u32 = 6;

export class Transaction {
  /** the raw bytes (kept alive: data and the access list point into them) */
  raw: Uint8Array = new Uint8Array(0);
  type: i32 = TX_LEGACY;
  /** false only for a legacy transaction without EIP-155 replay protection */
  hasChainId: bool = false;
  /** the chain id (a word: typed transactions may encode any 256-bit integer) */
  chainId: usize = newWord();
  nonce: u64 = 0;
  /** legacy/2930: the gas price; 1559/4844: max_fee_per_gas */
  maxFee: usize = newWord();
  /** legacy/2930: the gas price; 1559/4844: max_priority_fee_per_gas */
  maxPriorityFee: usize = newWord();
  gasLimit: u64 = 0;
  hasTo: bool = false;
  /** an address word (zero when !hasTo) */
  to: usize = newWord();
  value: usize = newWord();
  data: usize = 0;
  dataLength: usize = 0;
  /** the access list's payload (a sequence of [address, [keys]] items, already checked) */
  accessList: usize = 0;
  accessListLength: usize = 0;
  accessAddresses: u32 = 0;
  accessKeys: u32 = 0;
  /** type 3 only */
  maxFeePerBlobGas: usize = newWord();
  blobCount: u32 = 0;
  /** blobCount × 32 bytes, the versioned hashes in order */
  blobHashes: Uint8Array = new Uint8Array(0);
  /** signature: recovery id (0/1) and r, s as words */
  recid: u32 = 0;
  r: usize = newWord();
  s: usize = newWord();
  /** legacy: the raw v when it was neither 27/28 nor ≥ 35 (an invalid signature) */
  badV: bool = false;
  /** keccak256 of the signing payload (32 bytes) */
  signingHash: usize = heap.alloc(32);
  /** the recovered sender (an address word), set by recoverSender */
  sender: usize = newWord();
  /** computed by validation */
  intrinsicGas: u64 = 0;

  isCreate(): bool {
    return !this.hasTo;
  }

  /** The calldata (or init code) as a new Uint8Array. */
  dataBytes(): Uint8Array {
    const out = new Uint8Array(<i32>this.dataLength);
    memory.copy(out.dataStart, this.data, this.dataLength);
    return out;
  }
}
