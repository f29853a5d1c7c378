// The compiled row expander (emulator/trace/expand-compiled.ts) against the reference interpreter
// loop (expandChunk, emulator/trace/expand.ts): byte-identical rows, end states, memory and
// ExpandError messages on recorded sample chunks (ending inside blocks), on seeded random programs
// (stores into their own code, ecalls whose host writes land on code, illegal words), on one
// expander fed chunks of different programs at the same addresses, in Airbender mode (CSR calls),
// and on damaged chunks. The Expander job gives the same payload and hash with either expander.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { bootMachine } from '../emulator/boot';
import { standardEcalls } from '../emulator/ecall';
import { encode } from '../emulator/isa/encode';
import { parseProgram } from '../emulator/loader';
import { Machine } from '../emulator/machine';
import { Memory } from '../emulator/memory';
import { decodeChunk, encodeChunk, PAGE_RECORD, PAGE_SHIFT, PAGE_WORDS, type Chunk, type EcallRecord } from '../emulator/trace/chunk';
import { ExpandError, expandChunk } from '../emulator/trace/expand';
import { CompiledExpander, MAX_BLOCK } from '../emulator/trace/expand-compiled';
import type { TraceMode } from '../emulator/trace/format';
import { Recorder, registerOnlyHost } from '../emulator/trace/record';
import { ROW_WORDS } from '../emulator/trace/rows';
import { Expander } from '../oracle/trace/expand-job';
import { ExpandPool } from '../oracle/trace/pool';
import { buildSample, SAMPLES } from '../programs/samples';
import { randomProgram, Rng } from './helpers/random-program';

type Outcome = { rows: Int32Array; pc: number; regs: Int32Array } | { error: string };

function run(f: () => { rows: Int32Array; pc: number; regs: Int32Array }): Outcome {
  try {
    const e = f();
    return { rows: e.rows.slice(), pc: e.pc, regs: e.regs.slice() };
  } catch (e) {
    if (!(e instanceof ExpandError)) throw e;
    return { error: e.message };
  }
}

/**
 * Reference and compiled expansion of `chunk` from the same memory contents: everything must match.
 * `reference`: the reference's own memory, kept equal by the caller (else a copy of the compiled one,
 * compared after the chunk).
 */
function compare(chunk: Chunk, compiled: CompiledExpander, mode: TraceMode, where: string, reference?: Memory): Outcome {
  const mirror = reference ?? new Memory(compiled.memory.size);
  if (!reference) mirror.u8.set(compiled.memory.u8);
  const want = run(() => expandChunk(chunk, mirror, undefined, 0, mode));
  // into a stale reused buffer at an offset, as the Expander does
  const into = new Int32Array(1 + chunk.cycles * ROW_WORDS).fill(0x5a5a5a5a);
  const got = run(() => compiled.expand(chunk, into, 1));
  if ('error' in want) {
    expect('error' in got ? got.error : 'no error', where).toBe(want.error);
  } else {
    expect('error' in got ? got.error : '', where).toBe('');
    if ('error' in got) return got;
    expect(got.pc, `${where}: end pc`).toBe(want.pc);
    expect(Array.from(got.regs), `${where}: end registers`).toEqual(Array.from(want.regs));
    const a = Buffer.from(want.rows.buffer, want.rows.byteOffset, want.rows.byteLength);
    const b = Buffer.from(got.rows.buffer, got.rows.byteOffset, got.rows.byteLength);
    if (!a.equals(b)) {
      const w = Array.from(want.rows).findIndex((v, k) => v !== got.rows[k]);
      expect(got.rows[w], `${where}: row ${Math.floor(w / ROW_WORDS)} word ${w % ROW_WORDS}`).toBe(want.rows[w]);
    }
  }
  if (!reference) expect(Buffer.from(compiled.memory.u8).equals(Buffer.from(mirror.u8)), `${where}: memory after`).toBe(true);
  return got;
}

function recordChunks(elf: Uint8Array, chunkSize: number, maxCycles: number): Chunk[] {
  const machine = bootMachine(parseProgram(elf));
  const recorder = new Recorder(machine, registerOnlyHost(standardEcalls(() => {})), { chunkSize, maxCycles });
  const chunks: Chunk[] = [];
  for (let c; (c = recorder.next()); ) chunks.push(decodeChunk(encodeChunk(c)));
  return chunks;
}

