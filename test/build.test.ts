// The guest build pipeline (toolchain/build.ts) and `zkos build`: IR → ELF with a hand-written
// stand-in, the whole AssemblyScript pipeline, the cache, and each kind of bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import binaryen from 'binaryen';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { collectingSink } from '../emulator/ecall';
import { execute } from '../emulator/execute';
import { parseProgram } from '../emulator/loader';
import { ecallHost } from '../oracle/host';
import { BuildError, buildFromWasm, buildGuest, compileIrToElf, writeBuildOutputs } from '../toolchain/build';
import { hasTool } from '../toolchain/llvm';
import { textBaseFor } from '../toolchain/wasm/abi';

const dir = mkdtempSync(join(tmpdir(), 'zkos-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const haveLlvm = hasTool('opt') && hasTool('llc');
const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');

/** A stand-in for the translator's output: copies "hi\n" to guest address 16, writes it, exits 3. */
const STAND_IN_IR = `
target datalayout = "e-m:e-p:32:32-i64:64-n32-S128"
target triple = "riscv32-unknown-unknown-elf"
define void @_start() {
  store i8 104, i8* inttoptr (i32 16 to i8*)
  store i8 105, i8* inttoptr (i32 17 to i8*)
  store i8 10, i8* inttoptr (i32 18 to i8*)
  %n = call i32 asm sideeffect "ecall", "={x10},{x10},{x11},{x12},{x17}"(i32 1, i32 16, i32 3, i32 64)
  call void asm sideeffect "ecall", "{x10},{x17}"(i32 3, i32 93)
  unreachable
}
`;

function runElf(elf: Uint8Array) {
  const out = collectingSink();
  const { result } = execute(parseProgram(elf), { sink: out.sink, host: ecallHost({ sink: out.sink }) });
  return { result, stdout: Buffer.from(out.stdout()).toString() };
}

function writeGuest(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

const HELLO = `
@external("zkos", "write") declare function write(fd: i32, ptr: usize, len: usize): i32;
export function main(): i32 {
  const bytes = String.UTF8.encode("hello from AS\\n");
  write(1, changetype<usize>(bytes), bytes.byteLength);
  return 5;
}
`;

describe.skipIf(!haveLlvm)('IR to ELF (stand-in IR)', () => {
  test('opt, llc and link give an ELF above the linear memory that runs', () => {
    const timings: Record<string, number> = {};
    const { elf, ll } = compileIrToElf(STAND_IN_IR, 1, timings);
    expect(ll).toContain('define void @_start()');
    expect(Object.keys(timings).sort()).toEqual(['link', 'llc', 'opt']);
    const program = parseProgram(elf);
    expect(Math.min(...program.segments.map((s) => s.address))).toBe(textBaseFor(1));
    expect(runElf(elf)).toMatchObject({ result: { kind: 'exit', exitCode: 3 }, stdout: 'hi\n' });
  });

  test('writeBuildOutputs writes the four files; symbols.json names _start', () => {
    const { elf, ll } = compileIrToElf(STAND_IN_IR, 1);
    const paths = writeBuildOutputs(join(dir, 'out'), { wasm: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), elf, ll, symbols: { _start: { address: 0x10000, size: 40 } } });
    expect(readFileSync(paths.elf)).toEqual(Buffer.from(elf));
    expect(JSON.parse(readFileSync(paths.symbols, 'utf8'))).toEqual({ _start: { address: '0x00010000', size: 40 } });
  });

  test('a link error is a BuildError of stage link', () => {
    expect(() => compileIrToElf('define void @main() { ret void }', 1)).toThrow(expect.objectContaining({ stage: 'link', message: expect.stringContaining('_start') }));
  });
});

describe('bad input', () => {
  test('an AssemblyScript error names file:line:column', async () => {
    const file = writeGuest('broken.ts', 'export function main(): i32 {\n  return undefinedThing;\n}\n');
    const error = await buildGuest(file, { cacheDir: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect(error).toMatchObject({ stage: 'asc', message: expect.stringMatching(/broken\.ts:2:10: ERROR TS2304/) });
  });

  test('a module without main', async () => {
    const m = binaryen.parseText('(module (func (export "start") (result i32) (i32.const 0)))');
    const error = await buildFromWasm(m.emitBinary()).catch((e: unknown) => e);
    expect(error).toMatchObject({ stage: 'check', message: expect.stringContaining("exports no function 'main'") });
  });

  test('an unsupported WebAssembly feature names the function', async () => {
    const m = binaryen.parseText('(module (memory (export "memory") 256 256) (func $uses_float (export "main") (result i32) (i32.trunc_f32_s (f32.const 1.5))))');
    binaryen.setDebugInfo(true); // keep the name section
    const wasm = m.emitBinary();
    binaryen.setDebugInfo(false);
    const error = await buildFromWasm(wasm).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).message).toMatch(/uses_float/);
  });

  test('`zkos build` reports a compile error in one line with status 2', () => {
    const file = writeGuest('broken2.ts', 'export function main(): i32 { return nope; }\n');
    const r = spawnSync(process.execPath, [ZKOS, 'build', file, '-o', join(dir, 'o2'), '--no-cache'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^zkos: error: build of .*broken2\.ts failed \(asc\): /);
    expect(r.stderr).toMatch(/broken2\.ts:1:\d+: ERROR/);
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)/);
  });
});

describe.skipIf(!haveLlvm)('AssemblyScript guest end to end', () => {
  test('build, run on the emulator, cache hit is fast and byte-identical', async () => {
    const file = writeGuest('hello.ts', HELLO);
    const cacheDir = join(dir, 'cache');
    const first = await buildGuest(file, { cacheDir, memoryPages: 16 });
    expect(first.cached).toBe(null);
    expect(runElf(first.elf)).toMatchObject({ result: { kind: 'exit', exitCode: 5 }, stdout: 'hello from AS\n' });
    expect(first.symbols._start).toBeDefined();

    const started = performance.now();
    const again = await buildGuest(file, { cacheDir, memoryPages: 16 });
    const ms = performance.now() - started;
    expect(again.cached).toBe('sources');
    expect(ms).toBeLessThan(250);
    expect(Buffer.compare(again.elf, first.elf)).toBe(0);
    expect(Buffer.compare(again.wasm, first.wasm)).toBe(0);
    expect(again.ll).toBe(first.ll);

    // another option is another key; touching the source (same bytes) is still a hit
    expect((await buildGuest(file, { cacheDir, memoryPages: 16, boundsChecks: false })).cached).toBe(null);
    writeFileSync(file, HELLO);
    expect((await buildGuest(file, { cacheDir, memoryPages: 16 })).cached).toBe('sources');
    // a changed import is a miss at the source level
    writeGuest('dep.ts', 'export const N: i32 = 5;\n');
    writeFileSync(file, HELLO.replace('return 5;', 'return N;') + 'import { N } from "./dep";\n');
    const withDep = await buildGuest(file, { cacheDir, memoryPages: 16 });
    writeGuest('dep.ts', 'export const N: i32 = 6;\n');
    const changed = await buildGuest(file, { cacheDir, memoryPages: 16 });
    expect(changed.cached).toBe(null);
    expect(changed.key).not.toBe(withDep.key);
    expect(runElf(changed.elf).result).toMatchObject({ kind: 'exit', exitCode: 6 });
  });
});

// last: it re-imports the toolchain modules with a mocked llvm.ts
describe('missing LLVM tool', () => {
  test('a missing LLVM tool is a BuildError with requireTool\'s message, before any work', async () => {
    vi.resetModules();
    vi.doMock('../toolchain/llvm', async (original) => ({
      ...(await original<typeof import('../toolchain/llvm')>()),
      requireTool: (name: string) => {
        throw new Error(`${name} not found: install LLVM 14 (Debian/Ubuntu: apt-get install llvm-14)`);
      },
    }));
    try {
      const build = await import('../toolchain/build');
      const error = await build.buildFromWasm(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(build.BuildError);
      expect(error).toMatchObject({ stage: 'llvm', message: 'opt not found: install LLVM 14 (Debian/Ubuntu: apt-get install llvm-14)' });
    } finally {
      vi.doUnmock('../toolchain/llvm');
      vi.resetModules();
    }
  });
});
