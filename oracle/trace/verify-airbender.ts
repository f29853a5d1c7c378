// `zkos trace verify` for an Airbender-mode trace (docs/airbender.md, "Traces"): re-runs the image
// with Airbender's rules (CSR semantics, FENCE/ECALL illegal, stop on `j .`) under a second recorder,
// the input words answered from the file's tape, and compares each re-recorded chunk with the file's
// (start state, memory image, every CSR record: the first difference names its cycle); then expands
// each chunk alone from the file (rows compared with ROWS sections when present, end state against
// the next chunk's start) and checks the end: status, cycles, pc, x10..x17 and the tape consumed.
import { AirbenderHost } from '../../emulator/airbender/csr';
import { AIRBENDER_MEMORY_SIZE, bootAirbender } from '../../emulator/airbender/machine';
import { AirbenderTraceHost } from '../../emulator/airbender/trace-host';
import { type Chunk, ChunkDecodeError, decodeChunk, encodeChunk } from '../../emulator/trace/chunk';
import { ExpandError } from '../../emulator/trace/expand';
import { SECTION, TraceFormatError } from '../../emulator/trace/format';
import { Recorder } from '../../emulator/trace/record';
import { Expander } from './expand-job';
import { sha256, TraceReader } from './file';
import { readForVerify, type VerifyReport } from './verify';

const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const CSR_NAMES: Record<number, string> = { 0x7c0: 'oracle', 0x7c7: 'BLAKE2s', 0x7ca: 'u256', 0x7cb: 'keccak', 0x7ff: 'marker' };

/** The first difference between two lists of words, as "what[k] is a, re-execution gives b". */
function listDiff(what: string, found: readonly number[], expected: readonly number[]): string | undefined {
  for (let k = 0; k < Math.max(found.length, expected.length); k++) {
    if (found[k] !== expected[k]) {
      if (k >= found.length || k >= expected.length) return `${what} has ${found.length} words, re-execution gives ${expected.length}`;
      return `${what} word ${k} is ${hex(found[k])}, re-execution gives ${hex(expected[k])}`;
    }
  }
  return undefined;
}

/** Where the file's chunk `f` and the re-recorded `e` first differ, naming the cycle. */
export function chunkDifference(f: Chunk, e: Chunk): string {
  const at = `chunk ${f.index} (cycle ${f.firstCycle})`;
  if (f.cycles !== e.cycles) return `${at}: the file says ${f.cycles} cycles, re-execution retires ${e.cycles}`;
  if (f.pc !== e.pc) return `${at}: start pc ${hex(f.pc)}, re-execution is at ${hex(e.pc)}`;
  for (let k = 0; k < 32; k++) if (f.regs[k] !== e.regs[k]) return `${at}: start x${k} is ${hex(f.regs[k])}, re-execution has ${hex(e.regs[k])}`;
  for (let k = 0; k < Math.max(f.ecalls.length, e.ecalls.length); k++) {
    const a = f.ecalls[k];
    const b = e.ecalls[k];
    if (!a || !b || a.offset !== b.offset) {
      const cycle = f.firstCycle + Math.min(a?.offset ?? Infinity, b?.offset ?? Infinity);
      return `${at}, cycle ${cycle}: the file ${a ? `records a CSR call at cycle ${f.firstCycle + a.offset}` : 'records no further CSR call'}, re-execution ${b ? `makes one at cycle ${f.firstCycle + b.offset}` : 'makes none'}`;
    }
    const cycle = f.firstCycle + a.offset;
    const name = a.record ? `CSR 0x${a.record.kind.toString(16)} (${CSR_NAMES[a.record.kind] ?? 'unknown'})` : 'CSR call';
    const where = `cycle ${cycle}: ${name}`;
    if (a.record?.kind !== b.record?.kind) return `${where}: record kind differs from re-execution's (0x${(b.record?.kind ?? 0).toString(16)})`;
    const d =
      listDiff('record input', a.record?.input ?? [], b.record?.input ?? []) ??
      listDiff('record output', a.record?.output ?? [], b.record?.output ?? []) ??
      listDiff('registers written', a.regs, b.regs) ??
      listDiff('memory ranges', a.writes.map((w) => w.address), b.writes.map((w) => w.address)) ??
      a.writes.map((w, i) => listDiff(`memory written at ${hex(w.address)}`, w.words, b.writes[i].words)).find((s) => s !== undefined);
    if (d) return `${where}: ${d}`;
  }
  const img = listDiff('memory image', Array.from(f.pages, (v) => v >>> 0), Array.from(e.pages, (v) => v >>> 0));
  return `${at}: ${img ?? 'the chunk differs from its re-execution'}`;
}

