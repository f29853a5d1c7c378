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

// ---- the block ----

/** Reads block_metadata from the oracle; call once, first. */
export function initBlock(): void {
  unreachable();
}
export function blockNumber(): u64 {
  return unreachable();
}
export function blockTimestamp(): u64 {
  return unreachable();
}
export function blockGasLimit(): u64 {
  return unreachable();
}
export function chainId(): u64 {
  return unreachable();
}
/** COINBASE as an address word */
export function coinbase(out: usize): void {
  unreachable();
}
export function baseFee(out: usize): void {
  unreachable();
}
/** PREVRANDAO as a word */
export function prevrandao(out: usize): void {
  unreachable();
}
export function blobBaseFee(out: usize): void {
  unreachable();
}
/** BLOCKHASH semantics: the hash of block `n` if it is one of the 256 before the current one, else 0. */
export function blockHash(n: u64, out: usize): void {
  unreachable();
}
/** The next signed transaction's bytes, or null when the block is sealed. */
export function nextTransaction(): Uint8Array | null {
  return unreachable();
}
/**
 * Ends the block: reports every changed account (report_account), storage slot (report_storage) and
 * deployed code (report_code), then report_block; commits the public output.
 */
export function finishBlock(transactionCount: u32, gasUsed: u64): void {
  unreachable();
}

// ---- the transaction ----

/** Starts a transaction's context (warm sets, transient storage, logs and refunds empty). */
export function beginTransaction(origin: usize, gasPrice: usize, blobHashes: Uint8Array): void {
  unreachable();
}
/** ORIGIN */
export function txOrigin(out: usize): void {
  unreachable();
}
/** GASPRICE (the effective gas price) */
export function txGasPrice(out: usize): void {
  unreachable();
}
export function blobHashCount(): u32 {
  return unreachable();
}
/** BLOBHASH i (0 when i is out of range) */
export function blobHash(i: u32, out: usize): void {
  unreachable();
}
/**
 * Reports the transaction (report_transaction; status 0 failed, 1 succeeded, 2 rejected) and, when
 * it succeeded, its logs (report_log). `created` is an address word or 0.
 */
export function reportTransaction(index: u32, status: u32, reason: u32, gasUsed: u64, created: usize): void {
  unreachable();
}
/**
 * Ends the transaction: deletes the accounts destructed under EIP-6780 and the touched empty accounts
 * (EIP-161), folds the transaction's state into the block state and drops the per-transaction state.
 * The caller may then heap.reset().
 */
export function endTransaction(): void {
  unreachable();
}

// ---- frames (snapshots) ----

export function startFrame(): void {
  unreachable();
}
/** Closes the innermost frame, undoing its changes when `revert`. */
export function finishFrame(revert: bool): void {
  unreachable();
}

// ---- accounts ----

export function getBalance(addr: usize, out: usize): void {
  unreachable();
}
export function getNonce(addr: usize): u64 {
  return unreachable();
}
/** keccak256 of the account's code (of empty code when it has none) as a word. */
export function getCodeHash(addr: usize, out: usize): void {
  unreachable();
}
export function getCodeSize(addr: usize): u32 {
  return unreachable();
}
/** The account's code (checked against its hash when it came from the oracle). Do not modify. */
export function getCode(addr: usize): Uint8Array {
  return unreachable();
}
export function accountExists(addr: usize): bool {
  return unreachable();
}
/** EIP-161 empty: no code, nonce 0, balance 0 (an account that does not exist is empty). */
export function isEmpty(addr: usize): bool {
  return unreachable();
}
/** A deployment to `addr` would collide: nonce ≠ 0, code, or non-empty storage (EIP-684, EIP-7610). */
export function hasCollision(addr: usize): bool {
  return unreachable();
}
export function setNonce(addr: usize, nonce: u64): void {
  unreachable();
}
export function addBalance(addr: usize, value: usize): void {
  unreachable();
}
/** Subtracts `value`; false (and no change) when the balance is smaller. */
export function subBalance(addr: usize, value: usize): bool {
  return unreachable();
}
/** Moves `value` (both accounts are touched, even for 0); false (and no change) when `from` has too little. */
export function transfer(from: usize, to: usize, value: usize): bool {
  return unreachable();
}
/** Stores `code` as the account's code (hash computed here). */
export function setCode(addr: usize, code: Uint8Array): void {
  unreachable();
}
/** Marks the account touched (EIP-161: deleted at the end of the transaction when empty). */
export function touch(addr: usize): void {
  unreachable();
}
/** The account was created in this transaction (EIP-6780); call when a deployment starts. */
export function markCreated(addr: usize): void {
  unreachable();
}
export function createdInTransaction(addr: usize): bool {
  return unreachable();
}
/**
 * SELFDESTRUCT under EIP-6780: moves the whole balance to `beneficiary` (burned when the account was
 * created in this transaction and beneficiary = addr); the account is deleted at the end of the
 * transaction only when it was created in it.
 */
export function selfDestruct(addr: usize, beneficiary: usize): void {
  unreachable();
}

// ---- access lists (EIP-2929) ----

/** Makes the account warm; true when it was cold. */
export function warmAccount(addr: usize): bool {
  return unreachable();
}
/** Makes the slot warm; true when it was cold. */
export function warmSlot(addr: usize, key: usize): bool {
  return unreachable();
}

// ---- storage ----

export function sload(addr: usize, key: usize, out: usize): void {
  unreachable();
}
export function sstore(addr: usize, key: usize, value: usize): void {
  unreachable();
}
/** The slot's value at the start of the transaction (EIP-2200 "original value"). */
export function originalStorage(addr: usize, key: usize, out: usize): void {
  unreachable();
}
export function tload(addr: usize, key: usize, out: usize): void {
  unreachable();
}
export function tstore(addr: usize, key: usize, value: usize): void {
  unreachable();
}

// ---- logs and refunds ----

/** LOGn: `topics` points to `count` consecutive words (stack values), `data` is copied. */
export function emitLog(addr: usize, topics: usize, count: i32, data: Uint8Array): void {
  unreachable();
}
/** Adds to (or with a negative delta subtracts from) the transaction's gas refund counter. */
export function addRefund(delta: i64): void {
  unreachable();
}
export function refundCounter(): i64 {
  return unreachable();
}
