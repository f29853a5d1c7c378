// Suite `host-calls`: the cost of one host call from a WebAssembly guest in the native binding
// (oracle/host.ts wasmImports), per function, with and without the call log the diff uses.
import { wasmImports } from '../../oracle/host';
import { medianOf, type Figure, type Suite } from '../suite';

const CALLS = 20_000;
/** Operands in a 64 KiB memory: a at 64, b at 128, out at 192; a keccak state at 1024; BLAKE2s h at 1280, m at 1312. */
const CASES: Record<string, (imports: Record<string, Record<string, (...args: number[]) => unknown>>) => void> = {
  'u256_op mul_lo': (i) => i.zkos.u256_op(2, 64, 128, 192),
  'u256_op add': (i) => i.zkos.u256_op(0, 64, 128, 192),
  keccak_f: (i) => i.zkos.keccak_f(1024),
  blake2s_compress: (i) => i.zkos.blake2s_compress(1280, 1312, 64, 0, 0),
  'write (0 bytes)': (i) => i.zkos.write(1, 0, 0),
};

function microsecondsPerCall(call: () => void): number {
  const started = performance.now();
  for (let k = 0; k < CALLS; k++) call();
  return ((performance.now() - started) * 1000) / CALLS;
}

export const hostCallsSuite: Suite = {
  name: 'host-calls',
  description: 'microseconds per native host call (the WebAssembly binding of oracle/host.ts)',
  run({ only, runs }) {
    const memory = new Uint8Array(1 << 16);
    // operands with varied bit patterns rather than zeros
    for (let i = 0; i < 2048; i++) memory[i] = (i * 167 + 13) & 0xff;
    const plain = wasmImports({ sink: () => {} }, () => memory) as never;
    const log: unknown[] = [];
    const logged = wasmImports({ sink: () => {}, log: log as never }, () => memory) as never;
    const figures: Figure[] = [];
    for (const [name, call] of Object.entries(CASES)) {
      if (only && !name.startsWith(only)) continue;
      const bare = medianOf(runs, () => microsecondsPerCall(() => call(plain)), (t) => t);
      // the log is emptied before each run, so the figure is the logging cost, not a growing heap
      const withLog = medianOf(runs, () => ((log.length = 0), microsecondsPerCall(() => call(logged))), (t) => t);
      figures.push({
        label: `native ${name}`,
        value: bare,
        unit: 'µs/call',
        detail: `${withLog.toFixed(2)} µs/call with the call log; ${CALLS.toLocaleString('en-US')} calls per run`,
        reproduce: `npm run bench -- --suite host-calls --only ${name.split(' ')[0]}`,
      });
    }
    return figures;
  },
};
