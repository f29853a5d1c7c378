// Differential run of one guest on both targets: the RISC-V build on the emulator and the wasm on V8,
// recording outcome, output and every host call, and finding the first place where they differ.
import { collectingSink } from '../emulator/ecall';
import { execute } from '../emulator/execute';
import { parseProgram } from '../emulator/loader';
import { ecallHost, type HostCall } from './host';
import { runNative } from './native';
import type { OracleSession } from './session';

export type Outcome =
  | { readonly kind: 'exit'; readonly code: number }
  /** code: the WASM_TRAP code, or null for a trap without one (host fault, machine trap, stack overflow) */
  | { readonly kind: 'trap'; readonly code: number | null; readonly message: string }
  | { readonly kind: 'cycle-limit' };

export interface RunRecord {
  readonly outcome: Outcome;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly calls: readonly HostCall[];
  /** instructions retired (RISC-V only) */
  readonly cycles?: number;
}

export interface EmulatorRunOptions {
  readonly maxCycles?: number;
  readonly memorySize?: number;
  /** the run's oracle (a live one with empty input by default) */
  readonly oracle?: OracleSession;
}

/**
 * Runs an ELF built from a guest on the emulator with the oracle host. The host may read only the
 * linear memory, as natively: the bytes below the ELF's lowest segment (.text sits right above it).
 */
export function recordRiscv(elf: Uint8Array, options: EmulatorRunOptions = {}): RunRecord {
  const program = parseProgram(elf);
  const memoryBytes = Math.min(...program.segments.map((s) => s.address));
  const out = collectingSink();
  const calls: HostCall[] = [];
  const host = ecallHost({ sink: out.sink, log: calls, oracle: options.oracle }, { memoryBytes });
  const { result } = execute(program, { sink: out.sink, host, maxCycles: options.maxCycles, memorySize: options.memorySize });
  const outcome: Outcome =
    result.kind === 'exit'
      ? { kind: 'exit', code: result.exitCode }
      : result.kind === 'trap'
        ? { kind: 'trap', code: result.trap.code ?? null, message: result.trap.message }
        : { kind: 'cycle-limit' };
  return { outcome, stdout: out.stdout(), stderr: out.stderr(), calls, cycles: result.cycles };
}

/** Runs a guest's WebAssembly module natively with the oracle host. */
export function recordNative(wasm: Uint8Array, options: { readonly oracle?: OracleSession } = {}): RunRecord {
  const out = collectingSink();
  const calls: HostCall[] = [];
  const result = runNative(wasm, { sink: out.sink, log: calls, oracle: options.oracle });
  const outcome: Outcome = result.kind === 'exit' ? { kind: 'exit', code: result.exitCode } : result;
  return { outcome, stdout: out.stdout(), stderr: out.stderr(), calls };
}

export interface Difference {
  /** what differs: a host call, an output stream's bytes, or how the run ended */
  readonly what: 'call' | 'stdout' | 'stderr' | 'outcome';
  /** call index, or byte offset in the stream; 0 for the outcome */
  readonly index: number;
  /** each side's value there (undefined: that side has no such call or byte) */
  readonly native: unknown;
  readonly riscv: unknown;
}

const bytesEqual = (a?: Uint8Array, b?: Uint8Array) => (a === undefined || b === undefined ? a === b : Buffer.compare(a, b) === 0);

function sameCall(a: HostCall, b: HostCall): boolean {
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  return a.name === b.name && same(a.args, b.args) && same(a.outcome, b.outcome) && bytesEqual(a.bytes, b.bytes) && same(a.data, b.data);
}

function firstByteDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** Outcomes agree when the run ended the same way with the same code (trap messages may word things differently). */
function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'exit' && b.kind === 'exit') return a.code === b.code;
  if (a.kind === 'trap' && b.kind === 'trap') return a.code === b.code;
  return true;
}

/**
 * The first difference between two runs, in the order things happen: host calls in order (which
 * include every write's bytes), then the output streams byte by byte, then how each run ended.
 */
export function firstDifference(native: RunRecord, riscv: RunRecord): Difference | undefined {
  const calls = Math.max(native.calls.length, riscv.calls.length);
  for (let i = 0; i < calls; i++) {
    const a = native.calls[i];
    const b = riscv.calls[i];
    if (!a || !b || !sameCall(a, b)) return { what: 'call', index: i, native: a, riscv: b };
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const at = firstByteDifference(native[stream], riscv[stream]);
    if (at >= 0) return { what: stream, index: at, native: native[stream][at], riscv: riscv[stream][at] };
  }
  if (!sameOutcome(native.outcome, riscv.outcome)) return { what: 'outcome', index: 0, native: native.outcome, riscv: riscv.outcome };
  return undefined;
}
