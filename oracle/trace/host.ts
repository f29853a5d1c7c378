// The oracle's host for a traced run: the ecall bindings of oracle/host.ts plus what each call wrote
// to guest memory and its typed record (query, answer_read, commit, accelerators), from the call log.
import type { EcallEffects, TraceHost } from '../../emulator/trace/record';
import { HOST_IMPORTS } from '../../toolchain/wasm/abi';
import { ecallHost, type HostCall, type HostFunctionName, type HostIo } from '../host';

const NONE: EcallEffects = Object.freeze({ writes: [] });

/** Per function, the word range of guest memory a returned call wrote. */
const WRITES: Partial<Record<HostFunctionName, (call: HostCall) => { address: number; count: number } | undefined>> = {
  answer_read: (c) => ({ address: c.args[0], count: c.data?.output.length ?? 0 }),
  keccak_f: (c) => ({ address: c.args[0], count: 50 }),
  blake2s_compress: (c) => ({ address: c.args[0], count: 8 }),
  // output is out (8 words, absent for CMP) then the flag
  u256_op: (c) => ((c.data?.output.length ?? 1) > 1 ? { address: c.args[3], count: 8 } : undefined),
};

const ECALL_OF = new Map<string, number>(HOST_IMPORTS.map((e) => [e.name, e.ecall]));

/** The ecall host of `io` (its oracle answers; write goes to io.sink) that reports each call's effects. */
export function traceHost(io: Omit<HostIo, 'log'>): TraceHost {
  const log: HostCall[] = [];
  const registry = ecallHost({ ...io, log });
  return {
    ecall: (machine) => registry.ecall(machine),
    lastEffects(): EcallEffects {
      const call = log.pop();
      log.length = 0;
      if (!call || call.outcome.kind !== 'return') return NONE;
      const range = WRITES[call.name]?.(call);
      const writes = range && range.count > 0 ? [range] : [];
      const record = call.data && { kind: ECALL_OF.get(call.name) ?? 0, input: call.data.input, output: call.data.output };
      return { writes, ...(record && { record }) };
    },
  };
}
