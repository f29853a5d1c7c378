// One expansion job, the same in a worker and on the main thread: a CHUNK payload in, the chunk's
// ROWS section payload and its hash out (so workers hash in parallel too). The rows are written by
// the expander straight into the payload buffer (no row array, no copy); payload buffers come back
// through recycle() once written to the file, so a steady run allocates none. Rows come from the
// compiled expander (emulator/trace/expand-compiled.ts), whose block cache lives as long as the
// Expander; { expander: 'reference' } uses the plain interpreter loop (expand.ts) instead.
import { decodeChunk } from '../../emulator/trace/chunk';
import { expandChunk } from '../../emulator/trace/expand';
import { CompiledExpander } from '../../emulator/trace/expand-compiled';
import { rowsPayloadWords, SECTION, writeRowsFrame, type RowCall, type TraceMode } from '../../emulator/trace/format';
import { Memory } from '../../emulator/memory';
import { sectionHash } from './file';

export interface ExpandedRows {
  /** the ROWS payload: a view from byte 0 of a buffer that may be longer (a reused one) */
  readonly payload: Uint8Array;
  readonly hash: Uint8Array;
  /** state after the chunk (pc, then x0..x31), for checks against the next chunk's start */
  readonly endState: Int32Array;
}

/** Spare payload buffers kept for reuse (the chunks in flight per job). */
const MAX_SPARE = 4;

export type ExpanderKind = 'compiled' | 'reference';

/** The source of an Expander's payload buffers, and who hears when it lets a spare one go. */
export interface ExpandBuffers {
  allocate(bytes: number): ArrayBufferLike;
  dropped?(buffer: ArrayBufferLike): void;
}

/** Expands chunk payloads on one reusable guest memory, into reusable payload buffers. */
export class Expander {
  private memory: Memory | undefined;
  private compiled: CompiledExpander | undefined;
  readonly kind: ExpanderKind;

  private readonly spare: ArrayBufferLike[] = [];
  private readonly buffers: ExpandBuffers;

  /**
   * `buffers`: where payload buffers come from (default: plain ArrayBuffers). A worker passes
   * SharedArrayBuffers it has shown the main thread once, so rows reach it without a transfer.
   */
  constructor(options: { readonly expander?: ExpanderKind; readonly buffers?: ExpandBuffers } = {}) {
    this.kind = options.expander ?? 'compiled';
    this.buffers = options.buffers ?? { allocate: (bytes) => new ArrayBuffer(bytes) };
  }

  /** Gives back a payload's buffer (its ROWS section is written: nothing reads it any more). */
  recycle(buffer: ArrayBufferLike): void {
    if (buffer.byteLength === 0) return; // detached
    this.spare.push(buffer);
    if (this.spare.length > MAX_SPARE) {
      this.spare.sort((a, b) => b.byteLength - a.byteLength);
      for (const dropped of this.spare.splice(MAX_SPARE)) this.buffers.dropped?.(dropped);
    }
  }

  /** A spare buffer of at least `bytes`, or a new one. */
  private buffer(bytes: number): ArrayBufferLike {
    let best = -1;
    for (let k = 0; k < this.spare.length; k++) {
      const size = this.spare[k].byteLength;
      if (size >= bytes && (best < 0 || size < this.spare[best].byteLength)) best = k;
    }
    return best < 0 ? this.buffers.allocate(bytes) : this.spare.splice(best, 1)[0];
  }

  expand(chunkPayload: Uint8Array, memorySize: number, mode: TraceMode = 'zkos'): ExpandedRows {
    if (this.memory?.size !== memorySize) {
      this.memory = new Memory(memorySize);
      this.compiled = undefined;
    }
    const chunk = decodeChunk(chunkPayload);
    const calls: RowCall[] = [];
    for (const e of chunk.ecalls) if (e.record) calls.push({ row: e.offset, ...e.record });
    const words = rowsPayloadWords(chunk.cycles, calls);
    const buffer = this.buffer(words * 4);
    try {
      const into = new Int32Array(buffer, 0, words);
      let end: { pc: number; regs: Int32Array };
      if (this.kind === 'reference') {
        end = expandChunk(chunk, this.memory, into, 1, mode);
        this.compiled?.reset(); // the reference's writes bypass the compiled cache's code marks
      } else {
        if (this.compiled?.mode !== mode) this.compiled = new CompiledExpander(this.memory, mode);
        end = this.compiled.expand(chunk, into, 1);
      }
      const { pc, regs } = end;
      writeRowsFrame(new Uint32Array(buffer, 0, words), chunk.cycles, calls);
      const payload = new Uint8Array(buffer, 0, words * 4);
      const endState = new Int32Array(33);
      endState[0] = pc;
      endState.set(regs, 1);
      return { payload, hash: sectionHash(SECTION.ROWS, chunk.index, payload), endState };
    } catch (e) {
      this.recycle(buffer);
      throw e;
    }
  }
}
