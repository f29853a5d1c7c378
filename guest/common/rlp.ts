// RLP (Ethereum's Recursive Length Prefix): a strict, bounds-checked decoder that reports errors as
// codes (never traps) and an encoder onto a ByteBuffer. AssemblyScript; see README.md.
import { ByteBuffer, minimalBytes, readUintBE, writeUintBE } from "./bytes";
import { fromBytesBEPartial, byteLength as u256ByteLength } from "./u256";

// ---- error codes (RlpReader.error; the first error sticks) ----
export const RLP_OK: i32 = 0;
/** an item or its length runs past the end of the input (or the enclosing list) */
export const RLP_TRUNCATED: i32 = 1;
/** a length with leading zero bytes, or the long form for a length under 56 */
export const RLP_NON_CANONICAL_SIZE: i32 = 2;
/** a single byte below 0x80 encoded as a one-byte string (0x81 0x00..0x7f) */
export const RLP_NON_CANONICAL_BYTE: i32 = 3;
/** expected a string, found a list */
export const RLP_EXPECTED_STRING: i32 = 4;
/** expected a list, found a string */
export const RLP_EXPECTED_LIST: i32 = 5;
/** an integer with a leading zero byte */
export const RLP_LEADING_ZERO: i32 = 6;
/** an integer longer than the type allows (8 bytes for u64, 32 for u256), or a fixed-size field of the wrong size */
export const RLP_BAD_SIZE: i32 = 7;
/** bytes left over after the last item */
export const RLP_TRAILING_BYTES: i32 = 8;
/** a length that does not fit 32 bits */
export const RLP_TOO_LONG: i32 = 9;

export function rlpErrorName(code: i32): string {
  switch (code) {
    case RLP_OK: return "ok";
    case RLP_TRUNCATED: return "truncated";
    case RLP_NON_CANONICAL_SIZE: return "non-canonical size";
    case RLP_NON_CANONICAL_BYTE: return "non-canonical single byte";
    case RLP_EXPECTED_STRING: return "expected a string";
    case RLP_EXPECTED_LIST: return "expected a list";
    case RLP_LEADING_ZERO: return "leading zero in an integer";
    case RLP_BAD_SIZE: return "wrong size";
    case RLP_TRAILING_BYTES: return "trailing bytes";
    case RLP_TOO_LONG: return "length too large";
    default: return "unknown";
  }
}

/** One decoded item: a string (bytes) or a list, with its payload's place in memory. */
export class RlpItem {
  isList: bool = false;
  payload: usize = 0;
  payloadLength: usize = 0;
}

/**
 * Reads the items in [start, end) one after another. Every read returns false (and sets `error`,
 * keeping the first one) on malformed input; nothing ever reads outside [start, end).
 */
export class RlpReader {
  pos: usize;
  end: usize;
  error: i32 = RLP_OK;
  /** the last item read by next() */
  item: RlpItem = new RlpItem();

  constructor(start: usize, end: usize) {
    this.pos = start;
    this.end = end;
  }

  static of(ptr: usize, len: usize): RlpReader {
    return new RlpReader(ptr, ptr + len);
  }

  get ok(): bool {
    return this.error == RLP_OK;
  }

  atEnd(): bool {
    return this.pos >= this.end;
  }

  /** Records `code` (unless an error is already recorded) and returns false. */
  fail(code: i32): bool {
    if (this.error == RLP_OK) this.error = code;
    return false;
  }

  /** Decodes the next item's header into `item` and moves past the item. */
  next(): bool {
    if (this.error != RLP_OK) return false;
    const left = this.end - this.pos;
    if (left == 0) return this.fail(RLP_TRUNCATED);
    const p = this.pos;
    const b0 = <u32>load<u8>(p);
    const item = this.item;
    let header: usize = 1;
    let length: usize = 0;
    if (b0 < 0x80) {
      item.isList = false;
      item.payload = p;
      item.payloadLength = 1;
      this.pos = p + 1;
      return true;
    } else if (b0 < 0xb8) {
      item.isList = false;
      length = <usize>(b0 - 0x80);
      if (length == 1) {
        if (left < 2) return this.fail(RLP_TRUNCATED);
        if (load<u8>(p + 1) < 0x80) return this.fail(RLP_NON_CANONICAL_BYTE);
      }
    } else if (b0 < 0xc0) {
      item.isList = false;
      const r = this.longLength(p, left, b0 - 0xb7);
      if (r < 0) return false;
      header = 1 + <usize>(b0 - 0xb7);
      length = <usize>r;
    } else if (b0 < 0xf8) {
      item.isList = true;
      length = <usize>(b0 - 0xc0);
    } else {
      item.isList = true;
      const r = this.longLength(p, left, b0 - 0xf7);
      if (r < 0) return false;
      header = 1 + <usize>(b0 - 0xf7);
      length = <usize>r;
    }
    if (length > left - header) return this.fail(RLP_TRUNCATED);
    item.payload = p + header;
    item.payloadLength = length;
    this.pos = p + header + length;
    return true;
  }

