// Profiled runs: the same executors single-stepped (one instruction per call), each retired
// instruction counted at its pc in a PcCounts. Selected only by `zkos run --profile`, so the normal
// paths stay as fast as they are. Cycle counts equal those of an unprofiled run: every executor
// call retires at most one instruction and stops exactly as the whole run would.
import { bootMachine } from './boot';
import type { Host } from './host';
import { run } from './interpreter';
import type { Program } from './loader/program';
import type { Machine } from './machine';
import { PcCounts } from './profile';
import type { RunResult } from './trap';

/** Instructions between progress callbacks. */
const SLICE = 10_000_000;

/** A dense count window over the program's executable segments (all segments if none is marked). */
export function countsForProgram(program: Program): PcCounts {
  const code = program.segments.filter((s) => s.flags.execute);
  const segments = code.length > 0 ? code : program.segments;
  if (segments.length === 0) return new PcCounts(0, 0);
  const lo = Math.min(...segments.map((s) => s.address)) & ~3;
  const hi = Math.max(...segments.map((s) => s.address + s.memorySize));
  return new PcCounts(lo, Math.min(hi - lo, 256 << 20)); // past 256 MiB of code: the Map takes over
}

export interface ProfiledExecution {
  readonly result: RunResult;
  readonly machine: Machine;
  readonly counts: PcCounts;
}

export interface ProfileRunOptions {
  readonly memorySize?: number;
  readonly maxCycles: number;
  readonly host: Host;
  readonly onProgress?: (cycles: number) => void;
}

/** Boots `program` and runs it one instruction at a time on the fast interpreter, counting pcs. */
export function profileExecute(program: Program, options: ProfileRunOptions): ProfiledExecution {
  const machine = bootMachine(program, { memorySize: options.memorySize });
  const counts = countsForProgram(program);
  const result = stepCounting(machine, counts, options.maxCycles, options.onProgress, (m, limit) => run(m, options.host, limit));
  return { result, machine, counts };
}

/**
 * Drives `step(machine, limit)` (an executor with the "run until machine.cycles reaches limit"
 * contract) one instruction at a time; counts the pc of every instruction that retired.
 * Returns the executor's first result that is not a cycle-limit stop, or its cycle-limit result at `maxCycles`.
 */
export function stepCounting<R extends { readonly kind: string }>(
  machine: Machine,
  counts: PcCounts,
  maxCycles: number,
  onProgress: ((cycles: number) => void) | undefined,
  step: (machine: Machine, limit: number) => R,
): R {
  let nextProgress = machine.cycles + SLICE;
  for (;;) {
    if (machine.cycles >= maxCycles) return step(machine, maxCycles); // the executor's own cycle-limit stop
    const pc = machine.pc;
    const before = machine.cycles;
    const r = step(machine, before + 1);
    if (machine.cycles > before) counts.add(pc);
    if (r.kind !== 'cycle-limit') return r;
    if (onProgress && machine.cycles >= nextProgress) {
      onProgress(machine.cycles);
      nextProgress += SLICE;
    }
  }
}
