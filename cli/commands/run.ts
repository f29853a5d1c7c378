// `zkos run <file>`: load an ELF (or flat image), run it, stream its output, print a summary;
// a WebAssembly guest (or --native) runs natively on V8 instead (cli/commands/run-native.ts).
import { Command, Option } from 'commander';
import { DEFAULT_INTERPRETER, DEFAULT_MAX_CYCLES, execute, INTERPRETERS, type InterpreterName } from '../../emulator/execute';
import { collectingSink, type OutputSink } from '../../emulator/ecall';
import { DEFAULT_MEMORY_SIZE } from '../../emulator/memory';
import { EXIT, UserError } from '../errors';
import { formatSummary, formatTrap, hex32, outputField } from '../format';
import { isWasm, loadProgramFile, parseCount, parseMemory, withFileName } from '../inputs';
import { Progress } from '../progress';
import { ecallHost } from '../../oracle/host';
import { runAirbenderAction } from './run-airbender';
import { formatOracleSummary, liveOracle, oracleReport, writeTapeFile } from '../oracle';
import type { OracleSession } from '../../oracle/session';
import { formatProfile, profileByFunction, profileReport } from '../../emulator/profile';
import { profileExecute, type ProfiledExecution } from '../../emulator/profile-run';
import { DEFAULT_PROFILE_TOP } from './run-airbender';
import { commas } from '../../emulator/commas';

interface RunOptions {
  flat?: boolean;
  airbender?: boolean;
  /** Airbender's CSR 0x7C7 convention: x13 (risc_v_simulator) or x12 (riscv_transpiler) */
  airbenderBlake2s?: 'x13' | 'x12';
  maxCycles: number;
  memory: number;
  json?: boolean;
  interpreter: InterpreterName;
  quiet?: boolean;
  native?: boolean;
  input?: string;
  tapeOut?: string;
  /** the run's oracle (zkos replay passes one reading a tape); default: live over --input */
  oracle?: OracleSession;
  /** count instructions per pc (single-stepped fast interpreter) and print the hottest functions */
  profile?: boolean;
  profileTop?: number;
}

export function runCommand(): Command {
  return new Command('run')
    .description('run an rv32im ELF executable (or a flat binary with --flat) on the emulator, or a WebAssembly guest natively')
    .argument('<file>', 'ELF32 RISC-V executable, flat binary image with --flat, or guest .wasm')
    .option('--flat', 'load the file as a flat binary at address 0 (Airbender image format)')
    .option('--airbender', 'run a flat image built for ZKsync Airbender (CSR host interface, docs/airbender.md); --input is then a hex word file')
    .addOption(new Option('--airbender-blake2s <convention>', "with --airbender: CSR 0x7c7's calling convention, x13 (risc_v_simulator) or x12 (riscv_transpiler, control packed in x12)").choices(['x13', 'x12']).default('x13'))
    .option('--native', 'run a guest WebAssembly module natively on V8 (implied by a file starting with \\0asm)')
    .option('--max-cycles <n>', `stop after this many instructions (default ${DEFAULT_MAX_CYCLES})`, parseCount, DEFAULT_MAX_CYCLES)
    .option('--memory <size>', `guest memory size, e.g. 64M, 1G, 0x400000 (default ${DEFAULT_MEMORY_SIZE / 2 ** 20}M)`, parseMemory, DEFAULT_MEMORY_SIZE)
    .addOption(new Option('--interpreter <name>', 'which interpreter runs the guest').choices(Object.keys(INTERPRETERS)).default(DEFAULT_INTERPRETER))
    .option('--json', 'print one JSON object (output, exit, cycles, trap, registers) instead of streaming')
    .option('-q, --quiet', 'no summary line')
    .option('--input <file>', "the run's input, answered to the guest's input_size and input_read queries (docs/oracle.md)")
    .option('--tape-out <file>', "write the non-determinism tape (every oracle answer) to this file, for zkos replay; with --airbender, the words CSR 0x7c0 gave the guest, in Airbender's hex input format")
    .option('--profile', 'count retired instructions per pc and print the hottest functions (64-byte address ranges without symbols) after the summary; runs single-stepped, slower')
    .option('--profile-top <n>', `rows of the profile (default ${DEFAULT_PROFILE_TOP})`, parseCount)
    .addHelpText(
      'after',
      `
Exit status: the guest's exit code (modulo 256); ${EXIT.TRAP} when the guest traps; ${EXIT.CYCLE_LIMIT} at the
cycle limit; ${EXIT.BAD_INPUT} for bad input (unreadable or malformed file, bad option).
The guest's writes to fd 1 and 2 go to stdout and stderr; the summary goes to stderr.
Natively (--native) there are no cycles: the summary gives the wall time; --max-cycles,
--memory, --interpreter and --flat do not apply.
With --airbender (docs/airbender.md): status 0 when the guest halts (j .), 3 on its error exit
(CSR 0xc00); the default cycle limit is Airbender's, 32,000,000; --memory and --interpreter do not apply.`,
    )
    .action(async (file: string, opts: RunOptions, command: Command) => {
      if (opts.airbender) {
        const maxCycles = command.getOptionValueSource('maxCycles') === 'default' ? undefined : opts.maxCycles;
        process.exitCode = runAirbenderAction(file, { ...opts, maxCycles, blake2s: opts.airbenderBlake2s });
        return;
      }
      const native = opts.native || (!opts.flat && isWasm(file));
      if (native && opts.profile) throw new UserError('--profile counts emulated instructions: it does not apply to a native (WebAssembly) run');
      // the native runner (and binaryen, which it needs) loads only for a native run
      process.exitCode = native ? (await import('./run-native')).runNativeAction(file, opts) : runAction(file, opts);
    });
}

