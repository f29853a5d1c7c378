// The trace (docs/trace-format.md): the recording executor = the plain run; each chunk re-executes
// alone to the next chunk's start; rows = reference stepping; files are byte-identical across runs,
// job counts and chunkings; every corruption is detected and named; verify catches a tampered row.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bootMachine } from '../emulator/boot';
import { standardEcalls } from '../emulator/ecall';
import { run } from '../emulator/interpreter';
import { encode } from '../emulator/isa/encode';
import { parseFlat, parseProgram } from '../emulator/loader';
import { Machine } from '../emulator/machine';
import { Memory } from '../emulator/memory';
import { runReference, stepReference } from '../emulator/reference';
import { decodeChunk, encodeChunk, HOST_FIRST, PAGE_RECORD, PAGE_SHIFT, PAGE_WORDS, pageIndex, type Chunk } from '../emulator/trace/chunk';
import { expandChunk } from '../emulator/trace/expand';
import { decodeRows, SECTION } from '../emulator/trace/format';
import { Recorder, registerOnlyHost } from '../emulator/trace/record';
import { ROW, ROW_WORDS } from '../emulator/trace/rows';
import { standardQueries } from '../oracle/handlers';
import { OracleSession } from '../oracle/session';
import { captureTrace } from '../oracle/trace/capture';
import { TraceReader, TraceWriter } from '../oracle/trace/file';
import { readRows } from '../oracle/trace/rows-reader';
import { verifyTrace } from '../oracle/trace/verify';
import { buildSample } from '../programs/samples';
import { programMachine } from './helpers/machine';
import { randomProgram, Rng, type RandomProgram } from './helpers/random-program';

const dir = mkdtempSync(join(tmpdir(), 'zkos-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MEMORY = 64 * 1024;

const machineFor = (p: RandomProgram): Machine => programMachine(p, MEMORY);

/** Records a whole run; returns its chunks (through encode/decode) and the recorder. */
function record(m: Machine, chunkSize: number, maxCycles: number) {
  const recorder = new Recorder(m, registerOnlyHost(standardEcalls(() => {})), { chunkSize, maxCycles });
  const chunks: Chunk[] = [];
  for (let c; (c = recorder.next()); ) chunks.push(decodeChunk(encodeChunk(c)));
  return { chunks, result: recorder.result! };
}

describe('capture = plain run; chunks re-execute alone; rows = reference stepping', () => {
  test('500 random programs, chunk sizes 1..16', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const p = randomProgram(new Rng(seed), 256, 0x1000, MEMORY);
      const chunkSize = 1 + (seed % 16);
      const traced = machineFor(p);
      const { chunks, result } = record(traced, chunkSize, 2000);
      const plain = machineFor(p);
      expect(result, `seed ${seed}`).toEqual(run(plain, standardEcalls(() => {}), 2000));
      expect(traced.pc).toBe(plain.pc);
      expect(Array.from(traced.regs)).toEqual(Array.from(plain.regs));
      expect(Buffer.compare(traced.memory.u8, plain.memory.u8), `seed ${seed}: memory`).toBe(0);

      const ref = machineFor(p);
      const refHost = standardEcalls(() => {});
      const memory = new Memory(MEMORY);
      memory.u8.fill(0xa5); // stale contents: the image must supply every word read
      chunks.forEach((chunk, k) => {
        const { rows, pc, regs } = expandChunk(chunk, memory);
        for (let n = 0; n < chunk.cycles; n++) {
          const o = n * ROW_WORDS;
          const where = `seed ${seed}, cycle ${chunk.firstCycle + n}`;
          expect(rows[o + ROW.PC] >>> 0, where).toBe(ref.pc >>> 0);
          expect(rows[o + ROW.INST] >>> 0, where).toBe(ref.memory.readWord(ref.pc >>> 0));
          const rd = (rows[o + ROW.PACKED] >>> 10) & 31;
          expect(stepReference(ref, refHost).kind, where).not.toBe('trap');
          if (rows[o + ROW.PACKED] & (1 << 17)) expect(rows[o + ROW.RD_VALUE], where).toBe(rd === 0 ? 0 : ref.regs[rd]);
        }
        const next = chunks[k + 1] ?? { pc: traced.pc >>> 0, regs: traced.regs };
        expect(pc, `seed ${seed}, end of chunk ${k}`).toBe(next.pc >>> 0);
        expect(Array.from(regs), `seed ${seed}, end of chunk ${k}`).toEqual(Array.from(next.regs));
      });
    }
  });

  test('the samples: capture = fast and reference runs, chunks chain', () => {
    for (const name of ['hello', 'sieve', 'qsort', 'bytecode']) {
      const program = parseProgram(buildSample(name));
      const limit = 400_000;
      const traced = bootMachine(program);
      const { chunks, result } = record(traced, 65_536, limit);
      const plain = bootMachine(program);
      expect(result).toEqual(run(plain, standardEcalls(() => {}), limit));
      expect(Array.from(traced.regs)).toEqual(Array.from(plain.regs));
      const ref = bootMachine(program);
      expect(runReference(ref, standardEcalls(() => {}), limit)).toEqual(result);
      const memory = new Memory(traced.memory.size);
      for (let k = 0; k < chunks.length; k++) {
        const { pc, regs } = expandChunk(chunks[k], memory);
        const next = chunks[k + 1] ?? { pc: traced.pc >>> 0, regs: traced.regs };
        expect(pc, `${name} chunk ${k}`).toBe(next.pc >>> 0);
        expect(Array.from(regs)).toEqual(Array.from(next.regs));
      }
    }
  });
});

