// The compiled-capture suite again with the wasm tier off: every recording region in JavaScript,
// as on a memory without a WebAssembly backing. (The suite's own file runs with the default, where
// regions that loop record in WebAssembly.)
import { expect, test } from 'vitest';
import { COMPILER_TUNING } from '../emulator/compiler/cache';
import { standardEcalls } from '../emulator/ecall';
import { Recorder, registerOnlyHost } from '../emulator/trace/record';
import { loopingProgram } from './helpers/looping-program';
import { programMachine } from './helpers/machine';
import { Rng } from './helpers/random-program';

COMPILER_TUNING.wasm = false;
await import('./trace-compiled.test');

test('with the tier off, hot looping regions record in JavaScript only', () => {
  const p = loopingProgram(new Rng(3), 0x1000, { bodyLength: 40, iterations: 2000, codeStores: 0, faults: 0 });
  const recorder = new Recorder(programMachine({ base: p.base, words: p.words }), registerOnlyHost(standardEcalls(() => {})), { chunkSize: 1 << 16, maxCycles: 400_000 });
  while (recorder.next());
  expect(recorder.compiledStats?.hot).toBeGreaterThan(0);
  expect(recorder.compiledStats?.wasm).toBe(0);
});
