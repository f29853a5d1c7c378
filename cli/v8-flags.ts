// V8 settings for the processes that run guests (the CLI and the benchmark), imported first.
//
// Optimising compilation on the main thread: with background compilation, the code V8 installs
// for the interpreter loop depends on when each compile job finishes relative to the guest's
// progress, and the same program ran at either ~115 or ~218 MIPS from one process to the next
// (bench `mix`). Compiling synchronously makes the speed repeatable; the pauses are a few ms.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-concurrent-recompilation');
