// 32-byte words on the heap, and the conversions between an address/hash in bytes and a word.
// The guest OS passes every 256-bit value, address and storage key as a `usize` pointer to a word
// (8 little-endian u32 limbs, the representation of common/u256.ts). An address is a word whose upper
// 96 bits are zero. Words from newWord() live until the next heap.reset() (the end of a transaction).

/** A fresh zeroed word on the heap (4-byte aligned). */
export function newWord(): usize {
  const p = heap.alloc(32);
  memory.fill(p, 0, 32);
  return p;
}

/** A fresh word holding a copy of `a`. */
export function cloneWord(a: usize): usize {
  const p = heap.alloc(32);
  memory.copy(p, a, 32);
  return p;
}

/** Sets word `out` to the address whose 20 big-endian bytes are at `src` (upper 96 bits cleared). */
export function addressFromBytes(out: usize, src: usize): void {
  memory.fill(out + 20, 0, 12);
  for (let i: usize = 0; i < 20; i++) store<u8>(out + i, load<u8>(src + 19 - i));
}

/** Writes the low 160 bits of word `a` as 20 big-endian bytes to `dst`. */
export function addressToBytes(dst: usize, a: usize): void {
  for (let i: usize = 0; i < 20; i++) store<u8>(dst + i, load<u8>(a + 19 - i));
}

/** Clears the upper 96 bits of `a` in place (an EVM stack value used as an address). */
export function truncateToAddress(a: usize): void {
  memory.fill(a + 20, 0, 12);
}
