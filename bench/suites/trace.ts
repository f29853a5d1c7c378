// Suite `trace`: minimal-trace capture as a ratio to the plain run of the same program (same
// process), full-row expansion in rows/s with 1 and 2 jobs, and bytes per cycle of each layer.
import { bootMachine } from '../../emulator/boot';
import { standardEcalls } from '../../emulator/ecall';
import { execute } from '../../emulator/execute';
import { parseProgram } from '../../emulator/loader';
import type { Program } from '../../emulator/loader/program';
import { encodeChunk } from '../../emulator/trace/chunk';
import { DEFAULT_CHUNK_SIZE, Recorder, registerOnlyHost } from '../../emulator/trace/record';
import type { ExpandedRows, ExpanderKind } from '../../oracle/trace/expand-job';
import { ExpandPool } from '../../oracle/trace/pool';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockFromJson } from '../../oracle/block/format';
import { projectRoot } from '../../oracle/block/os';
import { runBlock } from '../../oracle/block/run';
import { buildSample, SAMPLES } from '../../programs/samples';
import { median, medianOf, type Figure, type Suite } from '../suite';
import { commas } from '../../emulator/commas';

/**
 * Expansion uses chunks of 2^20 cycles: enough chunks per sample for two workers to share. Capture
 * is measured with the default chunk size (2^22, what `zkos trace` records) and with these.
 */
const CHUNK = 1 << 20;
const FRAME = 48; // section header + SHA-256
const discard = () => {};

function plainSeconds(program: Program, interpreter: 'fast' | 'compiled'): number {
  const started = performance.now();
  execute(program, { interpreter, sink: discard });
  return (performance.now() - started) / 1000;
}

function capture(program: Program, chunkSize: number): { seconds: number; payloads: Uint8Array[]; cycles: number } {
  const started = performance.now();
  const machine = bootMachine(program);
  const recorder = new Recorder(machine, registerOnlyHost(standardEcalls(discard)), { chunkSize, maxCycles: 1e9 });
  const payloads: Uint8Array[] = [];
  for (let c; (c = recorder.next()); ) payloads.push(encodeChunk(c));
  return { seconds: (performance.now() - started) / 1000, payloads, cycles: machine.cycles };
}

/**
 * Expands every chunk as `zkos trace --full` does: at most 2 x jobs chunks in flight, results taken
 * in chunk order and their buffers recycled once "written" (rows + hash; no disk). Two passes on
 * one pool: the first starts with fresh workers (each compiles and V8 optimises its code), the second
 * is the steady rate of a long trace, the figure; the first pass's rate is in the detail.
 */
async function expandAll(
  payloads: Uint8Array[],
  memorySize: number,
  jobs: number,
  expander: ExpanderKind = 'compiled',
): Promise<{ seconds: number; cpuSeconds: number; bytes: number; firstSeconds: number }> {
  const pool = await ExpandPool.create(jobs, { expander });
  try {
    const first = await expandPass(pool, payloads, memorySize);
    const steady = await expandPass(pool, payloads, memorySize);
    return { ...steady, firstSeconds: first.seconds };
  } finally {
    await pool.close();
  }
}

async function expandPass(pool: ExpandPool, payloads: Uint8Array[], memorySize: number): Promise<{ seconds: number; cpuSeconds: number; bytes: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage(); // all threads: the workers' too
  const inFlight: Promise<ExpandedRows>[] = [];
  let bytes = 0;
  const takeOldest = async () => {
    const rows = await inFlight.shift()!;
    bytes += rows.payload.length + FRAME;
    pool.recycle(rows.payload);
  };
  for (const p of payloads) {
    inFlight.push(pool.expand(p, memorySize));
    if (inFlight.length >= 2 * pool.jobs) await takeOldest();
  }
  while (inFlight.length > 0) await takeOldest();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, bytes };
}

