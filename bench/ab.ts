// A/B of two builds of the emulator in one process (scripts/ab.mjs bundles both copies): the same
// program on a fresh machine per run, both sides in every round, the order alternating, and the
// ratio of the two times taken per round. On a shared, noisy machine a run's time moves by a factor
// of two from one minute to the next; two builds timed in separate processes, or one after the
// other, compare the minutes as much as the builds. A round's two runs share the minute.
import { quantile } from './suite';

/** What one side needs: the emulator's `execute` and `parseProgram` of its build. */
export interface AbSide {
  readonly name: string;
  readonly run: (elf: Uint8Array) => { readonly kind: string; readonly cycles: number; readonly exitCode?: number };
}

export interface AbOptions {
  /** timed rounds (each runs both sides once) */
  readonly rounds: number;
  /** rounds run first and not timed (V8 compiles, shared code caches fill) */
  readonly warmUp: number;
  /** milliseconds, monotonic (performance.now; tests pass their own) */
  readonly now?: () => number;
}

export interface AbSideTimes {
  readonly name: string;
  readonly ms: readonly number[];
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  /** million instructions per second at the median time */
  readonly mips: number;
}

export interface AbResult {
  readonly cycles: number;
  readonly base: AbSideTimes;
  readonly head: AbSideTimes;
  /** head time / base time, per round: quartiles */
  readonly ratio: { readonly q1: number; readonly median: number; readonly q3: number };
}


/**
 * Runs `elf` on both sides, `warmUp + rounds` rounds; base first in even rounds, head first in
 * odd ones. Both sides must end the same way (kind, cycles, exit code): an A/B of two builds that
 * compute different things is no speed comparison.
 */
export function abRounds(base: AbSide, head: AbSide, elf: Uint8Array, options: AbOptions): AbResult {
  if (!Number.isInteger(options.rounds) || options.rounds < 1) throw new RangeError(`rounds must be a whole number >= 1, got ${options.rounds}`);
  const now = options.now ?? (() => performance.now());
  const times = { base: [] as number[], head: [] as number[] };
  let ending: string | undefined;
  let cycles = 0;
  for (let r = 0; r < options.warmUp + options.rounds; r++) {
    const order = r % 2 === 0 ? (['base', 'head'] as const) : (['head', 'base'] as const);
    for (const key of order) {
      const side = key === 'base' ? base : head;
      const started = now();
      const result = side.run(elf);
      const ms = now() - started;
      const end = `${result.kind} after ${result.cycles} cycles${result.exitCode === undefined ? '' : `, exit code ${result.exitCode}`}`;
      if (ending === undefined) ending = end;
      else if (end !== ending) throw new Error(`the two builds end differently: ${base.name}/${head.name} runs gave "${ending}" and "${end}" (${side.name})`);
      cycles = result.cycles;
      if (r >= options.warmUp) times[key].push(ms);
    }
  }
  const side = (name: string, ms: number[]): AbSideTimes => {
    const median = quantile(ms, 0.5);
    return { name, ms, min: quantile(ms, 0), q1: quantile(ms, 0.25), median, mips: cycles / median / 1000 };
  };
  const ratios = times.head.map((t, k) => t / times.base[k]);
  return {
    cycles,
    base: side(base.name, times.base),
    head: side(head.name, times.head),
    ratio: { q1: quantile(ratios, 0.25), median: quantile(ratios, 0.5), q3: quantile(ratios, 0.75) },
  };
}

/** The report for people. */
export function formatAb(sample: string, result: AbResult, rounds: number): string {
  const line = (s: AbSideTimes) =>
    `  ${s.name.padEnd(24)} median ${s.median.toFixed(1)} ms (q1 ${s.q1.toFixed(1)}, min ${s.min.toFixed(1)}) = ${s.mips.toFixed(0)} MIPS`;
  const { q1, median, q3 } = result.ratio;
  return [
    `${sample}: ${rounds} rounds, a fresh machine per run, both builds in each round (order alternating)`,
    line(result.base),
    line(result.head),
    `  ${result.head.name}/${result.base.name} per round: median ${median.toFixed(3)} (quartiles ${q1.toFixed(3)}-${q3.toFixed(3)})`,
  ].join('\n');
}
