// The AssemblyScript front end (toolchain/asc.ts) and the module checker (toolchain/wasm/check.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import binaryen from 'binaryen';
import { afterAll, describe, expect, it } from 'vitest';
import { ascFlags, compileAssemblyScript } from '../toolchain/asc';
import { DEFAULT_MEMORY_PAGES } from '../toolchain/wasm/abi';
import { checkModule, WasmCheckError } from '../toolchain/wasm/check';

const scratch = mkdtempSync(join(tmpdir(), 'zkos-asc-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function guest(name: string, source: string): string {
  const path = join(scratch, name);
  writeFileSync(path, source);
  return path;
}

/** A module from WebAssembly text, as bytes. */
function wat(text: string): Uint8Array {
  const module = binaryen.parseText(text);
  module.setFeatures(binaryen.Features.All);
  const bytes = module.emitBinary();
  module.dispose();
  return bytes;
}

describe('compileAssemblyScript', () => {
  it('compiles a tiny guest with fixed-size memory, a main export and function names', async () => {
    const { wasm, wat: text } = await compileAssemblyScript(
      guest('tiny.ts', 'export function main(): i32 {\n  return 6 * 7;\n}\n'),
      { wat: true },
    );
    const module = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('main');
    expect(WebAssembly.Module.customSections(module, 'name')).toHaveLength(1);
    expect(text).toContain(`(memory $0 ${DEFAULT_MEMORY_PAGES} ${DEFAULT_MEMORY_PAGES})`);
    const instance = await WebAssembly.instantiate(module, {});
    expect((instance.exports.main as () => number)()).toBe(42);
    expect(() => checkModule(wasm)).not.toThrow();
  });

  it('honours memoryPages', async () => {
    const { wat: text } = await compileAssemblyScript(guest('pages.ts', 'export function main(): i32 { return 0; }\n'), {
      memoryPages: 3,
      wat: true,
    });
    expect(text).toContain('(memory $0 3 3)');
  });

  it('uses the stub runtime, whose heap.reset() makes the next allocation reuse the heap start', async () => {
    const { wasm } = await compileAssemblyScript(
      guest(
        'reset.ts',
        [
          'export function main(): i32 {',
          '  const first = heap.alloc(64);',
          '  heap.alloc(1000);',
          '  heap.reset();',
          '  return heap.alloc(64) == first ? 0 : 1;',
          '}',
        ].join('\n'),
      ),
    );
    const instance = await WebAssembly.instantiate(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>), {
      env: { abort: () => { throw new Error('abort'); } },
    });
    expect((instance.exports.main as () => number)()).toBe(0);
  });

  it('uses the documented flag set', () => {
    const flags = ascFlags().join(' ');
    expect(flags).toContain('--runtime stub');
    expect(flags).toContain('--optimizeLevel 3 --shrinkLevel 0');
    expect(flags).toContain(`--initialMemory ${DEFAULT_MEMORY_PAGES} --maximumMemory ${DEFAULT_MEMORY_PAGES}`);
    expect(flags).not.toMatch(/--noAssert|--exportStart|--bindings|--enable/);
  });

  it('reports compile errors with file:line:column', async () => {
    const entry = guest('broken.ts', 'export function main(): i32 {\n  return missing + 1;\n}\n');
    await expect(compileAssemblyScript(entry)).rejects.toThrow(/broken\.ts:2:10: ERROR TS2304: Cannot find name 'missing'/);
  });

  it('reports a missing entry file', async () => {
    await expect(compileAssemblyScript(join(scratch, 'nope.ts'))).rejects.toThrow(/not found/);
  });
});

describe('checkModule', () => {
  const ok = '(memory 1 1) (func $main (export "main") (result i32) (i32.const 0))';

  function rejects(text: string, message: RegExp): void {
    const bytes = wat(text);
    expect(() => checkModule(bytes)).toThrow(WasmCheckError);
    expect(() => checkModule(bytes)).toThrow(message);
  }

  it('accepts a minimal module with the host imports', () => {
    expect(() =>
      checkModule(
        wat(`(module
          (import "zkos" "write" (func $write (param i32 i32 i32) (result i32)))
          (import "zkos" "exit" (func $exit (param i32)))
          (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
          ${ok})`),
      ),
    ).not.toThrow();
  });

  it('accepts multi-value functions of integer types, and rejects a tuple with a float in it', () => {
    const pair = `(func $pair (param i32) (result i32 i64) (local.get 0) (i64.const 7))
      (func $sum (result i32) (local $t (tuple i32 i64)) (local.set $t (call $pair (i32.const 5)))
        (i32.add (tuple.extract 2 0 (local.get $t)) (i32.wrap_i64 (tuple.extract 2 1 (local.get $t)))))`;
    expect(() => checkModule(wat(`(module ${ok} ${pair})`))).not.toThrow();
    rejects(`(module ${ok} (func $mixed (result i32 f64) (i32.const 1) (f64.const 2)))`, /function "mixed".*floating point/);
  });

  it('rejects floating point, naming the function and the instruction', () => {
    rejects(
      `(module ${ok} (func $foo (drop (f64.add (f64.const 1) (f64.const 2)))))`,
      /function "foo": f64\.add is not supported \(floating point\)/,
    );
  });

  it('rejects SIMD', () => {
    rejects(`(module ${ok} (func $vec (drop (v128.const i32x4 1 2 3 4))))`, /function "vec": v128\.const is not supported \(SIMD\)/);
  });

  it('rejects an import that is not a host function, listing the allowed ones', () => {
    rejects(
      `(module (import "env" "seed" (func $seed (result i32))) ${ok})`,
      /import env\.seed is not a zkos host function; allowed imports: zkos\.write\(i32, i32, i32\) -> i32, zkos\.exit\(i32\), env\.abort/,
    );
  });

  it('rejects a host import with the wrong signature', () => {
    rejects(
      `(module (import "zkos" "write" (func $write (param i32 i32) (result i32))) ${ok})`,
      /import zkos\.write has signature \(i32, i32\) -> \(i32\), expected \(i32, i32, i32\) -> \(i32\)/,
    );
  });

  it('rejects a module without main, and a main with parameters', () => {
    rejects('(module (memory 1 1) (func $start (export "start") (result i32) (i32.const 0)))', /no "main" export/);
    rejects('(module (memory 1 1) (func $main (export "main") (param i32) (result i32) (local.get 0)))', /must be a function \(\) -> i32/);
  });

  it("rejects memory whose initial size differs from its maximum, pointing at the toolchain's flags", () => {
    rejects('(module (memory 1 4) (func $main (export "main") (result i32) (i32.const 0)))', /initial = maximum.*--initialMemory N --maximumMemory N/);
    rejects('(module (memory 1) (func $main (export "main") (result i32) (i32.const 0)))', /maximum none/);
  });

  it('rejects atomics and shared memory', () => {
    rejects('(module (memory 1 1 shared) (func $main (export "main") (result i32) (i32.const 0)))', /shared memory/);
  });

  it('rejects bytes that are not WebAssembly', () => {
    expect(() => checkModule(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 2, 3]))).toThrow(/not a valid WebAssembly module/);
  });
});
