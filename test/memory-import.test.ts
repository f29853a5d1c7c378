// oracle/memory-import.ts: a guest module that defines its memory, rewritten byte by byte to import
// it as env.memory. Checked against what V8 makes of the result (imports, exports, where the data
// segments land, what the code reads and writes) for modules with and without other imports, a
// maximum, custom sections; and the modules it must leave alone.
import binaryen from 'binaryen';
import { describe, expect, test } from 'vitest';
import { importGuestMemory } from '../oracle/memory-import';

/** A module from text (binaryen), with a custom section when `custom` is set. */
function wat(text: string, custom?: string): Uint8Array {
  const module = binaryen.parseText(text);
  try {
    module.setFeatures(binaryen.Features.All);
    if (custom !== undefined) module.addCustomSection(custom, new TextEncoder().encode('payload'));
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

const GUEST = (imports: string, memory: string) => `(module
  ${imports}
  (memory $m ${memory})
  (data (i32.const 16) "zkos")
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (export "memory" (memory $m)))`;

describe('importGuestMemory', () => {
  test.each([
    ['no other imports, no maximum', GUEST('', '2'), 2, 2, undefined],
    ['a maximum', GUEST('', '3 40'), 3, 40, undefined],
    ['function and global imports', GUEST('(import "zkos" "write" (func (param i32 i32 i32))) (import "env" "g" (global i32))', '1 1'), 1, 1, undefined],
    ['a custom section', GUEST('', '1'), 1, 1, 'name.zkos'],
  ])('%s: the memory becomes the import env.memory, with the same limits', (_what, text, initial, maximum, custom) => {
    const original = wat(text, custom);
    const rewritten = importGuestMemory(original);
    expect(rewritten).not.toBeNull();
    expect({ initial: rewritten!.initial, maximum: rewritten!.maximum }).toEqual({ initial, maximum });
    const module = new WebAssembly.Module(rewritten!.wasm as Uint8Array<ArrayBuffer>);
    const imports = WebAssembly.Module.imports(module);
    expect(imports.filter((i) => i.kind === 'memory')).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    // everything else as it was
    const before = new WebAssembly.Module(original as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.exports(module)).toEqual(WebAssembly.Module.exports(before));
    expect(imports.filter((i) => i.kind !== 'memory')).toEqual(WebAssembly.Module.imports(before));
    if (custom !== undefined) expect(WebAssembly.Module.customSections(module, custom)).toHaveLength(1);
    // the host's memory is the guest's: the data segment lands in it, the code reads and writes it
    const memory = new WebAssembly.Memory({ initial: rewritten!.initial, maximum: rewritten!.maximum });
    const instance = new WebAssembly.Instance(module, {
      env: { memory, g: 7 },
      zkos: { write: () => {} },
    });
    const exports = instance.exports as { memory: WebAssembly.Memory; peek: (a: number) => number; poke: (a: number, v: number) => void };
    expect(exports.memory).toBe(memory);
    expect(new TextDecoder().decode(new Uint8Array(memory.buffer, 16, 4))).toBe('zkos');
    exports.poke(100, 42);
    expect(new Uint8Array(memory.buffer)[100]).toBe(42);
    expect(exports.peek(17)).toBe('k'.charCodeAt(0));
  });

  test('modules it leaves alone: no memory, an imported one, a shared one; malformed bytes', () => {
    expect(importGuestMemory(wat('(module (func (export "main") (result i32) (i32.const 0)))'))).toBeNull();
    expect(importGuestMemory(wat('(module (import "env" "memory" (memory 1)) (func (export "main") (result i32) (i32.const 0)))'))).toBeNull();
    expect(importGuestMemory(wat('(module (memory 1 1 shared) (func (export "main") (result i32) (i32.const 0)))'))).toBeNull();
    const good = wat(GUEST('', '1'));
    expect(importGuestMemory(good.subarray(0, good.length - 3))).toBeNull();
    expect(importGuestMemory(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 0x7f]))).toBeNull();
  });
});