  /** The long-form length of `n` bytes after the byte at p: canonical, fits u32; -1 on error. */
  private longLength(p: usize, left: usize, n: u32): i64 {
    if (left < 1 + <usize>n) {
      this.fail(RLP_TRUNCATED);
      return -1;
    }
    if (n > 4) {
      this.fail(RLP_TOO_LONG);
      return -1;
    }
    if (load<u8>(p + 1) == 0) {
      this.fail(RLP_NON_CANONICAL_SIZE);
      return -1;
    }
    const v = readUintBE(p + 1, <usize>n);
    if (v < 56) {
      this.fail(RLP_NON_CANONICAL_SIZE);
      return -1;
    }
    return <i64>v;
  }

  /** Reads a list and returns a reader over its items (null on error). */
  enterList(): RlpReader | null {
    if (!this.next()) return null;
    if (!this.item.isList) {
      this.fail(RLP_EXPECTED_LIST);
      return null;
    }
    return new RlpReader(this.item.payload, this.item.payload + this.item.payloadLength);
  }

  /** Reads a string; its bytes are item.payload, item.payloadLength. */
  readString(): bool {
    if (!this.next()) return false;
    if (this.item.isList) return this.fail(RLP_EXPECTED_STRING);
    return true;
  }

  /** Reads a string of exactly `size` bytes (an address: 20, a hash: 32). */
  readFixed(size: usize): bool {
    if (!this.readString()) return false;
    if (this.item.payloadLength != size) return this.fail(RLP_BAD_SIZE);
    return true;
  }

  /** Reads a canonical unsigned integer of at most `maxBytes` bytes (no leading zero; 0 is the empty string). */
  private readInteger(maxBytes: usize): bool {
    if (!this.readString()) return false;
    const len = this.item.payloadLength;
    if (len > maxBytes) return this.fail(RLP_BAD_SIZE);
    if (len > 0 && load<u8>(this.item.payload) == 0) return this.fail(RLP_LEADING_ZERO);
    return true;
  }

  /** Reads an integer < 2^64; 0 on error (check `ok`). */
  readU64(): u64 {
    if (!this.readInteger(8)) return 0;
    return readUintBE(this.item.payload, this.item.payloadLength);
  }

  /** Reads an integer < 2^256 into the u256 at `out`; false on error. */
  readU256(out: usize): bool {
    if (!this.readInteger(32)) return false;
    fromBytesBEPartial(out, this.item.payload, this.item.payloadLength);
    return true;
  }

  /** After the last expected item: fails when bytes are left. */
  finish(): bool {
    if (this.error != RLP_OK) return false;
    if (this.pos != this.end) return this.fail(RLP_TRAILING_BYTES);
    return true;
  }
}

// ---- encoding ----

/** Appends the header for a string (0x80) or list (0xc0) payload of `length` bytes. */
function pushHeader(out: ByteBuffer, base: u32, length: usize): void {
  if (length < 56) {
    out.pushByte(base + <u32>length);
  } else {
    const n = minimalBytes(<u64>length);
    out.pushByte(base + 55 + <u32>n);
    out.pushUintBE(<u64>length, n);
  }
}

/** An RLP encoder writing into a ByteBuffer; lists are opened and closed (nesting allowed). */
export class RlpWriter {
  out: ByteBuffer;
  private listStarts: usize[] = [];

  constructor(out: ByteBuffer = new ByteBuffer()) {
    this.out = out;
  }

  /** Encodes the `len` bytes at `p` as a string (a single byte < 0x80 as itself). */
  writeBytes(p: usize, len: usize): void {
    if (len == 1 && load<u8>(p) < 0x80) {
      this.out.pushByte(<u32>load<u8>(p));
      return;
    }
    pushHeader(this.out, 0x80, len);
    this.out.pushBytes(p, len);
  }

  /** Encodes `v` as a minimal big-endian integer (0 is the empty string). */
  writeU64(v: u64): void {
    const n = minimalBytes(v);
    if (n == 1 && v < 0x80) {
      this.out.pushByte(<u32>v);
      return;
    }
    this.out.pushByte(0x80 + <u32>n);
    this.out.pushUintBE(v, n);
  }

  /** Encodes the u256 at `a` as a minimal big-endian integer. */
  writeU256(a: usize): void {
    const n = <usize>u256ByteLength(a);
    const tmp = memory.data(32);
    for (let i: usize = 0; i < n; i++) store<u8>(tmp + i, load<u8>(a + n - 1 - i));
    this.writeBytes(tmp, n);
  }

  /** Appends already-encoded RLP bytes. */
  writeRaw(p: usize, len: usize): void {
    this.out.pushBytes(p, len);
  }

  beginList(): void {
    this.listStarts.push(this.out.length);
  }

  /** Closes the innermost list: inserts its header before its payload. */
  endList(): void {
    const start = this.listStarts.pop();
    const length = this.out.length - start;
    const headerLength: usize = length < 56 ? 1 : 1 + minimalBytes(<u64>length);
    this.out.insertGap(start, headerLength);
    const p = this.out.ptr + start;
    if (length < 56) {
      store<u8>(p, <u8>(0xc0 + length));
    } else {
      store<u8>(p, <u8>(0xf7 + headerLength - 1));
      writeUintBE(p + 1, <u64>length, headerLength - 1);
    }
  }
}
