// `zkos trace verify`: re-executes the program with the plain interpreter (oracle answers from the
// file's tape) and checks every chunk's start state and memory image, every row, every hash, the end.
import { bootMachine } from '../../emulator/boot';
import { DEFAULT_INTERPRETER, INTERPRETERS, type InterpreterName } from '../../emulator/execute';
import type { Program } from '../../emulator/loader/program';
import { decodeChunk, HOST_FIRST, PAGE_RECORD, PAGE_WORDS, pageIndex, pageRange, type Chunk } from '../../emulator/trace/chunk';
import { SECTION, TraceFormatError } from '../../emulator/trace/format';
import { ROW, ROW_WORDS } from '../../emulator/trace/rows';
import { ecallHost } from '../host';
import { OracleSession } from '../session';
import { Expander } from './expand-job';
import { sha256, TraceReader } from './file';

export interface VerifyReport {
  readonly ok: boolean;
  readonly chunks: number;
  readonly cycles: number;
  readonly rows: number;
  /** the first mismatch, naming chunk and cycle */
  readonly mismatch?: string;
}

const FIELDS = Object.entries(ROW).map(([name]) => name.toLowerCase().replace('_', ' '));
const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** The first difference between expected and recorded ROWS payloads, as a sentence. */
function rowMismatch(expected: Uint8Array, found: Uint8Array, firstCycle: number): string {
  const a = new Uint32Array(expected.buffer, expected.byteOffset, expected.length >>> 2);
  const b = new Uint32Array(found.slice().buffer);
  const rowsEnd = 1 + a[0] * ROW_WORDS;
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    if (a[k] === b[k]) continue;
    if (k === 0) return `row count ${b[0]}, re-execution retires ${a[0]}`;
    if (k >= rowsEnd) return `call records differ at word ${k - rowsEnd} after the rows`;
    const row = Math.floor((k - 1) / ROW_WORDS);
    return `cycle ${firstCycle + row}: row field ${FIELDS[(k - 1) % ROW_WORDS]} is ${hex(b[k])}, re-execution gives ${hex(a[k])}`;
  }
  return 'rows differ in length';
}

/**
 * Verification's first pass, shared by both modes: reads the whole file, checking its structure and
 * every hash (a damaged file throws TraceFormatError naming the section); returns its header and END
 * section (whose tape the re-execution needs) and how to report a mismatch.
 */
export function readForVerify(path: string) {
  const first = TraceReader.open(path);
  try {
    for (const _ of first.sections());
  } finally {
    first.close();
  }
  const end = first.end!;
  const fail = (chunks: number, rows: number, mismatch: string): VerifyReport => ({ ok: false, chunks, cycles: end.cycles, rows, mismatch });
  return { header: first.header, end, fail };
}

