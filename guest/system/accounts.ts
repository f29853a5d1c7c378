// The account table (block-lifetime, in the block region): one entry per account the block has
// referenced, holding its current properties (nonce, balance, code hash, code), its flags, its
// storage-slot list head and the per-transaction marks (warm, touched, created, destructed) stamped
// with the transaction number. Properties come from account_properties on first reference; code
// from bytecode (hash-checked) on first use. Every change is journaled (tx-state.ts) and touches
// the account (EIP-161), as geth's dirty set does.
import { tableInit, tableFind, tableInsert, tableEntry, tableCount, TABLE_HEADER_BYTES } from "./table";
import { arenaAlloc, arenaUsed, ARENA_BYTES } from "./arena";
import { readAccountProperties, readBytecode } from "./oracle-io";
import { journalPush, listAccount, txId, J_ACCOUNT, J_TOUCH, J_WARM_ACCOUNT, J_CREATED, J_DESTRUCT } from "./tx-state";
import { isZero, add, sub, lt } from "../common/u256";
import { copyWords, copyAddressWord } from "./mem";

// entry layout (144 bytes)
export const A_ADDR: usize = 0; // address word (key)
export const A_BAL: usize = 32; // balance word
export const A_HASH: usize = 64; // code hash, 32 bytes (memory image of the hash bytes)
export const A_NONCE: usize = 96; // u64
export const A_FLAGS: usize = 104; // u32
export const A_CODELEN: usize = 108; // u32
export const A_CODEPTR: usize = 112; // u32: code bytes in the block region (when F_CODE_LOADED)
export const A_SLOTS: usize = 116; // u32: first storage slot entry + 1 (0 = none)
export const A_WARM: usize = 120; // per-transaction stamps (txId when set)
export const A_TOUCH: usize = 124;
export const A_CREATED: usize = 128;
export const A_DESTRUCT: usize = 132;
export const A_LISTED: usize = 136;
export const ACCOUNT_BYTES: u32 = 144;
/** the journaled part: balance .. code pointer (84 bytes) */
export const A_SNAPSHOT_BYTES: usize = 84;

export const F_EXISTS: u32 = 1;
export const F_INIT_EXISTS: u32 = 2; // existed at the start of the block
export const F_INIT_STORAGE: u32 = 4; // the oracle may hold non-zero slots for it (cleared on destruction)
export const F_CODE_LOADED: u32 = 8;
export const F_DIRTY: u32 = 16; // changed by a committed transaction: reported
export const F_STORAGE_RESET: u32 = 32; // destroyed or created in the block
export const F_CODE_DEPLOYED: u32 = 64; // code set in the block: report_code
export const F_EVER_EXISTED: u32 = 128; // existed at the end of some transaction of the block
export const F_CODE_ON_HEAP: u32 = 256; // code deployed in this transaction, still on the heap (moved at its end)

/** keccak256 of empty code, as bytes */
export const EMPTY_CODE_HASH: usize = memory.data<u8>([
  0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
  0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70,
]);

/** RIPEMD-160's precompile address: geth keeps its touch through a revert */
const RIPEMD_ADDRESS: u32 = 3;

export const ACCOUNTS: usize = memory.data(<i32>TABLE_HEADER_BYTES, 16);
const KEY: usize = memory.data(32, 16);
const PROPS: usize = memory.data(96, 16);

export function accountsReset(): void {
  tableInit(ACCOUNTS, ACCOUNT_BYTES, 32, false, 6);
}

export function accountCount(): u32 {
  return tableCount(ACCOUNTS);
}

/** The entry number of the address word `addr` (its upper 96 bits ignored), loading it from the oracle on first reference. */
export function accountIndex(addr: usize): u32 {
  copyAddressWord(KEY, addr);
  const found = tableFind(ACCOUNTS, KEY);
  if (found >= 0) return <u32>found;
  readAccountProperties(KEY, PROPS);
  const i = tableInsert(ACCOUNTS, KEY);
  const e = tableEntry(ACCOUNTS, i);
  const flags = load<u32>(PROPS);
  store<u64>(e + A_NONCE, load<u64>(PROPS + 4));
  copyWords(e + A_BAL, PROPS + 12, 32);
  copyWords(e + A_HASH, PROPS + 44, 32);
  const codeLen = load<u32>(PROPS + 76);
  store<u32>(e + A_CODELEN, codeLen);
  let f: u32 = 0;
  if (flags & 1) f |= F_EXISTS | F_INIT_EXISTS;
  if (flags & 2) f |= F_INIT_STORAGE;
  if (codeLen == 0) {
    f |= F_CODE_LOADED;
    memory.copy(e + A_HASH, EMPTY_CODE_HASH, 32);
  }
  store<u32>(e + A_FLAGS, f);
  return i;
}

/** The entry of entry number `i` (valid until the next account is inserted). */
// @ts-ignore: decorator
@inline export function acc(i: u32): usize {
  return tableEntry(ACCOUNTS, i);
}

/**
 * The account's code in the block region, loading it there on first use while the region is at most
 * half full; 0 when it is not there (the caller then reads it per transaction with readCode).
 */
