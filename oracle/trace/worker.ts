// Entry point of an expansion worker (bundled as dist/trace-worker.mjs): expands the CHUNK payloads
// it is sent, one at a time, into row buffers shared with the main thread (SharedArrayBuffer
// "slots"), and posts back the slot, the payload length, its hash and the end state. A slot's buffer
// is posted only the first time the slot is used; the main thread keeps it and hands the slot back
// as { free } once it has written the rows. Nothing large crosses the thread boundary after that,
// so the main thread's heap sees no new external memory per chunk (transferring a 32 MiB buffer per
// chunk each way made the main thread spend half its time in garbage collection).
import { parentPort, workerData } from 'node:worker_threads';
import type { TraceMode } from '../../emulator/trace/format';
import { Expander, type ExpanderKind } from './expand-job';

const slots: (SharedArrayBuffer | undefined)[] = [];
const slotOf = new Map<ArrayBufferLike, number>();
const shown = new Set<number>();

const expander = new Expander({
  expander: (workerData as { expander?: ExpanderKind } | null)?.expander,
  buffers: {
    allocate(bytes) {
      const buffer = new SharedArrayBuffer(bytes);
      let slot = slots.indexOf(undefined);
      if (slot < 0) slot = slots.length;
      slots[slot] = buffer;
      slotOf.set(buffer, slot);
      shown.delete(slot);
      return buffer;
    },
    dropped(buffer) {
      const slot = slotOf.get(buffer);
      if (slot === undefined) return;
      slotOf.delete(buffer);
      slots[slot] = undefined; // the main thread's copy is replaced when the slot is used again
    },
  },
});

type Job = { id: number; payload: Uint8Array; memorySize: number; mode?: TraceMode } | { free: number };

/** slots whose rows the main thread holds (a slot comes back once: a second free is ignored) */
const out = new Set<number>();

parentPort!.on('message', (job: Job) => {
  if ('free' in job) {
    const buffer = slots[job.free];
    if (buffer && out.delete(job.free)) expander.recycle(buffer);
    return;
  }
  try {
    const r = expander.expand(job.payload, job.memorySize, job.mode);
    const slot = slotOf.get(r.payload.buffer)!;
    const buffer = shown.has(slot) ? undefined : slots[slot];
    shown.add(slot);
    out.add(slot);
    parentPort!.postMessage({ id: job.id, slot, buffer, bytes: r.payload.byteLength, hash: r.hash, endState: r.endState });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message });
  }
});