// A flat program using the oracle and an accelerator, so host-written memory crosses chunk boundaries.
const li = (rd: number, v: number) => [encode({ mnemonic: 'lui', rd, imm: (v & ~0xfff) | 0 }), encode({ mnemonic: 'addi', rd, rs1: rd, imm: v & 0xfff })];
const ORACLE_PROGRAM = [
  ...li(10, 1), ...li(11, 0x400), ...li(12, 0), ...li(17, 0x1002), 0x73, // query(input_size)
  ...li(10, 0x400), ...li(11, 1), ...li(17, 0x1003), 0x73, // answer_read(0x400, 1)
  encode({ mnemonic: 'lw', rd: 5, rs1: 0, imm: 0x400 }),
  encode({ mnemonic: 'sw', rd: 0, rs1: 0, rs2: 5, imm: 0x500 }),
  ...li(10, 0x500), ...li(17, 0x1010), 0x73, // keccak_f(0x500)
  encode({ mnemonic: 'lw', rd: 6, rs1: 0, imm: 0x504 }),
  ...li(10, 0x500), ...li(11, 2), ...li(17, 0x1004), 0x73, // commit(0x500, 2)
  ...li(10, 0), ...li(17, 93), 0x73,
];
const oracleImage = () => {
  const bytes = new Uint8Array(ORACLE_PROGRAM.length * 4);
  ORACLE_PROGRAM.forEach((w, k) => new DataView(bytes.buffer).setUint32(4 * k, w >>> 0, true));
  return bytes;
};

async function traceFile(name: string, bytes: Uint8Array, opts: { full?: boolean; jobs?: number; chunkSize: number; maxCycles?: number; flat?: boolean }) {
  const path = join(dir, name);
  const program = opts.flat ? parseFlat(bytes) : parseProgram(bytes);
  const oracle = new OracleSession({ kind: 'live', queries: standardQueries({ input: new Uint8Array([1, 2, 3, 4, 5]) }) });
  const summary = await captureTrace({ program, programBytes: bytes, path, oracle, sink: () => {}, memorySize: MEMORY * 4, maxCycles: opts.maxCycles ?? 1e9, ...opts });
  return { path, program, summary, file: readFileSync(path) };
}