describe('recorded chunks of the samples', () => {
  const elves = new Map(SAMPLES.map((s) => [s.name, buildSample(s.name)]));
  test.each(SAMPLES.map((s) => s.name))('%s: rows and end states = the reference, chunk by chunk', (name) => {
    const elf = elves.get(name)!;
    // a chunk size no block length divides: chunks end inside blocks
    const chunks = recordChunks(elf, 20_011, 1_000_000);
    expect(chunks.length).toBeGreaterThan(name === 'hello' ? 0 : 10);
    const compiled = new CompiledExpander(new Memory(128 << 20));
    const reference = new Memory(128 << 20);
    compiled.memory.u8.fill(0xa5, 0, 1 << 20); // stale contents: the image supplies every word read
    reference.u8.fill(0xa5, 0, 1 << 20);
    for (const c of chunks) compare(c, compiled, 'zkos', `${name} chunk ${c.index}`, reference);
    expect(Buffer.from(compiled.memory.u8).equals(Buffer.from(reference.u8)), 'memory after the last chunk').toBe(true);
    expect(compiled.stats.compiled).toBeGreaterThan(5);
    // no sample modifies its code: only loaded words are compiled, so nothing is ever dropped
    expect(compiled.stats.invalidated).toBe(0);
    // jump tables and function pointers: regions rebuilt with their frequent exit targets inside
    if (name === 'bytecode') expect(compiled.stats.rebuilt).toBeGreaterThan(0);
  });
});

const MEMORY = 64 * 1024;
const BASE = 0x1000;
const CSR_NUMBERS = [0x7c0, 0x7c7, 0x7ca, 0x7cb, 0x7ff, 0x300];

/** Seeded random words; in Airbender mode some are CSR instructions (funct3 1..7: 4 is illegal there). */
function programWords(rng: Rng, length: number, mode: TraceMode): { words: Uint32Array; registers: Int32Array } {
  const p = randomProgram(rng, length, BASE, MEMORY);
  const words = p.words.slice();
  if (mode === 'airbender') {
    for (let k = 0; k < words.length; k++) {
      if (!rng.chance(0.04)) continue;
      words[k] = ((rng.pick(CSR_NUMBERS) << 20) | (rng.below(32) << 15) | ((1 + rng.below(7)) << 12) | (rng.below(32) << 7) | 0x73) >>> 0;
    }
  }
  return { words, registers: p.registers };
}

/**
 * A synthetic chunk of a random program: its image is the code and a data area; ecall / CSR records
 * (random register and memory effects, some landing on the code) are added where the reference asks
 * for them, and the cycle count is cut before the reference traps — unless `damaged`, which keeps the
 * count so that the chunk does not re-execute.
 */
function synthesize(rng: Rng, words: Uint32Array, registers: Int32Array, mode: TraceMode, cycles: number): Chunk {
  // the pages of the code and of a data area, random where the code does not fill them
  const byPage = new Map<number, Int32Array>();
  const put = (address: number, value: number) => {
    const p = address >>> PAGE_SHIFT;
    if (!byPage.has(p)) byPage.set(p, Int32Array.from({ length: PAGE_WORDS }, () => rng.next() | 0));
    byPage.get(p)![(address >>> 2) % PAGE_WORDS] = value;
  };
  for (let k = 0; k < words.length; k++) put(BASE + 4 * k, words[k] | 0);
  for (let a = 0x7f00; a < 0x8100 + 1024; a += 4) put(a, rng.next() | 0);
  const pages: number[] = [];
  for (const [p, ws] of byPage) pages.push(p, ...ws);
  const ecalls: EcallRecord[] = [];
  let chunk: Chunk = { index: 7, firstCycle: 5000, cycles, pc: BASE, regs: registers, pages: Int32Array.from(pages), ecalls };
  for (let guard = 0; guard < 400; guard++) {
    const memory = new Memory(MEMORY);
    try {
      expandChunk(chunk, memory, undefined, 0, mode);
      return chunk;
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e;
      const n = Number(/at cycle (\d+)/.exec(e.message)![1]) - chunk.firstCycle;
      if (/no recorded (ecall|CSR call) left/.test(e.message)) {
        const regs: number[] = [];
        for (let k = rng.below(4); k > 0; k--) regs.push(rng.below(32), rng.next() | 0);
        const writes: { address: number; words: number[] }[] = [];
        for (let k = rng.below(3); k > 0; k--) {
          // onto the code (maybe ahead of the pc) or the data area
          const address = rng.chance(0.5) ? BASE + 4 * rng.below(words.length) : 0x8000 + 4 * rng.below(256);
          const ws = Array.from({ length: 1 + rng.below(4) }, () => (rng.chance(0.5) ? encode({ mnemonic: 'addi', rd: 10 + rng.below(6), rs1: rng.below(32), imm: rng.below(100) }) : rng.next()) | 0);
          writes.push({ address, words: ws });
        }
        const exit = mode === 'zkos' && rng.chance(0.15);
        ecalls.push({ offset: n, outcome: exit ? 1 : 0, exitCode: 0, regs, writes, record: { kind: 93, input: [], output: [] } });
        if (exit) chunk = { ...chunk, cycles: n + 1 };
      } else if (/trap on instruction|fetch outside memory/.test(e.message)) {
        chunk = { ...chunk, cycles: n };
      } else throw e;
    }
  }
  throw new Error('synthesize: no re-executable chunk');
}

