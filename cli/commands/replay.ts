// `zkos replay <elf|wasm> --tape <file>`: re-runs a guest with a recorded non-determinism tape as
// its only source of oracle answers (no input, no handlers) and reports the same outputs as the run.
import { Command, Option } from 'commander';
import { DEFAULT_INTERPRETER, DEFAULT_MAX_CYCLES, INTERPRETERS, type InterpreterName } from '../../emulator/execute';
import { DEFAULT_MEMORY_SIZE } from '../../emulator/memory';
import { TapeError } from '../../oracle/tape';
import { EXIT } from '../errors';
import { isWasm, parseCount, parseMemory } from '../inputs';
import { replayOracle } from '../oracle';
import { runAction } from './run';
import { runAirbenderAction } from './run-airbender';

interface ReplayOptions {
  tape: string;
  native?: boolean;
  maxCycles: number;
  memory: number;
  interpreter: InterpreterName;
  json?: boolean;
  quiet?: boolean;
  airbender?: boolean;
  airbenderBlake2s?: 'x13' | 'x12';
}

export function replayCommand(): Command {
  return new Command('replay')
    .description('re-run a guest with a recorded non-determinism tape as its only oracle (zkos run --tape-out records one)')
    .argument('<file>', 'the guest: rv32im ELF, or .wasm (run natively)')
    .requiredOption('--tape <file>', 'the tape file written by zkos run --tape-out')
    .option('--airbender', 'replay a ZKsync Airbender image: the tape is the hex word file zkos run --airbender --tape-out wrote (docs/airbender.md)')
    .addOption(new Option('--airbender-blake2s <convention>', "with --airbender: CSR 0x7c7's calling convention, x13 or x12 (as zkos run)").choices(['x13', 'x12']).default('x13'))
    .option('--native', 'run a WebAssembly module natively on V8 (implied by a file starting with \\0asm)')
    .option('--max-cycles <n>', `stop after this many instructions (default ${DEFAULT_MAX_CYCLES})`, parseCount, DEFAULT_MAX_CYCLES)
    .option('--memory <size>', `guest memory size (default ${DEFAULT_MEMORY_SIZE / 2 ** 20}M)`, parseMemory, DEFAULT_MEMORY_SIZE)
    .addOption(new Option('--interpreter <name>', 'which interpreter runs the guest').choices(Object.keys(INTERPRETERS)).default(DEFAULT_INTERPRETER))
    .option('--json', 'print one JSON object, as zkos run --json does')
    .option('-q, --quiet', 'no summary line')
    .addHelpText(
      'after',
      `
Output, summary and exit status are those of zkos run. A tape that runs out or whose answers do not
fit the guest's queries stops the run with a trap saying where (tape word, query number, query);
a tape with answers left over after the run is an error (exit status ${EXIT.BAD_INPUT}), as is a damaged tape file.
With --airbender: the guest's CSR 0x7c0 reads take the tape's words in order; reading past its end
stops the run with an error naming the cycle and pc (exit status ${EXIT.TRAP}), where a normal input
would give 0; the default cycle limit is Airbender's, 32,000,000.`,
    )
    .action(async (file: string, opts: ReplayOptions, command: Command) => {
      if (opts.airbender) {
        const maxCycles = command.getOptionValueSource('maxCycles') === 'default' ? undefined : opts.maxCycles;
        process.exitCode = runAirbenderAction(file, { json: opts.json, quiet: opts.quiet, maxCycles, tape: opts.tape, blake2s: opts.airbenderBlake2s });
        return;
      }
      const oracle = replayOracle(opts.tape);
      const native = opts.native || isWasm(file);
      // the native runner (and binaryen, which it needs) loads only for a native run
      const status = native ? (await import('./run-native')).runNativeAction(file, { ...opts, oracle }) : runAction(file, { ...opts, oracle });
      // a run that trapped or hit the cycle limit did not get to read the whole tape
      if (status === EXIT.TRAP || status === EXIT.CYCLE_LIMIT) return void (process.exitCode = status);
      try {
        oracle.finish();
        process.exitCode = status;
      } catch (e) {
        if (!(e instanceof TapeError)) throw e;
        process.stderr.write(`zkos: error: ${opts.tape}: ${e.message}\n`);
        process.exitCode = EXIT.BAD_INPUT;
      }
    });
}
