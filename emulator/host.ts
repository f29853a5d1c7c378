// The narrow boundary between the emulator core and the outside world: an ECALL traps to a Host,
// which reads arguments from the machine and says whether to continue, exit or trap.
import type { Machine } from './machine';

export type EcallResult =
  | { readonly kind: 'continue' }
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'trap'; readonly message: string }
  /** the guest stopped itself with an error code (a WebAssembly trap, an abort): see docs/abi.md */
  | { readonly kind: 'abort'; readonly code: number; readonly message: string };

export const CONTINUE: EcallResult = Object.freeze({ kind: 'continue' });

/** Words of guest memory: `count` words from the 4-aligned byte `address`. */
export interface MemoryRange {
  readonly address: number;
  readonly count: number;
}

export interface Host {
  /**
   * Handles an ECALL. The machine's pc is the ECALL's address and `cycles` does not yet count it;
   * the interpreter advances pc and counts the instruction when the result is `continue` or `exit`.
   */
  ecall(machine: Machine): EcallResult;
  /**
   * Optional: the guest memory the last ecall may have written (a superset is fine; [] for none),
   * or undefined when unknown. The block compiler then re-checks only compiled code in those
   * words, instead of every region's code after every ecall.
   */
  lastWrites?(): readonly MemoryRange[] | undefined;
}
