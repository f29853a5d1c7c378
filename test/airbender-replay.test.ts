// Airbender replay (issue 8): `zkos run --airbender --tape-out` records the words CSR 0x7C0 gave the
// guest (reads past the input's end included, as the 0s they gave), `zkos replay --airbender --tape`
// re-runs with only those words; a tape that runs out stops the run with an error naming cycle and pc.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AirbenderHost } from '../emulator/airbender/csr';
import { runAirbenderImage } from '../emulator/airbender/machine';
import { runAirbenderWithHost, TapeExhaustedError, TapeHost, tapeOf } from '../emulator/airbender/tape';
import { readObject } from '../toolchain/linker/object';
import { assemble, hasTool } from '../toolchain/llvm';
import { cliWorkspace } from './helpers/cli-workspace';

const haveLlvm = hasTool('llvm-mc');

function image(source: string): Uint8Array {
  const object = readObject(assemble(source, { mattr: '+m,-relax', name: 'replay test' }), 'test.o', 0);
  const text = object.sections.find((s) => s?.name === '.text');
  if (!text) throw new Error('no .text');
  return text.data;
}

// three oracle reads; with a 2-word input the third gives 0
const READ3 = `
    csrrw a0, 0x7c0, x0   # 0x00  word 0
    csrrw a1, 0x7c0, x0   # 0x04  word 1
    add a0, a0, a1        # 0x08
    csrrw a2, 0x7c0, x0   # 0x0c  word 2
    xor a0, a0, a2        # 0x10
    j .                   # 0x14`;

describe.skipIf(!haveLlvm)('Airbender tapes', () => {
  const bin = haveLlvm ? image(READ3) : new Uint8Array(4);

  test('the tape is every word read, in order, 0 past the input end; unread input words are not on it', () => {
    const short = new AirbenderHost(Uint32Array.of(5, 7));
    const run = runAirbenderWithHost(bin, short).result;
    expect(run.output.slice(0, 3)).toEqual([12, 7, 0]);
    expect([...tapeOf(short)]).toEqual([5, 7, 0]);
    const long = new AirbenderHost(Uint32Array.of(1, 2, 3, 4));
    runAirbenderWithHost(bin, long);
    expect([...tapeOf(long)]).toEqual([1, 2, 3]);
    // the driver gives what runAirbenderImage gives
    expect(run).toEqual(runAirbenderImage(bin, { input: Uint32Array.of(5, 7) }).result);
  });

  test('replaying the tape gives the same output; a short tape throws naming word, cycle and pc', () => {
    const replay = new TapeHost(Uint32Array.of(5, 7, 0));
    const r = runAirbenderWithHost(bin, replay).result;
    expect(r.stop).toEqual({ kind: 'halt' });
    expect(r.output).toEqual(runAirbenderImage(bin, { input: Uint32Array.of(5, 7) }).result.output);
    expect(replay.unread).toBe(0);
    let error: unknown;
    try {
      runAirbenderWithHost(bin, new TapeHost(Uint32Array.of(5, 7)));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TapeExhaustedError);
    expect(error).toMatchObject({ word: 2, cycle: 3, pc: 0xc });
    expect((error as Error).message).toBe('the tape ran out: the guest read oracle word 2 (the tape holds 2) at cycle 3, pc 0x0000000c');
    expect(new TapeHost(Uint32Array.of(1, 2, 3, 4)).unread).toBe(4);
  });
});

describe.skipIf(!haveLlvm)('zkos run --airbender --tape-out / zkos replay --airbender', () => {
  const { dir, zkos, file } = cliWorkspace('zkos-ab-replay-');

  test('record, replay, short and long tapes', () => {
    const bin = file('read3.bin', image(READ3));
    const tape = join(dir, 'run.tape');
    const run = zkos('run', '--airbender', bin, '--input', file('in.hex', '0000000500000007\n'), '--tape-out', tape);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('output (x10..x17): 0x0000000c 0x00000007 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 0x00000000\n');
    expect(readFileSync(tape, 'utf8')).toBe('000000050000000700000000\n');

    const replay = zkos('replay', '--airbender', bin, '--tape', tape);
    expect(replay.status).toBe(0);
    expect(replay.stdout).toBe(run.stdout);
    expect(replay.stderr).toMatch(/halted \(j \.\); 6 cycles.*input 3\/3 words read/);
    const json = JSON.parse(zkos('replay', '--airbender', bin, '--tape', tape, '--json').stdout);
    expect(json).toMatchObject({ status: 'halt', cycles: 6, output: ['0x0000000c', '0x00000007', '0x00000000', '0x00000000', '0x00000000', '0x00000000', '0x00000000', '0x00000000'] });

    const short = zkos('replay', '--airbender', bin, '--tape', file('short.tape', '0000000500000007'));
    expect(short.status).toBe(134);
    expect(short.stderr).toContain('short.tape: the tape ran out: the guest read oracle word 2 (the tape holds 2) at cycle 3, pc 0x0000000c');
    const shortJson = JSON.parse(zkos('replay', '--airbender', bin, '--tape', join(dir, 'short.tape'), '--json').stdout);
    expect(shortJson).toMatchObject({ status: 'tape-exhausted', cycles: 3, pc: '0x0000000c' });

    const long = zkos('replay', '--airbender', bin, '--tape', file('long.tape', '00000005000000070000000000000009'));
    expect(long.status).toBe(2);
    expect(long.stdout).toBe(run.stdout);
    expect(long.stderr).toContain('long.tape: 1 tape word left unread after the run');

    const bad = zkos('replay', '--airbender', bin, '--tape', file('bad.tape', '0000000x'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.tape: input word 0 .*not hexadecimal/);
  });
});
