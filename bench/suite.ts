// What a benchmark suite is: a name, a one-line description, and a run that returns figures.
// Each figure carries the command that reproduces it (the project's rule for quoted numbers).

export interface Figure {
  /** what was measured, e.g. "fib: fast interpreter" */
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** human-readable detail: counts, ratios, targets */
  readonly detail?: string;
  /** the command that reproduces this figure */
  readonly reproduce: string;
}

export interface SuiteOptions {
  /** only the program or case with this name */
  readonly only?: string;
  /** timed runs per measurement (the median is reported) */
  readonly runs: number;
}

export interface Suite {
  readonly name: string;
  readonly description: string;
  run(options: SuiteOptions): Promise<Figure[]> | Figure[];
}

/** The value at fraction `f` of the sorted values (0: the least, 0.5: the upper median). */
export function quantile(values: readonly number[], f: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * f))];
}

/** The median of some numbers (the upper one of an even count). */
export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median of `runs` measurements after one warm-up call. */
export function medianOf<T>(runs: number, measure: () => T, key: (t: T) => number): T {
  measure();
  const samples = Array.from({ length: runs }, measure);
  samples.sort((a, b) => key(a) - key(b));
  return samples[Math.floor(samples.length / 2)];
}