export function regionCode(i: u32): usize {
  let e = acc(i);
  const flags = load<u32>(e + A_FLAGS);
  if (flags & F_CODE_LOADED) return <usize>load<u32>(e + A_CODEPTR);
  const len = load<u32>(e + A_CODELEN);
  const room = (<usize>len + 3) & ~<usize>3;
  if (arenaUsed() + room > ARENA_BYTES / 2) return 0;
  const dest = arenaAlloc(room);
  const got = readBytecode(e + A_HASH, dest, len);
  e = acc(i);
  store<u32>(e + A_CODELEN, got);
  store<u32>(e + A_CODEPTR, <u32>dest);
  store<u32>(e + A_FLAGS, flags | F_CODE_LOADED);
  return dest;
}

/** Reads the account's code from the oracle (hash-checked) into `dest` (room for its length rounded up to words); returns the length. */
export function readCode(i: u32, dest: usize): u32 {
  const e = acc(i);
  return readBytecode(e + A_HASH, dest, load<u32>(e + A_CODELEN));
}

export function isEmptyEntry(e: usize): bool {
  return load<u64>(e + A_NONCE) == 0 && load<u32>(e + A_CODELEN) == 0 && isZero(e + A_BAL);
}

// ---- journaled changes ----

/** Records the account's properties for undo, touches it and marks it existing; call before changing them. */
export function beginChange(i: u32): usize {
  stamp(i, A_TOUCH, J_TOUCH);
  const e = acc(i);
  const r = journalPush(J_ACCOUNT, i);
  copyWords(r, e + A_BAL, A_SNAPSHOT_BYTES);
  store<u32>(e + A_FLAGS, load<u32>(e + A_FLAGS) | F_EXISTS);
  return e;
}

/** Undoes a J_ACCOUNT record. */
export function undoChange(i: u32, payload: usize): void {
  const e = acc(i);
  const flags = load<u32>(e + A_FLAGS);
  const ptr = load<u32>(e + A_CODEPTR);
  const sameCode = memory.compare(e + A_HASH, payload + (A_HASH - A_BAL), 32) == 0;
  copyWords(e + A_BAL, payload, A_SNAPSHOT_BYTES);
  if (sameCode && (flags & F_CODE_LOADED) != 0) {
    // code loaded inside the frame stays loaded (the same bytes): no second bytecode query
    store<u32>(e + A_FLAGS, load<u32>(e + A_FLAGS) | F_CODE_LOADED);
    store<u32>(e + A_CODEPTR, ptr);
  }
}

/** Sets a per-transaction stamp field (journaled with `kind`); returns true when it was not set. */
function stamp(i: u32, field: usize, kind: u32): bool {
  const e = acc(i);
  if (load<u32>(e + field) == txId) return false;
  const r = journalPush(kind, i);
  store<u32>(r, load<u32>(e + field));
  store<u32>(e + field, txId);
  if (kind != J_WARM_ACCOUNT) listAccount(e + A_LISTED, i);
  return true;
}

/** Undoes a stamp record. */
export function undoStamp(i: u32, kind: u32, payload: usize): void {
  const field = kind == J_WARM_ACCOUNT ? A_WARM : kind == J_TOUCH ? A_TOUCH : kind == J_CREATED ? A_CREATED : A_DESTRUCT;
  store<u32>(acc(i) + field, load<u32>(payload));
}

/** A journaled touch (a change of the account's storage, as geth's dirty set). */
export function markDirty(i: u32): void {
  stamp(i, A_TOUCH, J_TOUCH);
}

/** An explicit touch (touch(), a zero-value credit): for 0x03 it survives a revert, as in geth. */
export function touchIndex(i: u32): void {
  const e = acc(i);
  if (load<u32>(e + A_TOUCH) == txId) return;
  if (isRipemd(e)) {
    // geth's consensus exception: the touch of RIPEMD-160's address is kept dirty through a revert
    store<u32>(e + A_TOUCH, txId);
    listAccount(e + A_LISTED, i);
    return;
  }
  stamp(i, A_TOUCH, J_TOUCH);
}

function isRipemd(e: usize): bool {
  return load<u32>(e) == RIPEMD_ADDRESS && load<u32>(e, 4) == 0 && load<u64>(e, 8) == 0 && load<u64>(e, 16) == 0;
}

export function warmIndex(i: u32): bool {
  return stamp(i, A_WARM, J_WARM_ACCOUNT);
}
export function markCreatedIndex(i: u32): void {
  stamp(i, A_CREATED, J_CREATED);
}
export function markDestructedIndex(i: u32): void {
  stamp(i, A_DESTRUCT, J_DESTRUCT);
}

// ---- balances, as geth's stateObject does them ----

/** Adds `value`: a zero value only touches the account (creating it when absent), as geth's AddBalance. */
export function addValue(i: u32, value: usize): void {
  if (isZero(value)) {
    if ((load<u32>(acc(i) + A_FLAGS) & F_EXISTS) == 0) beginChange(i);
    else touchIndex(i);
    return;
  }
  const e = beginChange(i);
  add(e + A_BAL, e + A_BAL, value);
}

/** Subtracts `value` when the balance allows (false otherwise, nothing changed); zero changes nothing but creation. */
export function subValue(i: u32, value: usize): bool {
  if (lt(acc(i) + A_BAL, value)) return false;
  if (isZero(value)) {
    if ((load<u32>(acc(i) + A_FLAGS) & F_EXISTS) == 0) beginChange(i);
    return true;
  }
  const e = beginChange(i);
  sub(e + A_BAL, e + A_BAL, value);
  return true;
}
