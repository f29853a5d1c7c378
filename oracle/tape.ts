// The non-determinism tape: every answer the oracle gave, in order, each as its length word then its
// words. A TapeReader replays it with no oracle; encodeTape/decodeTape are the file format (docs/oracle.md).
import { createHash } from 'node:crypto';
import { describeWords, queryLabel } from './schema/queries';

/** A tape does not fit the run that reads it, or a tape file is damaged: the message says where. */
export class TapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TapeError';
  }
}

/** Reads answers from a tape in order, checking each against the query the guest asks. */
export class TapeReader {
  private at = 0;
  private queries = 0;

  constructor(private readonly words: Uint32Array) {}

  /** Words not read yet. */
  get remaining(): number {
    return this.words.length - this.at;
  }

  /** The answer to the guest's next query: `id` named `name`, whose answer has `expected` words. */
  next(id: number, name: string, expected: { min: number; max: number }): Uint32Array {
    const index = this.queries++;
    const label = queryLabel(id, name);
    const where = `tape word ${this.at} (query #${index}, ${label})`;
    if (this.at >= this.words.length) {
      throw new TapeError(`the tape runs out at ${where}: the guest asks a query, the tape (${this.words.length} words) has no answer left`);
    }
    const length = this.words[this.at];
    if (length < expected.min || length > expected.max) {
      throw new TapeError(`tape answer does not fit at ${where}: the tape gives ${length} answer words, the query answers ${describeWords(expected)}`);
    }
    if (length > this.words.length - this.at - 1) {
      throw new TapeError(`the tape runs out at ${where}: the answer has ${length} words, the tape has ${this.words.length - this.at - 1} left`);
    }
    const answer = this.words.slice(this.at + 1, this.at + 1 + length);
    this.at += 1 + length;
    return answer;
  }

  /** Throws when the run ended with words left on the tape (its answers were for another run). */
  finish(): void {
    if (this.remaining > 0) {
      throw new TapeError(`the tape has ${this.remaining} unread words from word ${this.at} after the run's ${this.queries} queries: it was recorded for another run`);
    }
  }
}

// ---- the file: magic, version, word count, words (LE), SHA-256 of everything before it ----

const MAGIC = 'ZKOSTAPE';
export const TAPE_VERSION = 1;
const HEADER_BYTES = 16;
const CHECKSUM_BYTES = 32;

const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());

/** The tape file for `words`. */
export function encodeTape(words: Uint32Array): Uint8Array {
  const body = new Uint8Array(HEADER_BYTES + words.length * 4);
  const view = new DataView(body.buffer);
  body.set(new TextEncoder().encode(MAGIC));
  view.setUint32(8, TAPE_VERSION, true);
  view.setUint32(12, words.length, true);
  words.forEach((w, i) => view.setUint32(HEADER_BYTES + i * 4, w, true));
  const file = new Uint8Array(body.length + CHECKSUM_BYTES);
  file.set(body);
  file.set(sha256(body), body.length);
  return file;
}

/** The words of a tape file; a TapeError says what is wrong with a damaged one. */
export function decodeTape(file: Uint8Array): Uint32Array {
  if (file.length < HEADER_BYTES) throw new TapeError(`not a tape file: ${file.length} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  if (new TextDecoder().decode(file.subarray(0, 8)) !== MAGIC) throw new TapeError(`not a tape file: it does not start with "${MAGIC}"`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const version = view.getUint32(8, true);
  if (version !== TAPE_VERSION) throw new TapeError(`tape file version ${version} is not supported (this zkos reads version ${TAPE_VERSION})`);
  const count = view.getUint32(12, true);
  const expected = HEADER_BYTES + count * 4 + CHECKSUM_BYTES;
  if (file.length < expected) throw new TapeError(`tape file truncated: the header says ${count} words (${expected} bytes with the checksum), the file has ${file.length} bytes`);
  if (file.length > expected) throw new TapeError(`tape file has ${file.length - expected} bytes after its end (the header says ${count} words, ${expected} bytes)`);
  const bodyEnd = HEADER_BYTES + count * 4;
  const checksum = sha256(file.subarray(0, bodyEnd));
  if (Buffer.compare(checksum, file.subarray(bodyEnd)) !== 0) throw new TapeError('tape file corrupted: its SHA-256 checksum does not match its contents');
  return Uint32Array.from({ length: count }, (_, i) => view.getUint32(HEADER_BYTES + i * 4, true));
}
