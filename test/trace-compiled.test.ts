// Trace capture in compiled code (emulator/compiler/recording.ts) against the recording interpreter,
// the simple path: every chunk byte-identical (start state, memory pages in the same order, ecall
// records), the same run result and final machine, on random programs (traps, ecalls, code stores,
// bad jumps), long looping programs that rewrite their own code, every chunk size from 1 up, chunks
// that outgrow the image's first size, and the sample programs.
import { describe, expect, test } from 'vitest';
import { bootMachine } from '../emulator/boot';
import { COMPILER_TUNING } from '../emulator/compiler/cache';
import { standardEcalls } from '../emulator/ecall';
import { parseProgram } from '../emulator/loader';
import { Machine } from '../emulator/machine';
import { IMAGE_WINDOW_PAGES } from '../emulator/memory';
import { encode } from '../emulator/isa/encode';
import { decodeChunk, encodeChunk, PAGE_RECORD } from '../emulator/trace/chunk';
import { Recorder, registerOnlyHost, type RecordOptions } from '../emulator/trace/record';
import { buildSample } from '../programs/samples';
import { hasTool } from '../toolchain/llvm';
import { loopingProgram } from './helpers/looping-program';
import { programMachine } from './helpers/machine';
import { randomProgram, Rng } from './helpers/random-program';

// Every block is compiled at its first run here, so that short programs record through compiled code
// (the default interprets cold blocks first; the samples below run with it too).
COMPILER_TUNING.coldRuns = 0;

const MEMORY = 64 * 1024;

const machineWith = (base: number, words: ArrayLike<number>, registers?: Int32Array): Machine => programMachine({ base, words, registers }, MEMORY);

interface Recording {
  readonly chunks: Buffer[];
  readonly result: unknown;
  readonly machine: Machine;
  readonly stdout: string;
  readonly engine: string;
  readonly stats?: { readonly dispatches: number; readonly hot: number; readonly wasm: number };
}

function recordWith(make: () => Machine, options: RecordOptions): Recording {
  const machine = make();
  let stdout = '';
  const host = registerOnlyHost(standardEcalls((fd, bytes) => (stdout += `${fd}:${Buffer.from(bytes).toString("hex")};`)));
  const recorder = new Recorder(machine, host, options);
  const chunks: Buffer[] = [];
  for (let c; (c = recorder.next()); ) chunks.push(Buffer.from(encodeChunk(c)));
  return { chunks, result: recorder.result, machine, stdout, engine: recorder.engine, stats: recorder.compiledStats };
}

/** Both engines on fresh machines: the same chunks, byte for byte, and the same end. */
function expectSameRecording(make: () => Machine, chunkSize: number, maxCycles: number, where: string): Recording {
  const simple = recordWith(make, { chunkSize, maxCycles, engine: 'interpreter' });
  const compiled = recordWith(make, { chunkSize, maxCycles });
  expect(simple.engine).toBe('interpreter');
  expect(compiled.engine, 'the compiled engine is the default').toBe('compiled');
  expect(compiled.result, where).toEqual(simple.result);
  expect(compiled.chunks.length, `${where}: chunk count`).toBe(simple.chunks.length);
  for (let k = 0; k < simple.chunks.length; k++) {
    if (Buffer.compare(compiled.chunks[k], simple.chunks[k]) !== 0) expect.fail(`${where}: chunk ${k} differs (${compiled.chunks[k].length} vs ${simple.chunks[k].length} bytes)`);
  }
  expect(compiled.machine.pc, where).toBe(simple.machine.pc);
  expect(compiled.machine.cycles, where).toBe(simple.machine.cycles);
  expect(Array.from(compiled.machine.regs), where).toEqual(Array.from(simple.machine.regs));
  expect(Buffer.compare(compiled.machine.memory.u8, simple.machine.memory.u8), `${where}: memory`).toBe(0);
  expect(compiled.stdout, where).toBe(simple.stdout);
  return compiled;
}

