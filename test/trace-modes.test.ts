// Trace determinism (issue 5): the same ELF and tape give byte-identical trace files across runs,
// job counts, a live oracle vs the replayed tape, and the CLI vs the library; the fast, compiled and
// reference interpreters all run the program to the trace's end and re-execute it row for row
// (`trace verify --interpreter`). The CLI path with a recorded tape: zkos run --input --tape-out,
// then zkos trace --tape, trace info / dump / verify, zkos replay.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bootMachine } from '../emulator/boot';
import { decodeChunk, encodeChunk } from '../emulator/trace/chunk';
import { INTERPRETERS, type InterpreterName } from '../emulator/execute';
import { parseProgram } from '../emulator/loader';
import type { Program } from '../emulator/loader/program';
import { standardQueries } from '../oracle/handlers';
import { ecallHost } from '../oracle/host';
import { OracleSession } from '../oracle/session';
import { captureTrace } from '../oracle/trace/capture';
import { TraceReader } from '../oracle/trace/file';
import { verifyTrace } from '../oracle/trace/verify';
import { link } from '../toolchain/linker';
import { assemble, hasTool } from '../toolchain/llvm';
import { Rng } from './helpers/random-program';

const dir = mkdtempSync(join(tmpdir(), 'zkos-trace-modes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');
const zkos = (...args: string[]) => spawnSync(process.execPath, [ZKOS, ...args], { encoding: 'utf8' });

/**
 * Reads its input through the oracle (input_size, input_read), then 400 rounds of keccak_f, u256_op
 * add and mul_lo on it and a loop of loads and stores over the state; commits 8 words; exits 0.
 */
const SOURCE = `
    .text
    .globl _start
_start:
    li a0, 1                # query(input_size)
    la a1, scratch
    li a2, 0
    li a7, 0x1002
    ecall
    la a0, scratch          # answer_read(scratch, 1)
    li a1, 1
    li a7, 0x1003
    ecall
    lw s0, scratch
    addi s1, s0, 3
    srli s1, s1, 2          # input words
    la t0, scratch
    sw zero, 0(t0)
    sw s1, 4(t0)
    li a0, 2                # query(input_read, offset 0, count s1)
    mv a1, t0
    li a2, 2
    li a7, 0x1002
    ecall
    la a0, state            # answer_read(state, s1)
    mv a1, s1
    li a7, 0x1003
    ecall
    li s2, 400
1:  la a0, state            # keccak_f(state)
    li a7, 0x1010
    ecall
    li a0, 0                # u256_op(add, state, state + 32, state + 64)
    la a1, state
    addi a2, a1, 32
    addi a3, a1, 64
    li a7, 0x1012
    ecall
    li a0, 2                # u256_op(mul_lo, state + 64, state + 96, state + 128)
    la a1, state
    addi a1, a1, 64
    addi a2, a1, 32
    addi a3, a1, 64
    li a7, 0x1012
    ecall
    la t0, state            # 50 words: state[i] += state[i + 1] ^ i
    li t1, 49
2:  lw t2, 0(t0)
    lw t3, 4(t0)
    xor t3, t3, t1
    add t2, t2, t3
    sw t2, 0(t0)
    addi t0, t0, 4
    addi t1, t1, -1
    bnez t1, 2b
    addi s2, s2, -1
    bnez s2, 1b
    la a0, state            # commit(state, 8)
    li a1, 8
    li a7, 0x1004
    ecall
    li a0, 0                # exit(0)
    li a7, 93
    ecall

    .data
    .balign 8
scratch:
    .word 0, 0
state:
    .space 200
`;

const rng = new Rng(0x7ace);
const INPUT = Uint8Array.from({ length: 61 }, () => rng.next() & 0xff); // 16 words, the last padded
const CHUNK = 10_000;
const MEMORY = 1 << 20;

const liveOracle = () => new OracleSession({ kind: 'live', queries: standardQueries({ input: INPUT }) });

describe.skipIf(!hasTool('llvm-mc'))('trace determinism across runs, jobs, oracles and interpreters', () => {
  let elf: Uint8Array;
  let program: Program;
  const elfPath = join(dir, 'prog.elf');
  const inputPath = join(dir, 'input.bin');

  beforeAll(() => {
    elf = link([{ name: 'prog.S', bytes: assemble(SOURCE, { name: 'prog.S' }) }]).bytes;
    program = parseProgram(elf);
    writeFileSync(elfPath, elf);
    writeFileSync(inputPath, INPUT);
  });

  async function trace(name: string, oracle: OracleSession, opts: { full?: boolean; jobs?: number; engine?: 'compiled' | 'interpreter' } = {}) {
    const path = join(dir, name);
    const summary = await captureTrace({ program, programBytes: elf, path, oracle, sink: () => {}, chunkSize: CHUNK, memorySize: MEMORY, maxCycles: 1e8, ...opts });
    return { path, summary, file: readFileSync(path) };
  }

  test('byte-identical across runs, jobs 1, 2 and 3, live vs replayed tape, compiled vs interpreted recording; minimal = full minus rows', async () => {
    const live = liveOracle();
    const a = await trace('a.trace', live, { full: true, jobs: 1 });
    expect(a.summary.result).toMatchObject({ kind: 'exit', exitCode: 0 });
    expect(a.summary.chunks).toBeGreaterThan(5);
    expect(live.acceleratorCalls).toEqual({ keccak_f: 400, blake2s_compress: 0, u256_op: 800 });
    const tape = Uint32Array.from(live.tape);
    const replay = () => new OracleSession({ kind: 'replay', tape });
    const others = [
      await trace('b.trace', liveOracle(), { full: true, jobs: 1 }),
      await trace('c.trace', liveOracle(), { full: true, jobs: 2 }),
      await trace('d.trace', replay(), { full: true, jobs: 3 }),
      await trace('e.trace', replay(), { full: true, jobs: 2 }),
      // the recording interpreter (the simple path) writes the same file as compiled recording
      await trace('i.trace', replay(), { full: true, jobs: 2, engine: 'interpreter' }),
    ];
    for (const o of others) expect(Buffer.compare(o.file, a.file), o.path).toBe(0);
    // the minimal trace holds exactly the CHUNK sections of the full one
    const m = await trace('m.trace', replay());
    const chunkSections = (path: string) => {
      const reader = TraceReader.open(path);
      const list = Array.from(reader.sections()).filter((s) => s.kind === 1).map((s) => Buffer.from(s.payload));
      reader.close();
      return Buffer.concat(list);
    };
    expect(Buffer.compare(chunkSections(m.path), chunkSections(a.path))).toBe(0);
  });

  test('the recorder builds each payload as it runs (pages and ecall records in place) exactly as encodeChunk encodes the decoded chunk (accelerator records and host writes included)', async () => {
    const { path } = await trace('enc.trace', liveOracle());
    const reader = TraceReader.open(path);
    let withRecords = 0;
    for (const section of reader.sections()) {
      if (section.kind !== 1) continue;
      const chunk = decodeChunk(section.payload);
      withRecords += chunk.ecalls.filter((e) => e.record !== undefined && e.writes.length > 0).length;
      const again = encodeChunk({ ...chunk }) // a copy: encoded from its fields;
      expect(Buffer.compare(Buffer.from(again), Buffer.from(section.payload)), `chunk ${chunk.index}`).toBe(0);
    }
    reader.close();
    expect(withRecords).toBeGreaterThan(100);
  });

  test.each(Object.keys(INTERPRETERS) as InterpreterName[])('the %s interpreter runs to the trace end and re-executes it row for row', async (mode) => {
    const { path, summary } = await trace(`${mode}.trace`, liveOracle(), { full: true, jobs: 2 });
    const oracle = liveOracle();
    const machine = bootMachine(program, { memorySize: MEMORY });
    const result = INTERPRETERS[mode](machine, ecallHost({ sink: () => {}, oracle }), 1e8);
    expect(result).toEqual(summary.result);
    expect(machine.pc).toBe(summary.machine.pc);
    expect(Array.from(machine.regs)).toEqual(Array.from(summary.machine.regs));
    expect(Buffer.compare(machine.memory.u8, summary.machine.memory.u8)).toBe(0);
    const reader = TraceReader.open(path);
    for (const _ of reader.sections());
    reader.close();
    expect(reader.end!.tape).toEqual(oracle.tape);
    expect(reader.end!.publicOutput).toEqual(oracle.publicOutput);
    expect(verifyTrace(path, program, elf, mode)).toEqual({ ok: true, chunks: summary.chunks, cycles: summary.result.cycles, rows: summary.result.cycles });
  });

  test('an accelerator fault ends the traced run as it ends the plain run (a trap naming the call)', async () => {
    const bad = link([{ name: 'bad.S', bytes: assemble('.text\n.globl _start\n_start:\n li a0, 9\n li a1, 0x100\n li a2, 0x200\n li a3, 0x300\n li a7, 0x1012\n ecall\n', { name: 'bad.S' }) }]).bytes;
    const badProgram = parseProgram(bad);
    const path = join(dir, 'bad.trace');
    const summary = await captureTrace({ program: badProgram, programBytes: bad, path, oracle: liveOracle(), sink: () => {}, chunkSize: CHUNK, memorySize: MEMORY, maxCycles: 1e6 });
    expect(summary.result).toMatchObject({ kind: 'trap', trap: { kind: 'ecall', message: expect.stringContaining('u256_op: unknown operation 0x9') } });
    const machine = bootMachine(badProgram, { memorySize: MEMORY });
    expect(INTERPRETERS.fast(machine, ecallHost({ sink: () => {}, oracle: liveOracle() }), 1e6)).toEqual(summary.result);
    expect(verifyTrace(path, badProgram, bad, 'fast')).toMatchObject({ ok: true });
  });

  test('CLI: run --input --tape-out, then trace --tape = trace --input (any jobs), info, dump, verify in every mode, replay', () => {
    const tapePath = join(dir, 'run.tape');
    const run = zkos('run', elfPath, '--input', inputPath, '--tape-out', tapePath);
    expect(run.status, run.stderr).toBe(0);
    const fromTape = join(dir, 'cli-tape.trace');
    const fromInput = join(dir, 'cli-input.trace');
    const t1 = zkos('trace', elfPath, '--tape', tapePath, '-o', fromTape, '--full', '--jobs', '2', '--chunk-size', String(CHUNK), '--memory', String(MEMORY));
    expect(t1.status, t1.stderr).toBe(0);
    expect(t1.stderr).toMatch(/trace .*cli-tape\.trace: exit 0, [\d,]+ cycles in \d+ chunks/);
    const t2 = zkos('trace', elfPath, '--input', inputPath, '-o', fromInput, '--full', '--jobs', '1', '--chunk-size', String(CHUNK), '--memory', String(MEMORY), '--recorder', 'interpreter');
    expect(t2.status, t2.stderr).toBe(0);
    expect(Buffer.compare(readFileSync(fromTape), readFileSync(fromInput))).toBe(0);

    const info = zkos('trace', 'info', fromTape, '--json');
    expect(info.status, info.stderr).toBe(0);
    const summary = JSON.parse(info.stdout);
    expect(summary).toMatchObject({ version: 3, layers: 'minimal+rows', end: 'exit', exitCode: 0, publicOutputWords: 8 });
    // the tape file: the same answers the trace carries (input_size 1 + 1 words, input_read 1 + 16)
    expect(summary.tapeWords).toBe(2 + 17);

    // the first keccak_f ecall's row carries its record: 50 words in, 50 out
    const dump = zkos('trace', 'dump', fromTape, '--from', '0', '--count', '60', '--json');
    expect(dump.status, dump.stderr).toBe(0);
    const rows = JSON.parse(dump.stdout) as { call?: { kind: string; input: string[]; output: string[] } }[];
    const kinds = rows.filter((r) => r.call).map((r) => r.call!.kind);
    expect(kinds.slice(0, 7)).toEqual(['0x00001002', '0x00001003', '0x00001002', '0x00001003', '0x00001010', '0x00001012', '0x00001012']);
    const keccak = rows.find((r) => r.call?.kind === '0x00001010')!.call!;
    expect([keccak.input.length, keccak.output.length]).toEqual([50, 50]);

    for (const mode of Object.keys(INTERPRETERS)) {
      const verify = zkos('trace', 'verify', fromTape, elfPath, '--interpreter', mode);
      expect(verify.status, `${mode}: ${verify.stderr}`).toBe(0);
      expect(verify.stdout).toContain(`verified ${summary.chunks} chunks`);
    }
    const replay = zkos('replay', elfPath, '--tape', tapePath);
    expect(replay.status, replay.stderr).toBe(0);

    // a tape file cut short: refused before the run, naming the file (exit status 2: bad input)
    const tape = readFileSync(tapePath);
    const short = join(dir, 'short.tape');
    writeFileSync(short, tape.subarray(0, tape.length - 8));
    const bad = zkos('trace', elfPath, '--tape', short, '-o', join(dir, 'short.trace'), '--chunk-size', String(CHUNK), '--memory', String(MEMORY));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('short.tape: tape file truncated');
  });
});
