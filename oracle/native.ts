// The native runner: runs a guest's WebAssembly module on V8 with the oracle host (oracle/host.ts),
// calling its start function then `main`, and reports exit or trap exactly as the RISC-V build does.
import type { OutputSink } from '../emulator/ecall';
import { ENTRY_EXPORT, WASM_TRAP } from '../toolchain/wasm/abi';
import { deferStart, START_EXPORT } from './defer-start';
import { callHost, hostStopOutcome, wasmImports, type HostCall } from './host';
import { importGuestMemory } from './memory-import';
import { instantiateFastAccel, memoryScrubber, type FastAccel, type SlowAccel } from './native-accel';
import type { OracleSession } from './session';

export type NativeResult =
  | { readonly kind: 'exit'; readonly exitCode: number }
  /**
   * code: a WASM_TRAP code (abi.ts); null when a host function rejected its arguments (the
   * emulator's `ecall` trap) or V8 failed in a way WebAssembly does not define (stack overflow).
   */
  | { readonly kind: 'trap'; readonly code: number | null; readonly message: string };

export interface NativeOptions {
  readonly sink: OutputSink;
  readonly log?: HostCall[];
  /** the run's oracle (queries or a tape, public output); a live one with empty input by default */
  readonly oracle?: OracleSession;
  /** serve u256_op and keccak_f in WebAssembly (native-accel.ts) when no log is kept; default true */
  readonly fastAccelerators?: boolean;
  /** with the fast path, run in a pooled memory zeroed after the previous run instead of a new one; default true */
  readonly reuseMemory?: boolean;
}

/** The module cannot be run natively (invalid, wrong imports, no `main`, no exported memory). */
export class NativeLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NativeLoadError';
  }
}

/** V8's RuntimeError messages (Node 20) → WASM_TRAP codes. */
const V8_TRAPS: readonly [string, number][] = [
  ['unreachable', WASM_TRAP.UNREACHABLE],
  ['divide by zero', WASM_TRAP.DIVIDE_BY_ZERO],
  ['remainder by zero', WASM_TRAP.DIVIDE_BY_ZERO],
  ['divide result unrepresentable', WASM_TRAP.INTEGER_OVERFLOW],
  ['memory access out of bounds', WASM_TRAP.MEMORY_OUT_OF_BOUNDS],
  ['table index is out of bounds', WASM_TRAP.TABLE_OUT_OF_BOUNDS],
  ['null function or function signature mismatch', WASM_TRAP.INDIRECT_CALL_MISMATCH],
];

/** The WASM_TRAP code of a V8 RuntimeError message, or undefined for one we do not map. */
export function trapCodeOf(message: string): number | undefined {
  return V8_TRAPS.find(([text]) => message.startsWith(text))?.[1];
}

/** A guest module compiled once for native runs (start function deferred); run it with runNativeModule. */
export interface NativeModule {
  readonly module: WebAssembly.Module;
  readonly hasStart: boolean;
  readonly memoryExport: string;
  /** the same guest importing its memory, so u256_op and keccak_f can run as WebAssembly over it (native-accel.ts); null when the guest does not use u256_op */
  readonly fast: { readonly module: WebAssembly.Module; readonly initial: number; readonly maximum: number } | null;
}

