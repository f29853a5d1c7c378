// Airbender mode's host for a traced run (emulator/trace/record.ts, options.mode 'airbender'): runs each
// CSR instruction with executeCsr (csr.ts) and reports what it did as the trace's per-call record —
// the registers come from the recorder's diff; here the memory written and a typed record per CSR:
//   0x7C0 oracle      input [rd, rs1 index, rs1 value]                output [word read] (none when rd = x0)
//   0x7C7 BLAKE2s     input [x10, x11, x12, x13, h‖v (24), message (16)]  output [h‖v (24)]
//   0x7CA u256        input [x10, x11, x12, a (8), b (8)]             output [result (8), flag (x12)]
//   0x7CB keccak      input [x10, x11, six lane slots, 12 words]      output [12 words, next x10]
//   0x7FF marker      input [cycle]                                   output []
// The words read from the input (the tape) are kept for the trace's END section. No I/O.
import type { EcallResult } from '../host';
import { CONTINUE } from '../host';
import type { Machine } from '../machine';
import type { EcallEffects, TraceHost } from '../trace/record';
import { type AirbenderHost, CSR, type CsrStop, executeCsr } from './csr';
import { keccakSpecial5Slots } from './keccak-special5';

const NONE: EcallEffects = Object.freeze({ writes: [] });

const words = (m: Machine, address: number, count: number): number[] => {
  const w = address >>> 2;
  if (address % 4 !== 0 || address + 4 * count > m.memory.size) return [];
  return Array.from(m.memory.i32.subarray(w, w + count), (v) => v >>> 0);
};

/** An Airbender TraceHost over `host` (its input, UART, markers and delegation counts keep working). */
export class AirbenderTraceHost implements TraceHost {
  /** the words CSR 0x7C0 gave the guest, in order (0 past the end of the input) */
  readonly tape: number[] = [];
  /** the last CSR stop (error exit, illegal CSR, delegation error), for the run's end */
  lastStop: CsrStop | undefined;
  private effects: EcallEffects = NONE;

  constructor(readonly host: AirbenderHost) {}

  ecall(): EcallResult {
    return { kind: 'trap', message: 'ECALL is not an Airbender instruction' };
  }

  lastEffects(): EcallEffects {
    return this.effects;
  }

  csr(machine: Machine, inst: number): EcallResult {
    const x = machine.regs;
    const csr = inst >>> 20;
    const rd = (inst >>> 7) & 31;
    const rs1 = (inst >>> 15) & 31;
    const r = (k: number) => x[k] >>> 0;
    const isCsrrw = ((inst >>> 12) & 7) === 1;
    // what the call will read, taken before it runs (only for a well-formed CSRRW; a bad one stops the run)
    let input: number[] = [];
    let writes: { address: number; count: number }[] = [];
    let slots: number[] | undefined;
    const cycle = machine.cycles;
    if (isCsrrw) {
      switch (csr) {
        case CSR.ORACLE: input = [rd, rs1, r(rs1)]; break;
        case CSR.BLAKE2S:
          input = [r(10), r(11), r(12), r(13), ...words(machine, r(10), 24), ...words(machine, r(11), 16)];
          writes = [{ address: r(10), count: 24 }];
          break;
        case CSR.U256:
          input = [r(10), r(11), r(12), ...words(machine, r(10), 8), ...words(machine, r(11), 8)];
          writes = [{ address: r(10), count: 8 }];
          break;
        case CSR.KECCAK:
          slots = keccakSpecial5Slots(r(10)) ?? [];
          input = [r(10), r(11), ...slots, ...slots.flatMap((s) => words(machine, r(11) + 8 * s, 2))];
          writes = slots.map((s) => ({ address: r(11) + 8 * s, count: 2 }));
          break;
        case CSR.MARKER: input = [cycle]; break;
      }
    }
    const readsBefore = this.host.inputReads;
    const stop = executeCsr(machine, this.host, inst);
    if (stop) {
      this.lastStop = stop;
      this.effects = NONE;
      const what = stop.kind === 'error-exit' ? `error-exit: the guest's error exit (CSR 0xc00)` : `${stop.kind}: ${stop.message}`;
      return { kind: 'trap', message: `${what} at pc 0x${(machine.pc >>> 0).toString(16).padStart(8, '0')}` };
    }
    let output: number[] = [];
    switch (csr) {
      case CSR.ORACLE:
        if (this.host.inputReads > readsBefore) {
          const word = rd !== 0 ? r(rd) : 0;
          this.tape.push(word);
          output = [word];
        }
        break;
      case CSR.BLAKE2S: output = words(machine, writes[0].address, 24); break;
      case CSR.U256: output = [...words(machine, writes[0].address, 8), r(12)]; break;
      case CSR.KECCAK: output = [...slots!.flatMap((s) => words(machine, input[1] + 8 * s, 2)), r(10)]; break;
    }
    this.effects = { writes, record: { kind: csr, input: Uint32Array.from(input), output: Uint32Array.from(output) } };
    return CONTINUE;
  }
}
