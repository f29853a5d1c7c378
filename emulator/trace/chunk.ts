// The minimal trace of one chunk (docs/trace-format.md): start state, first-touch memory image and
// the host's answers to its ecalls — enough to re-execute the chunk alone. Pure encode/decode.

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
  /** [address, value] pairs: each word the chunk reads before writing, as it was at the start */
  readonly image: Int32Array;
  readonly ecalls: readonly EcallRecord[];
}

export class ChunkDecodeError extends Error {}

/** Growable little u32 writer over a number[] (payloads are built once per chunk). */
class Words {
  readonly w: number[] = [];
  push(...v: number[]): void {
    for (const x of v) this.w.push(x >>> 0);
  }
  list(v: readonly number[]): void {
    this.w.push(v.length);
    for (const x of v) this.w.push(x >>> 0);
  }
}

/** Payload of a CHUNK section: u32 LE words (layout in docs/trace-format.md). */
export function encodeChunk(c: Chunk): Uint8Array {
  const head = new Words();
  head.push(c.index, c.firstCycle % 2 ** 32, Math.floor(c.firstCycle / 2 ** 32), c.cycles, c.pc);
  for (let r = 0; r < 32; r++) head.push(c.regs[r]);
  head.push(c.image.length / 2);
  const tail = new Words();
  tail.push(c.ecalls.length);
  for (const e of c.ecalls) {
    tail.push(e.offset, e.outcome, e.exitCode);
    tail.list(e.regs);
    tail.push(e.writes.length);
    for (const w of e.writes) {
      tail.push(w.address);
      tail.list(w.words);
    }
    tail.push(e.record ? e.record.kind : 0xffffffff);
    if (e.record) {
      tail.list(e.record.input);
      tail.list(e.record.output);
    }
  }
  const out = new Uint32Array(head.w.length + c.image.length + tail.w.length);
  out.set(head.w);
  out.set(new Uint32Array(c.image.buffer, c.image.byteOffset, c.image.length), head.w.length);
  out.set(tail.w, head.w.length + c.image.length);
  return new Uint8Array(out.buffer);
}

export function decodeChunk(bytes: Uint8Array): Chunk {
  if (bytes.length % 4 !== 0) throw new ChunkDecodeError(`chunk payload of ${bytes.length} bytes is not a whole number of words`);
  const copy = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const u = new Uint32Array(copy.buffer, copy.byteOffset, copy.length / 4);
  let at = 0;
  const next = () => {
    if (at >= u.length) throw new ChunkDecodeError(`chunk payload ends early at word ${at}`);
    return u[at++];
  };
  const take = (n: number) => {
    if (at + n > u.length) throw new ChunkDecodeError(`chunk payload ends early at word ${at} (needs ${n} more)`);
    const s = Array.from(u.subarray(at, at + n));
    at += n;
    return s;
  };
  const index = next();
  const firstCycle = next() + next() * 2 ** 32;
  const cycles = next();
  const pc = next();
  const regs = Int32Array.from(take(32));
  const pairs = next();
  if (at + 2 * pairs > u.length) throw new ChunkDecodeError(`chunk memory image of ${pairs} words runs past the payload`);
  const image = new Int32Array(u.buffer.slice(u.byteOffset + at * 4, u.byteOffset + (at + 2 * pairs) * 4));
  at += 2 * pairs;
  const ecalls: EcallRecord[] = [];
  for (let k = next(); k > 0; k--) {
    const offset = next();
    const outcome = next();
    if (outcome > 1) throw new ChunkDecodeError(`ecall record at word ${at - 1} has outcome ${outcome}`);
    const exitCode = next() | 0;
    const regList = take(next());
    const writes: EcallRecord['writes'][number][] = [];
    for (let w = next(); w > 0; w--) {
      const address = next();
      writes.push({ address, words: take(next()) });
    }
    const kind = next();
    const record = kind === 0xffffffff ? undefined : { kind, input: take(next()), output: take(next()) };
    ecalls.push({ offset, outcome: outcome as 0 | 1, exitCode, regs: regList, writes, ...(record && { record }) });
  }
  if (at !== u.length) throw new ChunkDecodeError(`chunk payload has ${u.length - at} words after its end`);
  return { index, firstCycle, cycles, pc, regs, image, ecalls };
}
