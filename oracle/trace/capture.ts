// `zkos trace` as a library: runs a program under the recording executor with the oracle's trace
// host, streams each chunk's minimal trace (and, --full, its rows expanded on workers) to a file.
import { bootMachine } from '../../emulator/boot';
import type { OutputSink } from '../../emulator/ecall';
import type { Program } from '../../emulator/loader/program';
import type { Machine } from '../../emulator/machine';
import { DEFAULT_MEMORY_SIZE } from '../../emulator/memory';
import { encodeChunk } from '../../emulator/trace/chunk';
import { SECTION, type TraceEnd } from '../../emulator/trace/format';
import { DEFAULT_CHUNK_SIZE, Recorder } from '../../emulator/trace/record';
import type { RunResult } from '../../emulator/trap';
import type { OracleSession } from '../session';
import type { ExpandedRows } from './expand-job';
import { sha256, TraceWriter } from './file';
import { traceHost } from './host';
import { ExpandPool } from './pool';

export interface CaptureOptions {
  readonly program: Program;
  /** the program file's bytes (the header carries their SHA-256) */
  readonly programBytes: Uint8Array;
  readonly path: string;
  readonly oracle: OracleSession;
  readonly sink: OutputSink;
  /** write the per-cycle rows too */
  readonly full?: boolean;
  readonly chunkSize?: number;
  readonly jobs?: number;
  readonly memorySize?: number;
  readonly maxCycles: number;
  /** called after each chunk with the cycles so far */
  readonly onProgress?: (cycles: number) => void;
}

export interface CaptureSummary {
  readonly result: RunResult;
  readonly machine: Machine;
  readonly chunks: number;
  readonly bytes: number;
  /** bytes of CHUNK sections and of ROWS sections (with their framing) */
  readonly layerBytes: { readonly minimal: number; readonly rows: number };
}

/** The END section's fields for a finished run. */
export function traceEnd(result: RunResult, machine: Machine, oracle: OracleSession): Omit<TraceEnd, 'chunks' | 'chainHash'> {
  const status = result.kind === 'exit' ? 0 : result.kind === 'trap' ? 1 : 2;
  return {
    status,
    exitCode: result.kind === 'exit' ? result.exitCode : 0,
    cycles: result.cycles,
    pc: machine.pc >>> 0,
    message: result.kind === 'trap' ? `${result.trap.kind}: ${result.trap.message}` : '',
    publicOutput: oracle.publicOutput,
    tape: oracle.tape,
  };
}

const FRAME = 16 + 32;

export async function captureTrace(o: CaptureOptions): Promise<CaptureSummary> {
  const memorySize = o.memorySize ?? DEFAULT_MEMORY_SIZE;
  const chunkSize = o.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const machine = bootMachine(o.program, { memorySize });
  const recorder = new Recorder(machine, traceHost({ sink: o.sink, oracle: o.oracle }), { chunkSize, maxCycles: o.maxCycles });
  const writer = TraceWriter.create(o.path, { full: !!o.full, chunkSize, memorySize, entry: o.program.entry >>> 0, elfHash: sha256(o.programBytes) });
  const pool = o.full ? await ExpandPool.create(o.jobs ?? 1) : undefined;
  const inFlight: { index: number; payload: Uint8Array; rows: Promise<ExpandedRows> }[] = [];
  const layerBytes = { minimal: 0, rows: 0 };
  let chunks = 0;
  const writeOldest = async () => {
    const job = inFlight.shift()!;
    const rows = await job.rows;
    writer.section(SECTION.CHUNK, job.index, job.payload);
    writer.section(SECTION.ROWS, job.index, rows.payload, rows.hash);
    layerBytes.minimal += job.payload.length + FRAME;
    layerBytes.rows += rows.payload.length + FRAME;
    pool!.recycle(rows.payload); // written: its buffer goes back to the workers
  };
  try {
    for (let chunk; (chunk = recorder.next()); chunks++) {
      const payload = encodeChunk(chunk);
      if (pool) {
        const rows = pool.expand(payload, memorySize);
        rows.catch(() => {}); // awaited in order by writeOldest; this only marks it handled meanwhile
        inFlight.push({ index: chunk.index, payload, rows });
        if (inFlight.length >= 2 * pool.jobs) await writeOldest();
      } else {
        writer.section(SECTION.CHUNK, chunk.index, payload);
        layerBytes.minimal += payload.length + FRAME;
      }
      o.onProgress?.(machine.cycles);
    }
    while (inFlight.length > 0) await writeOldest();
    const result = recorder.result!;
    writer.close(traceEnd(result, machine, o.oracle));
    return { result, machine, chunks, bytes: writer.size, layerBytes };
  } catch (e) {
    writer.abandon();
    throw e;
  } finally {
    await pool?.close();
  }
}
