// The host functions a WebAssembly guest may call, defined once over a guest memory view and plain
// numbers, with two bindings: ecalls for the RISC-V build and an import object for the native run.
import { EcallRegistry, ecallResult, WRITES_NOTHING, type OutputSink, type WritesOf } from '../emulator/ecall';
import { CONTINUE } from '../emulator/host';
import { hostExit, hostWrite, type CallOutcome } from '../emulator/host-calls';
import type { Machine } from '../emulator/machine';
import { HOST_IMPORTS, WASM_TRAP, WASM_TRAP_NAMES, ZK_ECALL } from '../toolchain/wasm/abi';
import { HostFault } from './guest-words';
import { QueryError } from './query';
import { OracleSession } from './session';
import { TapeError } from './tape';
import { answerReadCall, blake2sCompressCall, commitCall, keccakFCall, queryCall, u256OpCall, ZK_FUNCTIONS, type CallData, type ZkFunctionName } from './zk-calls';

export type { CallOutcome } from '../emulator/host-calls';
export type { CallData } from './zk-calls';

export type HostFunctionName = 'write' | 'exit' | 'trap' | 'abort' | ZkFunctionName;

/**
 * One host call as the guest made it: arguments (normalised), what it did, for write the bytes
 * written, and for the zk functions the words read and written (query, answer, output, accelerator state).
 */
export interface HostCall {
  readonly name: HostFunctionName;
  readonly args: readonly number[];
  readonly outcome: CallOutcome;
  readonly bytes?: Uint8Array;
  readonly data?: CallData;
}

export interface HostIo {
  /** where write(1|2) goes */
  readonly sink: OutputSink;
  /** when given, every host call is appended here in order */
  readonly log?: HostCall[];
  /** the run's oracle (answers, tape, public output, accelerator counts); the bindings default it to a live one */
  readonly oracle?: OracleSession;
}

/** Longest AssemblyScript string decoded for a message, in UTF-16 code units. */
const MAX_MESSAGE_UNITS = 1024;

/**
 * Decodes the AssemblyScript string at `ptr` (UTF-16LE, its byte length a u32 at ptr - 4), never
 * throwing: a null pointer reads as "null", a bad pointer or length gives a bracketed note instead.
 */
export function readAsString(memory: Uint8Array, ptr: number): string {
  ptr >>>= 0;
  if (ptr === 0) return 'null';
  const hex = '0x' + ptr.toString(16);
  if (ptr < 4 || ptr > memory.length) return `<string pointer ${hex} outside memory>`;
  const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  const byteLength = view.getUint32(ptr - 4, true);
  if (byteLength > memory.length - ptr) return `<string at ${hex}: length ${byteLength} runs past memory>`;
  const units = Math.min(byteLength >>> 1, MAX_MESSAGE_UNITS);
  const text = new TextDecoder('utf-16le').decode(memory.subarray(ptr, ptr + units * 2));
  return units < byteLength >>> 1 ? text + '…' : text;
}

type HostFunction = (io: HostIo, memory: Uint8Array, args: readonly number[]) => { outcome: CallOutcome; bytes?: Uint8Array; data?: CallData };

const u32 = (a: number) => a >>> 0;

/** The arguments each function takes, normalised as the guest means them (i32 signed, pointers unsigned). */
const NORMALISE: Record<HostFunctionName, (args: readonly number[]) => number[]> = {
  write: ([fd, ptr, len]) => [fd | 0, ptr >>> 0, len >>> 0],
  exit: ([code]) => [code | 0],
  trap: ([code]) => [code | 0],
  abort: ([msg, file, line, col]) => [msg >>> 0, file >>> 0, line | 0, col | 0],
  query: (args) => args.slice(0, 3).map(u32),
  answer_read: (args) => args.slice(0, 2).map(u32),
  commit: (args) => args.slice(0, 2).map(u32),
  keccak_f: (args) => args.slice(0, 1).map(u32),
  blake2s_compress: (args) => args.slice(0, 5).map(u32),
  u256_op: (args) => args.slice(0, 4).map(u32),
};

/** The fault a zk function's error means (bad arguments, a query or a tape that does not fit), or undefined. */
function faultOf(e: unknown): string | undefined {
  return e instanceof HostFault || e instanceof QueryError || e instanceof TapeError ? e.message : undefined;
}

