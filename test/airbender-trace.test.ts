// Airbender-mode traces (issue 8): an assembled Airbender image that reads the oracle CSR and calls
// every delegation (BLAKE2s 0x7C7, u256 0x7CA, keccak special5 0x7CB) is traced with small chunks.
// Expected values come from @noble/hashes and BigInt; each chunk is re-executed alone on a fresh
// memory, verify passes, a forged delegation record is reported with its cycle, files are
// byte-identical across runs and job counts, and the CLI records, inspects and verifies one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blake2s } from '@noble/hashes/blake2.js';
import { keccakP } from '@noble/hashes/sha3.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BLAKE2S_IV } from '../emulator/accel/blake2s';
import { BLAKE2S_CONFIGURED_IV } from '../emulator/airbender/delegations';
import { formatAirbenderInput } from '../emulator/airbender/input';
import { runAirbenderImage } from '../emulator/airbender/machine';
import { Memory } from '../emulator/memory';
import { decodeChunk, encodeChunk, type Chunk } from '../emulator/trace/chunk';
import { expandChunk } from '../emulator/trace/expand';
import { decodeHeader, decodeRows, encodeHeader, SECTION, TraceFormatError } from '../emulator/trace/format';
import { FLAG, ROW, ROW_WORDS } from '../emulator/trace/rows';
import { captureAirbenderTrace } from '../oracle/trace/capture';
import { TraceReader, TraceWriter } from '../oracle/trace/file';
import { readRows } from '../oracle/trace/rows-reader';
import { verifyAirbenderTrace } from '../oracle/trace/verify-airbender';
import { readObject } from '../toolchain/linker/object';
import { assemble, hasTool } from '../toolchain/llvm';
import { xorshiftWords } from './helpers/xorshift';

