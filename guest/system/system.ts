// The System: the guest OS's only door to state and to the outside world (docs/guest-os.md). The EE
// and the bootloader read and change accounts, storage, transient storage and logs only through
// these functions; every oracle read happens in system/ (oracle-io.ts) and is checked there.
//
// CONTRACT (the signatures below are fixed; ee/evm and bootloader code against them):
// - addresses, keys, values and hashes are `usize` pointers to 32-byte words (common/word.ts): 8
//   little-endian limbs; a hash as a word is the 32 bytes read as a big-endian number (what
//   EXTCODEHASH/BLOCKHASH push). `out` parameters are words the caller owns.
// - block-lifetime state survives heap.reset(); everything else is per transaction.
// - every change made between startFrame() and finishFrame(true) is undone by that finishFrame:
//   balances, nonces, code, storage, transient storage, logs, warm sets, touches, the refund counter,
//   created/destructed marks.
//
// The modules beside this file implement it (README.md): block-state (context), accounts, storage
// (persistent and transient), tx-state (journal, per-transaction state), frames, logs, block-end
// (sweeps and reports), digest, oracle-io, and the block region (arena, table).
import { arenaReset } from "./arena";
import { digestReset } from "./digest";
import { readNextTransaction, sendReport } from "./oracle-io";
import {
  loadBlockContext, ctxNumber, ctxTimestamp, ctxGasLimit, ctxChainId, ctxCoinbase, ctxBaseFee, ctxPrevrandao,
  ctxBlobBaseFee, ctxBlockHash,
} from "./block-state";
import {
  accountsReset, accountIndex, acc, beginChange, regionCode, readCode, touchIndex, warmIndex, markCreatedIndex,
  markDestructedIndex, isEmptyEntry, addValue, subValue, A_BAL, A_HASH, A_NONCE, A_FLAGS, A_CODELEN, A_CODEPTR, A_CREATED,
  F_EXISTS, F_CODE_LOADED, F_CODE_DEPLOYED, F_CODE_ON_HEAP,
} from "./accounts";
import {
  slotsReset, storageLoad, storageStore, storageOriginal, warmSlotOf, transientLoad, transientStore, hasNonEmptyStorage,
} from "./storage";
import { tx, txBegin, txEnd, txResetBlock, txDropStale, txId, journalPush, ORIGIN, GAS_PRICE, CodeCopy, J_REFUND } from "./tx-state";
import { frameStart, frameFinish } from "./frames";
import { logEmit, reportLogs } from "./logs";
import { sweepTransaction, reportBlock } from "./block-end";
import { keccak256 } from "../common/keccak256";
import { copy, fromBytesBE, setZero } from "../common/u256";
import { QUERY_REPORT_TRANSACTION } from "../lib/queries";

// ---- the block ----

/** Reads block_metadata from the oracle; call once, first. */
export function initBlock(): void {
  arenaReset();
  accountsReset();
  slotsReset();
  digestReset();
  txResetBlock();
  loadBlockContext();
}
export function blockNumber(): u64 {
  return ctxNumber();
}
export function blockTimestamp(): u64 {
  return ctxTimestamp();
}
export function blockGasLimit(): u64 {
  return ctxGasLimit();
}
export function chainId(): u64 {
  return ctxChainId();
}
/** COINBASE as an address word */
export function coinbase(out: usize): void {
  ctxCoinbase(out);
}
export function baseFee(out: usize): void {
  ctxBaseFee(out);
}
/** PREVRANDAO as a word */
export function prevrandao(out: usize): void {
  ctxPrevrandao(out);
}
export function blobBaseFee(out: usize): void {
  ctxBlobBaseFee(out);
}
/** BLOCKHASH semantics: the hash of block `n` if it is one of the 256 before the current one, else 0. */
export function blockHash(n: u64, out: usize): void {
  ctxBlockHash(n, out);
}
/** The next signed transaction's bytes, or null when the block is sealed. */
export function nextTransaction(): Uint8Array | null {
  txDropStale();
  return readNextTransaction();
}
/**
 * Ends the block: reports every changed account (report_account), storage slot (report_storage) and
 * deployed code (report_code), then report_block; commits the public output.
 */
export function finishBlock(transactionCount: u32, gasUsed: u64): void {
  reportBlock(ctxNumber(), transactionCount, gasUsed);
}

// ---- the transaction ----

