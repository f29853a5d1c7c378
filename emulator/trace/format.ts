// The trace file's layout (docs/trace-format.md), pure bytes in and out: header, section framing,
// the ROWS payload and the END payload. Hashing and file streaming live in oracle/trace/file.ts.
import type { CallRecord } from './chunk';
import { ROW_BYTES } from './rows';

export const TRACE_MAGIC = 'ZKOSTRCE';
/**
 * The version every trace is written with (docs/trace-format.md): 3, memory images of 256-byte pages.
 * Versions 1 (zkos mode) and 2 (which added the mode word, for Airbender) had word-list images;
 * this zkos reads neither, and says so.
 */
export const TRACE_VERSION = 3;
/** The first version whose header has the machine-mode word (and the Airbender BLAKE2s word). */
const MODE_WORD_SINCE = 2;

/** The machine a trace was recorded on: zkos's rv32im + ecall ABI, or Airbender's (CSRs, delegations). */
export type TraceMode = 'zkos' | 'airbender';
/** Header word 76 (version 2): the mode. */
export const MODE_CODE: Record<TraceMode, number> = { zkos: 0, airbender: 1 };
/** Header word 80 (version 2), Airbender mode: bit 0 set when CSR 0x7C7 uses the x12 BLAKE2s convention. */
export const AIRBENDER_BLAKE2S_X12 = 1;
export const HEADER_BYTES = 128;
/** bytes [0, HEADER_HASHED) of the header are covered by the SHA-256 at HEADER_HASHED */
export const HEADER_HASHED = 96;
export const SECTION_HEADER_BYTES = 16;
export const HASH_BYTES = 32;
/** the cycle count of a header whose run has not finished (a file its writer did not close) */
export const UNKNOWN = 0xffffffff;

export const SECTION = { CHUNK: 1, ROWS: 2, END: 3 } as const;
export const SECTION_NAMES: Record<number, string> = { 1: 'chunk', 2: 'rows', 3: 'end' };

/** A file that is not a trace, or a damaged one: the message names the section and offset. */
export class TraceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceFormatError';
  }
}

export interface TraceHeader {
  readonly version: number;
  /** true when the file has a ROWS section after each CHUNK section */
  readonly full: boolean;
  readonly chunkSize: number;
  readonly memorySize: number;
  readonly entry: number;
  /** SHA-256 of the ELF (or flat image) file */
  readonly elfHash: Uint8Array;
  /** UNKNOWN until the writer closes the file */
  readonly cycles: number;
  readonly chunks: number;
  /** the machine (absent: zkos); 'airbender' files are version 2 */
  readonly mode?: TraceMode;
  /** Airbender mode: CSR 0x7C7's calling convention (docs/airbender.md) */
  readonly blake2s?: 'x12' | 'x13';
}

/** The version a header with this mode is written with (the same for both modes since version 3). */
export const versionOf = (_mode: TraceMode | undefined): number => TRACE_VERSION;

/** Header bytes; [HEADER_HASHED, HEADER_HASHED + 32) is left for the caller's SHA-256. */
export function encodeHeader(h: TraceHeader): Uint8Array {
  const bytes = new Uint8Array(HEADER_BYTES);
  const v = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(TRACE_MAGIC));
  v.setUint32(8, h.version, true);
  v.setUint32(12, HEADER_BYTES, true);
  v.setUint32(16, h.full ? 1 : 0, true);
  v.setUint32(20, h.chunkSize, true);
  v.setUint32(24, h.memorySize, true);
  v.setUint32(28, h.entry, true);
  bytes.set(h.elfHash, 32);
  v.setBigUint64(64, h.cycles === UNKNOWN ? 0xffffffffffffffffn : BigInt(h.cycles), true);
  v.setUint32(72, h.chunks, true);
  if (h.version >= MODE_WORD_SINCE) {
    v.setUint32(76, MODE_CODE[h.mode ?? 'zkos'], true);
    v.setUint32(80, h.blake2s === 'x12' ? AIRBENDER_BLAKE2S_X12 : 0, true);
  } else if (h.mode === 'airbender') throw new TraceFormatError(`an Airbender-mode trace needs version ${MODE_WORD_SINCE} or later`);
  return bytes;
}

