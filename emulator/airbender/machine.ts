// Boots and runs an Airbender image: the flat binary at address 0 of a zero-filled 1 GiB memory,
// pc = 0 and every register 0, then the executor in slices (for progress) up to the cycle limit.
import { parseFlat } from '../loader/flat';
import { LoadError } from '../loader/program';
import { Machine } from '../machine';
import { Memory } from '../memory';
import { AirbenderHost, type Blake2sConvention } from './csr';
import type { AirbenderResult, AirbenderStop } from './result';
import { runAirbender } from './run';

/** Airbender's memory: 1 GiB (ROM 0–2 MiB by convention, RAM above). */
export const AIRBENDER_MEMORY_SIZE = 1 << 30;
/** Default cycle limit, as Airbender's CLI (tools/cli DEFAULT_CYCLES). */
export const AIRBENDER_DEFAULT_MAX_CYCLES = 32_000_000;
/** Instructions per slice between progress callbacks. */
const SLICE = 50_000_000;

export interface AirbenderOptions {
  /** the words CSR 0x7C0 reads, in order (parseAirbenderInput reads Airbender's hex files) */
  readonly input?: Uint32Array;
  readonly maxCycles?: number;
  /** CSR 0x7C7's calling convention: 'x13' (risc_v_simulator, default) or 'x12' (riscv_transpiler) */
  readonly blake2s?: Blake2sConvention;
  /** each UART message as it completes */
  readonly onUart?: (message: Uint8Array) => void;
  /** called between slices with the cycles retired so far */
  readonly onProgress?: (cycles: number) => void;
}

/** A fresh machine holding `image` at 0; LoadError when the image is empty, ragged or too big. */
export function bootAirbender(image: Uint8Array): Machine {
  const program = parseFlat(image);
  if (image.length > AIRBENDER_MEMORY_SIZE) {
    throw new LoadError(`image is ${image.length} bytes: larger than Airbender's 1 GiB memory`);
  }
  const machine = new Machine(new Memory(AIRBENDER_MEMORY_SIZE));
  machine.memory.u8.set(program.segments[0].data, 0);
  return machine;
}

export interface AirbenderRun {
  readonly result: AirbenderResult;
  readonly machine: Machine;
}

export function runAirbenderImage(image: Uint8Array, options: AirbenderOptions = {}): AirbenderRun {
  const host = new AirbenderHost(options.input, options.onUart);
  if (options.blake2s) host.blake2sConvention = options.blake2s;
  return driveAirbender(bootAirbender(image), host, options);
}

/** How driveAirbender runs the executor up to a limit; the default is runAirbender itself. */
export type AirbenderStepper = (machine: Machine, host: AirbenderHost, limit: number) => AirbenderStop;

/**
 * Runs a booted machine with `host` up to the cycle limit, in slices when progress is wanted, and
 * gathers the result. `step` replaces the executor call (the profiler's counting runner uses it).
 */
export function driveAirbender(
  machine: Machine,
  host: AirbenderHost,
  options: { readonly maxCycles?: number; readonly onProgress?: (cycles: number) => void } = {},
  step: AirbenderStepper = runAirbender,
): AirbenderRun {
  const limit = options.maxCycles ?? AIRBENDER_DEFAULT_MAX_CYCLES;
  for (;;) {
    const sliceEnd = options.onProgress ? Math.min(limit, machine.cycles + SLICE) : limit;
    const stop = step(machine, host, sliceEnd);
    if (stop.kind !== 'cycle-limit' || sliceEnd >= limit) {
      const registers = machine.registers();
      const result: AirbenderResult = {
        stop,
        cycles: machine.cycles,
        pc: machine.pc >>> 0,
        output: registers.slice(10, 18),
        registers,
        markers: host.markers,
        delegations: { ...host.delegations },
        inputReads: host.inputReads,
        inputWords: host.input.length,
        uart: host.uart.messages,
      };
      return { result, machine };
    }
    options.onProgress?.(machine.cycles);
  }
}