const dir = mkdtempSync(join(tmpdir(), 'zkos-airbender-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');
const zkos = (...args: string[]) => spawnSync(process.execPath, [ZKOS, ...args], { encoding: 'utf8' });

const RAM = 0x200000;
/** 37 cycles a chunk: the delegation loops span many chunks. */
const CHUNK = 37;
/** The last keccak round constant, which the delegation leaves to the guest. */
const RC23 = 0x8000000080008008n;
/** Instruction words of the CSR calls (csrrw x0, csr, x0), assembled by hand: csr << 20 | 1 << 12 | 0x73. */
const CSRRW = (csr: number) => ((csr << 20) | (1 << 12) | 0x73) >>> 0;

const words = xorshiftWords;
const big = (w: ArrayLike<number>) => Array.from(w).reduceRight((acc, x) => (acc << 32n) | BigInt(x >>> 0), 0n);
const M256 = (1n << 256n) - 1n;

// Reads 16 input words (u256 a, b), a marker, u256 add then mul-low, 40 more words (BLAKE2s h‖v and
// a 64-byte block), ten BLAKE2s rounds, 504 keccak steps on a zero state, a UART word, one read past
// the input's end, a second marker; output x10..x17 = the BLAKE2s digest.
const SOURCE = `
    lui s0, 0x200            # RAM
    mv t1, s0
    li t0, 16
1:  csrrw t2, 0x7c0, x0
    sw t2, 0(t1)
    addi t1, t1, 4
    addi t0, t0, -1
    bnez t0, 1b
    csrrw x0, 0x7ff, x0
    mv a0, s0
    addi a1, s0, 32
    li a2, 1                 # add
    csrrw x0, 0x7ca, x0
    mv s1, a2                # carry
    li a2, 8                 # mul low
    csrrw x0, 0x7ca, x0
    mv s2, a2                # high half non-zero
    addi t1, s0, 0x80
    li t0, 40
2:  csrrw t2, 0x7c0, x0
    sw t2, 0(t1)
    addi t1, t1, 4
    addi t0, t0, -1
    bnez t0, 2b
    addi a0, s0, 0x80        # h‖v, 128-byte aligned
    addi a1, s0, 0xe0        # the block
    li a2, 1                 # one-hot round
    li t3, 10
3:  addi t4, t3, -1
    seqz a3, t4              # last round on the tenth call
    csrrw x0, 0x7c7, x0
    slli a2, a2, 1
    addi t3, t3, -1
    bnez t3, 3b
    addi a1, s0, 0x200       # keccak state, 256-byte aligned, zero
    lui a0, 0x210            # control: round 0, iteration 0, step 0
    li t0, 504
4:  csrrw x0, 0x7cb, x0
    addi t0, t0, -1
    bnez t0, 4b
    li t1, 5
    csrrw x0, 0x7c0, t1      # a UART word while idle: ignored
    csrrw s3, 0x7c0, x0      # past the input's end: 0
    csrrw x0, 0x7ff, x0
    addi t1, s0, 0x80
    lw a0, 0(t1)
    lw a1, 4(t1)
    lw a2, 8(t1)
    lw a3, 12(t1)
    lw a4, 16(t1)
    lw a5, 20(t1)
    lw a6, 24(t1)
    lw a7, 28(t1)
    j .`;

const A = words(11, 8);
const B = words(12, 8);
const BLOCK = words(13, 16);
/** h = the configured IV; v[12] = t ^ IV[4] (64 bytes), v[14] = f ^ IV[6] (last block); the rest 0. */
const V = (() => {
  const v = new Uint32Array(16);
  v[12] = 64 ^ BLAKE2S_IV[4];
  v[14] = ~BLAKE2S_IV[6] >>> 0;
  return v;
})();
const INPUT = Uint32Array.from([...A, ...B, ...BLAKE2S_CONFIGURED_IV, ...V, ...BLOCK]);

const haveLlvm = hasTool('llvm-mc');

describe.skipIf(!haveLlvm)('Airbender-mode traces (skipped without llvm-mc)', () => {
  let image: Uint8Array;
  const file = (name: string) => join(dir, name);
  const capture = (name: string, extra: { full?: boolean; jobs?: number; chunkSize?: number } = {}) =>
    captureAirbenderTrace({ image, input: INPUT, path: file(name), chunkSize: CHUNK, ...extra });

  /** Every CHUNK payload of a trace file, decoded, and its ROWS payloads when present. */
  function sectionsOf(path: string): { chunks: Chunk[]; rows: Uint8Array[]; payloads: Uint8Array[] } {
    const reader = TraceReader.open(path);
    const out = { chunks: [] as Chunk[], rows: [] as Uint8Array[], payloads: [] as Uint8Array[] };
    try {
      for (const s of reader.sections()) {
        if (s.kind === SECTION.CHUNK) {
          out.chunks.push(decodeChunk(s.payload));
          out.payloads.push(s.payload);
        } else out.rows.push(s.payload);
      }
    } finally {
      reader.close();
    }
    return out;
  }

  beforeAll(() => {
    const object = readObject(assemble(SOURCE, { mattr: '+m,-relax', name: 'airbender trace test' }), 'test.o', 0);
    const text = object.sections.find((s) => s?.name === '.text');
    if (!text) throw new Error('no .text');
    image = text.data;
    writeFileSync(file('image.bin'), image);
    writeFileSync(file('input.hex'), formatAirbenderInput(INPUT));
  });

  test('the traced run computes what the references say, and as the untraced executor', async () => {
    const s = await capture('minimal.trace');
    expect(s.result.kind).toBe('exit'); // the `j .` halt
    const digest = blake2s(new Uint8Array(BLOCK.buffer, BLOCK.byteOffset, 64));
    const dv = new DataView(digest.buffer, digest.byteOffset, 32);
    const expectedDigest = Array.from({ length: 8 }, (_, i) => dv.getUint32(4 * i, true));
    expect(Array.from(s.machine.regs.subarray(10, 18), (w) => w >>> 0)).toEqual(expectedDigest);
    // u256: (a + b) mod 2^256 with its carry, then times b (low half) with "high half non-zero"
    const sum = big(A) + big(B);
    const product = (sum & M256) * big(B);
    const m = s.machine.memory.i32;
    expect(big(Array.from(m.subarray(RAM >>> 2, (RAM >>> 2) + 8)))).toBe(product & M256);
    expect(s.machine.regs[9]).toBe(sum > M256 ? 1 : 0);
    expect(s.machine.regs[18]).toBe(product >> 256n !== 0n ? 1 : 0);
    // keccak: 504 steps = keccak-f[1600] of the zero state without the last ι
    const state = new Uint32Array(50);
    keccakP(state, 24);
    state[0] ^= Number(RC23 & 0xffffffffn);
    state[1] ^= Number(RC23 >> 32n);
    const k = (RAM + 0x200) >>> 2;
    expect(Array.from(m.subarray(k, k + 50), (w) => w >>> 0)).toEqual(Array.from(state));
    expect(s.host.delegations).toEqual({ blake2s: 10, u256: 2, keccak: 504 });
    expect(s.host.markers.length).toBe(2);
    expect(s.machine.regs[19]).toBe(0); // read past the end
    // the same as the plain Airbender executor
    const plain = runAirbenderImage(image, { input: INPUT }).result;
    expect(plain.stop).toEqual({ kind: 'halt' });
    expect(s.result.cycles).toBe(plain.cycles);
    expect(s.machine.pc >>> 0).toBe(plain.pc);
    expect(s.chunks).toBe(Math.ceil(plain.cycles / CHUNK));
  });

  test('the header says Airbender (version 3); each delegation and oracle read is its own record, in several chunks', async () => {
    await capture('records.trace');
    const reader = TraceReader.open(file('records.trace'));
    reader.close();
    expect(reader.header).toMatchObject({ version: 3, mode: 'airbender', blake2s: 'x13', chunkSize: CHUNK, memorySize: 1 << 30, entry: 0 });
    const { chunks } = sectionsOf(file('records.trace'));
    const kinds = new Map<number, { calls: number; chunks: Set<number> }>();
    for (const c of chunks) {
      for (const e of c.ecalls) {
        const kind = e.record!.kind;
        const entry = kinds.get(kind) ?? { calls: 0, chunks: new Set() };
        entry.calls++;
        entry.chunks.add(c.index);
        kinds.set(kind, entry);
      }
    }
    expect(kinds.get(0x7c7)?.calls).toBe(10);
    expect(kinds.get(0x7ca)?.calls).toBe(2);
    expect(kinds.get(0x7cb)?.calls).toBe(504);
    expect(kinds.get(0x7c0)?.calls).toBe(16 + 40 + 2);
    expect(kinds.get(0x7ff)?.calls).toBe(2);
    for (const csr of [0x7c7, 0x7cb, 0x7c0]) expect(kinds.get(csr)!.chunks.size).toBeGreaterThan(1);
    // a u256 record: x10, x11, x12, a, b in; the result and the flag out
    const u256 = chunks.flatMap((c) => c.ecalls).find((e) => e.record!.kind === 0x7ca)!;
    expect(u256.record!.input).toEqual([RAM, RAM + 32, 1, ...A, ...B]);
    const sum = big(A) + big(B);
    expect(big(u256.record!.output.slice(0, 8))).toBe(sum & M256);
    expect(u256.record!.output[8]).toBe(sum > M256 ? 1 : 0);
    // the oracle reads give the input words, in order, then 0
    const reads = chunks.flatMap((c) => c.ecalls).filter((e) => e.record!.kind === 0x7c0 && e.record!.output.length > 0);
    expect(reads.map((e) => e.record!.output[0])).toEqual([...INPUT, 0]);
  });

  test('each chunk re-executes alone on a fresh memory, to the next chunk start; rows match the file', async () => {
    await capture('full.trace', { full: true, jobs: 1 });
    const { chunks, rows } = sectionsOf(file('full.trace'));
    expect(rows.length).toBe(chunks.length);
    const reader = TraceReader.open(file('full.trace'));
    for (const _ of reader.sections());
    reader.close();
    const end = reader.end!;
    let csrRows = 0;
    for (let k = 0; k < chunks.length; k++) {
      const e = expandChunk(chunks[k], new Memory(4 << 20), undefined, 0, 'airbender');
      const next = chunks[k + 1];
      if (next) {
        expect(e.pc).toBe(next.pc);
        expect(Array.from(e.regs)).toEqual(Array.from(next.regs));
      } else expect(e.pc).toBe(end.pc);
      const fileRows = decodeRows(rows[k]).rows;
      expect(Array.from(new Uint32Array(e.rows.buffer, e.rows.byteOffset, e.rows.length))).toEqual(Array.from(fileRows));
      for (let r = 0; r < chunks[k].cycles; r++) {
        const inst = fileRows[r * ROW_WORDS + ROW.INST];
        if ((inst & 0x7f) === 0x73) {
          expect(fileRows[r * ROW_WORDS + ROW.PACKED] & FLAG.CSR).toBe(FLAG.CSR);
          csrRows++;
        }
      }
    }
    expect(csrRows).toBe(10 + 2 + 504 + 58 + 2);
    // a chunk alone does not re-execute in zkos mode (CSR words are illegal there)
    const withCsr = chunks.find((c) => c.ecalls.length > 0)!;
    expect(() => expandChunk(withCsr, new Memory(4 << 20))).toThrow(/does not re-execute/);
  });

  test('verify passes on minimal and full traces', async () => {
    await capture('v-min.trace');
    await capture('v-full.trace', { full: true, jobs: 2 });
    for (const name of ['v-min.trace', 'v-full.trace']) {
      const report = verifyAirbenderTrace(file(name), image);
      expect(report.mismatch).toBeUndefined();
      expect(report).toMatchObject({ ok: true, chunks: Math.ceil(report.cycles / CHUNK) });
    }
    const other = image.slice();
    other[0] ^= 1;
    expect(verifyAirbenderTrace(file('v-min.trace'), other)).toMatchObject({ ok: false, mismatch: expect.stringMatching(/another image/) });
  });

  /** Rewrites a trace with one chunk payload changed (all hashes recomputed: a forged, well-formed file). */
  function forge(from: string, to: string, change: (c: Chunk) => Chunk | undefined): number | undefined {
    const reader = TraceReader.open(from);
    const header = reader.header;
    const writer = TraceWriter.create(to, { full: header.full, chunkSize: header.chunkSize, memorySize: header.memorySize, entry: header.entry, elfHash: header.elfHash, mode: header.mode, blake2s: header.blake2s });
    let changedAt: number | undefined;
    for (const s of reader.sections()) {
      let payload = s.payload;
      if (s.kind === SECTION.CHUNK && changedAt === undefined) {
        const changed = change(decodeChunk(s.payload));
        if (changed) {
          payload = encodeChunk(changed);
          changedAt = s.chunk;
        }
      }
      writer.section(s.kind, s.chunk, payload);
    }
    reader.close();
    const e = reader.end!;
    writer.close({ status: e.status, exitCode: e.exitCode, cycles: e.cycles, pc: e.pc, message: e.message, publicOutput: e.publicOutput, tape: e.tape });
    return changedAt;
  }

  test('a tampered delegation record is reported with its cycle', async () => {
    await capture('t.trace', { full: true, jobs: 1 });
    const { rows, chunks } = sectionsOf(file('t.trace'));
    for (const [csr, name] of [[0x7cb, 'keccak'], [0x7ca, 'u256'], [0x7c7, 'BLAKE2s']] as const) {
      let cycle = -1;
      // the second call of this delegation: its record output's first word flipped
      let seen = 0;
      forge(file('t.trace'), file(`t-${csr.toString(16)}.trace`), (c) => {
        const k = c.ecalls.findIndex((e) => e.record!.kind === csr && ++seen === 2);
        if (k < 0) return undefined;
        cycle = c.firstCycle + c.ecalls[k].offset;
        const e = c.ecalls[k];
        const output = [e.record!.output[0] ^ 0x80, ...e.record!.output.slice(1)];
        return { ...c, ecalls: c.ecalls.map((x, i) => (i === k ? { ...e, record: { ...e.record!, output } } : x)) };
      });
      expect(cycle).toBeGreaterThan(0);
      // the cycle is that of a `csrrw x0, csr, x0` row in the original file's rows
      const chunk = chunks.find((c) => c.firstCycle <= cycle && cycle < c.firstCycle + c.cycles)!;
      const row = decodeRows(rows[chunk.index]).rows;
      expect(row[(cycle - chunk.firstCycle) * ROW_WORDS + ROW.INST]).toBe(CSRRW(csr));
      const report = verifyAirbenderTrace(file(`t-${csr.toString(16)}.trace`), image);
      expect(report.ok).toBe(false);
      expect(report.mismatch).toContain(`cycle ${cycle}: CSR 0x${csr.toString(16)} (${name}): record output word 0`);
    }
    // memory the record says the delegation wrote
    let cycle = -1;
    forge(file('t.trace'), file('t-w.trace'), (c) => {
      const k = c.ecalls.findIndex((e) => e.record!.kind === 0x7ca);
      if (k < 0) return undefined;
      cycle = c.firstCycle + c.ecalls[k].offset;
      const e = c.ecalls[k];
      const writes = [{ address: e.writes[0].address, words: [e.writes[0].words[0] ^ 1, ...e.writes[0].words.slice(1)] }];
      return { ...c, ecalls: c.ecalls.map((x, i) => (i === k ? { ...e, writes } : x)) };
    });
    expect(verifyAirbenderTrace(file('t-w.trace'), image).mismatch).toContain(`cycle ${cycle}: CSR 0x7ca (u256): memory written at 0x${RAM.toString(16).padStart(8, '0')} word 0`);
  });

  test('byte-identical across runs and job counts', async () => {
    await capture('d1.trace', { full: true, jobs: 1 });
    await capture('d2.trace', { full: true, jobs: 2 });
    await capture('d3.trace', { full: true, jobs: 2 });
    const one = readFileSync(file('d1.trace'));
    expect(readFileSync(file('d2.trace')).equals(one)).toBe(true);
    expect(readFileSync(file('d3.trace')).equals(one)).toBe(true);
    await capture('m1.trace');
    await capture('m2.trace');
    expect(readFileSync(file('m1.trace')).equals(readFileSync(file('m2.trace')))).toBe(true);
    // the rows do not depend on the chunk size
    await capture('c97.trace', { full: true, chunkSize: 97 });
    const rowsOf = (p: string) => Buffer.concat(sectionsOf(p).rows.map((r) => Buffer.from(decodeRows(r).rows.buffer.slice(r.byteOffset + 4, r.byteOffset + 4 + decodeRows(r).rows.length * 4))));
    expect(rowsOf(file('c97.trace')).equals(rowsOf(file('d1.trace')))).toBe(true);
  });

  test('version 3 headers carry the mode; earlier and unknown versions and modes give clear errors', () => {
    const fields = { full: false, chunkSize: 64, memorySize: 1 << 30, entry: 0, elfHash: new Uint8Array(32), cycles: 5, chunks: 1 };
    expect(decodeHeader(encodeHeader({ ...fields, version: 3 }))).toMatchObject({ version: 3, mode: 'zkos' });
    expect(decodeHeader(encodeHeader({ ...fields, version: 3, mode: 'airbender', blake2s: 'x12' }))).toMatchObject({ version: 3, mode: 'airbender', blake2s: 'x12' });
    for (const old of [1, 2]) {
      const h = encodeHeader({ ...fields, version: 3 });
      new DataView(h.buffer).setUint32(8, old, true);
      expect(() => decodeHeader(h)).toThrow(new TraceFormatError(`trace file version ${old} was written by an earlier zkos (memory images as word lists); this zkos reads version 3: record the run again`));
    }
    const v4 = encodeHeader({ ...fields, version: 3, mode: 'airbender' });
    new DataView(v4.buffer).setUint32(8, 4, true);
    expect(() => decodeHeader(v4)).toThrow(new TraceFormatError('trace file version 4 is not supported (this zkos reads version 3)'));
    const badMode = encodeHeader({ ...fields, version: 3, mode: 'airbender' });
    new DataView(badMode.buffer).setUint32(76, 7, true);
    expect(() => decodeHeader(badMode)).toThrow(/machine mode 7/);
    expect(() => encodeHeader({ ...fields, version: 1, mode: 'airbender' })).toThrow(/version 2 or later/);
  });

  test('rows read back with their CSR records (trace dump)', async () => {
    await capture('dump.trace');
    const rows = readRows(file('dump.trace'), 0, 10);
    expect(rows[3]).toMatchObject({ cycle: 3, pc: 12, csr: true, rd: { index: 7, value: A[0] }, call: { kind: 0x7c0, input: [7, 0, 0], output: [A[0]] } });
  });

  test('zkos trace --airbender, trace info / dump / verify', () => {
    const t = zkos('trace', '--airbender', file('image.bin'), '--input', file('input.hex'), '-o', file('cli.trace'), '--full', '--jobs', '2', '--chunk-size', String(CHUNK), '--json');
    expect(t.stderr).toBe('');
    expect(t.status).toBe(0);
    const summary = JSON.parse(t.stdout);
    expect(summary).toMatchObject({ mode: 'airbender', status: 'halt', delegations: { blake2s: 10, u256: 2, keccak: 504 } });
    // the CLI's file is the library's, byte for byte (same options)
    expect(readFileSync(file('cli.trace')).equals(readFileSync(file('d1.trace')))).toBe(true);
    const info = zkos('trace', 'info', file('cli.trace'), '--json');
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ version: 3, mode: 'airbender', end: 'halt', layers: 'minimal+rows' });
    const dump = zkos('trace', 'dump', file('cli.trace'), '--from', '3', '--count', '1', '--json');
    expect(dump.status).toBe(0);
    expect(JSON.parse(dump.stdout)[0]).toMatchObject({ cycle: 3, csr: true, call: { kind: '0x000007c0' } });
    const verify = zkos('trace', 'verify', file('cli.trace'), file('image.bin'));
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/verified \d+ chunks/);
    const bad = zkos('trace', 'verify', file('t-7cb.trace'), file('image.bin'));
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/verification failed: cycle \d+: CSR 0x7cb \(keccak\)/);
  });
});

