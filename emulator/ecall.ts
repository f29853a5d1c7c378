// ECALL ABI v1 (docs/abi.md): a registry of host functions keyed by the number in a7.
// Exit and write use the Linux/newlib numbers so ordinary bare-metal rv32im programs run unchanged.
import { CONTINUE, type EcallResult, type Host, type MemoryRange } from './host';
import { hostExit, hostWrite, type CallOutcome } from './host-calls';
import type { Machine } from './machine';

export const ECALL = {
  /** write(fd = a0, buf = a1, len = a2) -> a0 = bytes written, or -EBADF for an fd other than 1 and 2 */
  WRITE: 64,
  /** exit(code = a0): ends the run with that exit code */
  EXIT: 93,
} as const;

/** Numbers reserved for the zk functions (non-determinism, public output, accelerators). */
export const ZK_ECALL_FIRST = 0x1000;
export const ZK_ECALL_LAST = 0x10ff;

const A0 = 10;
const A1 = 11;
const A2 = 12;
const A7 = 17;

export type EcallHandler = (machine: Machine) => EcallResult;

/**
 * What a host function may write, from the registers at the call (before it runs): a word range,
 * or null for nothing. Absent: unknown (Host.lastWrites then says undefined).
 */
export type WritesOf = (regs: Int32Array) => MemoryRange | null;

/** A host function that writes no guest memory. */
export const WRITES_NOTHING: WritesOf = () => null;

interface Entry {
  readonly name: string;
  readonly handler: EcallHandler;
  readonly writes?: WritesOf;
}

const NO_RANGES: readonly MemoryRange[] = Object.freeze([]);

export class EcallRegistry implements Host {
  private readonly entries = new Map<number, Entry>();
  private last: readonly MemoryRange[] | undefined;

  register(number: number, name: string, handler: EcallHandler, writes?: WritesOf): this {
    const existing = this.entries.get(number);
    if (existing) throw new Error(`ecall ${number} is registered twice (${existing.name} and ${name})`);
    this.entries.set(number, writes ? { name, handler, writes } : { name, handler });
    return this;
  }

  lastWrites(): readonly MemoryRange[] | undefined {
    return this.last;
  }

  nameOf(number: number): string | undefined {
    return this.entries.get(number)?.name;
  }

  ecall(machine: Machine): EcallResult {
    const number = machine.regs[A7] >>> 0;
    const entry = this.entries.get(number);
    const written = entry?.writes?.(machine.regs);
    this.last = written === undefined ? undefined : written === null ? NO_RANGES : [written];
    if (!entry) {
      const range = number >= ZK_ECALL_FIRST && number <= ZK_ECALL_LAST ? ' (reserved zk range, not yet defined)' : '';
      return { kind: 'trap', message: `unknown ecall number ${number} (0x${number.toString(16)}) in a7${range}` };
    }
    return entry.handler(machine);
  }
}

/** Where the guest's write(1|2, ...) bytes go. The CLI binds it to stdout/stderr; tests collect. */
export type OutputSink = (fd: 1 | 2, bytes: Uint8Array) => void;

/** A host function's outcome as the ecall's result: a returned value goes to a0. */
export function ecallResult(machine: Machine, outcome: CallOutcome): EcallResult {
  switch (outcome.kind) {
    case 'return':
      machine.regs[A0] = outcome.value;
      return CONTINUE;
    case 'exit':
      return { kind: 'exit', code: outcome.code };
    case 'abort':
      return outcome;
    case 'fault':
      return { kind: 'trap', message: outcome.message };
  }
}

/** The ABI v1 base functions: exit and write (emulator/host-calls.ts). */
export function standardEcalls(sink: OutputSink): EcallRegistry {
  return new EcallRegistry()
    .register(ECALL.EXIT, 'exit', (m) => ecallResult(m, hostExit(m.regs[A0])), WRITES_NOTHING)
    .register(ECALL.WRITE, 'write', (m) => ecallResult(m, hostWrite(sink, m.memory.u8, m.regs[A0], m.regs[A1], m.regs[A2])), WRITES_NOTHING);
}

/** An OutputSink that keeps everything written, per fd (tests, --json). */
export function collectingSink(): { sink: OutputSink; stdout: () => Uint8Array; stderr: () => Uint8Array } {
  const parts: Record<1 | 2, Uint8Array[]> = { 1: [], 2: [] };
  const join = (fd: 1 | 2) => Buffer.concat(parts[fd]);
  return { sink: (fd, bytes) => parts[fd].push(bytes), stdout: () => join(1), stderr: () => join(2) };
}
