// Test guest for guest/system: exports the System's functions over a static exchange buffer (words
// and byte strings are passed as pointers into it), plus heap.reset and memory probes, so
// test/guest-system.test.ts can drive blocks, transactions and frames natively.
import * as S from "../../../guest/system/system";
import { arenaUsed } from "../../../guest/system/arena";
import { frameDepth } from "../../../guest/system/frames";
import { heapPointersInBlockState } from "../../../guest/system/block-end";

export {
  initBlock, blockNumber, blockTimestamp, blockGasLimit, chainId, coinbase, baseFee, prevrandao, blobBaseFee, blockHash,
  finishBlock, txOrigin, txGasPrice, blobHashCount, blobHash, reportTransaction, endTransaction, startFrame, finishFrame,
  getBalance, getNonce, getCodeHash, getCodeSize, accountExists, isEmpty, hasCollision, setNonce, addBalance, subBalance,
  transfer, touch, markCreated, createdInTransaction, selfDestruct, warmAccount, warmSlot, sload, sstore, originalStorage,
  tload, tstore, addRefund, refundCounter,
} from "../../../guest/system/system";

const BUF: usize = memory.data(1 << 16, 16);

/** the 64 KiB exchange buffer */
export function buf(): usize {
  return BUF;
}

/** nextTransaction: copies the bytes to `dst`; returns the length, or -1 when sealed. */
export function nextTransactionTo(dst: usize): i32 {
  const t = S.nextTransaction();
  if (t == null) return -1;
  memory.copy(dst, t.dataStart, t.length);
  return t.length;
}

export function beginTransaction(origin: usize, gasPrice: usize, blobs: usize, blobBytes: i32): void {
  const b = new Uint8Array(blobBytes);
  memory.copy(b.dataStart, blobs, blobBytes);
  S.beginTransaction(origin, gasPrice, b);
}

export function setCode(addr: usize, code: usize, len: i32): void {
  const c = new Uint8Array(len);
  memory.copy(c.dataStart, code, len);
  S.setCode(addr, c);
}

/** getCode: copies the code to `dst`; returns its length. */
export function getCodeTo(addr: usize, dst: usize): i32 {
  const c = S.getCode(addr);
  memory.copy(dst, c.dataStart, c.length);
  return c.length;
}

export function emitLog(addr: usize, topics: usize, count: i32, data: usize, len: i32): void {
  const d = new Uint8Array(len);
  memory.copy(d.dataStart, data, len);
  S.emitLog(addr, topics, count, d);
}

export function heapReset(): void {
  heap.reset();
}

/** the heap's bump pointer (allocates 16 bytes to find it) */
export function heapTop(): usize {
  return heap.alloc(16);
}

export function blockRegionUsed(): usize {
  return arenaUsed();
}

export function depth(): u32 {
  return frameDepth();
}

/** account entries pointing into the heap (0 between transactions) */
export function heapPointers(): u32 {
  return heapPointersInBlockState();
}