describe.skipIf(!haveLlvm)('Airbender-mode traces: how runs end, chunk size 1, the x12 BLAKE2s convention', () => {
  const assembleImage = (source: string) => {
    const object = readObject(assemble(source, { mattr: '+m,-relax', name: 'airbender trace end test' }), 'test.o', 0);
    return object.sections.find((s) => s?.name === '.text')!.data;
  };
  const cases: [string, string, number, string | RegExp][] = [
    ['fence is illegal', 'li a0, 1\n fence\n j .', 1, /illegal instruction at pc 0x00000004/],
    ['ecall is illegal', 'li a0, 1\n ecall\n j .', 1, /illegal instruction at pc 0x00000004/],
    ['a delegation error stops the run without retiring', 'li a0, 0x100\n li a1, 0x200\n li a2, 1\n csrrw x0, 0x7ca, x0\n j .', 1, /delegation-error: .*points into ROM/],
    ['the error exit (csr 0xc00)', 'li a0, 1\n unimp\n j .', 1, /error-exit/],
    ['an unknown CSR', 'csrrw x0, 0x7c1, x0\n j .', 1, /illegal-csr/],
    ['the cycle limit', '1: addi a0, a0, 1\n j 1b', 2, ''],
  ];
  for (const [name, source, status, message] of cases) {
    test(name, async () => {
      const image = assembleImage(source);
      const plain = runAirbenderImage(image, { maxCycles: 50 }).result;
      const path = join(dir, `end-${name.replace(/\W+/g, '-')}.trace`);
      const s = await captureAirbenderTrace({ image, path, chunkSize: 3, maxCycles: 50, full: true });
      expect(s.result.cycles).toBe(plain.cycles);
      expect(s.machine.pc >>> 0).toBe(plain.pc);
      const reader = TraceReader.open(path);
      for (const _ of reader.sections());
      reader.close();
      expect(reader.end!.status).toBe(status);
      expect(reader.end!.message).toMatch(message);
      expect(reader.end!.publicOutput).toEqual(plain.output);
      expect(verifyAirbenderTrace(path, image)).toMatchObject({ ok: true, cycles: plain.cycles });
    });
  }

  test('chunks of 1 cycle (the stamp generations wrap many times): verify passes', async () => {
    const image = readFileSync(join(dir, 'image.bin'));
    const path = join(dir, 'c1.trace');
    const s = await captureAirbenderTrace({ image, input: INPUT, path, chunkSize: 1 });
    expect(s.chunks).toBe(s.result.cycles);
    expect(s.chunks).toBeGreaterThan(3 * 255);
    expect(verifyAirbenderTrace(path, image)).toMatchObject({ ok: true, chunks: s.chunks });
  });

  test('the x12 BLAKE2s convention is recorded in the header and used by verify', async () => {
    const block = words(21, 16);
    const input = Uint32Array.from([...BLAKE2S_CONFIGURED_IV, ...V, ...block]);
    const image = assembleImage(`
      lui s0, 0x200
      addi t1, s0, 0x80
      li t0, 40
  1:  csrrw t2, 0x7c0, x0
      sw t2, 0(t1)
      addi t1, t1, 4
      addi t0, t0, -1
      bnez t0, 1b
      addi a0, s0, 0x80
      addi a1, s0, 0xc0       # the block, 64-byte aligned (it overlaps v: read before the round)
      lui a2, 0x80            # 0b1000 << 16: normal mode, 10 rounds
      li t0, 10
  2:  csrrw x0, 0x7c7, x0
      addi t0, t0, -1
      bnez t0, 2b
      j .`);
    const path = join(dir, 'x12.trace');
    const s = await captureAirbenderTrace({ image, input, path, chunkSize: 5, blake2s: 'x12' });
    expect(s.host.delegations.blake2s).toBe(10);
    const reader = TraceReader.open(path);
    reader.close();
    expect(reader.header).toMatchObject({ version: 3, mode: 'airbender', blake2s: 'x12' });
    expect(verifyAirbenderTrace(path, image)).toMatchObject({ ok: true });
    // the same file read with the other convention would not re-execute: flip the header's bit
    const forged = join(dir, 'x12-as-x13.trace');
    const r = TraceReader.open(path);
    const w = TraceWriter.create(forged, { full: false, chunkSize: 5, memorySize: 1 << 30, entry: 0, elfHash: r.header.elfHash, mode: 'airbender', blake2s: 'x13' });
    for (const sec of r.sections()) w.section(sec.kind, sec.chunk, sec.payload);
    r.close();
    const e = r.end!;
    w.close({ status: e.status, exitCode: e.exitCode, cycles: e.cycles, pc: e.pc, message: e.message, publicOutput: e.publicOutput, tape: e.tape });
    expect(verifyAirbenderTrace(forged, image)).toMatchObject({ ok: false, mismatch: expect.stringMatching(/re-execution ended \(trap\)|cycle \d+/) });
  });
});

