// V8 settings for the processes that run guests (the CLI and the benchmark), imported first.
//
// Optimising compilation on the main thread: with background compilation, the code V8 installs
// for a hot loop depends on when each compile job finishes relative to the guest's progress, and
// the same program ran at very different speeds from one process to the next: `mix` on the fast
// interpreter at either ~115 or ~218 MIPS, and `mix` in compiled mode at 650-810 MIPS in four
// processes out of five and ~2,000 in the fifth. Two flags are needed: --no-concurrent-recompilation
// for ordinary tier-up, and --no-concurrent-osr for on-stack replacement, which V8 (11.x, Node 20)
// compiles in the background on its own switch. The second is what the compiled mode's long-running
// region loops depend on: with it, five processes in a row ran `mix` at 1,760-2,150 MIPS. Compiling
// synchronously makes the speed repeatable; the pauses are a few ms. To see the effect, run the
// bench a few times with background compilation back on:
//   ZKOS_V8_CONCURRENT_RECOMPILATION=1 npm run bench -- --suite compiler --only mix
import { setFlagsFromString } from 'node:v8';

if (process.env.ZKOS_V8_CONCURRENT_RECOMPILATION !== '1') {
  setFlagsFromString('--no-concurrent-recompilation');
  setFlagsFromString('--no-concurrent-osr');
}