/** Checks magic and version (before anything else is trusted), then reads the fields. */
export function decodeHeader(bytes: Uint8Array): TraceHeader {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (bytes.length < 8 || magic !== TRACE_MAGIC) throw new TraceFormatError(`not a trace file: it does not start with "${TRACE_MAGIC}"`);
  if (bytes.length < 16) throw new TraceFormatError(`trace file truncated in its header: ${bytes.length} of ${HEADER_BYTES} bytes`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = v.getUint32(8, true);
  if (version === 1 || version === 2) {
    throw new TraceFormatError(`trace file version ${version} was written by an earlier zkos (memory images as word lists); this zkos reads version ${TRACE_VERSION}: record the run again`);
  }
  if (version !== TRACE_VERSION) throw new TraceFormatError(`trace file version ${version} is not supported (this zkos reads version ${TRACE_VERSION})`);
  if (bytes.length < HEADER_BYTES) throw new TraceFormatError(`trace file truncated in its header: ${bytes.length} of ${HEADER_BYTES} bytes`);
  const cycles = v.getBigUint64(64, true);
  let mode: TraceMode = 'zkos';
  let blake2s: 'x12' | 'x13' | undefined;
  if (version >= MODE_WORD_SINCE) {
    const code = v.getUint32(76, true);
    const found = (Object.keys(MODE_CODE) as TraceMode[]).find((m) => MODE_CODE[m] === code);
    if (!found) throw new TraceFormatError(`trace file header names machine mode ${code} (this zkos knows 0 zkos, 1 Airbender)`);
    mode = found;
    if (mode === 'airbender') blake2s = v.getUint32(80, true) & AIRBENDER_BLAKE2S_X12 ? 'x12' : 'x13';
  }
  return {
    mode,
    ...(blake2s && { blake2s }),
    version,
    full: (v.getUint32(16, true) & 1) === 1,
    chunkSize: v.getUint32(20, true),
    memorySize: v.getUint32(24, true),
    entry: v.getUint32(28, true),
    elfHash: bytes.slice(32, 64),
    cycles: cycles === 0xffffffffffffffffn ? UNKNOWN : Number(cycles),
    chunks: v.getUint32(72, true),
  };
}

export interface SectionHeader {
  readonly kind: number;
  /** the chunk it belongs to (END: the number of chunks) */
  readonly chunk: number;
  readonly length: number;
}

export function encodeSectionHeader(s: SectionHeader): Uint8Array {
  const bytes = new Uint8Array(SECTION_HEADER_BYTES);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, s.kind, true);
  v.setUint32(4, s.chunk, true);
  v.setUint32(8, s.length, true);
  return bytes;
}

export function decodeSectionHeader(bytes: Uint8Array): SectionHeader {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { kind: v.getUint32(0, true), chunk: v.getUint32(4, true), length: v.getUint32(8, true) };
}

/** A call record placed at a row of its chunk. */
export interface RowCall extends CallRecord {
  readonly row: number;
}

/** Words of a ROWS payload holding `rowCount` rows and these call records. */
export function rowsPayloadWords(rowCount: number, calls: readonly RowCall[]): number {
  return calls.reduce((n, c) => n + 4 + c.input.length + c.output.length, 2 + rowCount * (ROW_BYTES / 4));
}

/**
 * Writes the parts of a ROWS payload around its rows into `out` (rowsPayloadWords words): the row
 * count at word 0 and the call records after the rows. The rows themselves, from word 1, are the
 * caller's (the expander writes them there in place, so they are never copied).
 */
export function writeRowsFrame(out: Uint32Array, rowCount: number, calls: readonly RowCall[]): void {
  out[0] = rowCount;
  let at = 1 + rowCount * (ROW_BYTES / 4);
  out[at++] = calls.length;
  for (const c of calls) {
    out[at++] = c.row;
    out[at++] = c.kind;
    out[at++] = c.input.length;
    out.set(c.input, at);
    at += c.input.length;
    out[at++] = c.output.length;
    out.set(c.output, at);
    at += c.output.length;
  }
}

