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

/**
 * Guest memory inside a WebAssembly.Memory, for the compiler's wasm tier (emulator/compiler/wasm):
 * a header comes first (the register file and exit state at byte 0, the code map of 64-byte
 * granules at `codeMap`), then guest address 0 at byte `base`. The views (u8, ...) cover only
 * [base, base + size); generated WebAssembly reaches all of it.
 */
export interface WasmBacking {
  readonly memory: WebAssembly.Memory;
  /** its size in 64 KiB pages (fixed: it never grows, so the views stay valid) */
  readonly pages: number;
  /** byte offset of guest address 0 */
  readonly base: number;
  /** byte offset of the code map: one byte per 64-byte granule of guest memory */
  readonly codeMap: number;
  /**
   * byte offsets of the trace recorder's tables (emulator/trace/record.ts, compiler/recording.ts):
   * a stamp and a watch byte per 256-byte page, and the chunk image's window of `imageWords` words
   */
  readonly stamp: number;
  readonly watch: number;
  readonly image: number;
  readonly imageWords: number;
  /**
   * the header's first words: registers x0..x31 at [0, 32), the exit state at [32, 35), the code-free
   * range at [36, 38), the recorder's state at [40, 42)
   */
  readonly header: Int32Array;
}

/**
 * Where the register file, exit state, code-free range (compiler/cache.ts), recorder state and code
 * map live in a wasm-backed memory's header (bytes).
 */
export const WASM_HEADER = { registers: 0, state: 128, codeFree: 144, recorder: 160, codeMap: 65536 } as const;
const WASM_PAGE = 65536;
/** Code-map granule (compiler/checks.ts GRANULE_SHIFT; repeated here: memory imports no compiler code). */
const GRANULE_BYTES = 64;
/** Trace image page (emulator/trace/chunk.ts PAGE_SHIFT) and the words of one page record. */
const IMAGE_PAGE_BYTES = 256;
const PAGE_RECORD_WORDS = IMAGE_PAGE_BYTES / 4 + 1;
/** Page records the recorder's image window holds before it moves them out (record.ts). */
export const IMAGE_WINDOW_PAGES = 16384;

const roundUp = (bytes: number): number => Math.ceil(bytes / WASM_PAGE) * WASM_PAGE;

function wasmBacking(size: number): WasmBacking | undefined {
  if (typeof WebAssembly === 'undefined' || globalThis.process?.env?.ZKOS_WASM_MEMORY === '0') return undefined;
  const codeMap = WASM_HEADER.codeMap;
  const stamp = codeMap + roundUp(size / GRANULE_BYTES);
  const watch = stamp + roundUp(size / IMAGE_PAGE_BYTES);
  const image = watch + roundUp(size / IMAGE_PAGE_BYTES);
  const imageWords = IMAGE_WINDOW_PAGES * PAGE_RECORD_WORDS;
  const base = image + roundUp(4 * imageWords);
  const pages = Math.ceil((base + size) / WASM_PAGE);
  try {
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    return { memory, pages, base, codeMap, stamp, watch, image, imageWords, header: new Int32Array(memory.buffer, 0, 64) };
  } catch {
    return undefined; // no address space for it: plain memory, and compiled code stays JavaScript
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
  /** set when the memory lives in a WebAssembly.Memory (see WasmBacking) */
  readonly wasm: WasmBacking | undefined;
  private registersClaimed = false;
  private codeMapClaimed = false;
  private recorderClaimed = false;

  constructor(size: number = DEFAULT_MEMORY_SIZE) {
    if (!hostIsLittleEndian) throw new Error('zkos needs a little-endian host (guest memory views are little-endian)');
    if (!Number.isInteger(size) || size <= 0 || size % PAGE_SIZE !== 0 || size > MAX_MEMORY_SIZE) {
      throw new RangeError(
        `memory size ${size} is not a multiple of ${PAGE_SIZE} bytes between ${PAGE_SIZE} and ${MAX_MEMORY_SIZE}`,
      );
    }
    this.size = size;
    this.wasm = wasmBacking(size);
    const buffer = this.wasm?.memory.buffer ?? new ArrayBuffer(size);
    const base = this.wasm?.base ?? 0;
    this.u8 = new Uint8Array(buffer, base, size);
    this.i8 = new Int8Array(buffer, base, size);
    this.u16 = new Uint16Array(buffer, base, size >>> 1);
    this.i16 = new Int16Array(buffer, base, size >>> 1);
    this.i32 = new Int32Array(buffer, base, size >>> 2);
  }

  /**
   * A register file for the machine of this memory: the header's (wasm-backed memory, first call),
   * where the wasm tier's code reads and writes registers; otherwise a fresh array.
   */
  claimRegisters(): Int32Array {
    if (this.wasm === undefined || this.registersClaimed) return new Int32Array(32);
    this.registersClaimed = true;
    return this.wasm.header.subarray(WASM_HEADER.registers / 4, WASM_HEADER.registers / 4 + 32);
  }

  /**
   * The trace recorder's tables in the header (wasm-backed memory, first call; else undefined):
   * stamp and watch bytes per page, its state words, the image window.
   */
  claimRecorder(): { stamp: Uint8Array; watch: Uint8Array; state: Int32Array; image: Int32Array } | undefined {
    const w = this.wasm;
    if (w === undefined || this.recorderClaimed) return undefined;
    this.recorderClaimed = true;
    const buffer = w.memory.buffer;
    const pages = this.size / IMAGE_PAGE_BYTES;
    return {
      stamp: new Uint8Array(buffer, w.stamp, pages),
      watch: new Uint8Array(buffer, w.watch, pages),
      state: new Int32Array(buffer, WASM_HEADER.recorder, 2),
      image: new Int32Array(buffer, w.image, w.imageWords),
    };
  }

  /** A code map of `length` granule bytes: the header's (wasm-backed memory, first call), else a fresh array. */
  claimCodeMap(length: number): Uint8Array {
    if (this.wasm === undefined || this.codeMapClaimed) return new Uint8Array(length);
    this.codeMapClaimed = true;
    return new Uint8Array(this.wasm.memory.buffer, this.wasm.codeMap, length);
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
