// The minimal trace of one chunk (docs/trace-format.md): start state, the memory pages it touches
// (as they were when it first touched them) and the host's answers to its ecalls — enough to
// re-execute the chunk alone. Pure encode/decode.

/** The memory image's unit: pages of 2^PAGE_SHIFT bytes (256 bytes, 64 words). */
export const PAGE_SHIFT = 8;
export const PAGE_WORDS = 1 << (PAGE_SHIFT - 2);
/** One page of the image: its index word, then its PAGE_WORDS words. */
export const PAGE_RECORD = PAGE_WORDS + 1;
/**
 * Index-word flag: the chunk's first touch of the page was a host write (an ecall's effects), and
 * the page's words are as they were after that ecall; otherwise as they were at the chunk's start.
 */
export const HOST_FIRST = 0x80000000;
/** The page index in an index word. */
export const pageIndex = (word: number): number => word & 0x7fffffff;

/** The first and last page of `count` words at byte `address` (last < first when count is 0). */
export function pageRange(address: number, count: number): readonly [number, number] {
  const at = address >>> 0;
  return [at >>> PAGE_SHIFT, count === 0 ? (at >>> PAGE_SHIFT) - 1 : (at + 4 * count - 1) >>> PAGE_SHIFT];
}

/** A host call's typed record (query, answer_read, commit, accelerators): kind and words in/out. */
export interface CallRecord {
  /** the ecall number (a7) of the call */
  readonly kind: number;
  readonly input: readonly number[];
  readonly output: readonly number[];
}

/** What one ecall did, as the replay host re-applies it. */
export interface EcallRecord {
  /** instruction index of the ecall within its chunk */
  readonly offset: number;
  /** 0: continue, 1: exit (the ecall retires, the run ends) */
  readonly outcome: 0 | 1;
  readonly exitCode: number;
  /** registers the host changed: [index, value] pairs */
  readonly regs: readonly number[];
  /** memory the host wrote: per range, address then its words */
  readonly writes: readonly { readonly address: number; readonly words: readonly number[] }[];
  readonly record?: CallRecord;
}

export interface Chunk {
  readonly index: number;
  readonly firstCycle: number;
  /** instructions retired in the chunk (its rows) */
  readonly cycles: number;
  readonly pc: number;
  /** x0..x31 at the chunk's start */
  readonly regs: Int32Array;
  /**
   * The pages the chunk touches (fetches, loads, stores, host writes), in first-touch order: per page
   * PAGE_RECORD words, its index (| HOST_FIRST when a host write touched it first) and its words.
   */
  readonly pages: Int32Array;
  readonly ecalls: readonly EcallRecord[];
}

/** Words of a CHUNK payload before its image: index, first cycle (2), cycles, pc, x0..x31, page count. */
export const CHUNK_HEAD_WORDS = 38;

/**
 * CHUNK payloads the recorder made (head, pages and ecall records copied in once from its
 * buffers), by chunk object: encodeChunk returns them as they are. A copy of a chunk
 * (`{ ...chunk, pages }`) is a new object, encoded from its fields.
 */
const builtPayloads = new WeakMap<Chunk, Uint8Array>();

/** Registers `payload` as the encoding of `chunk` (the recorder's; it must be exactly encodeChunk's result). */
export function withPayload<C extends Chunk>(chunk: C, payload: Uint8Array): C {
  builtPayloads.set(chunk, payload);
  return chunk;
}

export class ChunkDecodeError extends Error {}

/** A growable u32 buffer (the recorder's ecall records, written as they happen). */
export class WordBuffer {
  words: Uint32Array;
  length = 0;

  /** `words`: storage to start with (its contents do not matter), e.g. a buffer used before */
  constructor(words?: Uint32Array) {
    this.words = words ?? new Uint32Array(1024);
  }

  /** Makes room for n more words (callers then write `words` from `length` and move `length`). */
  room(n: number): void {
    if (this.length + n <= this.words.length) return;
    const bigger = new Uint32Array(Math.max(2 * this.words.length, this.length + n));
    bigger.set(this.words.subarray(0, this.length));
    this.words = bigger;
  }

  /** Appends v as a u32 (ToUint32, as `>>> 0`). */
  push(v: number): void {
    if (this.length === this.words.length) this.room(1);
    this.words[this.length++] = v;
  }

  /** Appends a length-prefixed list. */
  list(v: ArrayLike<number>): void {
    this.room(v.length + 1);
    const w = this.words;
    let n = this.length;
    w[n++] = v.length;
    for (let k = 0; k < v.length; k++) w[n++] = v[k];
    this.length = n;
  }
}

/** Reads u32 words in order, with errors that say where the payload ends early. */
class Reader {
  at = 0;
  constructor(readonly u: Uint32Array) {}

