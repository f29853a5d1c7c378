// Entry point of an expansion worker (bundled as dist/trace-worker.mjs): expands the CHUNK payloads
// it is sent, one at a time, and posts back each ROWS payload with its hash (buffers transferred);
// payload buffers the main thread has written come back as { recycle } messages for reuse.
import { parentPort, workerData } from 'node:worker_threads';
import type { TraceMode } from '../../emulator/trace/format';
import { Expander, type ExpanderKind } from './expand-job';

const expander = new Expander({ expander: (workerData as { expander?: ExpanderKind } | null)?.expander });
parentPort!.on('message', (job: { id: number; payload: Uint8Array; memorySize: number; mode?: TraceMode } | { recycle: ArrayBuffer }) => {
  if ('recycle' in job) return expander.recycle(job.recycle);
  try {
    const r = expander.expand(job.payload, job.memorySize, job.mode);
    parentPort!.postMessage({ id: job.id, ...r }, [r.payload.buffer as ArrayBuffer, r.endState.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: (e as Error).message });
  }
});
