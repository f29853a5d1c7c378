// The benchmark harness (`npm run bench` / `make bench`): instructions per second of each
// interpreter on the CPU-bound sample programs, measured side by side in one process.
import '../cli/v8-flags';
import { parseArgs } from 'node:util';
import { execute, type InterpreterName } from '../emulator/execute';
import { parseProgram } from '../emulator/loader';
import type { Program } from '../emulator/loader/program';
import { buildSample, SAMPLES } from '../programs/samples';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    runs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(values.runs));
/** The reference interpreter is ~100x slower: it runs a prefix of each program only. */
const REFERENCE_CYCLES = 3_000_000;

interface Measurement {
  program: string;
  kind: string;
  interpreter: InterpreterName;
  cycles: number;
  seconds: number;
  mips: number;
}

const discard = () => {};

function measure(program: Program, interpreter: InterpreterName, maxCycles?: number): { cycles: number; seconds: number } {
  const started = performance.now();
  const { result } = execute(program, { interpreter, sink: discard, maxCycles });
  const seconds = (performance.now() - started) / 1000;
  if (result.kind === 'trap') throw new Error(`benchmark program trapped: ${result.trap.message}`);
  return { cycles: result.cycles, seconds };
}

/** Median of `runs` timed runs after one warm-up run. */
function bench(name: string, kind: string, program: Program, interpreter: InterpreterName, maxCycles?: number): Measurement {
  measure(program, interpreter, maxCycles);
  const samples = Array.from({ length: runs }, () => measure(program, interpreter, maxCycles));
  samples.sort((a, b) => a.seconds - b.seconds);
  const median = samples[Math.floor(samples.length / 2)];
  return { program: name, kind, interpreter, cycles: median.cycles, seconds: median.seconds, mips: median.cycles / median.seconds / 1e6 };
}

const results: Measurement[] = [];
for (const sample of SAMPLES) {
  if (sample.kind === 'demo') continue;
  if (values.only && values.only !== sample.name) continue;
  const program = parseProgram(buildSample(sample.name));
  const fast = bench(sample.name, sample.kind, program, 'fast');
  const reference = bench(sample.name, sample.kind, program, 'reference', REFERENCE_CYCLES);
  results.push(fast, reference);
  if (!values.json) {
    console.log(
      `${sample.name.padEnd(6)} (${sample.kind.padEnd(11)}) fast: ${fast.mips.toFixed(0).padStart(5)} MIPS ` +
        `(${fast.cycles.toLocaleString('en-US')} instructions in ${fast.seconds.toFixed(3)} s); ` +
        `reference: ${reference.mips.toFixed(2)} MIPS; fast/reference = ${(fast.mips / reference.mips).toFixed(0)}x` +
        `   [reproduce: npm run bench -- --only ${sample.name}]`,
    );
  }
}
if (values.json) console.log(JSON.stringify({ runs, results }, null, 2));
else console.log(`median of ${runs} runs after a warm-up, one process; reproduce all: npm run bench (or make bench)`);