describe('trace files', () => {
  test('oracle and accelerator calls: replayed from the trace, rows and records as recorded; verify passes', async () => {
    const bytes = oracleImage();
    const { path, program, summary } = await traceFile('oracle.trace', bytes, { full: true, chunkSize: 3, flat: true });
    expect(summary.result).toMatchObject({ kind: 'exit', exitCode: 0 });
    const plain = bootMachine(program, { memorySize: MEMORY * 4 });
    const rows = readRows(path, 0, 1000);
    expect(rows.length).toBe(summary.result.cycles);
    const lw = rows.filter((r) => r.memory?.kind === 'load');
    expect(lw[0].rd).toEqual({ index: 5, value: 5 }); // the input size, written by answer_read
    expect(rows.filter((r) => r.call).map((r) => r.call!.kind)).toEqual([0x1002, 0x1003, 0x1010, 0x1004]);
    expect(verifyTrace(path, program, bytes, 'reference')).toMatchObject({ ok: true, chunks: Math.ceil(summary.result.cycles / 3) });
    expect(plain.pc).toBe(0);
    // answer_read writes a page the chunk had not touched: the page is in the image as it was after
    // that write (HOST_FIRST); verify checks it against memory with that ecall's words
    const hostFirst = chunkSections(path).filter((c) => pagesOf(c).some((p) => (p.index & HOST_FIRST) !== 0));
    expect(hostFirst.length, 'chunks with a page first touched by a host write').toBeGreaterThan(0);
    const c = hostFirst[0];
    const at = pagesOf(c).find((p) => (p.index & HOST_FIRST) !== 0)!;
    const writer = c.ecalls.find((e) => e.writes.length > 0)!;
    const written = (writer.writes[0].address >>> 2) - pageIndex(at.index) * PAGE_WORDS;
    const tampered = rewrite(path, 'host-first.trace', (chunk, payload) => (chunk === c.index ? setWord(payload, at.word + 1 + written, 0xbad) : payload));
    expect(verifyTrace(tampered, program, bytes, 'reference')).toMatchObject({ ok: false, mismatch: expect.stringContaining(`memory holds ${hex(writer.writes[0].words[0])} after the ecall that first wrote the page`) });
    const unflagged = rewrite(path, 'host-first-flag.trace', (chunk, payload) => (chunk === c.index ? setWord(payload, at.word, pageIndex(at.index)) : payload));
    expect(verifyTrace(unflagged, program, bytes, 'reference')).toMatchObject({ ok: false, mismatch: expect.stringContaining(`(page ${pageIndex(at.index)})`) });
  });

  test('byte-identical across runs, jobs 1 and 2, and minimal vs full; rows independent of the chunking', async () => {
    const elf = buildSample('fib');
    const a = await traceFile('a.trace', elf, { full: true, jobs: 1, chunkSize: 50_000, maxCycles: 400_000 });
    const b = await traceFile('b.trace', elf, { full: true, jobs: 2, chunkSize: 50_000, maxCycles: 400_000 });
    const c = await traceFile('c.trace', elf, { full: true, jobs: 1, chunkSize: 50_000, maxCycles: 400_000 });
    expect(Buffer.compare(a.file, b.file)).toBe(0);
    expect(Buffer.compare(a.file, c.file)).toBe(0);
    const rowsOf = (path: string) => {
      const parts: Buffer[] = [];
      const reader = TraceReader.open(path);
      for (const s of reader.sections()) if (s.kind === SECTION.ROWS) parts.push(Buffer.from(decodeRows(s.payload).rows.slice().buffer));
      reader.close();
      return Buffer.concat(parts);
    };
    const d = await traceFile('d.trace', elf, { full: true, jobs: 2, chunkSize: 65_537, maxCycles: 400_000 });
    expect(Buffer.compare(rowsOf(a.path), rowsOf(d.path))).toBe(0);
    expect(rowsOf(a.path).length).toBe(400_000 * 32);
    expect(verifyTrace(d.path, d.program, elf, 'fast')).toMatchObject({ ok: true, cycles: 400_000 });
    const m = await traceFile('m.trace', elf, { chunkSize: 50_000, maxCycles: 400_000 });
    expect(readRows(m.path, 123_456, 5)).toEqual(readRows(a.path, 123_456, 5)); // dump expands a minimal trace on the fly
  });

  describe('corruption is detected and named', async () => {
    const elf = buildSample('fib');
    const { path, file, program } = await traceFile('good.trace', elf, { full: true, chunkSize: 20_000, maxCycles: 100_000 });
    const sections = (() => {
      const r = TraceReader.open(path);
      const list = Array.from(r.sections());
      r.close();
      return list;
    })();
    const damaged = (name: string, bytes: Uint8Array) => {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return () => {
        const r = TraceReader.open(p);
        try {
          for (const _ of r.sections());
        } finally {
          r.close();
        }
      };
    };
    test('truncation at several points', () => {
      const chunk2 = sections.find((s) => s.chunk === 2 && s.kind === SECTION.ROWS)!;
      expect(damaged('t1', file.subarray(0, 100))).toThrow('trace file truncated in its header: 100 of 128 bytes');
      expect(damaged('t2', file.subarray(0, chunk2.offset + 1000))).toThrow(`trace file truncated in chunk 2 (rows section at byte ${chunk2.offset})`);
      expect(damaged('t3', file.subarray(0, chunk2.offset))).toThrow(/trace file truncated: it ends at byte \d+, after 2 chunks, without its end section/);
      expect(damaged('t4', file.subarray(0, file.length - 10))).toThrow(/trace file truncated in the end section/);
      expect(damaged('t5', file.subarray(0, chunk2.offset + 8))).toThrow('truncated in chunk 2');
    });
    test('a flipped byte in a chunk names the chunk', () => {
      for (const s of sections.filter((x) => x.chunk === 3)) {
        const bytes = Uint8Array.from(file);
        bytes[s.offset + 16 + 77] ^= 0x10;
        const kind = s.kind === SECTION.ROWS ? 'rows' : 'chunk';
        expect(damaged(`f${s.kind}`, bytes)).toThrow(`trace file corrupted: chunk 3 (${kind} section at byte ${s.offset}): its SHA-256 does not match its contents`);
      }
      const header = Uint8Array.from(file);
      header[40] ^= 1;
      expect(damaged('fh', header)).toThrow('trace file header corrupted');
    });
    test('wrong version, wrong magic, trailing bytes', () => {
      const v = Uint8Array.from(file);
      v[8] = 9;
      expect(damaged('v', v)).toThrow('trace file version 9 is not supported (this zkos reads version 3)');
      const m = Uint8Array.from(file);
      m[0] = 0x41;
      expect(damaged('m', m)).toThrow('not a trace file: it does not start with "ZKOSTRCE"');
      expect(damaged('x', Buffer.concat([file, Buffer.from([0])]))).toThrow('trace file has 1 bytes after its end section');
    });
    test('verify catches a tampered memory image page whose hashes were recomputed', () => {
      const c = chunkSections(path)[2];
      const first = pagesOf(c)[1];
      const address = 4 * (pageIndex(first.index) * PAGE_WORDS + 5);
      const tampered = rewrite(path, 'image.trace', (chunk, payload) => (chunk === 2 ? setWord(payload, first.word + 1 + 5, 0xdead) : payload));
      expect(verifyTrace(tampered, program, elf)).toMatchObject({ ok: false, mismatch: expect.stringContaining(`chunk 2 (cycle 40000): memory image word ${hex(address)} (page ${pageIndex(first.index)}) is 0x0000dead, memory holds`) });
      const outside = rewrite(path, 'image-outside.trace', (chunk, payload) => (chunk === 2 ? setWord(payload, first.word, (MEMORY * 4) >>> PAGE_SHIFT) : payload));
      expect(verifyTrace(outside, program, elf)).toMatchObject({ ok: false, mismatch: expect.stringContaining(`memory image page ${(MEMORY * 4) >>> PAGE_SHIFT} is outside memory`) });
    });
    test('verify catches a tampered row whose hashes were recomputed', () => {
      const r = TraceReader.open(path);
      const tampered = join(dir, 'tampered.trace');
      const w = TraceWriter.create(tampered, { full: true, chunkSize: 20_000, memorySize: r.header.memorySize, entry: r.header.entry, elfHash: r.header.elfHash });
      for (const s of r.sections()) {
        const payload = Uint8Array.from(s.payload);
        if (s.kind === SECTION.ROWS && s.chunk === 1) new DataView(payload.buffer).setUint32(4 + (500 * ROW_WORDS + ROW.RD_VALUE) * 4, 0xdead, true);
        w.section(s.kind, s.chunk, payload);
      }
      const end = r.end!;
      r.close();
      w.close(end);
      expect(verifyTrace(tampered, program, elf)).toMatchObject({ ok: false, mismatch: expect.stringContaining('chunk 1, cycle 20500: row field rd value is 0x0000dead') });
      expect(verifyTrace(path, program, elf)).toMatchObject({ ok: true });
    });
  });
});

