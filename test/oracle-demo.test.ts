// programs/as/oracle-demo.ts end to end: built once, run on both targets with a live oracle over a
// random input, its tape recorded, then replayed on both targets with no oracle: same output and
// commitment; through the CLI too (run --input --tape-out, replay --tape), with tape errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { firstDifference, recordNative, recordRiscv, type RunRecord } from '../oracle/diff';
import { standardQueries } from '../oracle/handlers';
import { OracleSession, outputCommitment } from '../oracle/session';
import { encodeTape } from '../oracle/tape';
import { buildGuest, writeBuildOutputs } from '../toolchain/build';
import { hasTool } from '../toolchain/llvm';
import { Rng } from './helpers/random-program';

const dir = mkdtempSync(join(tmpdir(), 'zkos-oracle-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');
const zkos = (...args: string[]) => spawnSync(process.execPath, [ZKOS, ...args], { encoding: 'utf8' });

/** 1,203 bytes: 301 words, the last one padded; several input_read queries of 256 words. */
const rng = new Rng(0xdec0de);
const INPUT = Uint8Array.from({ length: 1203 }, () => rng.next() & 0xff);

function expectedOutput(): { words: number[]; stdout: string } {
  const padded = new Uint8Array(301 * 4);
  padded.set(INPUT);
  const words = Array.from(new Uint32Array(padded.buffer));
  const digest = keccak_256(INPUT);
  let sum = 0n;
  for (let g = 0; g + 8 <= words.length; g += 8) sum += words.slice(g, g + 8).reduceRight((acc, w) => (acc << 32n) | BigInt(w), 0n);
  sum %= 1n << 256n;
  const sumWords = Array.from({ length: 8 }, (_, i) => Number((sum >> BigInt(32 * i)) & 0xffffffffn));
  return {
    words: [301, ...Array.from(new Uint32Array(digest.buffer, digest.byteOffset, 8)), ...sumWords],
    stdout: `oracle-demo: 301 words, keccak256 = ${Buffer.from(digest).toString('hex')}\n`,
  };
}

const liveOracle = () => new OracleSession({ kind: 'live', queries: standardQueries({ input: INPUT }) });
const text = (r: RunRecord) => Buffer.from(r.stdout).toString();

describe.skipIf(!hasTool('llc') || !hasTool('opt'))('oracle-demo on both targets', () => {
  let wasm: Uint8Array;
  let elf: Uint8Array;
  beforeAll(async () => {
    ({ wasm, elf } = await buildGuest('programs/as/oracle-demo.ts', { cacheDir: null }));
    writeBuildOutputs(dir, { wasm, elf, ll: '', symbols: {} });
    writeFileSync(join(dir, 'input.bin'), INPUT);
  }, 120_000);

  test('a live run gives the expected output on both targets, identical call by call; the replays agree', () => {
    const expected = expectedOutput();
    const oracles = { native: liveOracle(), riscv: liveOracle() };
    const native = recordNative(wasm, { oracle: oracles.native });
    const riscv = recordRiscv(elf, { oracle: oracles.riscv });
    for (const [run, oracle] of [[native, oracles.native], [riscv, oracles.riscv]] as const) {
      expect(run.outcome).toEqual({ kind: 'exit', code: 0 });
      expect(text(run)).toBe(expected.stdout);
      expect(oracle.publicOutput).toEqual(expected.words);
      expect(oracle.acceleratorCalls).toEqual({ keccak_f: 9, blake2s_compress: 0, u256_op: 37 });
    }
    expect(firstDifference(native, riscv)).toBeUndefined();
    expect(oracles.native.tape).toEqual(oracles.riscv.tape);
    // input_size, then 2 input_read queries: 1 + 1, 1 + 256, 1 + 45 words
    expect(oracles.native.tape).toHaveLength(2 + 257 + 46);

    const tape = Uint32Array.from(oracles.native.tape);
    const replays = { native: new OracleSession({ kind: 'replay', tape }), riscv: new OracleSession({ kind: 'replay', tape }) };
    const replayed = [recordNative(wasm, { oracle: replays.native }), recordRiscv(elf, { oracle: replays.riscv })];
    for (const [run, oracle] of [[replayed[0], replays.native], [replayed[1], replays.riscv]] as const) {
      expect(text(run)).toBe(expected.stdout);
      expect(oracle.publicOutput).toEqual(expected.words);
      expect(() => oracle.finish()).not.toThrow();
    }
    expect(firstDifference(native, replayed[0])).toBeUndefined();
    expect(firstDifference(riscv, replayed[1])).toBeUndefined();
  });

  test('a short tape stops the replay on both targets with a trap that says where', () => {
    const tape = Uint32Array.of(1, 1203, 256, 1, 2);
    const native = recordNative(wasm, { oracle: new OracleSession({ kind: 'replay', tape }) });
    const riscv = recordRiscv(elf, { oracle: new OracleSession({ kind: 'replay', tape }) });
    const message = 'the tape runs out at tape word 2 (query #1, input_read (0x0002)): the answer has 256 words, the tape has 2 left';
    expect(native.outcome).toMatchObject({ kind: 'trap', code: null, message: expect.stringContaining(message) });
    expect(riscv.outcome).toMatchObject({ kind: 'trap', code: null, message: expect.stringContaining(message) });
  });

  test('zkos run --input --tape-out, then zkos replay --tape with no input: same output and commitment', () => {
    const expected = expectedOutput();
    const commitment = '0x' + Buffer.from(outputCommitment(expected.words)).toString('hex');
    const tapeFile = join(dir, 'demo.tape');
    for (const guest of ['guest.elf', 'guest.wasm']) {
      const run = zkos('run', join(dir, guest), '--input', join(dir, 'input.bin'), '--tape-out', tapeFile, '--json');
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report).toMatchObject({ stdout: expected.stdout, commitment, tapeWords: 305, acceleratorCalls: { keccak_f: 9, u256_op: 37 } });
      if (guest === 'guest.elf') expect(report.effectiveCycles).toBe(report.cycles + 9 * 1536 + 37 * 4);
      for (const target of ['guest.elf', 'guest.wasm']) {
        const replay = zkos('replay', join(dir, target), '--tape', tapeFile, '--json');
        expect(replay.status, replay.stderr).toBe(0);
        expect(JSON.parse(replay.stdout)).toMatchObject({ stdout: expected.stdout, commitment, publicOutput: report.publicOutput });
      }
    }
    const text = zkos('run', join(dir, 'guest.elf'), '--input', join(dir, 'input.bin'));
    expect(text.stderr).toContain(`zkos: public output: 17 words, commitment ${commitment}; tape: 305 words`);
    expect(text.stderr).toMatch(/zkos: accelerator calls: keccak_f 9, u256_op 37; effective cycles [\d,]+/);
  });

  test('zkos replay reports a damaged tape file, a short tape and a tape with answers left over', () => {
    const good = readFileSync(join(dir, 'demo.tape'));
    writeFileSync(join(dir, 'cut.tape'), good.subarray(0, good.length - 40));
    const cut = zkos('replay', join(dir, 'guest.elf'), '--tape', join(dir, 'cut.tape'));
    expect(cut.status).toBe(2);
    expect(cut.stderr).toContain('cut.tape: tape file truncated: the header says 305 words');

    writeFileSync(join(dir, 'short.tape'), encodeTape(Uint32Array.of(1, 8)));
    const short = zkos('replay', join(dir, 'guest.elf'), '--tape', join(dir, 'short.tape'));
    expect(short.status).toBe(134);
    expect(short.stderr).toContain('the tape runs out at tape word 2 (query #1, input_read (0x0002))');

    writeFileSync(join(dir, 'long.tape'), encodeTape(Uint32Array.of(1, 0, 1, 5)));
    const long = zkos('replay', join(dir, 'guest.wasm'), '--tape', join(dir, 'long.tape'));
    expect(long.status).toBe(2);
    expect(long.stderr).toContain("long.tape: the tape has 2 unread words from word 2 after the run's 1 queries");
  });
});