/** Records a random program's run (stores into its code, ecalls: exit and write) into chunks. */
function recordRandom(p: { base: number; words: Uint32Array; registers: Int32Array }, chunkSize: number, maxCycles: number): Chunk[] {
  const m = new Machine(new Memory(MEMORY));
  for (let k = 0; k < p.words.length; k++) m.memory.writeWord(p.base + 4 * k, p.words[k]);
  m.regs.set(p.registers);
  m.regs[0] = 0;
  m.pc = p.base;
  const recorder = new Recorder(m, registerOnlyHost(standardEcalls(() => {})), { chunkSize, maxCycles });
  const chunks: Chunk[] = [];
  for (let c; (c = recorder.next()); ) chunks.push(decodeChunk(encodeChunk(c)));
  return chunks;
}

/** Damaged variants of a chunk: one more cycle, a lost or moved record, a bad start pc, a lost image page, a page outside memory. */
function damaged(c: Chunk, rng: Rng): [string, Chunk][] {
  const out: [string, Chunk][] = [
    ['one cycle more', { ...c, cycles: c.cycles + 1 }],
    ['start pc misaligned', { ...c, pc: c.pc + 2 }],
    ['start pc outside memory', { ...c, pc: MEMORY + 8 }],
    ['first image page lost', { ...c, pages: c.pages.subarray(PAGE_RECORD) }],
    ['an image page outside memory', { ...c, pages: Int32Array.from([MEMORY >>> PAGE_SHIFT, ...new Array<number>(PAGE_WORDS).fill(0), ...c.pages]) }],
  ];
  if (c.cycles > 1) out.push(['one cycle less', { ...c, cycles: c.cycles - 1 }]);
  if (c.ecalls.length > 0) {
    const k = rng.below(c.ecalls.length);
    out.push(['a record lost', { ...c, ecalls: c.ecalls.filter((_, j) => j !== k) }]);
    out.push(['a record moved', { ...c, ecalls: c.ecalls.map((e, j) => (j === k ? { ...e, offset: e.offset + 1 } : e)) }]);
    out.push(['a record added', { ...c, ecalls: [...c.ecalls, { ...c.ecalls[k], offset: c.cycles + 5 }] }]);
  } else out.push(['a record added', { ...c, ecalls: [{ offset: 0, outcome: 0, exitCode: 0, regs: [], writes: [] }] }]);
  return out;
}

describe('seeded random programs', () => {
  for (const mode of ['zkos', 'airbender'] as const) {
    test(`${mode}: 300 synthetic chunks (host writes onto code, stores into code, traps) on one expander`, () => {
      const compiled = new CompiledExpander(new Memory(MEMORY), mode);
      let rows = 0;
      let codeWrites = 0;
      const errors = new Set<string>();
      for (let seed = 1; seed <= 300; seed++) {
        const rng = new Rng(seed * 7919 + (mode === 'zkos' ? 0 : 1));
        const { words, registers } = programWords(rng, 200, mode);
        const chunk = synthesize(rng, words, registers, mode, 1 + rng.below(600));
        const got = compare(chunk, compiled, mode, `${mode} seed ${seed}`);
        if (!('error' in got)) rows += chunk.cycles;
        // damaged copies: both expanders must fail alike (chunk index, cycle, pc)
        for (const [what, bad] of damaged(chunk, rng)) {
          const out = compare(bad, compiled, mode, `${mode} seed ${seed}, ${what}`);
          if ('error' in out) errors.add(out.error.replace(/0x[0-9a-f]+|\d+/g, 'N'));
        }
        codeWrites += chunk.ecalls.filter((e) => e.writes.some((w) => w.address < BASE + 4 * words.length)).length;
      }
      expect(rows).toBeGreaterThan(2_000);
      expect(codeWrites).toBeGreaterThan(20);
      expect(compiled.stats.invalidated).toBeGreaterThan(20);
      // every kind of failure was met
      const call = mode === 'zkos' ? 'ecall' : 'CSR call';
      for (const kind of ['trap on instruction', 'instruction fetch outside memory', `no recorded ${call} left`, `its next recorded ${call} is at`, 'recorded ecalls were not reached']) {
        expect([...errors].some((e) => e.includes(kind)), `${kind} in ${[...errors].join('; ')}`).toBe(true);
      }
    });
  }

  test('recorded random programs (chunk sizes 1..200) on one expander shared by all seeds', () => {
    const compiled = new CompiledExpander(new Memory(MEMORY));
    compiled.memory.u8.fill(0xa5);
    let chunks = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rng = new Rng(seed);
      const p = randomProgram(rng, 256, BASE, MEMORY);
      const recorded = recordRandom(p, 1 + ((seed * 37) % 200), 3000);
      for (const c of recorded) {
        compare(c, compiled, 'zkos', `seed ${seed} chunk ${c.index}`);
        chunks++;
      }
    }
    expect(chunks).toBeGreaterThan(300);
  });
});

