// An open-addressing hash table over raw memory: fixed-size entries whose first `keySize` bytes are
// the key (a multiple of 4), numbered in insertion order (so iteration for reports is
// deterministic), plus an index of u32 (entry number + 1, 0 = empty) probed linearly at most half
// full. Entries are never removed and never move: they live in chunks listed in the table's header,
// chunk k holding 2^(firstShift+k) entries (so a small table stays small and nothing is copied when it grows);
// only the index is reallocated (doubled) as it fills.
// Storage comes from the block region (block-lifetime tables) or the heap (per-transaction tables).
import { arenaAlloc } from "./arena";
import { copyWords } from "./mem";

// header layout: 32 bytes of fields, then the chunk directory
const H_ENTRY_SIZE: usize = 0;
const H_KEY_SIZE: usize = 4;
const H_COUNT: usize = 8;
const H_INDEX: usize = 12;
const H_MASK: usize = 16;
const H_ON_HEAP: usize = 20;
const H_FIRST_SHIFT: usize = 24;
const H_DIR: usize = 32;
const MAX_CHUNKS: u32 = 20; // chunk 0 holds 2^firstShift entries, the table 2^firstShift·(2^20 − 1)
/** bytes of a table header (fields + chunk directory) */
export const TABLE_HEADER_BYTES: usize = 112;

/** `n` bytes for the table, zeroed when `zeroed` (block-region memory always is). */
function allocate(h: usize, n: usize, zeroed: bool): usize {
  if (load<u32>(h + H_ON_HEAP) != 0) {
    const p = heap.alloc(n);
    if (zeroed) memory.fill(p, 0, n);
    return p;
  }
  return arenaAlloc(n);
}

/**
 * Makes `h` (TABLE_HEADER_BYTES) an empty table of `entrySize`-byte entries keyed by their first
 * `keySize` bytes (a multiple of 4), whose first chunk holds 2^firstShift entries.
 */
export function tableInit(h: usize, entrySize: u32, keySize: u32, onHeap: bool, firstShift: u32): void {
  memory.fill(h, 0, TABLE_HEADER_BYTES);
  store<u32>(h + H_ENTRY_SIZE, entrySize);
  store<u32>(h + H_KEY_SIZE, keySize);
  store<u32>(h + H_ON_HEAP, onHeap ? 1 : 0);
  store<u32>(h + H_FIRST_SHIFT, firstShift);
  const slots: u32 = 4 << firstShift;
  store<u32>(h + H_INDEX, <u32>allocate(h, <usize>slots * 4, true));
  store<u32>(h + H_MASK, slots - 1);
}

export function tableCount(h: usize): u32 {
  return load<u32>(h + H_COUNT);
}

/** The entry numbered `i` (< tableCount). */
export function tableEntry(h: usize, i: u32): usize {
  // chunk k starts at entry 2^firstShift·(2^k − 1)
  const shift = load<u32>(h + H_FIRST_SHIFT);
  const q = (i >> shift) + 1;
  const k: u32 = 31 - clz<u32>(q);
  const first = ((<u32>1 << k) - 1) << shift;
  return <usize>load<u32>(h + H_DIR + (<usize>k << 2)) + <usize>(i - first) * load<u32>(h + H_ENTRY_SIZE);
}

function hashKey(key: usize, size: u32): u32 {
  let x: u32 = 0x811c9dc5;
  for (let i: u32 = 0; i < size; i += 4) {
    x = (x ^ load<u32>(key + i)) * 0x9e3779b1;
    x ^= x >> 15;
  }
  x ^= x >> 13;
  x *= 0x85ebca6b;
  x ^= x >> 16;
  return x;
}

function keysEqual(a: usize, b: usize, size: u32): bool {
  for (let i: u32 = 0; i < size; i += 4) if (load<u32>(a + i) != load<u32>(b + i)) return false;
  return true;
}

/** The number of the entry with `key`, or -1. */
export function tableFind(h: usize, key: usize): i32 {
  const index = <usize>load<u32>(h + H_INDEX);
  const mask = load<u32>(h + H_MASK);
  const keySize = load<u32>(h + H_KEY_SIZE);
  let at = hashKey(key, keySize) & mask;
  while (true) {
    const slot = load<u32>(index + (<usize>at << 2));
    if (slot == 0) return -1;
    if (keysEqual(tableEntry(h, slot - 1), key, keySize)) return <i32>(slot - 1);
    at = (at + 1) & mask;
  }
}

function placeInIndex(h: usize, i: u32): void {
  const index = <usize>load<u32>(h + H_INDEX);
  const mask = load<u32>(h + H_MASK);
  let at = hashKey(tableEntry(h, i), load<u32>(h + H_KEY_SIZE)) & mask;
  while (load<u32>(index + (<usize>at << 2)) != 0) at = (at + 1) & mask;
  store<u32>(index + (<usize>at << 2), i + 1);
}

/** Appends a zeroed entry with `key` (which must be absent); returns its number. */
export function tableInsert(h: usize, key: usize): u32 {
  const count = load<u32>(h + H_COUNT);
  const shift = load<u32>(h + H_FIRST_SHIFT);
  const q = (count >> shift) + 1;
  if ((q & (q - 1)) == 0 && (count & ((<u32>1 << shift) - 1)) == 0) {
    // count = 2^shift·(2^k − 1): the first entry of chunk k (entries are cleared one by one below)
    const k: u32 = 31 - clz<u32>(q);
    if (k >= MAX_CHUNKS) throw new Error("system: a state table is full (" + count.toString() + " entries)");
    store<u32>(h + H_DIR + (<usize>k << 2), <u32>allocate(h, (<usize>1 << (shift + k)) * load<u32>(h + H_ENTRY_SIZE), false));
  }
  const slots = load<u32>(h + H_MASK) + 1;
  if ((count + 1) * 2 > slots) {
    // keep the index at most half full: double it and place every entry again
    store<u32>(h + H_INDEX, <u32>allocate(h, <usize>slots * 8, true));
    store<u32>(h + H_MASK, slots * 2 - 1);
    for (let i: u32 = 0; i < count; i++) placeInIndex(h, i);
  }
  const e = tableEntry(h, count);
  const keySize = <usize>load<u32>(h + H_KEY_SIZE);
  copyWords(e, key, keySize);
  if (load<u32>(h + H_ON_HEAP) != 0) memory.fill(e + keySize, 0, <usize>load<u32>(h + H_ENTRY_SIZE) - keySize);
  store<u32>(h + H_COUNT, count + 1);
  placeInIndex(h, count);
  return count;
}