export function verifyTrace(path: string, program: Program, programBytes: Uint8Array, interpreter: InterpreterName = DEFAULT_INTERPRETER): VerifyReport {
  const { header, end, fail } = readForVerify(path);
  if (header.mode === 'airbender') return fail(0, 0, 'the trace was recorded in Airbender mode: verify it with verifyAirbenderTrace (oracle/trace/verify-airbender.ts) against its image');
  if (Buffer.compare(sha256(programBytes), header.elfHash) !== 0) return fail(0, 0, 'the trace was recorded for another program (ELF hash differs)');

  const machine = bootMachine(program, { memorySize: header.memorySize });
  const oracle = new OracleSession({ kind: 'replay', tape: Uint32Array.from(end.tape) });
  const host = ecallHost({ sink: () => {}, oracle });
  const step = INTERPRETERS[interpreter];
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
        if (Buffer.compare(expanded!, s.payload) !== 0) return fail(chunks, rows, `chunk ${s.chunk}, ${rowMismatch(expanded!, s.payload, s.chunk * header.chunkSize)}`);
        continue;
      }
      const chunk = decodeChunk(s.payload);
      const at = `chunk ${s.chunk} (cycle ${chunk.firstCycle})`;
      if (chunk.index !== s.chunk || chunk.firstCycle !== s.chunk * header.chunkSize) return fail(chunks, rows, `${at}: it says it is chunk ${chunk.index} at cycle ${chunk.firstCycle}`);
      const r = step(machine, host, chunk.firstCycle);
      if (machine.cycles !== chunk.firstCycle) return fail(chunks, rows, `${at}: re-execution ended (${r.kind}) at cycle ${machine.cycles}`);
      if (machine.pc >>> 0 !== chunk.pc) return fail(chunks, rows, `${at}: start pc ${hex(chunk.pc)}, re-execution is at ${hex(machine.pc)}`);
      machine.regs[0] = 0;
      for (let k = 0; k < 32; k++) {
        if (machine.regs[k] !== chunk.regs[k]) return fail(chunks, rows, `${at}: start x${k} is ${hex(chunk.regs[k])}, re-execution has ${hex(machine.regs[k])}`);
      }
      if (expandedEnd && (expandedEnd[0] >>> 0 !== chunk.pc || expandedEnd.subarray(1).some((v, k) => v !== chunk.regs[k]))) {
        return fail(chunks, rows, `${at}: the previous chunk does not re-execute to this chunk's start state`);
      }
      const bad = imageMismatch(chunk, machine.memory.i32);
      if (bad) return fail(chunks, rows, `${at}: ${bad}`);
      const e = expander.expand(s.payload, header.memorySize);
      expanded = e.payload;
      expandedEnd = e.endState;
      chunks++;
      rows += chunk.cycles;
    }
  } catch (e) {
    if (e instanceof TraceFormatError) return fail(chunks, rows, e.message);
    throw e;
  } finally {
    reader.close();
  }
  const result = step(machine, host, end.status === 2 ? end.cycles : end.cycles + 1);
  const status = result.kind === 'exit' ? 0 : result.kind === 'trap' ? 1 : 2;
  if (status !== end.status || result.cycles !== end.cycles || (result.kind === 'exit' && result.exitCode !== end.exitCode) || machine.pc >>> 0 !== end.pc) {
    return fail(chunks, rows, `the end: the file says ${['exit', 'trap', 'cycle-limit'][end.status]} at cycle ${end.cycles}, re-execution ends with ${result.kind} at cycle ${result.cycles}`);
  }
  if (oracle.publicOutput.length !== end.publicOutput.length || oracle.publicOutput.some((w, k) => w !== end.publicOutput[k])) {
    return fail(chunks, rows, 'the public output differs from the end section');
  }
  return { ok: true, chunks, cycles: end.cycles, rows };
}

/**
 * Checks a chunk's memory image against memory at the chunk's start: every page as it is there,
 * and a page first touched by a host write (HOST_FIRST) as it is after that write: with the words
 * of the chunk's first ecall that writes into it. Undefined when all pages agree.
 */
function imageMismatch(chunk: Chunk, i32: Int32Array): string | undefined {
  const pages = chunk.pages;
  for (let k = 0; k < pages.length; k += PAGE_RECORD) {
    const p = pageIndex(pages[k]);
    const first = p * PAGE_WORDS;
    if (first + PAGE_WORDS > i32.length) return `memory image page ${p} is outside memory`;
    const expected = i32.slice(first, first + PAGE_WORDS);
    if ((pages[k] & HOST_FIRST) !== 0) {
      const covers = (address: number, count: number) => {
        const [first, last] = pageRange(address, count);
        return first <= p && p <= last;
      };
      const writer = chunk.ecalls.find((e) => e.writes.some((w) => covers(w.address, w.words.length)));
      if (writer === undefined) return `memory image page ${p} is marked as first touched by a host write, but no ecall of the chunk writes into it`;
      for (const w of writer.writes) {
        w.words.forEach((v, j) => {
          const index = (w.address >>> 2) + j - first;
          if (index >= 0 && index < PAGE_WORDS) expected[index] = v;
        });
      }
    }
    for (let j = 0; j < PAGE_WORDS; j++) {
      if (pages[k + 1 + j] !== expected[j]) {
        const address = 4 * (first + j);
        return `memory image word ${hex(address)} (page ${p}) is ${hex(pages[k + 1 + j])}, memory holds ${hex(expected[j])}${(pages[k] & HOST_FIRST) !== 0 ? ' after the ecall that first wrote the page' : ''}`;
      }
    }
  }
  return undefined;
}