/** Starts a transaction's context (warm sets, transient storage, logs and refunds empty). */
export function beginTransaction(origin: usize, gasPrice: usize, blobHashes: Uint8Array): void {
  txBegin();
  copy(ORIGIN, origin);
  copy(GAS_PRICE, gasPrice);
  tx().blobHashes = blobHashes;
}
/** ORIGIN */
export function txOrigin(out: usize): void {
  copy(out, ORIGIN);
}
/** GASPRICE (the effective gas price) */
export function txGasPrice(out: usize): void {
  copy(out, GAS_PRICE);
}
export function blobHashCount(): u32 {
  return <u32>tx().blobHashes.length >> 5;
}
/** BLOBHASH i (0 when i is out of range) */
export function blobHash(i: u32, out: usize): void {
  if (i >= blobHashCount()) setZero(out);
  else fromBytesBE(out, tx().blobHashes.dataStart + (<usize>i << 5));
}

const REPORT: usize = memory.data(64, 16);

/**
 * Reports the transaction (report_transaction; status 0 failed, 1 succeeded, 2 rejected) and, when
 * it succeeded, its logs (report_log). `created` is an address word or 0.
 */
export function reportTransaction(index: u32, status: u32, reason: u32, gasUsed: u64, created: usize): void {
  memory.fill(REPORT, 0, 40);
  store<u32>(REPORT, index);
  store<u32>(REPORT, status, 4);
  store<u32>(REPORT, reason, 8);
  store<u64>(REPORT, gasUsed, 12);
  if (created != 0) memory.copy(REPORT + 20, created, 20);
  sendReport(QUERY_REPORT_TRANSACTION, REPORT, 10);
  if (status == 1) reportLogs(index);
}
/**
 * Ends the transaction: deletes the accounts destructed under EIP-6780 and the touched empty accounts
 * (EIP-161), folds the transaction's state into the block state and drops the per-transaction state.
 * The caller may then heap.reset().
 */
export function endTransaction(): void {
  sweepTransaction();
  txEnd();
}

// ---- frames (snapshots) ----

export function startFrame(): void {
  frameStart();
}
/** Closes the innermost frame, undoing its changes when `revert`. */
export function finishFrame(revert: bool): void {
  frameFinish(revert);
}

// ---- accounts ----

export function getBalance(addr: usize, out: usize): void {
  copy(out, acc(accountIndex(addr)) + A_BAL);
}
export function getNonce(addr: usize): u64 {
  return load<u64>(acc(accountIndex(addr)) + A_NONCE);
}
/** keccak256 of the account's code (of empty code when it has none) as a word. */
export function getCodeHash(addr: usize, out: usize): void {
  fromBytesBE(out, acc(accountIndex(addr)) + A_HASH);
}
export function getCodeSize(addr: usize): u32 {
  return load<u32>(acc(accountIndex(addr)) + A_CODELEN);
}
/** The account's code (checked against its hash when it came from the oracle). Do not modify. */
export function getCode(addr: usize): Uint8Array {
  const i = accountIndex(addr);
  const len = load<u32>(acc(i) + A_CODELEN);
  if (len == 0) return new Uint8Array(0);
  const codes = tx().codes;
  const src = regionCode(i);
  if (codes.has(i)) {
    const c = codes.get(i);
    if (c.source == src) return c.bytes;
  }
  let bytes: Uint8Array;
  if (src != 0) {
    bytes = new Uint8Array(<i32>load<u32>(acc(i) + A_CODELEN));
    memory.copy(bytes.dataStart, src, bytes.length);
  } else {
    // the block region is over half full: this transaction keeps its own copy
    const buf = new ArrayBuffer(<i32>((len + 3) & ~3));
    bytes = Uint8Array.wrap(buf, 0, <i32>readCode(i, changetype<usize>(buf)));
  }
  codes.set(i, new CodeCopy(src, bytes));
  return bytes;
}
export function accountExists(addr: usize): bool {
  return (load<u32>(acc(accountIndex(addr)) + A_FLAGS) & F_EXISTS) != 0;
}
/** EIP-161 empty: no code, nonce 0, balance 0 (an account that does not exist is empty). */
export function isEmpty(addr: usize): bool {
  return isEmptyEntry(acc(accountIndex(addr)));
}
/** A deployment to `addr` would collide: nonce ≠ 0, code, or non-empty storage (EIP-684, EIP-7610). */
export function hasCollision(addr: usize): bool {
  const i = accountIndex(addr);
  const e = acc(i);
  return load<u64>(e + A_NONCE) != 0 || load<u32>(e + A_CODELEN) != 0 || hasNonEmptyStorage(i);
}
export function setNonce(addr: usize, nonce: u64): void {
  const e = beginChange(accountIndex(addr));
  store<u64>(e + A_NONCE, nonce);
}
export function addBalance(addr: usize, value: usize): void {
  addValue(accountIndex(addr), value);
}
/** Subtracts `value`; false (and no change) when the balance is smaller. */
export function subBalance(addr: usize, value: usize): bool {
  return subValue(accountIndex(addr), value);
}
const VALUE: usize = memory.data(32, 16);
/** Moves `value` (both accounts are touched, even for 0); false (and no change) when `from` has too little. */
export function transfer(from: usize, to: usize, value: usize): bool {
  copy(VALUE, value);
  const t = accountIndex(to);
  const f = accountIndex(from);
  if (!subValue(f, VALUE)) return false;
  addValue(t, VALUE);
  return true;
}
/** Stores `code` as the account's code (hash computed here); `code` must not be modified afterwards. */
export function setCode(addr: usize, code: Uint8Array): void {
  const i = accountIndex(addr);
  const len = <u32>code.length;
  // kept where it is (the caller's array, on the heap, not modified afterwards) until the end of the
  // transaction, which copies it to the block region if the account survives
  const p = len == 0 ? 0 : code.dataStart;
  const e = beginChange(i);
  keccak256(code.dataStart, len, e + A_HASH);
  store<u32>(e + A_CODELEN, len);
  store<u32>(e + A_CODEPTR, <u32>p);
  store<u32>(e + A_FLAGS, load<u32>(e + A_FLAGS) | F_CODE_LOADED | F_CODE_DEPLOYED | (len == 0 ? 0 : F_CODE_ON_HEAP));
  if (len != 0) tx().codes.set(i, new CodeCopy(p, code));
}
/** Marks the account touched (EIP-161: deleted at the end of the transaction when empty). */
export function touch(addr: usize): void {
  touchIndex(accountIndex(addr));
}
/** The account was created in this transaction (EIP-6780); call when a deployment starts. */
export function markCreated(addr: usize): void {
  markCreatedIndex(accountIndex(addr));
}
export function createdInTransaction(addr: usize): bool {
  return load<u32>(acc(accountIndex(addr)) + A_CREATED) == txId;
}
const BALANCE: usize = memory.data(32, 16);
/**
 * SELFDESTRUCT under EIP-6780: moves the whole balance to `beneficiary` (burned when the account was
 * created in this transaction and beneficiary = addr); the account is deleted at the end of the
 * transaction only when it was created in it.
 */