describe.skipIf(!haveLlvm)('Airbender-mode verify: damaged chunks', () => {
  test('a chunk that does not decode, or whose CSR record is missing, is reported', async () => {
    const image = readFileSync(join(dir, 'image.bin'));
    const path = join(dir, 'dmg.trace');
    await captureAirbenderTrace({ image, input: INPUT, path, chunkSize: CHUNK });
    const rewrite = (to: string, change: (index: number, payload: Uint8Array) => Uint8Array) => {
      const r = TraceReader.open(path);
      const w = TraceWriter.create(to, { full: false, chunkSize: CHUNK, memorySize: 1 << 30, entry: 0, elfHash: r.header.elfHash, mode: 'airbender', blake2s: 'x13' });
      for (const s of r.sections()) w.section(s.kind, s.chunk, change(s.chunk, s.payload));
      r.close();
      const e = r.end!;
      w.close({ status: e.status, exitCode: e.exitCode, cycles: e.cycles, pc: e.pc, message: e.message, publicOutput: e.publicOutput, tape: e.tape });
    };
    rewrite(join(dir, 'dmg-short.trace'), (k, p) => (k === 2 ? p.subarray(0, p.length - 4) : p));
    expect(verifyAirbenderTrace(join(dir, 'dmg-short.trace'), image)).toMatchObject({ ok: false, mismatch: expect.stringMatching(/^chunk 2: chunk payload/) });
    let at = -1;
    rewrite(join(dir, 'dmg-drop.trace'), (_k, p) => {
      const c = decodeChunk(p);
      if (at >= 0 || c.ecalls.length === 0) return p;
      at = c.firstCycle + c.ecalls[0].offset;
      return encodeChunk({ ...c, ecalls: c.ecalls.slice(1) });
    });
    expect(verifyAirbenderTrace(join(dir, 'dmg-drop.trace'), image).mismatch).toContain(`cycle ${at}:`);
  });
});