/** Compiles `wasm` for native runs and checks its exports; reuse the result to run it many times without recompiling. */
export function compileNative(wasm: Uint8Array): NativeModule {
  let deferred: ReturnType<typeof deferStart>;
  let module: WebAssembly.Module;
  try {
    deferred = deferStart(wasm);
    module = new WebAssembly.Module(deferred.wasm as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new NativeLoadError(`not a valid WebAssembly module: ${(e as Error).message}`);
  }
  const exportNames = WebAssembly.Module.exports(module);
  if (!exportNames.some((e) => e.name === ENTRY_EXPORT && e.kind === 'function')) {
    throw new NativeLoadError(`the module exports no function '${ENTRY_EXPORT}' (the guest's entry point)`);
  }
  const memoryExport = exportNames.find((e) => e.kind === 'memory');
  if (!memoryExport) throw new NativeLoadError('the module exports no memory: the native host needs it to read write() buffers');
  return { module, hasStart: deferred.hasStart, memoryExport: memoryExport.name, fast: fastVariant(module, deferred.wasm) };
}

/** The memory-importing variant of a guest that imports u256_op, for the fast accelerator path. */
function fastVariant(module: WebAssembly.Module, wasm: Uint8Array): NativeModule['fast'] {
  if (!WebAssembly.Module.imports(module).some((i) => i.module === 'zkos' && i.name === 'u256_op')) return null;
  const rewritten = importGuestMemory(wasm);
  if (!rewritten) return null;
  return { module: new WebAssembly.Module(rewritten.wasm as Uint8Array<ArrayBuffer>), initial: rewritten.initial, maximum: rewritten.maximum };
}

/** Runs `wasm` natively: start function, then `main`, whose i32 result is the exit code (exit() is logged). */
export function runNative(wasm: Uint8Array, options: NativeOptions): NativeResult {
  return runNativeModule(compileNative(wasm), options);
}

/** keccak_f for the fast path's import when the guest imports none (the fast path is then never called for it). */
const noKeccak = (): void => {
  throw new Error('oracle bug: keccak_f called through the fast path of a guest that does not import it');
};

/** A zeroed guest memory kept between runs (see memoryScrubber), per memory shape. */
interface PooledMemory {
  readonly memory: WebAssembly.Memory;
  readonly scrub: () => number;
}
const memoryPool = new Map<string, PooledMemory>();

/** A zeroed memory of this shape: the pooled one (taken out of the pool while in use) or a new one. */
function takeMemory(initial: number, maximum: number): PooledMemory {
  const key = `${initial}/${maximum}`;
  const pooled = memoryPool.get(key);
  if (pooled) {
    memoryPool.delete(key);
    return pooled;
  }
  const memory = new WebAssembly.Memory({ initial, maximum });
  return { memory, scrub: memoryScrubber(memory) };
}

/** Zeroes a run's memory and pools it for the next run (unless it grew: a new run must see `initial` pages). */
function returnMemory(entry: PooledMemory, initial: number, maximum: number): void {
  if (entry.memory.buffer.byteLength !== initial * 65536) return;
  entry.scrub();
  memoryPool.set(`${initial}/${maximum}`, entry);
}

/** Runs a module compiled by compileNative in a fresh instance (fresh memory), as runNative does. */
export function runNativeModule(compiled: NativeModule, options: NativeOptions): NativeResult {
  const io = { sink: options.sink, log: options.log, oracle: options.oracle };
  let memory: WebAssembly.Memory | undefined;
  const getMemory = () => (memory ? new Uint8Array(memory.buffer) : new Uint8Array(0));
  const imports = wasmImports(io, getMemory);
  // the fast path serves u256_op and keccak_f in WebAssembly; a call log needs every call, so it keeps the simple path
  const fast = compiled.fast && !options.log && options.fastAccelerators !== false ? compiled.fast : null;
  let accel: FastAccel | undefined;
  let pooled: PooledMemory | undefined;
  if (fast) {
    // a memory all zero, as a new one: the instance writes the guest's data segments into it
    if (options.reuseMemory !== false) {
      pooled = takeMemory(fast.initial, fast.maximum);
      memory = pooled.memory;
    } else memory = new WebAssembly.Memory({ initial: fast.initial, maximum: fast.maximum });
    const zkos = imports.zkos!;
    accel = instantiateFastAccel(memory, { u256_op: zkos.u256_op as SlowAccel['u256_op'], keccak_f: (zkos.keccak_f ?? noKeccak) as SlowAccel['keccak_f'] });
    imports.zkos = { ...zkos, u256_op: accel.u256_op, ...(zkos.keccak_f ? { keccak_f: accel.keccak_f as (ptr: number) => undefined } : {}) };
    (imports as Record<string, unknown>).env = { ...imports.env, memory };
  }
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(fast ? fast.module : compiled.module, imports as WebAssembly.Imports);
  } catch (e) {
    if (pooled && fast) returnMemory(pooled, fast.initial, fast.maximum);
    if (e instanceof WebAssembly.LinkError) throw new NativeLoadError(`cannot instantiate: ${e.message}`);
    throw e;
  }
  memory = instance.exports[compiled.memoryExport] as WebAssembly.Memory;
  try {
    return runInstance(instance, compiled, io, getMemory);
  } finally {
    if (accel && options.oracle) {
      options.oracle.acceleratorCalls.u256_op += accel.calls();
      options.oracle.acceleratorCalls.keccak_f += accel.keccakCalls();
    }
    // the run is over: nothing reads its memory any more (getMemory is used only during the run)
    if (pooled && fast) returnMemory(pooled, fast.initial, fast.maximum);
  }
}

function runInstance(instance: WebAssembly.Instance, compiled: NativeModule, io: { sink: OutputSink; log?: HostCall[] }, getMemory: () => Uint8Array): NativeResult {
  try {
    if (compiled.hasStart) (instance.exports[START_EXPORT] as () => void)();
    const result = (instance.exports[ENTRY_EXPORT] as () => number | undefined)();
    // as the RISC-V `_start` does: exit(main's result, or 0 for a main without one), logged the same way
    const outcome = callHost(io, 'exit', getMemory(), [result ?? 0]);
    return { kind: 'exit', exitCode: outcome.kind === 'exit' ? outcome.code : 0 };
  } catch (e) {
    return stopped(e, io);
  }
}

function stopped(e: unknown, io: { sink: OutputSink; log?: HostCall[] }): NativeResult {
  const stop = hostStopOutcome(e);
  if (stop?.kind === 'exit') return { kind: 'exit', exitCode: stop.code };
  if (stop?.kind === 'abort') return { kind: 'trap', code: stop.code, message: stop.message };
  if (stop?.kind === 'fault') return { kind: 'trap', code: null, message: stop.message };
  if (e instanceof WebAssembly.RuntimeError) {
    const code = trapCodeOf(e.message);
    if (code === undefined) return { kind: 'trap', code: null, message: `WebAssembly trap V8 reports as '${e.message}' (no WASM_TRAP code)` };
    // the RISC-V build reports the same trap through the host's trap(), so it is logged the same way
    const outcome = callHost(io, 'trap', new Uint8Array(0), [code]);
    return { kind: 'trap', code, message: outcome.kind === 'abort' ? outcome.message : e.message };
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return { kind: 'trap', code: null, message: 'native stack overflow: the guest recursed deeper than V8 allows (Maximum call stack size exceeded)' };
  }
  throw e;
}
