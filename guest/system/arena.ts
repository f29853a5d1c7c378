// The block region: a fixed area of linear memory (memory.data, outside the heap) from which the
// block-lifetime structures (account and slot tables, code bytes) are bump-allocated. heap.reset()
// never touches it; initBlock() empties it. Nothing stored here may point into the heap.

/** Size of the block region in bytes (the OS is built with 64 MiB of memory; test guests need ≥ 16 MiB). */
export const ARENA_BYTES: usize = 8 << 20;

const ARENA: usize = memory.data(<i32>ARENA_BYTES, 16);
let arenaTop: usize = 0;
/** bytes ever handed out: beyond it the region is still zero (static memory starts zeroed) */
let arenaHigh: usize = 0;

/** Empties the block region (start of a block). */
export function arenaReset(): void {
  arenaTop = 0;
}

/** `n` zeroed bytes from the block region, 16-byte aligned; stops the run when the region is full. */
export function arenaAlloc(n: usize): usize {
  const size = (n + 15) & ~<usize>15;
  if (size > ARENA_BYTES - arenaTop) {
    throw new Error("system: the block region (" + (<u32>ARENA_BYTES).toString() + " bytes) is full: the block touches too much state");
  }
  const p = ARENA + arenaTop;
  // only bytes an earlier block used need clearing
  if (arenaTop < arenaHigh) memory.fill(p, 0, min(size, arenaHigh - arenaTop));
  arenaTop += size;
  if (arenaTop > arenaHigh) arenaHigh = arenaTop;
  return p;
}

/** Bytes of the block region in use. */
export function arenaUsed(): usize {
  return arenaTop;
}

/** The region's bounds, for tests that check nothing points from the heap into it or back. */
export function arenaBase(): usize {
  return ARENA;
}
