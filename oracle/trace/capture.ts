// `zkos trace` as a library: runs a program under the recording executor with the oracle's trace
// host, streams each chunk's minimal trace (and, --full, its rows expanded on workers) to a file.
// captureAirbenderTrace does the same for an Airbender image (docs/airbender.md, "Traces").
import { bootMachine } from '../../emulator/boot';
import type { OutputSink } from '../../emulator/ecall';
import type { Program } from '../../emulator/loader/program';
import type { Machine } from '../../emulator/machine';
import { DEFAULT_MEMORY_SIZE } from '../../emulator/memory';
import { encodeChunk } from '../../emulator/trace/chunk';
import { SECTION, type TraceEnd, type TraceMode } from '../../emulator/trace/format';
import { AirbenderHost, type Blake2sConvention } from '../../emulator/airbender/csr';
import { AIRBENDER_DEFAULT_MAX_CYCLES, AIRBENDER_MEMORY_SIZE, bootAirbender } from '../../emulator/airbender/machine';
import { AirbenderTraceHost } from '../../emulator/airbender/trace-host';
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
  /** what runs the guest (emulator/trace/record.ts); default compiled */
  readonly engine?: 'compiled' | 'interpreter';
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
  const recorder = new Recorder(machine, traceHost({ sink: o.sink, oracle: o.oracle }), { chunkSize, maxCycles: o.maxCycles, engine: o.engine });
  const writer = TraceWriter.create(o.path, { full: !!o.full, chunkSize, memorySize, entry: o.program.entry >>> 0, elfHash: sha256(o.programBytes) });
  const { result, chunks, layerBytes } = await streamChunks(recorder, writer, o, (r) => traceEnd(r, machine, o.oracle));
  return { result, machine, chunks, bytes: writer.size, layerBytes };
}

/** What captureAirbenderTrace needs: the flat image and its input words, as `zkos run --airbender`. */
export interface AirbenderCaptureOptions {
  readonly image: Uint8Array;
  readonly input?: Uint32Array;
  readonly blake2s?: Blake2sConvention;
  readonly path: string;
  readonly full?: boolean;
  readonly chunkSize?: number;
  readonly jobs?: number;
  readonly maxCycles?: number;
  readonly onUart?: (message: Uint8Array) => void;
  readonly onProgress?: (cycles: number) => void;
}

export interface AirbenderCaptureSummary extends CaptureSummary {
  /** the host after the run: markers, delegation counts, input reads, UART messages */
  readonly host: AirbenderHost;
}

/** The END section of an Airbender run: halt is an exit with code 0; the public output is x10..x17. */
export function airbenderTraceEnd(result: RunResult, machine: Machine, tape: readonly number[]): Omit<TraceEnd, 'chunks' | 'chainHash'> {
  return {
    status: result.kind === 'exit' ? 0 : result.kind === 'trap' ? 1 : 2,
    exitCode: 0,
    cycles: result.cycles,
    pc: machine.pc >>> 0,
    message: result.kind === 'trap' ? result.trap.message : '',
    publicOutput: Array.from(machine.regs.subarray(10, 18), (w) => w >>> 0),
    tape,
  };
}

/**
 * `zkos trace --airbender`: records an Airbender image run (docs/airbender.md) with every CSR call
 * (oracle reads, delegations, markers) as its own record, into a version-2 trace file.
 */
export async function captureAirbenderTrace(o: AirbenderCaptureOptions): Promise<AirbenderCaptureSummary> {
  const chunkSize = o.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const machine = bootAirbender(o.image);
  const host = new AirbenderHost(o.input, o.onUart);
  if (o.blake2s) host.blake2sConvention = o.blake2s;
  const traced = new AirbenderTraceHost(host);
  const maxCycles = o.maxCycles ?? AIRBENDER_DEFAULT_MAX_CYCLES;
  const recorder = new Recorder(machine, traced, { chunkSize, maxCycles, mode: 'airbender' });
  const writer = TraceWriter.create(o.path, {
    full: !!o.full, chunkSize, memorySize: AIRBENDER_MEMORY_SIZE, entry: 0, elfHash: sha256(o.image), mode: 'airbender', blake2s: host.blake2sConvention,
  });
  const { result, chunks, layerBytes } = await streamChunks(recorder, writer, { ...o, memorySize: AIRBENDER_MEMORY_SIZE, mode: 'airbender' }, (r) =>
    airbenderTraceEnd(r, machine, traced.tape),
  );
  return { result, machine, chunks, bytes: writer.size, layerBytes, host };
}

/** Runs the recorder chunk by chunk into the writer (rows on the pool with --full, written in chunk order), then closes it. */
async function streamChunks(
  recorder: Recorder,
  writer: TraceWriter,
  o: { readonly full?: boolean; readonly jobs?: number; readonly memorySize?: number; readonly mode?: TraceMode; readonly onProgress?: (cycles: number) => void },
  end: (result: RunResult) => Omit<TraceEnd, 'chunks' | 'chainHash'>,
): Promise<{ result: RunResult; chunks: number; layerBytes: { minimal: number; rows: number } }> {
  const memorySize = o.memorySize ?? DEFAULT_MEMORY_SIZE;
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
        const rows = pool.expand(payload, memorySize, o.mode);
        rows.catch(() => {}); // awaited in order by writeOldest; this only marks it handled meanwhile
        inFlight.push({ index: chunk.index, payload, rows });
        if (inFlight.length >= 2 * pool.jobs) await writeOldest();
      } else {
        writer.section(SECTION.CHUNK, chunk.index, payload);
        layerBytes.minimal += payload.length + FRAME;
      }
      o.onProgress?.(recorder.machine.cycles);
    }
    while (inFlight.length > 0) await writeOldest();
    const result = recorder.result!;
    writer.close(end(result));
    return { result, chunks, layerBytes };
  } catch (e) {
    writer.abandon();
    throw e;
  } finally {
    await pool?.close();
  }
}
