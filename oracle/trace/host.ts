// The oracle's host for a traced run: the ecall bindings of oracle/host.ts plus what each call wrote
// to guest memory and its typed record (query, answer_read, commit, accelerators). The accelerators,
// called tens of thousands of times by the guest OS, go straight to oracle/zk-calls.ts with a
// recorder for their words; every other call goes through the bindings' call log.
import { CONTINUE } from '../../emulator/host';
import type { Machine } from '../../emulator/machine';
import type { EcallEffects, TraceHost } from '../../emulator/trace/record';
import { HOST_IMPORTS, ZK_ECALL } from '../../toolchain/wasm/abi';
import { u256OpWrites } from '../accelerators/u256';
import { HostFault } from '../guest-words';
import { ecallHost, type HostCall, type HostFunctionName, type HostIo } from '../host';
import { OracleSession } from '../session';
import { blake2sCompressCall, CallWords, keccakFCall, u256OpCall } from '../zk-calls';

const NONE: EcallEffects = Object.freeze({ writes: [] });

/**
 * Per logged function, the word range of guest memory a returned call wrote (of the call-log
 * functions only answer_read writes; the accelerators say their own range, ACCELERATORS below).
 */
const WRITES: Partial<Record<HostFunctionName, (call: HostCall) => { address: number; count: number } | undefined>> = {
  answer_read: (c) => ({ address: c.args[0], count: c.data?.output.length ?? 0 }),
};

const ECALL_OF = new Map<string, number>(HOST_IMPORTS.map((e) => [e.name, e.ecall]));

/**
 * An accelerator on the machine's registers with a recorder: returns a0 and the range it wrote.
 * Same functions as the bindings' (zk-calls.ts), so the traced run computes and faults as the plain one.
 */
type Accelerator = (session: OracleSession, memory: Uint8Array, r: Int32Array, record: CallWords, wrote: { address: number; count: number }) => number;
const ACCELERATORS: ReadonlyMap<number, Accelerator> = new Map<number, Accelerator>([
  [ZK_ECALL.KECCAK_F, (s, m, r, rec, wrote) => ((wrote.address = r[10] >>> 0), (wrote.count = 50), keccakFCall(s, m, r[10], rec))],
  [ZK_ECALL.BLAKE2S_COMPRESS, (s, m, r, rec, wrote) => ((wrote.address = r[10] >>> 0), (wrote.count = 8), blake2sCompressCall(s, m, r[10], r[11], r[12], r[13], r[14], rec))],
  [ZK_ECALL.U256_OP, (s, m, r, rec, wrote) => ((wrote.address = r[13] >>> 0), (wrote.count = u256OpWrites(r[10] >>> 0) ? 8 : 0), u256OpCall(s, m, r[10], r[11], r[12], r[13], rec))],
]);

/** The ecall host of `io` (its oracle answers; write goes to io.sink) that reports each call's effects. */
export function traceHost(io: Omit<HostIo, 'log'>): TraceHost {
  const log: HostCall[] = [];
  const oracle = io.oracle ?? new OracleSession();
  const registry = ecallHost({ ...io, oracle, log });
  let effects: EcallEffects | undefined;
  // an accelerator call's effects: objects reused call after call (lastEffects is read before the next)
  const words = new CallWords();
  const wrote = { address: 0, count: 0 };
  const record = { kind: 0, input: words.words.subarray(0, 0), output: words.words.subarray(0, 0) };
  const withWrite: EcallEffects = { writes: [wrote], record };
  const withoutWrite: EcallEffects = { writes: [], record };
  const accelerator = (machine: Machine, number: number, run: Accelerator) => {
    try {
      machine.regs[10] = run(oracle, machine.memory.u8, machine.regs, words, wrote);
      record.kind = number;
      record.input = words.words.subarray(0, words.inputLength);
      record.output = words.words.subarray(CallWords.OUTPUT_AT, CallWords.OUTPUT_AT + words.outputLength);
      effects = wrote.count > 0 ? withWrite : withoutWrite;
      return CONTINUE;
    } catch (e) {
      effects = NONE;
      if (e instanceof HostFault) return { kind: 'trap' as const, message: e.message };
      throw e;
    }
  };
  return {
    ecall: (machine) => {
      const number = machine.regs[17] >>> 0;
      const run = ACCELERATORS.get(number);
      if (run) return accelerator(machine, number, run);
      effects = undefined;
      return registry.ecall(machine);
    },
    lastEffects(): EcallEffects {
      if (effects) return effects;
      const call = log.pop();
      log.length = 0;
      if (!call || call.outcome.kind !== 'return') return NONE;
      const range = WRITES[call.name]?.(call);
      const writes = range && range.count > 0 ? [range] : [];
      const record = call.data && { kind: ECALL_OF.get(call.name) ?? 0, input: Uint32Array.from(call.data.input), output: Uint32Array.from(call.data.output) };
      return { writes, ...(record && { record }) };
    },
  };
}