describe('self-modifying code inside one block', () => {
  test('a store that patches the next instruction of its own block, then a loop over it, across chunks', () => {
    // x5 = the code's base; the loop body patches `addi x6, x6, 1` into `addi x6, x6, 100`
    // and back on alternate rounds, so every round runs the other version of the same block
    const patched = encode({ mnemonic: 'addi', rd: 6, rs1: 6, imm: 100 });
    const plain = encode({ mnemonic: 'addi', rd: 6, rs1: 6, imm: 1 });
    const words = [
      encode({ mnemonic: 'lui', rd: 5, imm: BASE }),
      encode({ mnemonic: 'addi', rd: 7, rs1: 0, imm: 200 }), // rounds
      encode({ mnemonic: 'lui', rd: 8, imm: patched & ~0xfff }),
      encode({ mnemonic: 'addi', rd: 8, rs1: 8, imm: ((patched & 0xfff) << 20) >> 20 }),
      encode({ mnemonic: 'lui', rd: 9, imm: plain & ~0xfff }),
      encode({ mnemonic: 'addi', rd: 9, rs1: 9, imm: ((plain & 0xfff) << 20) >> 20 }),
      // loop: (index 6)
      encode({ mnemonic: 'sw', rs1: 5, rs2: 8, imm: 4 * 8 }),
      encode({ mnemonic: 'xor', rd: 8, rs1: 8, rs2: 9 }), // swap x8 / x9
      plain, // index 8: patched by the store two instructions before
      encode({ mnemonic: 'xor', rd: 9, rs1: 9, rs2: 8 }),
      encode({ mnemonic: 'xor', rd: 8, rs1: 8, rs2: 9 }),
      encode({ mnemonic: 'addi', rd: 7, rs1: 7, imm: -1 }),
      encode({ mnemonic: 'bne', rs1: 7, rs2: 0, imm: -4 * 6 }),
      encode({ mnemonic: 'addi', rd: 17, rs1: 0, imm: 93 }),
      0x73,
    ];
    const p = { base: BASE, words: Uint32Array.from(words, (w) => w >>> 0), registers: new Int32Array(32) };
    for (const chunkSize of [1, 3, 7, 50, 100_000]) {
      const compiled = new CompiledExpander(new Memory(MEMORY));
      const chunks = recordRandom(p, chunkSize, 100_000);
      for (const c of chunks) compare(c, compiled, 'zkos', `chunk size ${chunkSize}, chunk ${c.index}`);
      const last = chunks[chunks.length - 1];
      expect(last.firstCycle + last.cycles).toBe(6 + 200 * 7 + 2);
      if (chunkSize === 100_000) expect(compiled.stats.invalidated).toBeGreaterThanOrEqual(200);
    }
  });
});

