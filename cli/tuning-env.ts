// Compiler settings a run may take from the environment (the CLI and the benchmark import this
// first), so that the figures behind a setting can be measured again without editing code:
//   ZKOS_COLD_RUNS=N  runs of a block under the interpreter before it is compiled (COMPILER_TUNING.coldRuns)
//   ZKOS_WASM_TIER=0  every compiled region in JavaScript, none in WebAssembly (COMPILER_TUNING.wasm)
// e.g. the ERC-20 block with every block compiled at its first run, against the default:
//   ZKOS_COLD_RUNS=0 node bin/zkos.mjs block programs/blocks/erc20.json --target riscv --json
import { COMPILER_TUNING } from '../emulator/compiler/cache';

const cold = process.env.ZKOS_COLD_RUNS;
if (cold !== undefined) {
  if (!/^\d+$/.test(cold)) {
    process.stderr.write(`zkos: ZKOS_COLD_RUNS must be a whole number of runs, got ${JSON.stringify(cold)}\n`);
    process.exit(2);
  }
  COMPILER_TUNING.coldRuns = Number(cold);
}

const wasm = process.env.ZKOS_WASM_TIER;
if (wasm !== undefined) {
  if (wasm !== '0' && wasm !== '1') {
    process.stderr.write(`zkos: ZKOS_WASM_TIER must be 0 (off) or 1 (on), got ${JSON.stringify(wasm)}\n`);
    process.exit(2);
  }
  COMPILER_TUNING.wasm = wasm === '1';
}