/** A zk function as a HostFunction: a fault for bad arguments, a query or a tape that does not fit. */
function zkFunction(name: ZkFunctionName): HostFunction {
  const run = ZK_FUNCTIONS[name];
  return (io, memory, args) => {
    let data: CallData | undefined;
    try {
      const value = run(io.oracle ?? new OracleSession(), memory, args, io.log ? (d) => (data = d) : undefined);
      return { outcome: { kind: 'return', value: value | 0 }, data };
    } catch (e) {
      const message = faultOf(e);
      if (message !== undefined) return { outcome: { kind: 'fault', message } };
      throw e;
    }
  };
}

const FUNCTIONS: Record<HostFunctionName, HostFunction> = {
  write(io, memory, [fd, ptr, len]) {
    let bytes: Uint8Array | undefined;
    const outcome = hostWrite((f, b) => ((bytes = b), io.sink(f, b)), memory, fd, ptr, len);
    return { outcome, bytes };
  },
  exit: (_io, _memory, [code]) => ({ outcome: hostExit(code) }),
  trap: (_io, _memory, [code]) => ({
    outcome: { kind: 'abort', code, message: `WebAssembly trap: ${WASM_TRAP_NAMES[code] ?? `unknown trap code ${code}`}` },
  }),
  abort(_io, memory, [msg, file, line, col]) {
    const message = `${readAsString(memory, msg)} in ${readAsString(memory, file)}(${line}:${col})`;
    return { outcome: { kind: 'abort', code: WASM_TRAP.ABORT, message } };
  },
  query: zkFunction('query'),
  answer_read: zkFunction('answer_read'),
  commit: zkFunction('commit'),
  keccak_f: zkFunction('keccak_f'),
  blake2s_compress: zkFunction('blake2s_compress'),
  u256_op: zkFunction('u256_op'),
};

/** Calls host function `name` on `memory`, logging the call when io.log is set. */
export function callHost(io: HostIo, name: HostFunctionName, memory: Uint8Array, args: readonly number[]): CallOutcome {
  const normalised = NORMALISE[name](args);
  const { outcome, bytes, data } = FUNCTIONS[name](io, memory, normalised);
  io.log?.push({ name, args: normalised, outcome, ...(bytes && { bytes }), ...(data && { data }) });
  return outcome;
}

function hostFunctionName(name: string): HostFunctionName {
  if (!(name in FUNCTIONS)) throw new Error(`host import ${name} (toolchain/wasm/abi.ts) has no implementation in oracle/host.ts`);
  return name as HostFunctionName;
}

/** `io` with a live oracle (standard queries, empty input) when it has none. */
function withOracle(io: HostIo): HostIo {
  return io.oracle ? io : { ...io, oracle: new OracleSession() };
}

export interface EcallHostOptions {
  /** bytes of guest memory the host may read (the linear memory); default all of it */
  readonly memoryBytes?: number;
}

/**
 * The zk functions on positional arguments, for a binding without a call log: no argument arrays,
 * no outcome objects, no CallData — the same checks and computations as the logged path's
 * (zk-calls.ts), so both compute and fault alike. Each returns the value for a0 (0 for keccak_f,
 * blake2s_compress and commit, as the logged path's outcome gives) or throws the function's error.
 */
type FastAccelerator = (session: OracleSession, memory: Uint8Array, a: number, b: number, c: number, d: number, e: number) => number;
const FAST_ACCELERATORS: Partial<Record<HostFunctionName, FastAccelerator>> = {
  keccak_f: (session, memory, ptr) => keccakFCall(session, memory, ptr),
  blake2s_compress: (session, memory, h, m, tLo, tHi, last) => blake2sCompressCall(session, memory, h, m, tLo, tHi, last),
  u256_op: (session, memory, op, a, b, out) => u256OpCall(session, memory, op, a, b, out),
  query: (session, memory, id, ptr, words) => queryCall(session, memory, id, ptr, words),
  answer_read: (session, memory, ptr, max) => answerReadCall(session, memory, ptr, max),
  commit: (session, memory, ptr, words) => commitCall(session, memory, ptr, words),
};

/**
 * What each host function may write to guest memory, from its arguments in a0.. (docs/abi.md): the
 * block compiler re-checks only compiled code there after the call (Host.lastWrites). Every
 * function is listed, so a new one cannot be missed (the compiler would then stay correct but
 * re-check all code after each of its calls).
 */
