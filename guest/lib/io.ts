// Guest output for zkos: the host imports (zkos.write, zkos.exit) and print helpers that encode
// into one static buffer, so printing never allocates. AssemblyScript; see README.md here.

/** Writes `len` bytes at `ptr` to file descriptor `fd` (1 = stdout, 2 = stderr); returns the count written or -errno. */
// @ts-ignore: decorator
@external("zkos", "write")
export declare function write(fd: i32, ptr: usize, len: usize): i32;

/** Ends the run with `code` immediately (returning it from main does the same). */
// @ts-ignore: decorator
@external("zkos", "exit")
export declare function exit(code: i32): void;

export const STDOUT: i32 = 1;
export const STDERR: i32 = 2;

const OUT_SIZE: usize = 512;
const OUT: usize = memory.data(<i32>OUT_SIZE);
let outLength: usize = 0;

// ---- buffered primitives: put* append to the output buffer, flush() writes it ----

/** Writes what the put* functions buffered to stdout (one write call). */
export function flush(): void {
  if (outLength == 0) return;
  write(STDOUT, OUT, outLength);
  outLength = 0;
}

/** Appends one byte. */
export function putByte(b: u32): void {
  if (outLength == OUT_SIZE) flush();
  store<u8>(OUT + outLength, <u8>b);
  outLength++;
}

/** Appends `s` encoded as UTF-8 (an unpaired surrogate becomes U+FFFD). */
export function putString(s: string): void {
  const start = changetype<usize>(s);
  const units = <usize>s.length;
  for (let i: usize = 0; i < units; i++) {
    let c = <u32>load<u16>(start + (i << 1));
    if (c < 0x80) {
      putByte(c);
      continue;
    }
    if (c >= 0xd800 && c < 0xe000) {
      const next = i + 1 < units ? <u32>load<u16>(start + ((i + 1) << 1)) : 0;
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      putByte(0xc0 | (c >> 6));
    } else if (c < 0x10000) {
      putByte(0xe0 | (c >> 12));
      putByte(0x80 | ((c >> 6) & 0x3f));
    } else {
      putByte(0xf0 | (c >> 18));
      putByte(0x80 | ((c >> 12) & 0x3f));
      putByte(0x80 | ((c >> 6) & 0x3f));
    }
    putByte(0x80 | (c & 0x3f));
  }
}

/** Appends `n` in decimal. */
export function putU32(n: u32): void {
  putU64(<u64>n);
}

/**
 * Appends `n` in decimal. Divides 16 bits at a time with 32-bit arithmetic, so no 64-bit
 * division helper (__udivdi3) is needed on rv32.
 */
export function putU64(n: u64): void {
  const digits = memory.data(20);
  let count: usize = 0;
  let d3 = <u32>(n >> 48) & 0xffff;
  let d2 = <u32>(n >> 32) & 0xffff;
  let d1 = <u32>(n >> 16) & 0xffff;
  let d0 = <u32>n & 0xffff;
  do {
    let r = d3 % 10;
    d3 /= 10;
    let t = (r << 16) | d2;
    d2 = t / 10;
    r = t % 10;
    t = (r << 16) | d1;
    d1 = t / 10;
    r = t % 10;
    t = (r << 16) | d0;
    d0 = t / 10;
    store<u8>(digits + count, <u8>(0x30 + t % 10));
    count++;
  } while ((d3 | d2 | d1 | d0) != 0);
  while (count > 0) putByte(load<u8>(digits + --count));
}

/** Appends `len` bytes at `ptr` as lowercase hex, two digits per byte. */
export function putHexBytes(ptr: usize, len: usize): void {
  for (let i: usize = 0; i < len; i++) {
    const b = <u32>load<u8>(ptr + i);
    putByte(hexDigit(b >> 4));
    putByte(hexDigit(b & 15));
  }
}

/** Appends `n` as 8 lowercase hex digits (big-endian, zero-padded). */
export function putHexU32(n: u32): void {
  for (let shift = 28; shift >= 0; shift -= 4) putByte(hexDigit((n >> shift) & 15));
}

// @ts-ignore: decorator
@inline function hexDigit(v: u32): u32 {
  return v < 10 ? 0x30 + v : 0x57 + v;
}

// ---- print*: append and flush, one write call each ----

export function print(s: string): void {
  putString(s);
  flush();
}

export function println(s: string = ""): void {
  putString(s);
  putByte(10);
  flush();
}

export function printU32(n: u32): void {
  putU32(n);
  flush();
}

export function printU64(n: u64): void {
  putU64(n);
  flush();
}

/** Prints the bytes as lowercase hex (no newline). */
export function printHex(bytes: Uint8Array): void {
  putHexBytes(bytes.dataStart, <usize>bytes.length);
  flush();
}