describe('compiled capture = interpreter capture, byte for byte', () => {
  test('600 short random programs (traps, ecalls, stores into code, bad jumps), chunk sizes 1..40', () => {
    for (let seed = 1; seed <= 600; seed++) {
      const p = randomProgram(new Rng(seed), 256, 0x1000, MEMORY);
      expectSameRecording(() => machineWith(p.base, p.words, p.registers), 1 + (seed % 40), 5000, `seed ${seed}`);
    }
  });

  test('looping programs: hot regions, code stores and faults, several chunk sizes', () => {
    const cases = [
      { codeStores: 0, faults: 0 },
      { codeStores: 0.02, faults: 0 },
      { codeStores: 0, faults: 0.002 },
      { codeStores: 0.01, faults: 0.001 },
    ];
    let chunks = 0;
    let hot = 0;
    let wasm = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const options = { bodyLength: 60, iterations: 2000, ...cases[seed % cases.length] };
      const p = loopingProgram(new Rng(seed * 7919), 0x1000, options);
      const chunkSize = [997, 4096, 65_536, 1 << 22][seed % 4];
      const r = expectSameRecording(() => machineWith(p.base, p.words), chunkSize, 3_000_000, `looping seed ${seed}`);
      chunks += r.chunks.length;
      hot += r.stats!.hot;
      wasm += r.stats!.wasm;
    }
    expect(chunks, 'the runs were long enough to span several chunks').toBeGreaterThan(100);
    expect(hot, 'hot regions (tier 2) were compiled and run').toBeGreaterThan(16);
    // regions that loop record in WebAssembly unless the tier is off (trace-compiled-js-tier.test.ts)
    if (COMPILER_TUNING.wasm) expect(wasm, 'regions recorded in WebAssembly').toBeGreaterThan(0);
    else expect(wasm).toBe(0);
  });

  test('stores into code after data stores into the same page: the rewrite is seen, the same chunks', () => {
    // the loop's code and a data word share a 256-byte page (the code in its first two granules, the
    // data in its last): the data store settles the page's watch byte, which must stay set for the
    // code's granules. Every iteration stores the word of `addi x10, x10, 1` back into the code,
    // the one at x5 = 700 the word of `+ 2` (branch-free: no block of the loop runs for the first
    // time then, which would set the byte again), so the next iteration adds 2 once.
    const patched = encode({ mnemonic: 'addi', rd: 10, rs1: 10, imm: 2 });
    const SITE = 0x1000 + 4 * 11;
    const words = [
      encode({ mnemonic: 'addi', rd: 5, rs1: 0, imm: 1000 }), // x5 counts down
      encode({ mnemonic: 'lui', rd: 6, imm: 0x1000 }),
      encode({ mnemonic: 'addi', rd: 6, rs1: 6, imm: 0xc0 }), // x6 = 0x10c0: the data word
      encode({ mnemonic: 'lui', rd: 7, imm: 0x1000 }),
      encode({ mnemonic: 'addi', rd: 7, rs1: 7, imm: SITE - 0x1000 }), // x7: the rewritten instruction
      encode({ mnemonic: 'lw', rd: 12, rs1: 7, imm: 0 }), // x12: its word
      encode({ mnemonic: 'lui', rd: 8, imm: (patched + 0x800) & ~0xfff }),
      encode({ mnemonic: 'addi', rd: 8, rs1: 8, imm: (patched << 20) >> 20 }),
      encode({ mnemonic: 'xor', rd: 13, rs1: 12, rs2: 8 }), // x13: the bits that change
      encode({ mnemonic: 'addi', rd: 9, rs1: 0, imm: 700 }),
      encode({ mnemonic: 'sw', rs1: 6, rs2: 5, imm: 0 }), // loop: the data store
      encode({ mnemonic: 'addi', rd: 10, rs1: 10, imm: 1 }), // SITE
      encode({ mnemonic: 'sub', rd: 14, rs1: 5, rs2: 9 }),
      encode({ mnemonic: 'sltiu', rd: 14, rs1: 14, imm: 1 }),
      encode({ mnemonic: 'sub', rd: 14, rs1: 0, rs2: 14 }), // all ones at x5 = 700
      encode({ mnemonic: 'and', rd: 14, rs1: 14, rs2: 13 }),
      encode({ mnemonic: 'xor', rd: 11, rs1: 12, rs2: 14 }),
      encode({ mnemonic: 'sw', rs1: 7, rs2: 11, imm: 0 }), // into the code
      encode({ mnemonic: 'addi', rd: 5, rs1: 5, imm: -1 }),
      encode({ mnemonic: 'bne', rs1: 5, rs2: 0, imm: -36 }),
      encode({ mnemonic: 'addi', rd: 17, rs1: 0, imm: 93 }),
      encode({ mnemonic: 'ecall' }),
    ];
    const r = expectSameRecording(() => machineWith(0x1000, words), 1 << 16, 100_000, 'code and data in one page');
    expect(r.result).toMatchObject({ kind: 'exit', exitCode: 999 + 2 });
    expect(r.stats!.dispatches, 'compiled code ran').toBeGreaterThan(0);
  });

  test('a chunk that touches more pages than the image window holds: compiled code leaves, the window spills, the same chunks', () => {
    // x5 walks 40 MiB of a 64 MiB memory in 256-byte steps, loading and storing: 163,840 pages in
    // chunks of 2^18 cycles, ~52,000 pages per chunk (the window holds IMAGE_WINDOW_PAGES, 16,384)
    const words = [
      encode({ mnemonic: 'lui', rd: 5, imm: 0x100000 }), // x5 = 1 MiB
      encode({ mnemonic: 'lui', rd: 6, imm: 0x2900000 }), // x6 = 41 MiB
      encode({ mnemonic: 'lw', rd: 7, rs1: 5, imm: 4 }), // loop:
      encode({ mnemonic: 'addi', rd: 7, rs1: 7, imm: 1 }),
      encode({ mnemonic: 'sw', rs1: 5, rs2: 7, imm: 8 }),
      encode({ mnemonic: 'addi', rd: 5, rs1: 5, imm: 256 }),
      encode({ mnemonic: 'bltu', rs1: 5, rs2: 6, imm: -16 }),
      encode({ mnemonic: 'addi', rd: 17, rs1: 0, imm: 93 }),
      encode({ mnemonic: 'ecall' }),
    ];
    const make = () => programMachine({ base: 0x1000, words }, 64 << 20);
    const r = expectSameRecording(make, 1 << 18, 2_000_000, 'page walk');
    expect(r.result).toMatchObject({ kind: 'exit' });
    const pages = r.chunks.map((c) => decodeChunk(c).pages.length / PAGE_RECORD);
    expect(Math.max(...pages), 'pages in the largest chunk').toBeGreaterThan(3 * IMAGE_WINDOW_PAGES);
    expect(r.stats!.dispatches, 'compiled code ran').toBeGreaterThan(0);
    if (COMPILER_TUNING.wasm) expect(r.stats!.wasm, 'the walk was recorded in WebAssembly').toBeGreaterThan(0);
  });
});

describe.skipIf(!hasTool('llvm-mc'))('the sample programs (llvm-mc needed)', () => {
  test.each(['hello', 'sieve', 'qsort', 'bytecode', 'hashtable', 'mulloop'])('%s: the same chunks with both engines', (name) => {
    const program = parseProgram(buildSample(name));
    const r = expectSameRecording(() => bootMachine(program), 1 << 16, 3_000_000, name);
    expect(r.stats!.dispatches, 'compiled code ran').toBeGreaterThan(0);
  });
});
