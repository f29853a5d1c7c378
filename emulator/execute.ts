// Runs a loaded program to completion with a chosen interpreter, in slices so that a caller can
// show progress on long runs. No I/O: output goes to the given sink, progress to a callback.
import { bootMachine } from './boot';
import { standardEcalls, type OutputSink } from './ecall';
import type { Host } from './host';
import { runCompiled } from './compiler/run';
import { run } from './interpreter';
import type { Machine } from './machine';
import { runReference } from './reference';
import type { Program } from './loader/program';
import type { RunResult } from './trap';

export const INTERPRETERS = {
  /** the plain switch interpreter (emulator/interpreter.ts) */
  fast: run,
  /** the block compiler (emulator/compiler/): regions of guest code as JavaScript functions */
  compiled: runCompiled,
  /** the table-driven reference (emulator/reference.ts): slow, obviously correct */
  reference: runReference,
} as const;
export type InterpreterName = keyof typeof INTERPRETERS;
/** What runs guests unless a caller picks: the block compiler (it passes the interpreters' suites). */
export const DEFAULT_INTERPRETER: InterpreterName = 'compiled';

/** Default cycle limit of `zkos run`: 10^9 instructions (seconds of work); raise with --max-cycles. */
export const DEFAULT_MAX_CYCLES = 1_000_000_000;
/** Instructions per slice between progress callbacks. */
const SLICE = 50_000_000;

export interface ExecuteOptions {
  readonly memorySize?: number;
  readonly maxCycles?: number;
  readonly interpreter?: InterpreterName;
  /** where write(1|2) goes */
  readonly sink: OutputSink;
  /** a host to use instead of the standard ecalls built on `sink` */
  readonly host?: Host;
  /** called between slices with the cycles retired so far */
  readonly onProgress?: (cycles: number) => void;
}

export interface Execution {
  readonly result: RunResult;
  readonly machine: Machine;
}

export function execute(program: Program, options: ExecuteOptions): Execution {
  const machine = bootMachine(program, { memorySize: options.memorySize });
  const host = options.host ?? standardEcalls(options.sink);
  const step = INTERPRETERS[options.interpreter ?? DEFAULT_INTERPRETER];
  const limit = options.maxCycles ?? DEFAULT_MAX_CYCLES;
  for (;;) {
    const sliceEnd = options.onProgress ? Math.min(limit, machine.cycles + SLICE) : limit;
    const result = step(machine, host, sliceEnd);
    if (result.kind !== 'cycle-limit' || sliceEnd >= limit) return { result, machine };
    options.onProgress?.(machine.cycles);
  }
}