export function runAction(file: string, opts: RunOptions): number {
  const program = loadProgramFile(file, opts.flat);
  const oracle = opts.oracle ?? liveOracle(opts.input);
  const collected = collectingSink();
  const streaming: OutputSink = (fd, bytes) => (fd === 1 ? process.stdout : process.stderr).write(bytes);
  const progress = opts.json ? undefined : new Progress(opts.maxCycles);
  const started = performance.now();
  let counts: ProfiledExecution['counts'] | undefined;
  const { result, machine } = withFileName(file, () => {
    if (opts.profile) {
      const profiled = profileExecute(program, {
        memorySize: opts.memory,
        maxCycles: opts.maxCycles,
        host: ecallHost({ sink: opts.json ? collected.sink : streaming, oracle }),
        onProgress: progress?.update,
      });
      counts = profiled.counts;
      return profiled;
    }
    return execute(program, {
      memorySize: opts.memory,
      maxCycles: opts.maxCycles,
      interpreter: opts.interpreter,
      sink: opts.json ? collected.sink : streaming,
      host: ecallHost({ sink: opts.json ? collected.sink : streaming, oracle }),
      onProgress: progress?.update,
    });
  });
  const profile = counts ? profileByFunction(counts.entries(), program.symbols) : undefined;
  const top = opts.profileTop ?? DEFAULT_PROFILE_TOP;
  const seconds = (performance.now() - started) / 1000;
  progress?.clear();
  const status = result.kind === 'exit' ? result.exitCode & 0xff : result.kind === 'trap' ? EXIT.TRAP : EXIT.CYCLE_LIMIT;
  if (opts.tapeOut) writeTapeFile(opts.tapeOut, oracle);

  if (opts.json) {
    const report = {
      file,
      status: result.kind,
      exitCode: result.kind === 'exit' ? result.exitCode : null,
      cycles: result.cycles,
      seconds,
      mips: seconds > 0 ? result.cycles / seconds / 1e6 : null,
      pc: hex32(machine.pc),
      trap: result.kind === 'trap' ? { ...result.trap, pc: hex32(result.trap.pc), instruction: hex32(result.trap.instruction), address: result.trap.address === undefined ? undefined : hex32(result.trap.address) } : null,
      ...outputField('stdout', collected.stdout()),
      ...outputField('stderr', collected.stderr()),
      registers: machine.registers().map(hex32),
      ...oracleReport(oracle, result.cycles),
      ...(profile ? { profile: profileReport(profile, top) } : {}),
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return status;
  }
  if (result.kind === 'trap') process.stderr.write(formatTrap(result.trap, machine, program.symbols) + '\n');
  if (result.kind === 'cycle-limit') {
    process.stderr.write(`zkos: stopped at the cycle limit (${commas(opts.maxCycles)}) at pc ${hex32(machine.pc)}; raise it with --max-cycles\n`);
  }
  if (!opts.quiet) {
    process.stderr.write(formatSummary(result, { seconds }) + '\n');
    for (const line of formatOracleSummary(oracle, result.cycles)) process.stderr.write(line + '\n');
  }
  if (profile) for (const line of formatProfile(profile, top)) process.stderr.write(line + '\n');
  return status;
}
