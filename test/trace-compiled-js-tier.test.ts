// The compiled-capture suite again with the wasm tier off: every recording region in JavaScript,
// as on a memory without a WebAssembly backing. (The suite's own file runs with the default, where
// regions that loop record in WebAssembly.)
import { expect, test } from 'vitest';
import { COMPILER_TUNING } from '../emulator/compiler/cache';

COMPILER_TUNING.wasm = false;
await import('./trace-compiled.test');

test('the suite above ran with the wasm tier off', () => {
  expect(COMPILER_TUNING.wasm).toBe(false);
});
