// The block compiler's differential suites again with the wasm tier off: every region compiled to
// JavaScript, as in trace recording and on a memory without a WebAssembly backing. (The suites'
// own files run with the default, where regions that loop are WebAssembly.)
import { expect, test } from 'vitest';
import { cacheOf, COMPILER_TUNING } from '../emulator/compiler/cache';
import { runCompiled } from '../emulator/compiler/run';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import { loopingProgram } from './helpers/looping-program';
import { programMachine } from './helpers/machine';
import { Rng } from './helpers/random-program';

COMPILER_TUNING.wasm = false;
await import('./compiler.test');
await import('./compiler-structured.test');

test('with the tier off, hot looping regions compile to JavaScript only', () => {
  const p = loopingProgram(new Rng(3), 0x1000, { bodyLength: 40, iterations: 2000, codeStores: 0, faults: 0 });
  const machine = programMachine({ base: p.base, words: p.words });
  runCompiled(machine, standardEcalls(collectingSink().sink), 400_000);
  expect(cacheOf(machine).stats.hot).toBeGreaterThan(0);
  expect(cacheOf(machine).stats.wasm).toBe(0);
});
