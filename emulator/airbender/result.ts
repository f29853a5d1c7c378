// What an Airbender-mode run gives back, as typed values: how it stopped, the public output
// (x10..x17), cycle markers, delegation counts and input/UART use. The CLI formats these.
import type { TrapKind } from '../trap';

/** Why the machine refused an instruction; the run stops there (Airbender's simulator panics). */
export type AirbenderTrapKind =
  | Exclude<TrapKind, 'ebreak' | 'ecall' | 'abort'>
  /** a CSR number outside Airbender's table */
  | 'illegal-csr'
  /** a delegation called with arguments Airbender rejects (alignment, ROM, operation mask, bounds) */
  | 'delegation-error';

export interface AirbenderTrap {
  readonly kind: AirbenderTrapKind;
  /** pc of the instruction that trapped; it did not retire */
  readonly pc: number;
  /** the raw instruction word at pc (0 when the fetch itself failed) */
  readonly instruction: number;
  /** the faulting data address or jump target, where there is one */
  readonly address?: number;
  /** the CSR number, for CSR instructions */
  readonly csr?: number;
  readonly message: string;
}

export type AirbenderStop =
  /** an instruction left pc unchanged (`j .`): the normal end */
  | { readonly kind: 'halt' }
  /** the guest's error exit: a CSR instruction on 0xC00 (`unimp`), which ZKsync OS uses on panic */
  | { readonly kind: 'error-exit'; readonly pc: number; readonly instruction: number }
  | { readonly kind: 'trap'; readonly trap: AirbenderTrap }
  /** the cycle limit was reached; pc is where the run stood */
  | { readonly kind: 'cycle-limit' };

export type DelegationName = 'blake2s' | 'u256' | 'keccak';

export interface AirbenderResult {
  readonly stop: AirbenderStop;
  /** instructions retired, including the final `j .` (Airbender prints one less: "Took N cycles") */
  readonly cycles: number;
  /** pc at the end: the `j .`, the trapping instruction, or the next one at the cycle limit */
  readonly pc: number;
  /** the public output: x10..x17 as unsigned words */
  readonly output: readonly number[];
  /** all 32 registers, unsigned */
  readonly registers: readonly number[];
  /** the cycle count (instructions retired before it) at each CSR 0x7FF marker */
  readonly markers: readonly number[];
  /** how many times each delegation ran */
  readonly delegations: Readonly<Record<DelegationName, number>>;
  /** input words the guest read (reads past the end, which give 0, included) */
  readonly inputReads: number;
  /** the input's length in words */
  readonly inputWords: number;
  /** UART messages, complete ones, in order */
  readonly uart: readonly Uint8Array[];
}
