// `zkos run --native guest.wasm`: runs a guest's WebAssembly module on V8 with the oracle host and
// prints the same output and exit status as the RISC-V build under `zkos run guest.elf`.
import { collectingSink, type OutputSink } from '../../emulator/ecall';
import { NativeLoadError, runNative, type NativeResult } from '../../oracle/native';
import { EXIT, UserError } from '../errors';
import { outputField } from '../format';
import { readInputFile } from '../inputs';
import { formatOracleSummary, liveOracle, oracleReport, writeTapeFile } from '../oracle';
import type { OracleSession } from '../../oracle/session';

/** Runs `wasm` natively, turning a module that cannot run into a UserError naming the file. */
export function runNativeFile(file: string, wasm: Uint8Array, options: Parameters<typeof runNative>[1]): NativeResult {
  try {
    return runNative(wasm, options);
  } catch (e) {
    if (e instanceof NativeLoadError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

/** The exit status of `zkos run` for a native result: the exit code modulo 256, or EXIT.TRAP. */
export function nativeStatus(result: NativeResult): number {
  return result.kind === 'exit' ? result.exitCode & 0xff : EXIT.TRAP;
}

export function formatNativeSummary(result: NativeResult, seconds: number): string {
  const status = result.kind === 'exit' ? `exit code ${result.exitCode}` : `trap (abort${result.code === null ? '' : `, code ${result.code}`})`;
  return `zkos: ${status}; native run in ${seconds.toFixed(3)} s`;
}

export function runNativeAction(file: string, opts: { json?: boolean; quiet?: boolean; input?: string; tapeOut?: string; oracle?: OracleSession }): number {
  const wasm = readInputFile(file);
  const oracle = opts.oracle ?? liveOracle(opts.input);
  const collected = collectingSink();
  const streaming: OutputSink = (fd, bytes) => (fd === 1 ? process.stdout : process.stderr).write(bytes);
  const started = performance.now();
  const result = runNativeFile(file, wasm, { sink: opts.json ? collected.sink : streaming, oracle });
  const seconds = (performance.now() - started) / 1000;
  const status = nativeStatus(result);
  if (opts.tapeOut) writeTapeFile(opts.tapeOut, oracle);
  if (opts.json) {
    const report = {
      file,
      target: 'native',
      status: result.kind,
      exitCode: result.kind === 'exit' ? result.exitCode : null,
      seconds,
      trap: result.kind === 'trap' ? { code: result.code, message: result.message } : null,
      ...outputField('stdout', collected.stdout()),
      ...outputField('stderr', collected.stderr()),
      ...oracleReport(oracle),
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return status;
  }
  if (result.kind === 'trap') process.stderr.write(`trap: abort: ${result.message}${result.code === null ? '' : ` (code ${result.code})`}\n`);
  if (!opts.quiet) {
    process.stderr.write(formatNativeSummary(result, seconds) + '\n');
    for (const line of formatOracleSummary(oracle)) process.stderr.write(line + '\n');
  }
  return status;
}
