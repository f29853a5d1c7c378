// The EVM operand stack: 1024 slots of 32 bytes (u256 words, common/u256.ts). Frames are strictly
// nested, so all frames of a transaction share one region: a frame's stack starts where its parent's
// top was when the parent was suspended. When the region has no room for a full 1024-slot stack the
// frame gets a private one on the heap (recycled when the frame ends). The region itself is allocated on the heap per transaction
// (resetStackRegion, called by the runner at the start of each top-level call).

export const STACK_LIMIT: u32 = 1024;
export const STACK_BYTES: usize = <usize>STACK_LIMIT * 32;
/** the shared region holds this many full stacks (deeper frames mostly use far fewer slots) */
const REGION_STACKS: usize = 32;

let regionStart: usize = 0;
let regionEnd: usize = 0;
/** where the next frame's stack starts (the suspended parent's top) */
let nextFree: usize = 0;
/** private stacks of ended frames, for reuse (linked through their first word) */
let freePrivate: usize = 0;

/** Allocates a fresh shared region; call once per transaction (after heap.reset the old one is gone). */
export function resetStackRegion(): void {
  regionStart = heap.alloc(REGION_STACKS * STACK_BYTES);
  regionEnd = regionStart + REGION_STACKS * STACK_BYTES;
  nextFree = regionStart;
  freePrivate = 0;
}

/** The base of a new frame's stack. */
export function allocStack(): usize {
  if (regionStart != 0 && nextFree >= regionStart && nextFree + STACK_BYTES <= regionEnd) return nextFree;
  if (freePrivate != 0) {
    const p = freePrivate;
    freePrivate = <usize>load<u32>(p);
    return p;
  }
  return heap.alloc(STACK_BYTES);
}

function inRegion(base: usize): bool {
  return regionStart != 0 && base >= regionStart && base < regionEnd;
}

/** A frame with stack `base` and `count` items is suspended: children start above its top. */
export function suspendStack(base: usize, count: u32): void {
  if (inRegion(base)) nextFree = base + (<usize>count << 5);
}

/** A frame with stack `base` finished: its slots are free again. */
export function releaseStack(base: usize): void {
  if (inRegion(base)) nextFree = base;
  else if (regionStart != 0) {
    store<u32>(base, <u32>freePrivate);
    freePrivate = base;
  }
}