const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** The decoded CHUNK sections of a trace file. */
function chunkSections(path: string): Chunk[] {
  const r = TraceReader.open(path);
  try {
    return Array.from(r.sections()).filter((s) => s.kind === SECTION.CHUNK).map((s) => decodeChunk(s.payload));
  } finally {
    r.close();
  }
}

/** A chunk's image pages: the index word and its position in the CHUNK payload (in words). */
function pagesOf(c: Chunk): { index: number; word: number }[] {
  const head = 5 + 32 + 1; // index, first cycle (2), cycles, pc, x0..x31, page count
  return Array.from({ length: c.pages.length / PAGE_RECORD }, (_, k) => ({ index: c.pages[k * PAGE_RECORD] >>> 0, word: head + k * PAGE_RECORD }));
}

function setWord(payload: Uint8Array, word: number, value: number): Uint8Array {
  new DataView(payload.buffer, payload.byteOffset).setUint32(4 * word, value >>> 0, true);
  return payload;
}

/** A copy of a trace file with CHUNK payloads edited and every hash recomputed. */
function rewrite(path: string, name: string, edit: (chunk: number, payload: Uint8Array) => Uint8Array): string {
  const r = TraceReader.open(path);
  const out = join(dir, name);
  const h = r.header;
  const w = TraceWriter.create(out, { full: h.full, chunkSize: h.chunkSize, memorySize: h.memorySize, entry: h.entry, elfHash: h.elfHash });
  for (const s of r.sections()) w.section(s.kind, s.chunk, s.kind === SECTION.CHUNK ? edit(s.chunk, Uint8Array.from(s.payload)) : Uint8Array.from(s.payload));
  const end = r.end!;
  r.close();
  w.close(end);
  return out;
}