export function selfDestruct(addr: usize, beneficiary: usize): void {
  const b = accountIndex(beneficiary);
  const i = accountIndex(addr);
  copy(BALANCE, acc(i) + A_BAL);
  // as geth's opSelfdestruct6780: subtract the whole balance, credit the beneficiary (a zero credit touches it)
  subValue(i, BALANCE);
  addValue(b, BALANCE);
  if (load<u32>(acc(i) + A_CREATED) == txId) {
    markDestructedIndex(i);
    const e = beginChange(i);
    setZero(e + A_BAL); // burned, even when beneficiary = addr
  }
}

// ---- access lists (EIP-2929) ----

/** Makes the account warm; true when it was cold. */
export function warmAccount(addr: usize): bool {
  return warmIndex(accountIndex(addr));
}
/** Makes the slot warm; true when it was cold. */
export function warmSlot(addr: usize, key: usize): bool {
  return warmSlotOf(addr, key);
}

// ---- storage ----

export function sload(addr: usize, key: usize, out: usize): void {
  storageLoad(addr, key, out);
}
export function sstore(addr: usize, key: usize, value: usize): void {
  storageStore(addr, key, value);
}
/** The slot's value at the start of the transaction (EIP-2200 "original value"). */
export function originalStorage(addr: usize, key: usize, out: usize): void {
  storageOriginal(addr, key, out);
}
export function tload(addr: usize, key: usize, out: usize): void {
  transientLoad(addr, key, out);
}
export function tstore(addr: usize, key: usize, value: usize): void {
  transientStore(addr, key, value);
}

// ---- logs and refunds ----

/** LOGn: `topics` points to `count` consecutive words (stack values), `data` is copied. */
export function emitLog(addr: usize, topics: usize, count: i32, data: Uint8Array): void {
  logEmit(addr, topics, count, data);
}
/** Adds to (or with a negative delta subtracts from) the transaction's gas refund counter. */
export function addRefund(delta: i64): void {
  const t = tx();
  store<i64>(journalPush(J_REFUND, 0), t.refund);
  t.refund += delta;
}
export function refundCounter(): i64 {
  return tx().refund;
}