/** ROWS payload: row count, the rows, then the chunk's call records (accelerators, oracle). */
export function encodeRows(rows: Int32Array, calls: readonly RowCall[]): Uint8Array {
  const rowCount = rows.length / (ROW_BYTES / 4);
  const out = new Uint32Array(rowsPayloadWords(rowCount, calls));
  out.set(new Uint32Array(rows.buffer, rows.byteOffset, rows.length), 1);
  writeRowsFrame(out, rowCount, calls);
  return new Uint8Array(out.buffer);
}

export function decodeRows(payload: Uint8Array): { rows: Uint32Array; calls: RowCall[] } {
  const p = payload.byteOffset % 4 === 0 ? payload : payload.slice();
  const u = new Uint32Array(p.buffer, p.byteOffset, p.length >>> 2);
  const count = u[0];
  const rowsEnd = 1 + count * (ROW_BYTES / 4);
  if (p.length % 4 !== 0 || rowsEnd >= u.length + 1) throw new TraceFormatError(`rows payload of ${p.length} bytes cannot hold ${count} rows`);
  const rows = u.subarray(1, rowsEnd);
  const calls: RowCall[] = [];
  let at = rowsEnd;
  const take = (n: number) => {
    if (at + n > u.length) throw new TraceFormatError(`rows payload ends inside its call records`);
    const s = Array.from(u.subarray(at, at + n));
    at += n;
    return s;
  };
  for (let k = take(1)[0]; k > 0; k--) {
    const [row, kind, nIn] = take(3);
    const input = take(nIn);
    const output = take(take(1)[0]);
    calls.push({ row, kind, input, output });
  }
  return { rows, calls };
}

/** How the run ended, with its public output and tape: the END section (the footer). */
export interface TraceEnd {
  /** 0: exit, 1: trap, 2: cycle limit */
  readonly status: 0 | 1 | 2;
  readonly exitCode: number;
  readonly cycles: number;
  readonly pc: number;
  /** the trap message ('' unless status is 1) */
  readonly message: string;
  readonly publicOutput: readonly number[];
  readonly tape: readonly number[];
  readonly chunks: number;
  /** SHA-256 over the header's hash and every section's hash, in file order */
  readonly chainHash: Uint8Array;
}

export function encodeEnd(e: TraceEnd): Uint8Array {
  const message = new TextEncoder().encode(e.message);
  const words = 7 + Math.ceil(message.length / 4) + 2 + e.publicOutput.length + e.tape.length + 1;
  const bytes = new Uint8Array(words * 4 + HASH_BYTES);
  const v = new DataView(bytes.buffer);
  let at = 0;
  const put = (w: number) => (v.setUint32(at, w >>> 0, true), (at += 4));
  put(e.status);
  put(e.exitCode);
  put(e.cycles % 2 ** 32);
  put(Math.floor(e.cycles / 2 ** 32));
  put(e.pc);
  put(e.chunks);
  put(message.length);
  bytes.set(message, at);
  at += Math.ceil(message.length / 4) * 4;
  put(e.publicOutput.length);
  e.publicOutput.forEach(put);
  put(e.tape.length);
  e.tape.forEach(put);
  put(0); // reserved
  bytes.set(e.chainHash, at);
  return bytes;
}

export function decodeEnd(bytes: Uint8Array): TraceEnd {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const get = () => {
    if (at + 4 > bytes.length) throw new TraceFormatError('end section ends early');
    const w = v.getUint32(at, true);
    at += 4;
    return w;
  };
  const status = get();
  if (status > 2) throw new TraceFormatError(`end section has status ${status}`);
  const exitCode = get() | 0;
  const cycles = get() + get() * 2 ** 32;
  const pc = get();
  const chunks = get();
  const mlen = get();
  const message = new TextDecoder().decode(bytes.subarray(at, at + mlen));
  at += Math.ceil(mlen / 4) * 4;
  const publicOutput = Array.from({ length: get() }, get);
  const tape = Array.from({ length: get() }, get);
  get();
  if (at + HASH_BYTES !== bytes.length) throw new TraceFormatError(`end section is ${bytes.length} bytes, its fields need ${at + HASH_BYTES}`);
  return { status: status as 0 | 1 | 2, exitCode, cycles, pc, message, publicOutput, tape, chunks, chainHash: bytes.slice(at) };
}
