// Expansion on `jobs` worker threads (one job: on the calling thread). Results come back as promises
// in any order; callers write them in chunk order, so the file is the same for every job count.
// Row payloads arrive in buffers shared with the worker that wrote them (oracle/trace/worker.ts: no
// copy, no transfer) and go back to that worker through recycle() once written.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TraceMode } from '../../emulator/trace/format';
import { Expander, type ExpandedRows, type ExpanderKind } from './expand-job';

export const WORKER_FILE = 'trace-worker.mjs';

/**
 * How to start a worker. From the bundle (dist/, chunks in dist/chunks/), the worker is the sibling
 * entry dist/trace-worker.mjs (scripts/build.mjs). From TypeScript source (tests), esbuild bundles
 * oracle/trace/worker.ts in memory and the worker runs it with `eval`.
 */
async function workerSpec(): Promise<{ file: string } | { code: string }> {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const esbuild = 'esbuild'; // a dev dependency: only source runs get here, and the bundler leaves it alone
    const { build } = (await import(esbuild)) as typeof import('esbuild');
    const out = await build({ entryPoints: [join(dirname(here), 'worker.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' });
    return { code: out.outputFiles[0].text };
  }
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    if (existsSync(join(dir, WORKER_FILE))) return { file: join(dir, WORKER_FILE) };
    if (dirname(dir) === dir) throw new Error(`${WORKER_FILE} not found above ${dirname(here)}: rebuild with npm run build`);
  }
}

interface Pending {
  resolve: (r: ExpandedRows) => void;
  reject: (e: Error) => void;
}

/** A worker's answer: the rows are in its slot `slot` (whose buffer comes with the slot's first use). */
type WorkerReply =
  | { id: number; error: string }
  | { id: number; slot: number; buffer?: SharedArrayBuffer; bytes: number; hash: Uint8Array; endState: Int32Array };

export class ExpandPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly local: Expander;
  private nextId = 0;
  /** per worker, its slots' buffers as shown to this thread */
  private readonly slots: (SharedArrayBuffer | undefined)[][] = [];
  /** the worker and slot of each payload handed out and not yet recycled */
  private readonly owners = new WeakMap<Uint8Array, { worker: number; slot: number }>();
  /** a payload dropped without recycle() gives its slot back once collected (else the worker would allocate a new one for every chunk) */
  private readonly dropped = new FinalizationRegistry<{ worker: number; slot: number }>(({ worker, slot }) => this.workers[worker]?.postMessage({ free: slot }));

  private constructor(
    readonly jobs: number,
    readonly expander: ExpanderKind,
  ) {
    this.local = new Expander({ expander });
  }

  /** `expander`: the compiled expander (default) or the reference loop (benchmarks, cross-checks). */
  static async create(jobs: number, options: { readonly expander?: ExpanderKind } = {}): Promise<ExpandPool> {
    const pool = new ExpandPool(Math.max(1, Math.floor(jobs)), options.expander ?? 'compiled');
    if (pool.jobs === 1) return pool;
    const spec = await workerSpec();
    const workerData = { expander: pool.expander };
    for (let k = 0; k < pool.jobs; k++) {
      const w = 'code' in spec ? new Worker(spec.code, { eval: true, workerData }) : new Worker(spec.file, { workerData });
      const slots: (SharedArrayBuffer | undefined)[] = [];
      pool.slots.push(slots);
      w.on('message', (m: WorkerReply) => {
        const p = pool.pending.get(m.id)!;
        pool.pending.delete(m.id);
        if ('error' in m) return p.reject(new Error(m.error));
        if (m.buffer) slots[m.slot] = m.buffer;
        const buffer = slots[m.slot];
        if (!buffer || buffer.byteLength < m.bytes) return p.reject(new Error(`trace worker ${k}: rows in slot ${m.slot}, which it never shared`));
        const payload = new Uint8Array(buffer, 0, m.bytes);
        pool.owners.set(payload, { worker: k, slot: m.slot });
        pool.dropped.register(payload, { worker: k, slot: m.slot }, payload);
        p.resolve({ payload, hash: m.hash, endState: m.endState });
      });
      w.on('error', (e) => {
        for (const p of pool.pending.values()) p.reject(e);
        pool.pending.clear();
      });
      pool.workers.push(w);
    }
    return pool;
  }

  /** Expands a CHUNK payload (chunks go to workers round robin, so each worker keeps its memory warm). */
  expand(chunkPayload: Uint8Array, memorySize: number, mode: TraceMode = 'zkos'): Promise<ExpandedRows> {
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(this.local.expand(chunkPayload, memorySize, mode));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, payload: chunkPayload, memorySize, mode });
    });
  }

  /**
   * Hands a written ROWS payload's buffer back for reuse (the worker that wrote it will write other
   * rows into it: it must not be read afterwards). Optional: a payload not recycled gives its slot
   * back when the garbage collector takes it (later, so the worker meanwhile allocates new slots).
   */
  recycle(payload: Uint8Array): void {
    if (this.workers.length === 0) return this.local.recycle(payload.buffer);
    const owner = this.owners.get(payload);
    if (!owner) return;
    this.owners.delete(payload);
    this.dropped.unregister(payload);
    this.workers[owner.worker].postMessage({ free: owner.slot });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
