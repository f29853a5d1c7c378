// Suite `steady`: one program run again and again in one process (a fresh machine each time) with
// the default compiled engine: every run's wall time, so that the first runs (V8 compiling the
// dispatcher and the regions) and the steady ones can be told apart. Made for counting instructions,
// which repeat where this VM's wall time does not: the difference between two processes of
// `valgrind --tool=cachegrind --cache-sim=no --smc-check=all node --no-liftoff dist/bench.mjs --suite
// steady --only <name> --runs N`, for N and N - 4, is four steady runs once the printed run times
// have flattened (under valgrind that takes a dozen runs or more: docs/compiler.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute } from '../../emulator/execute';
import { parseProgram } from '../../emulator/loader';
import { blockFromJson } from '../../oracle/block/format';
import { projectRoot } from '../../oracle/block/os';
import { runBlock } from '../../oracle/block/run';
import { buildSample, SAMPLES } from '../../programs/samples';
import { median, type Figure, type Suite } from '../suite';
import { commas } from '../../emulator/commas';

/** The ERC-20 block on the RISC-V target, besides the sample programs. */
const BLOCK = 'erc20-block';

/** Sample programs parsed once per process (their build is cached on disk). */
const programs = new Map<string, ReturnType<typeof parseProgram>>();

/** The ERC-20 block, read once per process. */
let block: ReturnType<typeof blockFromJson> | undefined;
function erc20Block(): ReturnType<typeof blockFromJson> {
  if (block === undefined) {
    const file = join(projectRoot(), 'programs', 'blocks', 'erc20.json');
    block = blockFromJson(JSON.parse(readFileSync(file, 'utf8')), file);
  }
  return block;
}

async function runOnce(name: string): Promise<{ ms: number; cycles: number }> {
  if (name === BLOCK) {
    const r = await runBlock(erc20Block(), { target: 'riscv' });
    if (r.cycles === undefined) throw new Error('steady: the ERC-20 block reported no cycles');
    return { ms: r.wallMs, cycles: r.cycles };
  }
  const program = programs.get(name) ?? programs.set(name, parseProgram(buildSample(name))).get(name)!;
  const started = performance.now();
  const { result } = execute(program, { sink: () => {} });
  if (result.kind !== 'exit') throw new Error(`steady: ${name} did not exit: ${JSON.stringify(result)}`);
  return { ms: performance.now() - started, cycles: result.cycles };
}

export const steadySuite: Suite = {
  name: 'steady',
  description: `one program run --runs times in one process (default sieve; a sample name or ${BLOCK}): every run's time, first and steady`,
  async run({ only, runs }) {
    const name = only ?? 'sieve';
    const known = SAMPLES.some((s) => s.name === name && s.kind !== 'demo') || name === BLOCK;
    if (!known) throw new Error(`steady: no program '${name}' (samples: ${SAMPLES.filter((s) => s.kind !== 'demo').map((s) => s.name).join(', ')}; or ${BLOCK})`);
    const times: number[] = [];
    let cycles = 0;
    for (let k = 0; k < runs; k++) {
      const r = await runOnce(name);
      times.push(r.ms);
      cycles = r.cycles;
    }
    const reproduce = `npm run bench -- --suite steady --only ${name} --runs ${runs}`;
    const later = times.slice(1);
    const figures: Figure[] = [
      { label: `${name}: first run`, value: times[0], unit: 'ms', detail: `${commas(cycles)} cycles per run`, reproduce },
    ];
    if (later.length > 0) {
      const steady = median(later);
      figures.push({
        label: `${name}: later runs, median`,
        value: steady,
        unit: 'ms',
        detail: `${(cycles / steady / 1000).toFixed(0)} MIPS; each run: ${times.map((t) => t.toFixed(1)).join(' ')} ms`,
        reproduce,
      });
    }
    return figures;
  },
};
