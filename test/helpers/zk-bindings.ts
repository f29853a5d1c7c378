// Calls a host function through each binding of oracle/host.ts on its own copy of a guest memory:
// the ecall registry (a7 = number, a0.. = args) and the WebAssembly import object.
import { collectingSink } from '../../emulator/ecall';
import { Machine } from '../../emulator/machine';
import { Memory } from '../../emulator/memory';
import { ecallHost, hostStopOutcome, wasmImports, type HostCall } from '../../oracle/host';
import { OracleSession } from '../../oracle/session';
import { HOST_IMPORTS } from '../../toolchain/wasm/abi';

export const MEMORY_BYTES = 64 * 1024;

export type BindingName = 'ecall' | 'wasm';

export interface BindingCall {
  /** a0 (ecall) or the import's result; undefined for a call without one */
  readonly value?: number;
  /** the fault or stop message, when the call did not return */
  readonly error?: string;
  readonly memory: Uint8Array;
  readonly log: HostCall[];
}

/** A guest memory + oracle on which calls are made through one binding. */
export class Binding {
  readonly log: HostCall[] = [];
  readonly memory: Uint8Array;
  private readonly machine = new Machine(new Memory(MEMORY_BYTES));
  private readonly call: (name: string, args: number[]) => { value?: number; error?: string };

  /** `logged`: with a call log (the generic path); without one the bindings take their fast path */
  constructor(
    readonly kind: BindingName,
    readonly oracle: OracleSession = new OracleSession(),
    logged = true,
  ) {
    const sink = collectingSink().sink;
    const io = { sink, oracle, ...(logged ? { log: this.log } : {}) };
    if (kind === 'ecall') {
      this.memory = this.machine.memory.u8;
      const registry = ecallHost(io);
      this.call = (name, args) => {
        const entry = HOST_IMPORTS.find((h) => h.name === name)!;
        args.forEach((a, i) => (this.machine.regs[10 + i] = a));
        this.machine.regs[17] = entry.ecall;
        const result = registry.ecall(this.machine);
        if (result.kind === 'continue') return entry.results.length ? { value: this.machine.regs[10] } : {};
        return { error: 'message' in result ? result.message : `stopped: ${result.kind}` };
      };
    } else {
      const memory = new Uint8Array(MEMORY_BYTES);
      this.memory = memory;
      const imports = wasmImports(io, () => memory);
      this.call = (name, args) => {
        try {
          const value = imports.zkos[name](...args);
          return value === undefined ? {} : { value };
        } catch (e) {
          const stop = hostStopOutcome(e);
          if (!stop) throw e;
          return { error: 'message' in stop ? stop.message : `stopped: ${stop.kind}` };
        }
      };
    }
  }

  invoke(name: string, ...args: number[]): { value?: number; error?: string } {
    return this.call(name, args);
  }

  words(ptr: number, count: number): Uint32Array {
    return Uint32Array.from({ length: count }, (_, i) => new DataView(this.memory.buffer, this.memory.byteOffset).getUint32(ptr + 4 * i, true));
  }

  setWords(ptr: number, words: ArrayLike<number>): void {
    const view = new DataView(this.memory.buffer, this.memory.byteOffset);
    for (let i = 0; i < words.length; i++) view.setUint32(ptr + 4 * i, words[i], true);
  }

  setBytes(ptr: number, bytes: Uint8Array): void {
    this.memory.set(bytes, ptr);
  }
}

export const BINDINGS: readonly BindingName[] = ['ecall', 'wasm'];
