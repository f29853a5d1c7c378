// The per-transaction state, on the heap (dropped by endTransaction, then heap.reset()): the journal
// of undo records (sized by kind), the frame stack, the accounts listed for the end-of-transaction sweep, the logs,
// the refund counter, transient storage, copies of code handed to the EE, and the transaction
// context (origin, gas price, blob hashes). `txId` numbers transactions in the block (from 1); the
// block tables stamp per-transaction marks (warm, touched, created, destructed) with it, so starting
// a transaction clears them all at once.
import { tableInit, TABLE_HEADER_BYTES } from "./table";

/** A growable array of raw bytes on the heap. */
export class RawVec {
  ptr: usize;
  len: u32 = 0;
  cap: u32;
  constructor(cap: u32) {
    this.cap = cap;
    this.ptr = heap.alloc(cap);
  }
  /** Reserves `n` bytes at the end and returns their address. */
  push(n: u32): usize {
    if (this.len + n > this.cap) {
      let cap = this.cap * 2;
      while (cap < this.len + n) cap *= 2;
      const p = heap.alloc(cap);
      memory.copy(p, this.ptr, this.len);
      this.ptr = p;
      this.cap = cap;
    }
    const at = this.ptr + this.len;
    this.len += n;
    return at;
  }
}

/** A log of the transaction: emitter, topics (big-endian bytes, 32 each), data. */
export class Log {
  constructor(public address: usize, public topicCount: i32, public topics: usize, public data: Uint8Array) {}
}

/** A copy of an account's code for the EE, valid while the account's code pointer is `source`. */
export class CodeCopy {
  constructor(public source: usize, public bytes: Uint8Array) {}
}

export class TxState {
  journal: RawVec = new RawVec(4096);
  /** per frame: journal length (u32), log count (u32) at its start */
  frames: RawVec = new RawVec(8 * 64);
  /** account entry numbers to sweep at the end of the transaction */
  listed: RawVec = new RawVec(4 * 64);
  logs: Array<Log> = new Array<Log>();
  refund: i64 = 0;
  /** the transient-storage table's header, created on the first TSTORE (0 before) */
  transient: usize = 0;
  codes: Map<u32, CodeCopy> = new Map<u32, CodeCopy>();
  blobHashes: Uint8Array = new Uint8Array(0);

  /** The transient-storage table, created on first use. */
  transientTable(): usize {
    if (this.transient == 0) {
      this.transient = heap.alloc(TABLE_HEADER_BYTES);
      tableInit(this.transient, TRANSIENT_ENTRY_BYTES, TRANSIENT_KEY_BYTES, true, 3);
    }
    return this.transient;
  }
}

/** transient entry: address (20 bytes), key word (32): the key; value word (32) */
export const TRANSIENT_KEY_BYTES: u32 = 52;
export const TRANSIENT_ENTRY_BYTES: u32 = 84;

/** the current transaction's number in the block (0 before the first) */
export let txId: u32 = 0;
let current: TxState | null = null;

export const ORIGIN: usize = memory.data(32, 16);
export const GAS_PRICE: usize = memory.data(32, 16);

/**
 * Starts the next transaction's state (after heap.reset()); keeps the state a change before
 * beginTransaction opened implicitly (e.g. the fee charged by the bootloader), so it is swept too.
 */
export function txBegin(): void {
  if (current != null) return;
  txId++;
  current = new TxState();
}

/** Drops the transaction state (the caller then resets the heap). */
export function txEnd(): void {
  current = null;
}

/**
 * Forgets transaction state left open by a transaction that ended without endTransaction (a
 * rejected one): called when the next transaction is fetched. Its heap objects may already be dead
 * (heap.reset), so they are not read.
 */
export function txDropStale(): void {
  current = null;
}

/** Starts the block: transaction numbers from 1 again. */
export function txResetBlock(): void {
  txId = 0;
  current = null;
}

/** The current transaction's state; state changes outside a transaction open an implicit one. */
export function tx(): TxState {
  if (current == null) txBegin();
  return changetype<TxState>(current);
}

// ---- journal records: [old state (payload)][entry number u32][kind u32], sized by kind (a multiple
// of 8), so a revert walks them backwards from the end ----

export const J_ACCOUNT: u32 = 1;
export const J_STORAGE: u32 = 2;
export const J_TRANSIENT: u32 = 3;
export const J_WARM_ACCOUNT: u32 = 4;
export const J_WARM_SLOT: u32 = 5;
export const J_TOUCH: u32 = 6;
export const J_CREATED: u32 = 7;
export const J_DESTRUCT: u32 = 8;
export const J_REFUND: u32 = 9;

/** A record's size in bytes: payload (84 account snapshot, 32 a value, 8 the refund, 4 a stamp) + 8, rounded to 8. */
// @ts-ignore: decorator
@inline export function journalRecordBytes(kind: u32): u32 {
  return kind == J_ACCOUNT ? 96 : kind == J_STORAGE || kind == J_TRANSIENT ? 40 : 16;
}

/** Appends an undo record; returns the address of its payload. */
export function journalPush(kind: u32, entry: u32): usize {
  const size = journalRecordBytes(kind);
  const r = tx().journal.push(size);
  store<u32>(r + size - 8, entry);
  store<u32>(r + size - 4, kind);
  return r;
}

/** Lists an account for the end-of-transaction sweep (once per transaction; `stamp` is its A_LISTED field). */
export function listAccount(stampPtr: usize, entry: u32): void {
  if (load<u32>(stampPtr) == txId) return;
  store<u32>(stampPtr, txId);
  store<u32>(tx().listed.push(4), entry);
}
