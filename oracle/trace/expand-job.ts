// One expansion job, the same in a worker and on the main thread: a CHUNK payload in, the chunk's
// ROWS section payload and its SHA-256 out (so workers hash in parallel too).
import { decodeChunk } from '../../emulator/trace/chunk';
import { expandChunk } from '../../emulator/trace/expand';
import { encodeRows, SECTION } from '../../emulator/trace/format';
import { Memory } from '../../emulator/memory';
import { sectionHash } from './file';

export interface ExpandedRows {
  readonly payload: Uint8Array;
  readonly hash: Uint8Array;
  /** state after the chunk (pc, then x0..x31), for checks against the next chunk's start */
  readonly endState: Int32Array;
}

/** Expands chunk payloads on one reusable guest memory. */
export class Expander {
  private memory: Memory | undefined;

  expand(chunkPayload: Uint8Array, memorySize: number): ExpandedRows {
    if (this.memory?.size !== memorySize) this.memory = new Memory(memorySize);
    const chunk = decodeChunk(chunkPayload);
    const { rows, pc, regs } = expandChunk(chunk, this.memory);
    const calls = chunk.ecalls.flatMap((e) => (e.record ? [{ row: e.offset, ...e.record }] : []));
    const payload = encodeRows(rows, calls);
    const endState = new Int32Array(33);
    endState[0] = pc;
    endState.set(regs, 1);
    return { payload, hash: sectionHash(SECTION.ROWS, chunk.index, payload), endState };
  }
}
