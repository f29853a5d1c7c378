// `zkos run --airbender <image>`: run a flat image built for ZKsync Airbender (CSR host interface,
// `j .` to stop), print its UART messages as they come, then the 8 output words and a summary.
import { AirbenderInputError, parseAirbenderInput } from '../../emulator/airbender/input';
import { disassembleAirbender } from '../../emulator/airbender/disasm';
import { AIRBENDER_DEFAULT_MAX_CYCLES, runAirbenderImage } from '../../emulator/airbender/machine';
import type { AirbenderResult, AirbenderTrap } from '../../emulator/airbender/result';
import type { Machine } from '../../emulator/machine';
import { EXIT, UserError } from '../errors';
import { formatRegisters, hex32 } from '../format';
import { readInputFile, withFileName } from '../inputs';
import { Progress } from '../progress';

export interface AirbenderRunOptions {
  /** undefined: Airbender's default (32,000,000) */
  readonly maxCycles?: number;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Airbender's input format: hex text, 8 characters per word */
  readonly input?: string;
  /** CSR 0x7C7's calling convention (default x13, as risc_v_simulator) */
  readonly blake2s?: 'x13' | 'x12';
}

/** Exit status of a guest that took ZKsync OS's error exit (CSR 0xC00). */
export const AIRBENDER_ERROR_EXIT_STATUS = 3;

const STATUS: Readonly<Record<AirbenderResult['stop']['kind'], number>> = {
  halt: 0,
  'error-exit': AIRBENDER_ERROR_EXIT_STATUS,
  trap: EXIT.TRAP,
  'cycle-limit': EXIT.CYCLE_LIMIT,
};

function readInput(file: string | undefined): Uint32Array | undefined {
  if (file === undefined) return undefined;
  const text = Buffer.from(readInputFile(file)).toString('latin1');
  try {
    return parseAirbenderInput(text);
  } catch (e) {
    if (e instanceof AirbenderInputError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

const lossy = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

export function runAirbenderAction(file: string, opts: AirbenderRunOptions): number {
  const image = readInputFile(file);
  const input = readInput(opts.input);
  const maxCycles = opts.maxCycles ?? AIRBENDER_DEFAULT_MAX_CYCLES;
  const progress = opts.json ? undefined : new Progress(maxCycles);
  const started = performance.now();
  const { result, machine } = withFileName(file, () =>
    runAirbenderImage(image, {
      input,
      maxCycles,
      blake2s: opts.blake2s,
      onUart: opts.json ? undefined : (message) => { progress?.clear(); process.stdout.write(`UART: ${lossy(message)}\n`); },
      onProgress: progress?.update,
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  progress?.clear();
  const status = STATUS[result.stop.kind];
  if (opts.json) {
    process.stdout.write(JSON.stringify(airbenderReport(file, result, seconds), null, 2) + '\n');
    return status;
  }
  process.stdout.write(`output (x10..x17): ${result.output.map(hex32).join(' ')}\n`);
  const stop = result.stop;
  if (stop.kind === 'trap') process.stderr.write(formatAirbenderTrap(stop.trap, machine) + '\n');
  if (stop.kind === 'error-exit') process.stderr.write(`zkos: the guest took its error exit (CSR 0xc00) at pc ${hex32(stop.pc)}\n`);
  if (stop.kind === 'cycle-limit') {
    process.stderr.write(`zkos: stopped at the cycle limit (${maxCycles.toLocaleString('en-US')}) at pc ${hex32(result.pc)}; raise it with --max-cycles\n`);
  }
  if (!opts.quiet) process.stderr.write(formatAirbenderSummary(result, seconds) + '\n');
  return status;
}

export function airbenderReport(file: string, result: AirbenderResult, seconds: number) {
  const stop = result.stop;
  return {
    file,
    mode: 'airbender',
    status: stop.kind,
    cycles: result.cycles,
    seconds,
    pc: hex32(result.pc),
    output: result.output.map(hex32),
    trap: stop.kind === 'trap' ? { ...stop.trap, pc: hex32(stop.trap.pc), instruction: hex32(stop.trap.instruction), address: stop.trap.address === undefined ? undefined : hex32(stop.trap.address) } : null,
    errorExit: stop.kind === 'error-exit' ? { pc: hex32(stop.pc), instruction: hex32(stop.instruction) } : null,
    markers: result.markers,
    delegations: result.delegations,
    input: { words: result.inputWords, reads: result.inputReads },
    uart: result.uart.map(lossy),
    registers: result.registers.map(hex32),
  };
}

export function formatAirbenderTrap(trap: AirbenderTrap, machine: Machine): string {
  const text = trap.kind === 'instruction-fault' ? '(no instruction: fetch failed)' : disassembleAirbender(trap.instruction, trap.pc);
  return [
    `trap: ${trap.kind}: ${trap.message}`,
    `  at pc ${hex32(trap.pc)}: ${hex32(trap.instruction)}  ${text}`,
    `  after ${machine.cycles.toLocaleString('en-US')} instructions; registers:`,
    formatRegisters(machine),
  ].join('\n');
}

export function formatAirbenderSummary(result: AirbenderResult, seconds: number): string {
  const stop = result.stop;
  const status = stop.kind === 'halt' ? 'halted (j .)' : stop.kind === 'error-exit' ? 'error exit' : stop.kind === 'trap' ? `trap (${stop.trap.kind})` : 'cycle limit reached';
  const mips = seconds > 0 ? result.cycles / seconds / 1e6 : 0;
  const d = result.delegations;
  return (
    `zkos: airbender: ${status}; ${result.cycles.toLocaleString('en-US')} cycles in ${seconds.toFixed(3)} s (${mips.toFixed(1)} MIPS); ` +
    `${result.markers.length} markers; delegations: blake2s ${d.blake2s}, u256 ${d.u256}, keccak ${d.keccak}; input ${result.inputReads}/${result.inputWords} words read`
  );
}

