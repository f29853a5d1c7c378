// The differential run (oracle/diff.ts, `zkos diff`): identical runs report no difference; runs that
// differ report the first difference (host call, output byte or outcome) with both sides.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import binaryen from 'binaryen';
import { afterAll, describe, expect, test } from 'vitest';
import { firstDifference, recordNative, recordRiscv, type RunRecord } from '../oracle/diff';
import { compileIrToElf, writeBuildOutputs } from '../toolchain/build';
import { hasTool } from '../toolchain/llvm';

const dir = mkdtempSync(join(tmpdir(), 'zkos-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');

/** The guest natively: writes "hi\n" from address 16, then exits with 3. */
function guestWasm(): Uint8Array {
  const m = binaryen.parseText(`(module
    (import "zkos" "write" (func $write (param i32 i32 i32) (result i32)))
    (memory (export "memory") 1 1)
    (data (i32.const 16) "hi\\n")
    (func (export "main") (result i32) (drop (call $write (i32.const 1) (i32.const 16) (i32.const 3))) (i32.const 3)))`);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

/** The same guest as the translator would build it (a stand-in), with a chosen second byte and exit code. */
function guestElf(second = 105, exitCode = 3): Uint8Array {
  const ir = `
target datalayout = "e-m:e-p:32:32-i64:64-n32-S128"
target triple = "riscv32-unknown-unknown-elf"
define void @_start() {
  store i8 104, i8* inttoptr (i32 16 to i8*)
  store i8 ${second}, i8* inttoptr (i32 17 to i8*)
  store i8 10, i8* inttoptr (i32 18 to i8*)
  %n = call i32 asm sideeffect "ecall", "={x10},{x10},{x11},{x12},{x17}"(i32 1, i32 16, i32 3, i32 64)
  call void asm sideeffect "ecall", "{x10},{x17}"(i32 ${exitCode}, i32 93)
  unreachable
}`;
  return compileIrToElf(ir, 1).elf;
}

const record = (stdout: string, calls: RunRecord['calls'] = [], code = 0): RunRecord => ({
  outcome: { kind: 'exit', code },
  stdout: new TextEncoder().encode(stdout),
  stderr: new Uint8Array(0),
  calls,
});

describe('firstDifference', () => {
  const write = (text: string) => ({ name: 'write' as const, args: [1, 16, text.length], outcome: { kind: 'return' as const, value: text.length }, bytes: new TextEncoder().encode(text) });

  test('identical records have none', () => {
    expect(firstDifference(record('ab', [write('ab')]), record('ab', [write('ab')]))).toBeUndefined();
  });

  test('the first differing call wins over later output and outcome differences', () => {
    const d = firstDifference(record('abX', [write('ab'), write('X')], 1), record('abY', [write('ab'), write('Y')], 2));
    expect(d).toMatchObject({ what: 'call', index: 1, native: write('X'), riscv: write('Y') });
  });

  test('a missing call, then output bytes, then the outcome', () => {
    expect(firstDifference(record('ab', [write('ab')]), record('ab', [write('ab'), write('')]))).toMatchObject({ what: 'call', index: 1, native: undefined });
    expect(firstDifference(record('abc'), record('abd'))).toEqual({ what: 'stdout', index: 2, native: 99, riscv: 100 });
    expect(firstDifference(record('ab'), record('abc'))).toEqual({ what: 'stdout', index: 2, native: undefined, riscv: 99 });
    expect(firstDifference(record('', [], 1), record('', [], 2))).toMatchObject({ what: 'outcome', native: { code: 1 }, riscv: { code: 2 } });
  });

  test('traps agree on the code, not the wording', () => {
    const trap = (code: number | null, message: string): RunRecord => ({ ...record(''), outcome: { kind: 'trap', code, message } });
    expect(firstDifference(trap(4, 'a'), trap(4, 'b'))).toBeUndefined();
    expect(firstDifference(trap(4, 'a'), trap(null, 'a'))).toMatchObject({ what: 'outcome' });
  });
});

describe.skipIf(!hasTool('llc') || !hasTool('opt'))('both targets', () => {
  test('the same guest on both targets is identical', () => {
    const native = recordNative(guestWasm());
    const riscv = recordRiscv(guestElf());
    expect(firstDifference(native, riscv)).toBeUndefined();
    expect(native.calls.map((c) => c.name)).toEqual(['write', 'exit']);
    expect(riscv.calls).toEqual(native.calls);
    expect(riscv.outcome).toEqual({ kind: 'exit', code: 3 });
  });

  test('a different program: the first difference is the write, with both sides', () => {
    const d = firstDifference(recordNative(guestWasm()), recordRiscv(guestElf(111)));
    expect(d).toMatchObject({ what: 'call', index: 0 });
    expect(Buffer.from((d!.native as { bytes: Uint8Array }).bytes).toString()).toBe('hi\n');
    expect(Buffer.from((d!.riscv as { bytes: Uint8Array }).bytes).toString()).toBe('ho\n');
  });

  test('`zkos diff` exit status 0 when identical, 1 at the first difference; build folders and --json', () => {
    const same = join(dir, 'same');
    mkdirSync(same);
    writeBuildOutputs(same, { wasm: guestWasm(), elf: guestElf(), ll: '', symbols: {} });
    const identical = spawnSync(process.execPath, [ZKOS, 'diff', same], { encoding: 'utf8' });
    expect(identical.stderr).toBe('');
    expect(identical.status).toBe(0);
    expect(identical.stdout).toMatch(/^identical: exit code 3; 2 host calls, 3 output bytes/);

    const wasm = join(dir, 'g.wasm');
    const elf = join(dir, 'other.elf');
    writeFileSync(wasm, guestWasm());
    writeFileSync(elf, guestElf(105, 4));
    const differ = spawnSync(process.execPath, [ZKOS, 'diff', elf, wasm], { encoding: 'utf8' });
    expect(differ.status).toBe(1);
    // exit(code) is a host call on both targets, so the exit code differs there first
    expect(differ.stdout).toBe(
      'first difference: host call #1\n' +
        '  native: {"name":"exit","args":[3],"outcome":{"kind":"exit","code":3}}\n' +
        '  riscv:  {"name":"exit","args":[4],"outcome":{"kind":"exit","code":4}}\n',
    );

    const json = spawnSync(process.execPath, [ZKOS, 'diff', '--json', wasm, elf], { encoding: 'utf8' });
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ identical: false, difference: { what: 'call', index: 1 }, native: { calls: 2 }, riscv: { calls: 2 } });
  });

  test('an AssemblyScript guest: `zkos diff guest.ts` and `zkos run` on both targets agree, also on a trap', () => {
    const file = join(dir, 'trapping.ts');
    writeFileSync(
      file,
      `@external("zkos", "write") declare function write(fd: i32, ptr: usize, len: usize): i32;
function say(s: string): void { const b = String.UTF8.encode(s); write(1, changetype<usize>(b), b.byteLength); }
say("top level\\n");
export function main(): i32 {
  say("in main\\n");
  const a = new Array<i32>(3);
  return a[5];
}
`,
    );
    const diff = spawnSync(process.execPath, [ZKOS, 'diff', '--json', file], { encoding: 'utf8' });
    expect(diff.stderr).toBe('');
    expect(diff.status).toBe(0);
    const report = JSON.parse(diff.stdout);
    expect(report).toMatchObject({ identical: true, native: { outcome: { kind: 'trap', code: 7 }, calls: 3, stdoutBytes: 18 } });
    expect(report.riscv.outcome.message).toBe('Index out of range in ~lib/array.ts(114:42)');

    const out = join(dir, 'trapping');
    expect(spawnSync(process.execPath, [ZKOS, 'build', file, '-o', out], { encoding: 'utf8' }).status).toBe(0);
    const elf = spawnSync(process.execPath, [ZKOS, 'run', join(out, 'guest.elf')], { encoding: 'utf8' });
    const wasm = spawnSync(process.execPath, [ZKOS, 'run', '--native', join(out, 'guest.wasm')], { encoding: 'utf8' });
    expect(wasm.stdout).toBe('top level\nin main\n');
    expect(wasm.stdout).toBe(elf.stdout);
    expect(wasm.status).toBe(134);
    expect(wasm.status).toBe(elf.status);
    expect(wasm.stderr).toContain('trap: abort: Index out of range in ~lib/array.ts(114:42) (code 7)');
    expect(wasm.stderr).toMatch(/zkos: trap \(abort, code 7\); native run in [\d.]+ s/);
  });

  test('bad input is one line with status 2', () => {
    const r = spawnSync(process.execPath, [ZKOS, 'diff', join(dir, 'nothing-here')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^zkos: error: /);
  });
});
