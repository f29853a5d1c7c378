// V8 settings for the processes that run guests (the CLI and the benchmark), imported first.
//
// Optimising compilation on the main thread: with background compilation, the code V8 installs
// for the interpreter loop depends on when each compile job finishes relative to the guest's
// progress, and the same program ran at either ~115 or ~218 MIPS from one process to the next
// (`mix` on the fast interpreter). Compiling synchronously makes the speed repeatable; the pauses
// are a few ms. To see the effect, run the bench a few times with background compilation back on:
//   ZKOS_V8_CONCURRENT_RECOMPILATION=1 npm run bench -- --suite interpreter --only mix
import { setFlagsFromString } from 'node:v8';

if (process.env.ZKOS_V8_CONCURRENT_RECOMPILATION !== '1') setFlagsFromString('--no-concurrent-recompilation');
