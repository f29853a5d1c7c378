// Airbender runs with a chosen host: the driver behind `zkos run --airbender --profile` and
// `zkos replay --airbender`, and the replay host, which answers CSR 0x7C0 reads from a tape (the
// words a recorded run read) and stops the run when the tape runs out instead of reading 0.
import { PcCounts } from '../profile';
import { stepCounting } from '../profile-run';
import { AirbenderHost } from './csr';
import { AIRBENDER_DEFAULT_MAX_CYCLES, bootAirbender, driveAirbender, type AirbenderRun } from './machine';
import { runAirbender } from './run';

/** The guest read past the end of a replay tape: where (cycle, pc) and which word. */
export class TapeExhaustedError extends Error {
  constructor(
    /** index of the word the guest asked for (= the tape's length) */
    readonly word: number,
    /** instructions retired before the reading instruction */
    readonly cycle: number,
    readonly pc: number,
  ) {
    super(`the tape ran out: the guest read oracle word ${word} (the tape holds ${word}) at cycle ${cycle}, pc 0x${(pc >>> 0).toString(16).padStart(8, '0')}`);
    this.name = 'TapeExhaustedError';
  }
}

/** A host reading CSR 0x7C0 words from a tape; reading past its end throws TapeExhaustedError. */
export class TapeHost extends AirbenderHost {
  /** set by the driver before each executor call: the machine whose pc/cycles name the read */
  machine: { pc: number; cycles: number } | undefined;

  override readInput(): number {
    if (this.inputReads >= this.input.length) {
      const m = this.machine;
      throw new TapeExhaustedError(this.input.length, m?.cycles ?? 0, m?.pc ?? 0);
    }
    return super.readInput();
  }

  /** words of the tape the run did not read */
  get unread(): number {
    return this.input.length - this.inputReads;
  }
}

/** The words a run read from CSR 0x7C0, in order (reads past the input's end gave 0): its tape. */
export function tapeOf(host: AirbenderHost): Uint32Array {
  const tape = new Uint32Array(host.inputReads);
  tape.set(host.input.subarray(0, Math.min(host.inputReads, host.input.length)));
  return tape;
}

export interface DriveOptions {
  readonly maxCycles?: number;
  readonly onProgress?: (cycles: number) => void;
  /** count retired instructions per pc (single-stepped: slower) */
  readonly counts?: PcCounts;
}

/** A count window over an Airbender image (code lives in the image, loaded at 0). */
export function countsForImage(image: Uint8Array): PcCounts {
  return new PcCounts(0, image.length);
}

/**
 * Boots `image` and runs it with `host`, as runAirbenderImage does (driveAirbender). A TapeHost that
 * runs out throws TapeExhaustedError out of this call; the machine's pc and cycles then name the read.
 */
export function runAirbenderWithHost(image: Uint8Array, host: AirbenderHost, options: DriveOptions = {}): AirbenderRun {
  const machine = bootAirbender(image);
  if (host instanceof TapeHost) host.machine = machine;
  const counts = options.counts;
  if (!counts) return driveAirbender(machine, host, options);
  // counting steps one instruction at a time and reports progress itself: one drive call to the limit
  const limit = options.maxCycles ?? AIRBENDER_DEFAULT_MAX_CYCLES;
  return driveAirbender(machine, host, { maxCycles: limit }, (m, h, l) => stepCounting(m, counts, l, options.onProgress, (mm, ll) => runAirbender(mm, h, ll)));
}
