// Suite `interpreter`: instructions per second of each interpreter on the CPU-bound assembly
// samples, measured side by side in one process.
import { execute, type InterpreterName } from '../../emulator/execute';
import { parseProgram } from '../../emulator/loader';
import type { Program } from '../../emulator/loader/program';
import { buildSample, SAMPLES } from '../../programs/samples';
import { medianOf, type Figure, type Suite } from '../suite';
import { commas } from '../../emulator/commas';

/** The reference interpreter is ~15x slower: it runs a prefix of each program only. */
const REFERENCE_CYCLES = 3_000_000;
const discard = () => {};

function measure(program: Program, interpreter: InterpreterName, maxCycles?: number): { cycles: number; seconds: number } {
  const started = performance.now();
  const { result } = execute(program, { interpreter, sink: discard, maxCycles });
  const seconds = (performance.now() - started) / 1000;
  if (result.kind === 'trap') throw new Error(`benchmark program trapped: ${result.trap.message}`);
  return { cycles: result.cycles, seconds };
}

export const interpreterSuite: Suite = {
  name: 'interpreter',
  description: 'emulator speed (MIPS) of the fast and reference interpreters on the assembly samples',
  run({ only, runs }) {
    const figures: Figure[] = [];
    for (const sample of SAMPLES) {
      if (sample.kind === 'demo' || (only && only !== sample.name)) continue;
      const program = parseProgram(buildSample(sample.name));
      const mips = (m: { cycles: number; seconds: number }) => m.cycles / m.seconds / 1e6;
      const fast = medianOf(runs, () => measure(program, 'fast'), mips);
      const reference = medianOf(runs, () => measure(program, 'reference', REFERENCE_CYCLES), mips);
      const reproduce = `npm run bench -- --suite interpreter --only ${sample.name}`;
      figures.push(
        {
          label: `${sample.name} (${sample.kind}): fast interpreter`,
          value: mips(fast),
          unit: 'MIPS',
          detail: `${commas(fast.cycles)} instructions in ${fast.seconds.toFixed(3)} s; target >= 150`,
          reproduce,
        },
        {
          label: `${sample.name} (${sample.kind}): reference interpreter`,
          value: mips(reference),
          unit: 'MIPS',
          detail: `fast/reference = ${(mips(fast) / mips(reference)).toFixed(1)}x (first ${commas(REFERENCE_CYCLES)} instructions)`,
          reproduce,
        },
      );
    }
    return figures;
  },
};