export const traceSuite: Suite = {
  name: 'trace',
  description: 'trace capture vs the plain run, row expansion (rows/s, 1 and 2 jobs), bytes/cycle per layer',
  async run({ only, runs }) {
    const figures: Figure[] = [];
    for (const sample of SAMPLES) {
      if (sample.kind === 'demo' || (only && only !== sample.name)) continue;
      const program = parseProgram(buildSample(sample.name));
      const reproduce = `npm run bench -- --suite trace --only ${sample.name}`;
      const fast = medianOf(runs, () => plainSeconds(program, 'fast'), (s) => s);
      // the plain run and both captures alternate, so that each median sees the same machine
      const compiledRuns: number[] = [];
      const defaultRuns: number[] = [];
      const cap = medianOf(
        runs,
        () => {
          compiledRuns.push(plainSeconds(program, 'compiled'));
          defaultRuns.push(capture(program, DEFAULT_CHUNK_SIZE).seconds);
          return capture(program, CHUNK);
        },
        (c) => c.seconds,
      );
      const compiledAlternating = median(compiledRuns.slice(-runs));
      const atDefault = median(defaultRuns.slice(-runs));
      const minimalBytes = cap.payloads.reduce((n, p) => n + p.length + FRAME, 0);
      // the reference loop (expand.ts) and the compiled expander (expand-compiled.ts), alternating
      const oneRef = await expandAll(cap.payloads, 128 << 20, 1, 'reference');
      const one = await expandAll(cap.payloads, 128 << 20, 1);
      const twoRef = await expandAll(cap.payloads, 128 << 20, 2, 'reference');
      const two = await expandAll(cap.payloads, 128 << 20, 2);
      const mrows = (e: { seconds: number }) => cap.cycles / e.seconds / 1e6;
      const firstRate = (e: { firstSeconds: number }) => `${(cap.cycles / e.firstSeconds / 1e6).toFixed(1)} M rows/s`;
      const vsRef = (e: { seconds: number }, ref: { seconds: number }) => `${(ref.seconds / e.seconds).toFixed(2)}x the reference expander's ${mrows(ref).toFixed(1)} M rows/s`;
      figures.push(
        {
          label: `${sample.name}: capture / plain run`,
          value: compiledAlternating / atDefault,
          unit: 'x',
          detail:
            `vs the compiled (default) run, chunks of 2^22 (the default); with chunks of 2^20 ${(compiledAlternating / cap.seconds).toFixed(2)}x, ` +
            `vs the fast interpreter ${(fast / cap.seconds).toFixed(2)}x; ${commas(cap.cycles)} cycles: plain ${(1000 * compiledAlternating).toFixed(1)} ms, ` +
            `capture ${(1000 * atDefault).toFixed(1)} ms (2^20: ${(1000 * cap.seconds).toFixed(1)} ms); target >= 0.5`,
          reproduce,
        },
        {
          label: `${sample.name}: expansion, 1 job`,
          value: mrows(one),
          unit: 'M rows/s',
          detail: `rows + SHA-256 in memory, no disk; second pass (first ${firstRate(one)}); ${vsRef(one, oneRef)}`,
          reproduce,
        },
        {
          label: `${sample.name}: expansion, 2 jobs`,
          value: mrows(two),
          unit: 'M rows/s',
          detail:
            `${(mrows(two) / mrows(one)).toFixed(2)}x 1 job; second pass on the same workers (first, fresh workers: ${firstRate(two)}); ${vsRef(two, twoRef)}; ` +
            `${(cap.cycles / two.cpuSeconds / 1e6).toFixed(1)} M rows per CPU-second of all threads (reference ${(cap.cycles / twoRef.cpuSeconds / 1e6).toFixed(1)}), ` +
            `i.e. ${((2 * cap.cycles) / two.cpuSeconds / 1e6).toFixed(0)} M rows/s on 2 free cores; target >= 50`,
          reproduce,
        },
        {
          label: `${sample.name}: bytes/cycle`,
          value: minimalBytes / cap.cycles,
          unit: 'B/cycle minimal',
          detail: `rows layer ${(two.bytes / cap.cycles).toFixed(2)} B/cycle; chunks of ${CHUNK} cycles`,
          reproduce,
        },
      );
    }
    if (!only || only === 'erc20-block') figures.push(await blockCapture(runs));
    return figures;
  },
};

/**
 * The guest OS on the ERC-20 block (programs/blocks/erc20.json) on RISC-V: the minimal trace's
 * capture against the plain run, alternating, in one process (the OS's ecalls, 300k accelerator
 * calls among them, are recorded too). Runs after the first reuse the compiled code.
 */
async function blockCapture(runs: number): Promise<Figure> {
  const file = join(projectRoot(), 'programs', 'blocks', 'erc20.json');
  const block = blockFromJson(JSON.parse(readFileSync(file, 'utf8')), file);
  const dir = mkdtempSync(join(tmpdir(), 'zkos-bench-trace-'));
  try {
    const plain: number[] = [];
    const traced: number[] = [];
    let cycles = 0;
    for (let k = 0; k <= runs; k++) {
      const a = await runBlock(block, { target: 'riscv' });
      const b = await runBlock(block, { target: 'riscv', trace: join(dir, 'erc20.trace') });
      cycles = a.cycles ?? 0;
      if (k === 0) continue; // warm-up (the OS build, V8's compiles)
      plain.push(a.wallMs);
      traced.push(b.wallMs);
    }
    return {
      label: 'erc20 block (guest OS): capture / plain run',
      value: median(plain) / median(traced),
      unit: 'x',
      detail: `RISC-V, ${commas(cycles)} cycles: plain ${median(plain).toFixed(0)} ms, minimal trace ${median(traced).toFixed(0)} ms (medians of ${runs} after a warm-up, alternating); target >= 0.5`,
      reproduce: 'npm run bench -- --suite trace --only erc20-block',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
