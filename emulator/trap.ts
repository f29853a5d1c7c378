// Why a run stopped, as typed values: guest traps carry pc, raw instruction and a message;
// the caller formats them (with disassembly and registers) for people.

export type TrapKind =
  | 'illegal-instruction'
  | 'instruction-misaligned' // a jump or branch to an address that is not a multiple of 4
  | 'instruction-fault' // fetch outside guest memory
  | 'load-misaligned'
  | 'load-fault' // load outside guest memory
  | 'store-misaligned'
  | 'store-fault' // store outside guest memory
  | 'ebreak'
  | 'ecall' // unknown ecall number, or a host function that rejected its arguments
  | 'abort'; // the guest stopped itself with an error code (ecall TRAP/ABORT): a WebAssembly trap, an abort

export interface Trap {
  readonly kind: TrapKind;
  /** pc of the instruction that trapped; it did not retire */
  readonly pc: number;
  /** the raw instruction word at pc (0 when the fetch itself failed) */
  readonly instruction: number;
  /** the faulting data address or jump target, where there is one */
  readonly address?: number;
  /** the guest's error code, for `abort` traps (docs/abi.md lists the codes) */
  readonly code?: number;
  readonly message: string;
}

export type RunResult =
  | { readonly kind: 'exit'; readonly exitCode: number; readonly cycles: number }
  | { readonly kind: 'trap'; readonly trap: Trap; readonly cycles: number }
  | { readonly kind: 'cycle-limit'; readonly cycles: number };

const hex = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

export function trapMessage(kind: TrapKind, pc: number, address?: number): string {
  const at = address === undefined ? '' : ` at ${hex(address)}`;
  switch (kind) {
    case 'illegal-instruction':
      return `illegal instruction at pc ${hex(pc)}`;
    case 'instruction-misaligned':
      return `jump to misaligned address${at} from pc ${hex(pc)}`;
    case 'instruction-fault':
      return `instruction fetch outside memory at pc ${hex(pc)}`;
    case 'load-misaligned':
      return `misaligned load${at} at pc ${hex(pc)}`;
    case 'load-fault':
      return `load outside memory${at} at pc ${hex(pc)}`;
    case 'store-misaligned':
      return `misaligned store${at} at pc ${hex(pc)}`;
    case 'store-fault':
      return `store outside memory${at} at pc ${hex(pc)}`;
    case 'ebreak':
      return `ebreak at pc ${hex(pc)}`;
    case 'ecall':
      return `ecall failed at pc ${hex(pc)}`;
    case 'abort':
      return `guest aborted at pc ${hex(pc)}`;
  }
}