const WRITES: Readonly<Record<HostFunctionName, WritesOf>> = {
  write: WRITES_NOTHING,
  exit: WRITES_NOTHING,
  trap: WRITES_NOTHING,
  abort: WRITES_NOTHING,
  query: WRITES_NOTHING,
  commit: WRITES_NOTHING,
  answer_read: (r) => ({ address: r[10] >>> 0, count: r[11] >>> 0 }),
  keccak_f: (r) => ({ address: r[10] >>> 0, count: 50 }),
  blake2s_compress: (r) => ({ address: r[10] >>> 0, count: 8 }),
  u256_op: (r) => ({ address: r[13] >>> 0, count: 8 }),
};

/** Binding 1: an ecall registry for the RISC-V build: every HOST_IMPORTS entry plus ZK_ECALL.TRAP, args in a0... */
export function ecallHost(io: HostIo, options: EcallHostOptions = {}): EcallRegistry {
  io = withOracle(io);
  const session = io.oracle!;
  let machineBytes: Uint8Array | undefined;
  let hostView: Uint8Array = new Uint8Array(0);
  /** the bytes the host may touch, rebuilt only when the machine's memory changes */
  const view = (m: Machine) => {
    if (m.memory.u8 !== machineBytes) {
      machineBytes = m.memory.u8;
      hostView = options.memoryBytes === undefined ? machineBytes : machineBytes.subarray(0, options.memoryBytes);
    }
    return hostView;
  };
  const registry = new EcallRegistry();
  const bind = (ecall: number, name: HostFunctionName, arity: number) => {
    const fast = io.log ? undefined : FAST_ACCELERATORS[name];
    if (fast) {
      registry.register(ecall, name, (m) => {
        const r = m.regs;
        try {
          r[10] = fast(session, view(m), r[10], r[11], r[12], r[13], r[14]);
          return CONTINUE;
        } catch (e) {
          const message = faultOf(e);
          if (message === undefined) throw e;
          return { kind: 'trap', message };
        }
      }, WRITES[name]);
      return;
    }
    registry.register(ecall, name, (m) => ecallResult(m, callHost(io, name, view(m), Array.from(m.regs.subarray(10, 10 + arity)))), WRITES[name]);
  };
  for (const entry of HOST_IMPORTS) bind(entry.ecall, hostFunctionName(entry.name), entry.params.length);
  bind(ZK_ECALL.TRAP, 'trap', 1);
  return registry;
}

/** Thrown through the guest's frames by a host function that ends the run natively (exit, abort, fault). */
class HostStop extends Error {
  constructor(readonly outcome: Exclude<CallOutcome, { kind: 'return' }>) {
    super(`host stop: ${outcome.kind}`);
  }
}

/** The outcome a native run ended with, when `error` is the host's stop signal; otherwise undefined. */
export function hostStopOutcome(error: unknown): Exclude<CallOutcome, { kind: 'return' }> | undefined {
  return error instanceof HostStop ? error.outcome : undefined;
}

export type WasmImports = Record<string, Record<string, (...args: number[]) => number | undefined>>;

/** Binding 2: the WebAssembly import object for the native runner ({ zkos: { write, exit }, env: { abort } }). */
export function wasmImports(io: HostIo, getMemory: () => Uint8Array): WasmImports {
  io = withOracle(io);
  const session = io.oracle!;
  const imports: WasmImports = {};
  for (const entry of HOST_IMPORTS) {
    const name = hostFunctionName(entry.name);
    const returns = entry.results.length > 0;
    const fast = io.log ? undefined : FAST_ACCELERATORS[name];
    (imports[entry.module] ??= {})[entry.name] = fast
      ? (a?: number, b?: number, c?: number, d?: number, e?: number) => {
          let value: number;
          try {
            value = fast(session, getMemory(), a! >>> 0, b! >>> 0, c! >>> 0, d! >>> 0, e! >>> 0);
          } catch (error) {
            const message = faultOf(error);
            if (message === undefined) throw error;
            throw new HostStop({ kind: 'fault', message });
          }
          return returns ? value | 0 : undefined;
        }
      : (...args: number[]) => {
          const outcome = callHost(io, name, getMemory(), args);
          if (outcome.kind !== 'return') throw new HostStop(outcome);
          return returns ? outcome.value : undefined;
        };
  }
  return imports;
}
