// Airbender's CSR table and the one CSR instruction it has, CSRRW: the oracle (0x7C0: input words
// in, UART words out), the cycle marker (0x7FF), the delegations (0x7C7, 0x7CA, 0x7CB) and ZKsync OS's
// error exit (0xC00, `unimp`). Any other number, or any other Zicsr form, stops the run.
import type { Machine } from '../machine';
import { blake2sPackedDelegation, DELEGATIONS } from './delegations';
import type { DelegationName } from './result';
import { QuasiUart } from './uart';

export const CSR = { ORACLE: 0x7c0, MARKER: 0x7ff, BLAKE2S: 0x7c7, U256: 0x7ca, KECCAK: 0x7cb, ERROR_EXIT: 0xc00 } as const;

type CsrKind = 'oracle' | 'marker' | 'delegation' | 'error-exit';

/** Every CSR number Airbender mode knows, what it is, and its name in messages. */
export const CSR_TABLE: ReadonlyMap<number, { readonly kind: CsrKind; readonly name: string }> = new Map([
  [CSR.ORACLE, { kind: 'oracle', name: 'oracle (input / UART)' }],
  [CSR.MARKER, { kind: 'marker', name: 'cycle marker' }],
  [CSR.BLAKE2S, { kind: 'delegation', name: 'BLAKE2s round delegation' }],
  [CSR.U256, { kind: 'delegation', name: '256-bit operation delegation' }],
  [CSR.KECCAK, { kind: 'delegation', name: 'keccak special5 delegation' }],
  [CSR.ERROR_EXIT, { kind: 'error-exit', name: 'cycle (ZKsync OS error exit)' }],
] as const);

/** The Zicsr forms by funct3; only CSRRW (1) is legal here. */
export const ZICSR_FORMS: Readonly<Record<number, string>> = { 1: 'csrrw', 2: 'csrrs', 3: 'csrrc', 5: 'csrrwi', 6: 'csrrsi', 7: 'csrrci' };

/** The two BLAKE2s calling conventions (docs/airbender.md). */
export type Blake2sConvention = 'x13' | 'x12';

/** The host side of a run: input words, UART decoding, markers and delegation counts. */
export class AirbenderHost {
  private next = 0;
  /** input words read, including reads past the end (which give 0) */
  inputReads = 0;
  readonly uart = new QuasiUart();
  /** the cycle count at each marker */
  readonly markers: number[] = [];
  readonly delegations: Record<DelegationName, number> = { blake2s: 0, u256: 0, keccak: 0 };
  /**
   * How CSR 0x7C7 reads its arguments: 'x13' as risc_v_simulator (x12 one-hot round, x13 control),
   * 'x12' as riscv_transpiler (control and round packed in x12, advanced by each call).
   */
  blake2sConvention: Blake2sConvention = 'x13';

  constructor(
    readonly input: Uint32Array = new Uint32Array(0),
    /** called with each UART message as it completes */
    private readonly onUart?: (message: Uint8Array) => void,
  ) {}

  readInput(): number {
    this.inputReads++;
    return this.next < this.input.length ? this.input[this.next++] : 0;
  }

  writeOutput(word: number): void {
    const message = this.uart.write(word);
    if (message) this.onUart?.(message);
  }
}

/** How a CSR instruction ended, when it stops the run. */
export type CsrStop =
  | { readonly kind: 'error-exit' }
  | { readonly kind: 'illegal-instruction' | 'illegal-csr' | 'delegation-error'; readonly csr: number; readonly message: string };

const hex = (n: number, width = 3) => '0x' + n.toString(16).padStart(width, '0');

/**
 * Executes the SYSTEM word `inst` (funct3 ≠ 0) at machine.pc, machine.cycles retired before it:
 * undefined when it retires normally. As in Airbender the CSR number is checked before the form.
 */
export function executeCsr(machine: Machine, host: AirbenderHost, inst: number): CsrStop | undefined {
  const x = machine.regs;
  const csr = inst >>> 20;
  const rd = (inst >>> 7) & 31;
  const rs1 = (inst >>> 15) & 31;
  const form = ZICSR_FORMS[(inst >>> 12) & 7];
  const entry = CSR_TABLE.get(csr);
  if (!entry) {
    const known = [...CSR_TABLE.keys()].map((n) => hex(n)).join(', ');
    return { kind: 'illegal-csr', csr, message: `CSR ${hex(csr)} is not an Airbender CSR (known: ${known})` };
  }
  if (entry.kind === 'error-exit') return { kind: 'error-exit' };
  if (form !== 'csrrw') {
    const what = form ?? `funct3 ${(inst >>> 12) & 7}`;
    return { kind: 'illegal-instruction', csr, message: `${what} on CSR ${hex(csr)}: Airbender supports only csrrw` };
  }
  const rs1Value = x[rs1];
  let value = 0;
  switch (entry.kind) {
    case 'oracle':
      if (rd !== 0) value = host.readInput();
      if (rs1 !== 0) host.writeOutput(rs1Value);
      break;
    case 'marker':
      host.markers.push(machine.cycles);
      break;
    case 'delegation': {
      const delegation = DELEGATIONS.get(csr)!;
      if (rs1Value !== 0) {
        return { kind: 'delegation-error', csr, message: `${entry.name}: rs1 must hold 0 (csrrw x0, ${hex(csr)}, x0), not ${hex(rs1Value >>> 0, 8)}` };
      }
      const run = csr === CSR.BLAKE2S && host.blake2sConvention === 'x12' ? blake2sPackedDelegation : delegation.run;
      const error = run(x, machine.memory);
      if (error !== undefined) return { kind: 'delegation-error', csr, message: `${entry.name}: ${error}` };
      host.delegations[delegation.name]++;
      break;
    }
  }
  if (rd !== 0) x[rd] = value;
  return undefined;
}
