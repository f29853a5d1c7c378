// Suite `block`: the guest OS on the sample blocks (programs/blocks/). RISC-V cycles (raw and
// effective, i.e. with accelerator calls weighted) per ETH transfer and per ERC-20 transfer, cycles
// per gas for each block (anchor: ZKsync OS on Airbender, ~12-16 cycles/gas), and native Mgas/s of
// the guest (V8) against @ethereumjs/vm on the same block, side by side in one run (alternating runs).
//
// Per-transaction cycles are marginal: the 50-transaction block against its first 10 transactions
// (one per sender, so still a valid block), divided by 40; block start-up and finishing cancel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockFromJson, type Block } from '../../oracle/block/format';
import { nativeOs, projectRoot } from '../../oracle/block/os';
import { runBlock as hostRunBlock, type BlockRunResult, type Target } from '../../oracle/block/run';
import { runReference, type ReferenceBlockFile } from '../../oracle/reference/ethereumjs';
import { median, type Figure, type Suite } from '../suite';

/** ZKsync OS on Airbender: about 12-16 RISC-V cycles per gas on transfer-heavy blocks. */
export const AIRBENDER_CYCLES_PER_GAS = [12, 16] as const;
/** Our guest natively (V8) should process blocks at least this many times faster than @ethereumjs/vm. */
export const TARGET_NATIVE_RATIO = 10;

interface BenchBlock {
  /** the --only key and the file programs/blocks/<name>.json */
  readonly name: string;
  /** what one transaction is, when the block is uniform (per-transaction figures) */
  readonly unit?: string;
  /** the prefix of the transactions the marginal figure subtracts */
  readonly prefix?: number;
}

export const BENCH_BLOCKS: readonly BenchBlock[] = [
  { name: 'transfers', unit: 'ETH transfer', prefix: 10 },
  { name: 'erc20', unit: 'ERC-20 transfer', prefix: 10 },
  { name: 'sample' },
];

/** What one guest run gave, in the terms this suite needs. */
export interface GuestRun {
  readonly statuses: readonly number[];
  readonly gasUsed: bigint;
  /** RISC-V only */
  readonly cycles?: number;
  readonly effectiveCycles?: number;
  /** the guest's run alone (runBlock's wallMs) */
  readonly seconds: number;
}

type RunBlockFn = (block: Block, options: { target: Target }) => Promise<BlockRunResult>;

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/** runBlock's result in this suite's terms; an error naming the block and target when the guest failed. */
export function toGuestRun(name: string, r: BlockRunResult): GuestRun {
  if (!r.ok) throw new Error(`${name}.json on ${r.target}: the guest did not finish the block: ${r.problem}`);
  // 0 failed, 1 succeeded, 2 rejected (oracle/block/queries.ts names them)
  const statuses = r.transactions.map((t) => ['failed', 'succeeded', 'rejected'].indexOf(t.status));
  return { statuses, gasUsed: r.gasUsed, cycles: r.cycles, effectiveCycles: r.effectiveCycles, seconds: r.wallMs / 1000 };
}

