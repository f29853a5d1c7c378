// Trace files on disk (docs/trace-format.md): a writer that streams sections to a file descriptor
// with bounded memory, and a reader that checks every hash and names the broken chunk and offset.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  decodeEnd, decodeHeader, decodeSectionHeader, encodeEnd, encodeHeader, encodeSectionHeader, HASH_BYTES, HEADER_BYTES, HEADER_HASHED,
  SECTION, SECTION_HEADER_BYTES, SECTION_NAMES, TraceFormatError, versionOf, UNKNOWN, type TraceEnd, type TraceHeader,
} from '../../emulator/trace/format';

export const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** SHA-256 of a section: its 16-byte header and payload. */
export function sectionHash(kind: number, chunk: number, payload: Uint8Array): Uint8Array {
  return sha256(encodeSectionHeader({ kind, chunk, length: payload.length }), payload);
}

function headerBytes(h: TraceHeader): Uint8Array {
  const bytes = encodeHeader(h);
  bytes.set(sha256(bytes.subarray(0, HEADER_HASHED)), HEADER_HASHED);
  return bytes;
}

export type HeaderFields = Omit<TraceHeader, 'version' | 'cycles' | 'chunks'>;

/** Writes a trace file section by section; close() writes the END section and patches the header. */
export class TraceWriter {
  private offset = HEADER_BYTES;
  private readonly hashes: Uint8Array[] = [];
  private chunks = 0;

  private constructor(
    private readonly fd: number,
    private readonly fields: HeaderFields,
  ) {
    this.write(headerBytes({ ...fields, version: versionOf(fields.mode), cycles: UNKNOWN, chunks: 0 }), 0);
  }

  static create(path: string, fields: HeaderFields): TraceWriter {
    return new TraceWriter(openSync(path, 'w'), fields);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.offset;
  }

  private write(bytes: Uint8Array, at: number): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, at + done);
  }

  /** Appends a section; `hash` when the caller (a worker) computed it already. */
  section(kind: number, chunk: number, payload: Uint8Array, hash = sectionHash(kind, chunk, payload)): void {
    const head = encodeSectionHeader({ kind, chunk, length: payload.length });
    this.write(head, this.offset);
    this.write(payload, this.offset + head.length);
    this.write(hash, this.offset + head.length + payload.length);
    this.offset += head.length + payload.length + HASH_BYTES;
    this.hashes.push(hash);
    if (kind === SECTION.CHUNK) this.chunks++;
  }

  close(end: Omit<TraceEnd, 'chunks' | 'chainHash'>): void {
    const header = headerBytes({ ...this.fields, version: versionOf(this.fields.mode), cycles: end.cycles, chunks: this.chunks });
    const chainHash = sha256(header.subarray(HEADER_HASHED, HEADER_HASHED + HASH_BYTES), ...this.hashes);
    const payload = encodeEnd({ ...end, chunks: this.chunks, chainHash });
    const head = encodeSectionHeader({ kind: SECTION.END, chunk: this.chunks, length: payload.length });
    this.write(head, this.offset);
    this.write(payload, this.offset + head.length);
    this.write(sectionHash(SECTION.END, this.chunks, payload), this.offset + head.length + payload.length);
    this.offset += head.length + payload.length + HASH_BYTES;
    this.write(header, 0);
    closeSync(this.fd);
  }

  /** Closes without an END section (an interrupted run): readers report the file as truncated. */
  abandon(): void {
    closeSync(this.fd);
  }
}

export interface Section {
  readonly kind: number;
  readonly chunk: number;
  /** byte offset of the section's header in the file */
  readonly offset: number;
  readonly payload: Uint8Array;
}

/** Reads a trace file: the header when opened, then sections in order, each checked before it is returned. */
export class TraceReader {
  readonly header: TraceHeader;
  readonly fileSize: number;
  private readonly headerHash: Uint8Array;
  /** set once sections() has read the END section */
  end: TraceEnd | undefined;