export function verifyAirbenderTrace(path: string, image: Uint8Array): VerifyReport {
  const { header, end, fail } = readForVerify(path);
  if (header.mode !== 'airbender') return fail(0, 0, 'the trace was not recorded in Airbender mode (verify it against its ELF without --airbender)');
  if (Buffer.compare(sha256(image), header.elfHash) !== 0) return fail(0, 0, 'the trace was recorded for another image (image hash differs)');
  if (header.memorySize !== AIRBENDER_MEMORY_SIZE) return fail(0, 0, `the header says ${header.memorySize} bytes of memory, Airbender has ${AIRBENDER_MEMORY_SIZE}`);

  const machine = bootAirbender(image);
  const host = new AirbenderHost(Uint32Array.from(end.tape));
  host.blake2sConvention = header.blake2s ?? 'x13';
  const traced = new AirbenderTraceHost(host);
  const maxCycles = end.status === 2 ? end.cycles : end.cycles + 1;
  const recorder = new Recorder(machine, traced, { chunkSize: header.chunkSize, maxCycles, mode: 'airbender' });
  // the simple path (expand.ts), independent of the compiled expander that may have written the file
  const expander = new Expander({ expander: 'reference' });
  const reader = TraceReader.open(path);
  let chunks = 0;
  let rows = 0;
  let expanded: Uint8Array | undefined;
  let expandedEnd: Int32Array | undefined;
  try {
    for (const s of reader.sections()) {
      if (s.kind === SECTION.ROWS) {
        if (Buffer.compare(expanded!, s.payload) !== 0) return fail(chunks, rows, `chunk ${s.chunk}: its rows differ from the chunk's re-expansion`);
        continue;
      }
      const chunk = decodeChunk(s.payload);
      const at = `chunk ${s.chunk} (cycle ${chunk.firstCycle})`;
      if (chunk.index !== s.chunk || chunk.firstCycle !== s.chunk * header.chunkSize) return fail(chunks, rows, `${at}: it says it is chunk ${chunk.index} at cycle ${chunk.firstCycle}`);
      const live = recorder.next();
      if (!live) return fail(chunks, rows, `${at}: re-execution ended (${recorder.result?.kind}) at cycle ${machine.cycles}`);
      if (Buffer.compare(encodeChunk(live), s.payload) !== 0) return fail(chunks, rows, chunkDifference(chunk, live));
      if (expandedEnd && (expandedEnd[0] >>> 0 !== chunk.pc || expandedEnd.subarray(1).some((v, k) => v !== chunk.regs[k]))) {
        return fail(chunks, rows, `${at}: the previous chunk does not re-execute to this chunk's start state`);
      }
      const e = expander.expand(s.payload, header.memorySize, 'airbender');
      expanded = e.payload;
      expandedEnd = e.endState;
      chunks++;
      rows += chunk.cycles;
    }
  } catch (e) {
    if (e instanceof TraceFormatError || e instanceof ExpandError) return fail(chunks, rows, e.message);
    if (e instanceof ChunkDecodeError) return fail(chunks, rows, `chunk ${chunks}: ${e.message}`);
    throw e;
  } finally {
    reader.close();
  }
  while (!recorder.result && recorder.next()); // a run with no chunks (it trapped at once) or a longer re-execution
  const result = recorder.result!;
  const status = result.kind === 'exit' ? 0 : result.kind === 'trap' ? 1 : 2;
  if (status !== end.status || result.cycles !== end.cycles || machine.pc >>> 0 !== end.pc) {
    const name = (s: number) => ['halt', 'stop', 'cycle-limit'][s];
    return fail(chunks, rows, `the end: the file says ${name(end.status)} at cycle ${end.cycles}, re-execution ends with ${name(status)} at cycle ${result.cycles}`);
  }
  const output = Array.from(machine.regs.subarray(10, 18), (w) => w >>> 0);
  const d = listDiff('output (x10..x17)', end.publicOutput, output);
  if (d) return fail(chunks, rows, `the end: ${d}`);
  if (host.inputReads !== end.tape.length) return fail(chunks, rows, `the end: the tape has ${end.tape.length} input words, re-execution reads ${host.inputReads}`);
  return { ok: true, chunks, cycles: end.cycles, rows };
}
