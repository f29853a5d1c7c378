// Small fixed-size copies and clears of 4-byte-aligned words, inlined as plain loads and stores:
// the System moves addresses, keys and values of 20–84 bytes on every state access, where a call
// to the memmove/memset runtime routine costs more than the move itself (on RISC-V especially).

/** Copies `n` bytes (a multiple of 4) from `src` to `dst` (4-byte aligned, not overlapping). */
// @ts-ignore: decorator
@inline export function copyWords(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i += 4) store<u32>(dst + i, load<u32>(src + i));
}

/** Copies a 32-byte word. */
// @ts-ignore: decorator
@inline export function copy32(dst: usize, src: usize): void {
  store<u64>(dst, load<u64>(src));
  store<u64>(dst, load<u64>(src, 8), 8);
  store<u64>(dst, load<u64>(src, 16), 16);
  store<u64>(dst, load<u64>(src, 24), 24);
}

/** Clears a 32-byte word. */
// @ts-ignore: decorator
@inline export function zero32(dst: usize): void {
  store<u64>(dst, 0);
  store<u64>(dst, 0, 8);
  store<u64>(dst, 0, 16);
  store<u64>(dst, 0, 24);
}

/** Copies the 20 address bytes (the low 5 limbs) of the word `src`. */
// @ts-ignore: decorator
@inline export function copy20(dst: usize, src: usize): void {
  store<u64>(dst, load<u64>(src));
  store<u64>(dst, load<u64>(src, 8), 8);
  store<u32>(dst, load<u32>(src, 16), 16);
}

/** The address word of `src` (its low 20 bytes, the rest cleared) into `dst`. */
// @ts-ignore: decorator
@inline export function copyAddressWord(dst: usize, src: usize): void {
  copy20(dst, src);
  store<u32>(dst, 0, 20);
  store<u64>(dst, 0, 24);
}
