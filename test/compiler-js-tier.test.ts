// The block compiler's differential suites again with the wasm tier off: every region compiled to
// JavaScript, as in trace recording and on a memory without a WebAssembly backing. (The suites'
// own files run with the default, where regions that loop are WebAssembly.)
import { expect, test } from 'vitest';
import { COMPILER_TUNING } from '../emulator/compiler/cache';

COMPILER_TUNING.wasm = false;
await import('./compiler.test');
await import('./compiler-structured.test');

test('the suites above ran with the wasm tier off', () => {
  expect(COMPILER_TUNING.wasm).toBe(false);
});