  next(): number {
    if (this.at >= this.u.length) throw new ChunkDecodeError(`chunk payload ends early at word ${this.at}`);
    return this.u[this.at++];
  }

  take(n: number): number[] {
    if (this.at + n > this.u.length) throw new ChunkDecodeError(`chunk payload ends early at word ${this.at} (needs ${n} more)`);
    const s = Array.from(this.u.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }

  /** The ecall part (count, then the records). */
  ecalls(): EcallRecord[] {
    const ecalls: EcallRecord[] = [];
    for (let k = this.next(); k > 0; k--) {
      const offset = this.next();
      const outcome = this.next();
      if (outcome > 1) throw new ChunkDecodeError(`ecall record at word ${this.at - 1} has outcome ${outcome}`);
      const exitCode = this.next() | 0;
      const regList = this.take(this.next());
      const writes: EcallRecord['writes'][number][] = [];
      for (let w = this.next(); w > 0; w--) {
        const address = this.next();
        writes.push({ address, words: this.take(this.next()) });
      }
      const kind = this.next();
      const record = kind === 0xffffffff ? undefined : { kind, input: this.take(this.next()), output: this.take(this.next()) };
      ecalls.push({ offset, outcome: outcome as 0 | 1, exitCode, regs: regList, writes, ...(record && { record }) });
    }
    return ecalls;
  }
}

/** The records of an encoded ecall part (count, then the records). */
export function decodeEcallWords(words: Uint32Array): EcallRecord[] {
  const r = new Reader(words);
  const ecalls = r.ecalls();
  if (r.at !== words.length) throw new ChunkDecodeError(`ecall words have ${words.length - r.at} words after their end`);
  return ecalls;
}

/** Payload of a CHUNK section: u32 LE words (layout in docs/trace-format.md). */
export function encodeChunk(c: Chunk): Uint8Array {
  return builtPayloads.get(c) ?? payloadOf(chunkHead(c, c.pages.length / PAGE_RECORD), c.pages, encodeEcalls(c.ecalls));
}

/** The CHUNK_HEAD_WORDS words before the image. */
export function chunkHead(c: Pick<Chunk, 'index' | 'firstCycle' | 'cycles' | 'pc' | 'regs'>, pages: number): number[] {
  return [c.index, c.firstCycle % 2 ** 32, Math.floor(c.firstCycle / 2 ** 32), c.cycles, c.pc, ...c.regs, pages];
}

/** The ecall part of a CHUNK payload (count, then the records) from decoded records. */
function encodeEcalls(ecalls: readonly EcallRecord[]): Uint32Array {
  const t = new WordBuffer();
  t.push(ecalls.length);
  for (const e of ecalls) {
    t.push(e.offset);
    t.push(e.outcome);
    t.push(e.exitCode);
    t.list(e.regs);
    t.push(e.writes.length);
    for (const w of e.writes) {
      t.push(w.address);
      t.list(w.words);
    }
    if (e.record === undefined) t.push(0xffffffff);
    else {
      t.push(e.record.kind);
      t.list(e.record.input);
      t.list(e.record.output);
    }
  }
  return t.words.subarray(0, t.length);
}

function payloadOf(head: readonly number[], image: Int32Array, tail: ArrayLike<number>): Uint8Array {
  const out = new Uint32Array(head.length + image.length + tail.length);
  out.set(head);
  out.set(new Uint32Array(image.buffer, image.byteOffset, image.length), head.length);
  out.set(tail, head.length + image.length);
  return new Uint8Array(out.buffer);
}

export function decodeChunk(bytes: Uint8Array): Chunk {
  if (bytes.length % 4 !== 0) throw new ChunkDecodeError(`chunk payload of ${bytes.length} bytes is not a whole number of words`);
  const copy = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const u = new Uint32Array(copy.buffer, copy.byteOffset, copy.length / 4);
  const r = new Reader(u);
  const index = r.next();
  const firstCycle = r.next() + r.next() * 2 ** 32;
  const cycles = r.next();
  const pc = r.next();
  const regs = Int32Array.from(r.take(32));
  const count = r.next();
  const words = count * PAGE_RECORD;
  if (r.at + words > u.length) throw new ChunkDecodeError(`chunk memory image of ${count} pages runs past the payload`);
  const pages = new Int32Array(u.buffer.slice(u.byteOffset + r.at * 4, u.byteOffset + (r.at + words) * 4));
  r.at += words;
  const ecalls = r.ecalls();
  if (r.at !== u.length) throw new ChunkDecodeError(`chunk payload has ${u.length - r.at} words after its end`);
  return { index, firstCycle, cycles, pc, regs, pages, ecalls };
}