describe('the Expander job and the pool', () => {
  const chunks = recordChunks(buildSample('qsort'), 30_001, 200_000).map(encodeChunk);

  test('compiled and reference Expanders give the same ROWS payloads and hashes', () => {
    const fast = new Expander();
    const slow = new Expander({ expander: 'reference' });
    for (const payload of chunks) {
      const a = slow.expand(payload, 128 << 20);
      const b = fast.expand(payload, 128 << 20);
      expect(Buffer.from(b.payload).equals(Buffer.from(a.payload))).toBe(true);
      expect(Buffer.from(b.hash).equals(Buffer.from(a.hash))).toBe(true);
      expect(Array.from(b.endState)).toEqual(Array.from(a.endState));
      slow.recycle(a.payload.buffer as ArrayBuffer);
      fast.recycle(b.payload.buffer as ArrayBuffer);
    }
  });

  test('2 worker jobs give the reference payloads, in any order of completion', async () => {
    const slow = new Expander({ expander: 'reference' });
    const want = chunks.map((p) => Buffer.from(slow.expand(p, 128 << 20).payload));
    const pool = await ExpandPool.create(2);
    try {
      const got = await Promise.all(chunks.map((p) => pool.expand(p, 128 << 20)));
      got.forEach((r, k) => expect(Buffer.from(r.payload).equals(want[k]), `chunk ${k}`).toBe(true));
    } finally {
      await pool.close();
    }
  });

  test('worker rows come in shared slots: a recycled slot is reused, a payload held is never overwritten', async () => {
    const slow = new Expander({ expander: 'reference' });
    const want = chunks.map((p) => Buffer.from(slow.expand(p, 128 << 20).payload));
    const pool = await ExpandPool.create(2);
    try {
      const held = await pool.expand(chunks[0], 128 << 20); // kept, never recycled
      const seen = new Set<ArrayBufferLike>([held.payload.buffer]);
      let reused = 0;
      for (let round = 0; round < 3; round++) {
        for (let k = 1; k < chunks.length; k++) {
          const r = await pool.expand(chunks[k], 128 << 20);
          expect(r.payload.buffer).toBeInstanceOf(SharedArrayBuffer);
          expect(r.payload.buffer).not.toBe(held.payload.buffer);
          expect(Buffer.from(r.payload).equals(want[k]), `round ${round}, chunk ${k}`).toBe(true);
          if (seen.has(r.payload.buffer)) reused++;
          seen.add(r.payload.buffer);
          pool.recycle(r.payload);
        }
      }
      expect(reused).toBeGreaterThan(0);
      expect(seen.size).toBeLessThanOrEqual(1 + 2 * 2); // the held one, and a few per worker
      expect(Buffer.from(held.payload).equals(want[0])).toBe(true);
    } finally {
      await pool.close();
    }
  });

  test('a payload dropped without recycle() gives its slot back once collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const slow = new Expander({ expander: 'reference' });
    const want = chunks.map((p) => Buffer.from(slow.expand(p, 128 << 20).payload));
    const pool = await ExpandPool.create(2);
    try {
      const buffers = new Set<ArrayBufferLike>();
      for (let round = 0; round < 4; round++) {
        for (let k = 0; k < chunks.length; k++) {
          const rows = await pool.expand(chunks[k], 128 << 20);
          expect(Buffer.from(rows.payload).equals(want[k]), `round ${round}, chunk ${k}`).toBe(true);
          buffers.add(rows.payload.buffer); // the buffer, not the payload: the payload is dropped here
        }
        gc();
        await new Promise((resolve) => setTimeout(resolve, 20)); // finalizers run, their { free } messages go out
      }
      expect(4 * chunks.length).toBeGreaterThan(12);
      expect(buffers.size, 'slots were reused, not allocated per chunk').toBeLessThanOrEqual(2 * (chunks.length + 2));
      expect(buffers.size).toBeLessThan(4 * chunks.length);
    } finally {
      await pool.close();
    }
  });
});

test('straight-line code longer than MAX_BLOCK is cut into blocks, and chunks end anywhere in it', () => {
  const rng = new Rng(99);
  const ops = ['add', 'sub', 'xor', 'or', 'and', 'sll', 'srl', 'sra', 'slt', 'sltu', 'mul', 'mulh', 'mulhsu', 'mulhu', 'div', 'divu', 'rem', 'remu'] as const;
  const words: number[] = [];
  for (let k = 0; k < 3 * MAX_BLOCK + 7; k++) {
    words.push(rng.chance(0.3) ? encode({ mnemonic: 'addi', rd: 1 + rng.below(31), rs1: rng.below(32), imm: rng.below(4096) - 2048 }) : encode({ mnemonic: rng.pick(ops), rd: 1 + rng.below(31), rs1: rng.below(32), rs2: rng.below(32) }));
  }
  words.push(encode({ mnemonic: 'jal', rd: 0, imm: -4 * words.length })); // and round again
  const registers = Int32Array.from({ length: 32 }, () => rng.next() | 0);
  const p = { base: BASE, words: Uint32Array.from(words, (w) => w >>> 0), registers };
  for (const chunkSize of [1, 37, MAX_BLOCK, 1000]) {
    const compiled = new CompiledExpander(new Memory(MEMORY));
    const chunks = recordRandom(p, chunkSize, 3000);
    expect(chunks.reduce((n, c) => n + c.cycles, 0)).toBe(3000);
    for (const c of chunks) compare(c, compiled, 'zkos', `chunk size ${chunkSize}, chunk ${c.index}`);
  }
});