function readBlockFile(name: string): ReferenceBlockFile {
  const path = join(projectRoot(), 'programs', 'blocks', `${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as ReferenceBlockFile;
}

const withPrefix = (file: ReferenceBlockFile, n: number): ReferenceBlockFile => ({ ...file, transactions: file.transactions.slice(0, n) });
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * Warm-up runs per side before the measured ones: builds, and V8's tiers settling — WebAssembly starts
 * on the baseline compiler and a hot function is optimized in the background (measured: the guest OS
 * needs ~5-8 transfer blocks on a loaded 2-core machine); JavaScript (@ethereumjs/vm) likewise.
 */
export const WARM_UP_RUNS = 8;

/**
 * Runs `a` and `b` alternately, `runs` times each after WARM_UP_RUNS of each, so a machine whose load
 * changes during the measurement slows both sides alike; returns each side's end-to-end wall times.
 */
async function alternate(runs: number, a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number[], number[]]> {
  const timed = async (fn: () => Promise<unknown>, into: number[]) => {
    const started = performance.now();
    await fn();
    into.push((performance.now() - started) / 1000);
  };
  const [aTimes, bTimes]: [number[], number[]] = [[], []];
  for (let i = 0; i < WARM_UP_RUNS + runs; i++) {
    await timed(a, aTimes);
    await timed(b, bTimes);
  }
  return [aTimes.slice(WARM_UP_RUNS), bTimes.slice(WARM_UP_RUNS)];
}

async function measureBlock(spec: BenchBlock, runBlock: RunBlockFn, runs: number): Promise<Figure[]> {
  const reproduce = `npm run bench -- --suite block --only ${spec.name}`;
  const file = readBlockFile(spec.name);
  const block = blockFromJson(file, `programs/blocks/${spec.name}.json`);
  const reference = await runReference(file);

  const guest = async (f: ReferenceBlockFile, b: Block, target: Target): Promise<GuestRun> => {
    let run: GuestRun;
    try {
      run = toGuestRun(spec.name, await runBlock(b, { target }));
    } catch (e) {
      throw new Error(`${spec.name}.json on ${target}: ${firstLine(e)}`);
    }
    const ref = f === file ? reference : await runReference(f);
    if (run.gasUsed !== ref.gasUsed || run.statuses.join() !== ref.txs.map((t) => t.status).join()) {
      throw new Error(`${spec.name}.json on ${target}: the guest's results differ from @ethereumjs/vm (gas ${run.gasUsed} vs ${ref.gasUsed}; statuses ${run.statuses.join('')} vs ${ref.txs.map((t) => t.status).join('')}); see test/sample-block.test.ts`);
    }
    return run;
  };

  const figures: Figure[] = [];
  const gas = Number(reference.gasUsed);
  // Native first (quick to fail): the guest's run (runBlock's wallMs: the OS on V8 with its oracle
  // queries) against @ethereumjs/vm's transaction loop, run alternately; end to end (state loading
  // and the post-state root included) in the detail.
  const guestRuns: GuestRun[] = [];
  const refRuns: number[] = [];
  const [guestTotals, refTotals] = await alternate(
    runs,
    async () => guestRuns.push(await guest(file, block, 'native')),
    async () => refRuns.push((await runReference(file)).seconds),
  );
  const guestSeconds = median(guestRuns.slice(WARM_UP_RUNS).map((r) => r.seconds));
  const refSeconds = median(refRuns.slice(WARM_UP_RUNS));
  const guestTotal = median(guestTotals);
  const refTotal = median(refTotals);
  const guestMgas = gas / guestSeconds / 1e6;
  const refMgas = gas / refSeconds / 1e6;
  figures.push({ label: `${spec.name}: guest natively (V8)`, value: guestMgas, unit: 'Mgas/s', detail: `${fmt(gas)} gas in ${fmt(guestSeconds * 1000)} ms (end to end ${fmt(guestTotal * 1000)} ms), median of ${runs} alternating with @ethereumjs/vm after ${WARM_UP_RUNS} warm-up runs each`, reproduce });
  figures.push({ label: `${spec.name}: @ethereumjs/vm`, value: refMgas, unit: 'Mgas/s', detail: `${fmt(gas)} gas in ${fmt(refSeconds * 1000)} ms (end to end ${fmt(refTotal * 1000)} ms), median of ${runs} alternating with the guest after ${WARM_UP_RUNS} warm-up runs each`, reproduce });
  const ratio = guestMgas / refMgas;
  figures.push({ label: `${spec.name}: guest / @ethereumjs/vm`, value: ratio, unit: 'x', detail: `target >= ${TARGET_NATIVE_RATIO}x${ratio >= TARGET_NATIVE_RATIO ? '' : ' (below target)'}; end to end ${(refTotal / guestTotal).toFixed(2)}x`, reproduce });
  // RISC-V: cycles.
  const full = await guest(file, block, 'riscv');
  if (full.cycles === undefined) throw new Error(`${spec.name}.json: runBlock({ target: 'riscv' }) reported no cycle count`);
  const effective = full.effectiveCycles ?? full.cycles;
  const anchor = `ZKsync OS on Airbender ~${AIRBENDER_CYCLES_PER_GAS[0]}-${AIRBENDER_CYCLES_PER_GAS[1]} cycles/gas`;

  if (spec.unit && spec.prefix) {
    const pf = withPrefix(file, spec.prefix);
    const small = await guest(pf, blockFromJson(pf, `programs/blocks/${spec.name}.json (first ${spec.prefix})`), 'riscv');
    const n = file.transactions.length - spec.prefix;
    const raw = (full.cycles - small.cycles!) / n;
    const eff = (effective - (small.effectiveCycles ?? small.cycles!)) / n;
    const detail = `blocks of ${file.transactions.length} and ${spec.prefix} transactions: ${fmt(full.cycles)} and ${fmt(small.cycles!)} cycles`;
    figures.push({ label: `${spec.name}: cycles per ${spec.unit}`, value: raw, unit: 'cycles', detail, reproduce });
    figures.push({ label: `${spec.name}: effective cycles per ${spec.unit}`, value: eff, unit: 'cycles', detail: `${detail}; accelerator calls weighted (oracle/accelerators/weights.ts)`, reproduce });
  }
  figures.push({ label: `${spec.name}: cycles per gas`, value: full.cycles / gas, unit: 'cycles/gas', detail: `${fmt(full.cycles)} cycles / ${fmt(gas)} gas, whole block; ${anchor}`, reproduce });
  figures.push({ label: `${spec.name}: effective cycles per gas`, value: effective / gas, unit: 'cycles/gas', detail: `${fmt(effective)} effective cycles / ${fmt(gas)} gas; ${anchor}`, reproduce });

  return figures;
}

export const blockSuite: Suite = {
  name: 'block',
  description: 'the guest OS on programs/blocks: cycles per ETH/ERC-20 transfer and per gas (RISC-V), native Mgas/s vs @ethereumjs/vm',
  async run({ only, runs }) {
    const chosen = BENCH_BLOCKS.filter((b) => !only || b.name === only);
    if (chosen.length === 0) throw new Error(`block: no block '${only}'; blocks: ${BENCH_BLOCKS.map((b) => b.name).join(', ')}`);
    try {
      await nativeOs(); // guest/bootloader/main.ts, as runBlock builds it
    } catch (e) {
      throw new Error(`block: the guest OS (guest/bootloader/main.ts) does not build yet: ${firstLine(e)}`);
    }
    const runBlock: RunBlockFn = hostRunBlock;
    const figures: Figure[] = [];
    for (const spec of chosen) figures.push(...(await measureBlock(spec, runBlock, runs)));
    return figures;
  },
};
