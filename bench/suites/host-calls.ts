// Suite `host-calls`: the cost of one host call from a WebAssembly guest in the native binding
// (oracle/host.ts wasmImports), per function, with and without the call log the diff uses; and
// u256_op on the native runner's fast path (oracle/native-accel.ts, WebAssembly over guest memory).
import { wasmImports } from '../../oracle/host';
import { instantiateFastAccel, SECP256K1_P_WORDS } from '../../oracle/native-accel';
import { U256_OP } from '../../toolchain/wasm/abi';
import { medianOf, type Figure, type Suite } from '../suite';
import { commas } from '../../emulator/commas';

const CALLS = 20_000;
/** mont_mul's modulus (secp256k1's p) at this 512-byte aligned address: the op word carries it */
const M_AT = 512;
const MONT_MUL = U256_OP.MONT_MUL | M_AT;
/** Operands in a 64 KiB memory: a at 64, b at 128 (both below p), out at 192; p at 512; a keccak state at 1024; BLAKE2s h at 1280, m at 1312. */
const CASES: Record<string, (imports: Record<string, Record<string, (...args: number[]) => unknown>>) => void> = {
  'u256_op mul_lo': (i) => i.zkos.u256_op(U256_OP.MUL_LO, 64, 128, 192),
  'u256_op add': (i) => i.zkos.u256_op(U256_OP.ADD, 64, 128, 192),
  'u256_op mont_mul': (i) => i.zkos.u256_op(MONT_MUL, 64, 128, 192),
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
    const wasmMemory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const memory = new Uint8Array(wasmMemory.buffer);
    // operands with varied bit patterns rather than zeros; a and b below p (top words below p's)
    for (let i = 0; i < 2048; i++) memory[i] = (i * 167 + 13) & 0xff;
    const words = new Uint32Array(wasmMemory.buffer);
    words.set(SECP256K1_P_WORDS, M_AT / 4);
    words[64 / 4 + 7] &= 0x7fffffff;
    words[128 / 4 + 7] &= 0x7fffffff;
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
        detail: `${withLog.toFixed(2)} µs/call with the call log; ${commas(CALLS)} calls per run`,
        reproduce: `npm run bench -- --suite host-calls --only ${name.split(' ')[0]}`,
      });
    }
    // the native runner's fast path: the same calls served in WebAssembly (called here from JavaScript,
    // so each figure includes a JS-to-WebAssembly call; from the guest it is a WebAssembly-to-WebAssembly call)
    const fast = instantiateFastAccel(wasmMemory, {
      u256_op: () => {
        throw new Error('host-calls: the fast u256_op fell back to the simple path');
      },
      keccak_f: () => {
        throw new Error('host-calls: the fast keccak_f fell back to the simple path');
      },
    });
    for (const [name, op] of [['mul_lo', U256_OP.MUL_LO], ['add', U256_OP.ADD], ['mont_mul', MONT_MUL]] as const) {
      if (only && !`u256_op ${name}`.startsWith(only) && only !== 'fast') continue;
      const perCall = medianOf(runs, () => microsecondsPerCall(() => fast.u256_op(op, 64, 128, 192)), (t) => t);
      figures.push({
        label: `native fast path u256_op ${name}`,
        value: perCall,
        unit: 'µs/call',
        detail: `oracle/native-accel.ts, called from JavaScript; ${commas(CALLS)} calls per run`,
        reproduce: 'npm run bench -- --suite host-calls --only fast',
      });
    }
    if (!only || only === 'fast' || 'keccak_f'.startsWith(only)) {
      const perCall = medianOf(runs, () => microsecondsPerCall(() => fast.keccak_f(1024)), (t) => t);
      figures.push({
        label: 'native fast path keccak_f',
        value: perCall,
        unit: 'µs/call',
        detail: `oracle/native-accel.ts, called from JavaScript; ${commas(CALLS)} calls per run`,
        reproduce: 'npm run bench -- --suite host-calls --only fast',
      });
    }
    return figures;
  },
};
