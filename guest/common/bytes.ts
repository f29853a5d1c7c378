// Byte buffers (a growable ByteBuffer), big-endian reads and writes at raw pointers, comparison,
// and hex for debugging. AssemblyScript.

/** A growable byte buffer on the heap (the old storage is abandoned on growth: bump allocator). */
export class ByteBuffer {
  ptr: usize;
  length: usize = 0;
  capacity: usize;

  constructor(capacity: usize = 64) {
    this.capacity = capacity < 16 ? 16 : capacity;
    this.ptr = heap.alloc(this.capacity);
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: usize): void {
    const need = this.length + extra;
    if (need <= this.capacity) return;
    let cap = this.capacity << 1;
    while (cap < need) cap <<= 1;
    const p = heap.alloc(cap);
    memory.copy(p, this.ptr, this.length);
    this.ptr = p;
    this.capacity = cap;
  }

  pushByte(b: u32): void {
    this.reserve(1);
    store<u8>(this.ptr + this.length, <u8>b);
    this.length++;
  }

  pushBytes(src: usize, len: usize): void {
    this.reserve(len);
    memory.copy(this.ptr + this.length, src, len);
    this.length += len;
  }

  /** Appends `v` as `n` (≤ 8) big-endian bytes. */
  pushUintBE(v: u64, n: usize): void {
    this.reserve(n);
    writeUintBE(this.ptr + this.length, v, n);
    this.length += n;
  }

  /** Inserts `len` bytes of room at `at`, moving the tail right. */
  insertGap(at: usize, len: usize): void {
    this.reserve(len);
    memory.copy(this.ptr + at + len, this.ptr + at, this.length - at);
    this.length += len;
  }

  /** A copy as a Uint8Array. */
  toUint8Array(): Uint8Array {
    const out = new Uint8Array(<i32>this.length);
    memory.copy(out.dataStart, this.ptr, this.length);
    return out;
  }
}

export function readU16BE(p: usize): u32 {
  return (<u32>load<u8>(p) << 8) | <u32>load<u8>(p, 1);
}

export function readU32BE(p: usize): u32 {
  return (<u32>load<u8>(p) << 24) | (<u32>load<u8>(p, 1) << 16) | (<u32>load<u8>(p, 2) << 8) | <u32>load<u8>(p, 3);
}

export function readU64BE(p: usize): u64 {
  return (<u64>readU32BE(p) << 32) | <u64>readU32BE(p + 4);
}

/** The `n` (≤ 8) big-endian bytes at `p` as an integer. */
export function readUintBE(p: usize, n: usize): u64 {
  let v: u64 = 0;
  for (let i: usize = 0; i < n; i++) v = (v << 8) | <u64>load<u8>(p + i);
  return v;
}

export function writeU32BE(p: usize, v: u32): void {
  store<u8>(p, <u8>(v >> 24));
  store<u8>(p, <u8>(v >> 16), 1);
  store<u8>(p, <u8>(v >> 8), 2);
  store<u8>(p, <u8>v, 3);
}

export function writeU64BE(p: usize, v: u64): void {
  writeU32BE(p, <u32>(v >> 32));
  writeU32BE(p + 4, <u32>v);
}

/** Writes the low `n` (≤ 8) bytes of `v` big-endian at `p`. */
export function writeUintBE(p: usize, v: u64, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<u8>(p + n - 1 - i, <u8>(v >> (<u64>i << 3)));
}

/** Bytes needed for `v` without leading zeros (0 for 0). */
export function minimalBytes(v: u64): usize {
  return v == 0 ? 0 : 8 - (<usize>clz<u64>(v) >> 3);
}

export function bytesEqual(a: usize, b: usize, len: usize): bool {
  return memory.compare(a, b, len) == 0;
}

/** Lowercase hex of the `len` bytes at `p` (allocates; for debugging and tests). */
export function toHex(p: usize, len: usize): string {
  let s = "";
  for (let i: usize = 0; i < len; i++) {
    const b = <u32>load<u8>(p + i);
    s += String.fromCharCode(hexDigit(b >> 4)) + String.fromCharCode(hexDigit(b & 15));
  }
  return s;
}

// @ts-ignore: decorator
@inline function hexDigit(v: u32): i32 {
  return <i32>(v < 10 ? 0x30 + v : 0x57 + v);
}
