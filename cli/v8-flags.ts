// V8 settings for the processes that run guests (the CLI and the benchmark), imported first.
//
// On-stack replacement compiled on the main thread: with background compilation, the code V8
// installs for a hot loop depends on when each compile job finishes relative to the guest's
// progress, and the same program ran at very different speeds from one process to the next (`mix`
// in compiled mode at 650-810 MIPS in four processes out of five and ~2,000 in the fifth). V8 (11.x,
// Node 20) compiles on-stack replacement on a switch of its own, and the compiled mode's long-running
// region loops are entered through it: with --no-concurrent-osr, five processes in a row ran `mix`
// at 1,760-2,150 MIPS. The pauses are a few ms each.
//
// Whole-function compiles stay on V8's background thread: --no-concurrent-recompilation is read when
// V8 starts, and set here it has no effect (`node --trace-opt` still shows "mode:
// ConcurrencyMode::kConcurrent" for them; only on node's command line does it make them
// synchronous). To see the effect of the OSR switch, run the bench a few times with it back on:
//   ZKOS_V8_CONCURRENT_RECOMPILATION=1 npm run bench -- --suite compiler --only mix
import { setFlagsFromString } from 'node:v8';

if (process.env.ZKOS_V8_CONCURRENT_RECOMPILATION !== '1') setFlagsFromString('--no-concurrent-osr');