  private constructor(
    private readonly fd: number,
    readonly path: string,
  ) {
    this.fileSize = fstatSync(fd).size;
    const head = this.read(0, Math.min(HEADER_BYTES, this.fileSize));
    this.header = decodeHeader(head);
    this.headerHash = head.slice(HEADER_HASHED, HEADER_HASHED + HASH_BYTES);
    if (Buffer.compare(sha256(head.subarray(0, HEADER_HASHED)), this.headerHash) !== 0) {
      throw new TraceFormatError('trace file header corrupted: its SHA-256 does not match its contents');
    }
  }

  static open(path: string): TraceReader {
    return new TraceReader(openSync(path, 'r'), path);
  }

  close(): void {
    closeSync(this.fd);
  }

  private read(at: number, length: number): Uint8Array {
    const bytes = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const n = readSync(this.fd, bytes, done, length - done, at + done);
      if (n === 0) break;
      done += n;
    }
    return bytes;
  }

  /** Every section in file order, checked: order, lengths, hashes, then the END section's chain hash and counts. */
  *sections(): Generator<Section> {
    const full = this.header.full;
    const hashes: Uint8Array[] = [];
    let at = HEADER_BYTES;
    for (let chunk = 0, part = 0; ; ) {
      const expected = part === 1 ? SECTION.ROWS : SECTION.CHUNK;
      const where = (kind: number) => `chunk ${chunk} (${SECTION_NAMES[kind] ?? `kind ${kind}`} section at byte ${at})`;
      if (at === this.fileSize) {
        throw new TraceFormatError(`trace file truncated: it ends at byte ${at}, after ${chunk} chunk${chunk === 1 ? '' : 's'}, without its end section`);
      }
      if (at + SECTION_HEADER_BYTES > this.fileSize) throw new TraceFormatError(`trace file truncated in ${where(expected)}: the file ends at byte ${this.fileSize}`);
      const s = decodeSectionHeader(this.read(at, SECTION_HEADER_BYTES));
      const isEnd = s.kind === SECTION.END && part === 0;
      if (!isEnd && (s.kind !== expected || s.chunk !== chunk)) {
        throw new TraceFormatError(`trace file corrupted at ${where(expected)}: found a section of kind ${s.kind} for chunk ${s.chunk}`);
      }
      const end = at + SECTION_HEADER_BYTES + s.length + HASH_BYTES;
      if (end > this.fileSize) {
        throw new TraceFormatError(
          `trace file truncated in ${isEnd ? `the end section at byte ${at}` : where(s.kind)}: the section needs ${end - at} bytes, the file has ${this.fileSize - at} left`,
        );
      }
      const payload = this.read(at + SECTION_HEADER_BYTES, s.length);
      const hash = this.read(at + SECTION_HEADER_BYTES + s.length, HASH_BYTES);
      if (Buffer.compare(sectionHash(s.kind, s.chunk, payload), hash) !== 0) {
        const what = isEnd ? `the end section at byte ${at}` : where(s.kind);
        throw new TraceFormatError(`trace file corrupted: ${what}: its SHA-256 does not match its contents`);
      }
      if (isEnd) {
        this.checkEnd(decodeEnd(payload), chunk, hashes, end);
        return;
      }
      hashes.push(hash);
      yield { kind: s.kind, chunk, offset: at, payload };
      at = end;
      if (full && part === 0) part = 1;
      else {
        part = 0;
        chunk++;
      }
    }
  }

  private checkEnd(e: TraceEnd, chunks: number, hashes: Uint8Array[], end: number): void {
    if (e.chunks !== chunks || this.header.chunks !== chunks) {
      throw new TraceFormatError(`trace file corrupted: the file has ${chunks} chunks, its end section says ${e.chunks} and its header ${this.header.chunks}`);
    }
    if (this.header.cycles !== e.cycles) throw new TraceFormatError(`trace file corrupted: the header says ${this.header.cycles} cycles, the end section ${e.cycles}`);
    if (Buffer.compare(sha256(this.headerHash, ...hashes), e.chainHash) !== 0) {
      throw new TraceFormatError('trace file corrupted: the chain hash of its end section does not match the header and sections');
    }
    if (end !== this.fileSize) throw new TraceFormatError(`trace file has ${this.fileSize - end} bytes after its end section (at byte ${end})`);
    this.end = e;
  }
}
