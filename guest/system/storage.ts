// Persistent storage (block-lifetime slot table in the block region) and transient storage (EIP-1153,
// a per-transaction table on the heap). A slot entry holds the block-start value (for the report),
// the current value, the value at the start of the transaction (EIP-2200's "original", captured on
// the first access of each transaction) and its warm stamp (EIP-2929). Slots of one account are
// chained from the account entry, so destroying an account clears them. Initial values come from
// storage_initial, asked only for accounts that may hold storage and were not destroyed in the block.
import { tableInit, tableFind, tableInsert, tableEntry, tableCount, TABLE_HEADER_BYTES } from "./table";
import { accountIndex, acc, A_SLOTS, A_FLAGS, F_INIT_STORAGE, F_STORAGE_RESET, markDirty } from "./accounts";
import { readStorageInitial } from "./oracle-io";
import { journalPush, tx, txId, J_STORAGE, J_TRANSIENT, J_WARM_SLOT } from "./tx-state";
import { isZero } from "../common/u256";
import { copy20, copy32, copyAddressWord, zero32 } from "./mem";

// slot entry layout (176 bytes)
export const S_ADDR: usize = 0; // address word
export const S_KEY: usize = 32; // key word
export const S_CUR: usize = 64; // current value
export const S_ORIG: usize = 96; // value at the start of the transaction S_ORIGTX
export const S_INIT: usize = 128; // value at the start of the block
export const S_WARM: usize = 160; // u32 stamp
export const S_ORIGTX: usize = 164; // u32 stamp
export const S_NEXT: usize = 168; // u32: the account's next slot entry + 1
export const S_ACCOUNT: usize = 172; // u32: the account entry
export const SLOT_BYTES: u32 = 176;

export const SLOTS: usize = memory.data(<i32>TABLE_HEADER_BYTES, 16);
const KEY: usize = memory.data(64, 16);

export function slotsReset(): void {
  tableInit(SLOTS, SLOT_BYTES, 64, false, 6);
}

export function slotCount(): u32 {
  return tableCount(SLOTS);
}

// @ts-ignore: decorator
@inline export function slot(i: u32): usize {
  return tableEntry(SLOTS, i);
}

/** The slot entry of (address word, key word), loaded on first reference; its original value is this transaction's. */
export function slotIndex(addr: usize, key: usize): u32 {
  copyAddressWord(KEY, addr);
  copy32(KEY + 32, key);
  let i: u32;
  const found = tableFind(SLOTS, KEY);
  if (found >= 0) i = <u32>found;
  else {
    const a = accountIndex(KEY);
    const mayHold = (load<u32>(acc(a) + A_FLAGS) & F_INIT_STORAGE) != 0;
    i = tableInsert(SLOTS, KEY);
    const s = slot(i);
    if (mayHold) readStorageInitial(KEY, KEY + 32, s + S_INIT);
    copy32(s + S_CUR, s + S_INIT);
    const e = acc(a);
    store<u32>(s + S_NEXT, load<u32>(e + A_SLOTS));
    store<u32>(s + S_ACCOUNT, a);
    store<u32>(e + A_SLOTS, i + 1);
  }
  const s = slot(i);
  if (load<u32>(s + S_ORIGTX) != txId) {
    copy32(s + S_ORIG, s + S_CUR);
    store<u32>(s + S_ORIGTX, txId);
  }
  return i;
}

export function storageLoad(addr: usize, key: usize, out: usize): void {
  copy32(out, slot(slotIndex(addr, key)) + S_CUR);
}

export function storageOriginal(addr: usize, key: usize, out: usize): void {
  copy32(out, slot(slotIndex(addr, key)) + S_ORIG);
}

export function storageStore(addr: usize, key: usize, value: usize): void {
  const i = slotIndex(addr, key);
  markDirty(load<u32>(slot(i) + S_ACCOUNT));
  const r = journalPush(J_STORAGE, i);
  const s = slot(i);
  copy32(r, s + S_CUR);
  copy32(s + S_CUR, value);
}

export function undoStorage(i: u32, payload: usize): void {
  copy32(slot(i) + S_CUR, payload);
}

/** EIP-2929: makes the slot warm; true when it was cold. */
export function warmSlotOf(addr: usize, key: usize): bool {
  const i = slotIndex(addr, key);
  const s = slot(i);
  if (load<u32>(s + S_WARM) == txId) return false;
  const r = journalPush(J_WARM_SLOT, i);
  store<u32>(r, load<u32>(s + S_WARM));
  store<u32>(s + S_WARM, txId);
  return true;
}

export function undoWarmSlot(i: u32, payload: usize): void {
  store<u32>(slot(i) + S_WARM, load<u32>(payload));
}

/** Clears every slot of account entry `a` (its destruction) and stops oracle reads for it. */
export function clearAccountStorage(a: u32): void {
  let e = acc(a);
  store<u32>(e + A_FLAGS, (load<u32>(e + A_FLAGS) & ~F_INIT_STORAGE) | F_STORAGE_RESET);
  let next = load<u32>(e + A_SLOTS);
  while (next != 0) {
    const s = slot(next - 1);
    memory.fill(s + S_CUR, 0, 32);
    memory.fill(s + S_ORIG, 0, 32);
    next = load<u32>(s + S_NEXT);
  }
}

/** EIP-7610: the account holds non-zero storage (at the start of the block, or now). */
export function hasNonEmptyStorage(a: u32): bool {
  const e = acc(a);
  if (load<u32>(e + A_FLAGS) & F_INIT_STORAGE) return true;
  let next = load<u32>(e + A_SLOTS);
  while (next != 0) {
    const s = slot(next - 1);
    if (!isZero(s + S_CUR)) return true;
    next = load<u32>(s + S_NEXT);
  }
  return false;
}

// ---- transient storage (per transaction) ----

/** a transient entry (tx-state.ts): address (20 bytes), key word: the key; then the value word */
const T_VALUE: usize = 52;
const TKEY: usize = memory.data(52, 16);

function transientKey(addr: usize, key: usize): usize {
  copy20(TKEY, addr);
  copy32(TKEY + 20, key);
  return TKEY;
}

export function transientLoad(addr: usize, key: usize, out: usize): void {
  const t = tx().transient;
  if (t == 0) {
    zero32(out);
    return;
  }
  const i = tableFind(t, transientKey(addr, key));
  if (i < 0) zero32(out);
  else copy32(out, tableEntry(t, <u32>i) + T_VALUE);
}

export function transientStore(addr: usize, key: usize, value: usize): void {
  const t = tx().transientTable();
  const k = transientKey(addr, key);
  const found = tableFind(t, k);
  const i = found >= 0 ? <u32>found : tableInsert(t, k);
  const r = journalPush(J_TRANSIENT, i);
  const e = tableEntry(t, i);
  copy32(r, e + T_VALUE);
  copy32(e + T_VALUE, value);
}

export function undoTransient(i: u32, payload: usize): void {
  copy32(tableEntry(tx().transient, i) + T_VALUE, payload);
}
