// Guest memory: one flat, zero-filled region [0, size) with byte, halfword and word views.
// Holds no policy beyond bounds; the memory map (docs/memory-map.md) says how it is used.

export const PAGE_SIZE = 4096;
/** Default guest memory: 128 MiB. */
export const DEFAULT_MEMORY_SIZE = 128 * 1024 * 1024;
/** Largest guest memory: 2 GiB, so every in-bounds address is a non-negative int32. */
export const MAX_MEMORY_SIZE = 2 * 1024 * 1024 * 1024;

/** A host-side access (loader, ecall handler) that falls outside guest memory. */
export class GuestMemoryError extends Error {
  constructor(
    message: string,
    readonly address: number,
    readonly length: number,
  ) {
    super(message);
    this.name = 'GuestMemoryError';
  }
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class Memory {
  readonly size: number;
  readonly u8: Uint8Array;
  readonly i8: Int8Array;
  readonly u16: Uint16Array;
  readonly i16: Int16Array;
  readonly i32: Int32Array;

  constructor(size: number = DEFAULT_MEMORY_SIZE) {
    if (!hostIsLittleEndian) throw new Error('zkos needs a little-endian host (guest memory views are little-endian)');
    if (!Number.isInteger(size) || size <= 0 || size % PAGE_SIZE !== 0 || size > MAX_MEMORY_SIZE) {
      throw new RangeError(
        `memory size ${size} is not a multiple of ${PAGE_SIZE} bytes between ${PAGE_SIZE} and ${MAX_MEMORY_SIZE}`,
      );
    }
    this.size = size;
    const buffer = new ArrayBuffer(size);
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i16 = new Int16Array(buffer);
    this.i32 = new Int32Array(buffer);
  }

  /** True when [address, address + length) lies inside memory. */
  contains(address: number, length: number): boolean {
    return address >= 0 && length >= 0 && address + length <= this.size;
  }

  private check(address: number, length: number, what: string): void {
    if (!this.contains(address, length)) {
      throw new GuestMemoryError(
        `${what} of ${length} bytes at 0x${(address >>> 0).toString(16)} is outside guest memory [0, 0x${this.size.toString(16)})`,
        address >>> 0,
        length,
      );
    }
  }

  /** A copy of [address, address + length). */
  readBytes(address: number, length: number): Uint8Array {
    this.check(address, length, 'read');
    return this.u8.slice(address, address + length);
  }

  writeBytes(address: number, bytes: Uint8Array): void {
    this.check(address, bytes.length, 'write');
    this.u8.set(bytes, address);
  }

  /** Little-endian 32-bit read at any address (no alignment requirement: host use only). */
  readWord(address: number): number {
    this.check(address, 4, 'read');
    const b = this.u8;
    return (b[address] | (b[address + 1] << 8) | (b[address + 2] << 16) | (b[address + 3] << 24)) >>> 0;
  }

  writeWord(address: number, value: number): void {
    this.check(address, 4, 'write');
    const b = this.u8;
    b[address] = value;
    b[address + 1] = value >>> 8;
    b[address + 2] = value >>> 16;
    b[address + 3] = value >>> 24;
  }
}

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3,
};

/** Parses a size such as `4096`, `0x100000`, `64K`, `128M`, `1GiB` (binary units). */
export function parseSize(text: string): number {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  const match = /^(\d+)\s*([a-z]*)$/i.exec(t);
  const unit = match ? SIZE_UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new RangeError(`cannot read size '${text}': use bytes, hex (0x...), or a number with K, M or G`);
  }
  return Number(match[1]) * unit;
}
