// EVM memory of one frame: a zero-initialised, growable byte region on the heap. Sizes are whole
// 32-byte words; the caller charges the expansion (gas.ts) before calling grow(). The heap is a bump
// allocator, so buffers are recycled through a per-transaction pool of power-of-two sizes: a frame
// gives its buffer back when it ends (release) and when it outgrows it, so a transaction that makes
// many calls does not keep allocating (resetMemoryPool at the start of each transaction).

/** pool heads per size class (capacity 2^(10+i)); a free buffer holds the next pointer in its first word */
const POOL: usize = memory.data(32 * 4, 16);
const MIN_SHIFT: u32 = 10;

export function resetMemoryPool(): void {
  memory.fill(POOL, 0, 32 * 4);
}

function sizeClass(cap: u64): usize {
  return <usize>(63 - clz<u64>(cap) - MIN_SHIFT);
}

function takeBuffer(cap: u64): usize {
  const head = POOL + (sizeClass(cap) << 2);
  const p = <usize>load<u32>(head);
  if (p != 0) {
    store<u32>(head, load<u32>(p));
    return p;
  }
  return heap.alloc(<usize>cap);
}

function giveBuffer(p: usize, cap: u64): void {
  if (p == 0 || cap == 0) return;
  const head = POOL + (sizeClass(cap) << 2);
  store<u32>(p, load<u32>(head));
  store<u32>(head, <u32>p);
}

export class EvmMemory {
  ptr: usize = 0;
  /** current size in bytes (a multiple of 32: MSIZE) */
  size: u64 = 0;
  capacity: u64 = 0;

  /** Current size in words. */
  words(): u64 {
    return this.size >> 5;
  }

  /** Grows to cover byte `end` (rounded up to a word); new bytes are zero. */
  grow(end: u64): void {
    const newSize = ((end + 31) >> 5) << 5;
    if (newSize <= this.size) return;
    if (newSize > this.capacity) {
      let cap = this.capacity < 1024 ? <u64>1024 : this.capacity << 1;
      while (cap < newSize) cap <<= 1;
      const p = takeBuffer(cap);
      if (this.size > 0) memory.copy(p, this.ptr, <usize>this.size);
      giveBuffer(this.ptr, this.capacity);
      this.ptr = p;
      this.capacity = cap;
    }
    memory.fill(this.ptr + <usize>this.size, 0, <usize>(newSize - this.size));
    this.size = newSize;
  }

  /** Gives the buffer back to the pool (the frame has ended). */
  release(): void {
    giveBuffer(this.ptr, this.capacity);
    this.ptr = 0;
    this.size = 0;
    this.capacity = 0;
  }

  /** A copy of [offset, offset + len) as a Uint8Array (the range must be inside memory). */
  slice(offset: u64, len: u64): Uint8Array {
    const out = new Uint8Array(<i32>len);
    if (len > 0) memory.copy(out.dataStart, this.ptr + <usize>offset, <usize>len);
    return out;
  }

  /**
   * Copies `len` bytes from `src` (a buffer of `srcLen` bytes) starting at `srcOffset` to memory at
   * `dst`, zero-filling what lies beyond the source (CALLDATACOPY, CODECOPY, EXTCODECOPY).
   */
  copyPadded(dst: u64, src: usize, srcLen: u64, srcOffset: u64, len: u64): void {
    if (len == 0) return;
    const d = this.ptr + <usize>dst;
    let avail: u64 = srcOffset < srcLen ? srcLen - srcOffset : 0;
    if (avail > len) avail = len;
    if (avail > 0) memory.copy(d, src + <usize>srcOffset, <usize>avail);
    if (avail < len) memory.fill(d + <usize>avail, 0, <usize>(len - avail));
  }
}
