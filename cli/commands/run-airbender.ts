// `zkos run --airbender <image>`: run a flat image built for ZKsync Airbender (CSR host interface,
// `j .` to stop), print its UART messages as they come, then the 8 output words and a summary.
import { writeFileSync } from 'node:fs';
import { AirbenderHost } from '../../emulator/airbender/csr';
import { AirbenderInputError, formatAirbenderInput, parseAirbenderInput } from '../../emulator/airbender/input';
import { disassembleAirbender } from '../../emulator/airbender/disasm';
import { AIRBENDER_DEFAULT_MAX_CYCLES, type AirbenderRun } from '../../emulator/airbender/machine';
import { countsForImage, runAirbenderWithHost, TapeExhaustedError, TapeHost, tapeOf } from '../../emulator/airbender/tape';
import { formatProfile, profileByRange, profileReport } from '../../emulator/profile';
import type { AirbenderResult, AirbenderTrap } from '../../emulator/airbender/result';
import type { Machine } from '../../emulator/machine';
import { EXIT, UserError } from '../errors';
import { formatRegisters, hex32 } from '../format';
import { readInputFile, withFileName } from '../inputs';
import { Progress } from '../progress';
import { commas } from '../../emulator/commas';

export interface AirbenderRunOptions {
  /** undefined: Airbender's default (32,000,000) */
  readonly maxCycles?: number;
  readonly json?: boolean;
  readonly quiet?: boolean;
  /** Airbender's input format: hex text, 8 characters per word */
  readonly input?: string;
  /** CSR 0x7C7's calling convention (default x13, as risc_v_simulator) */
  readonly blake2s?: 'x13' | 'x12';
  /** count instructions per pc and print the hottest 64-byte ranges (single-stepped run) */
  readonly profile?: boolean;
  /** rows of the profile (default 20) */
  readonly profileTop?: number;
  /** write the words CSR 0x7C0 gave the guest (Airbender's hex input format) to this file */
  readonly tapeOut?: string;
  /** replay: the oracle words come from this tape only (written by --tape-out); running out stops the run */
  readonly tape?: string;
}

/** Default number of profile rows. */
export const DEFAULT_PROFILE_TOP = 20;

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
  const input = readInput(opts.tape ?? opts.input);
  const maxCycles = opts.maxCycles ?? AIRBENDER_DEFAULT_MAX_CYCLES;
  const progress = opts.json ? undefined : new Progress(maxCycles);
  const onUart = opts.json ? undefined : (message: Uint8Array) => { progress?.clear(); process.stdout.write(`UART: ${lossy(message)}\n`); };
  const host = opts.tape !== undefined ? new TapeHost(input, onUart) : new AirbenderHost(input, onUart);
  if (opts.blake2s) host.blake2sConvention = opts.blake2s;
  const counts = opts.profile ? countsForImage(image) : undefined;
  const started = performance.now();
  let run: AirbenderRun;
  try {
    run = withFileName(file, () => runAirbenderWithHost(image, host, { maxCycles, counts, onProgress: progress?.update }));
  } catch (e) {
    if (!(e instanceof TapeExhaustedError)) throw e;
    progress?.clear();
    return tapeExhausted(file, opts, e);
  }
  const { result, machine } = run;
  const seconds = (performance.now() - started) / 1000;
  progress?.clear();
  let status = STATUS[result.stop.kind];
  if (opts.tapeOut) writeFileSync(opts.tapeOut, formatAirbenderInput(tapeOf(host)) + '\n');
  const profile = counts ? profileByRange(counts.entries()) : undefined;
  const top = opts.profileTop ?? DEFAULT_PROFILE_TOP;
  // a replay that finished but left tape words unread did not re-run the recorded run
  const finished = result.stop.kind === 'halt' || result.stop.kind === 'error-exit';
  const unread = host instanceof TapeHost && finished ? host.unread : 0;
  const unreadMessage = `${opts.tape}: ${unread} tape word${unread === 1 ? '' : 's'} left unread after the run (the tape does not belong to this run)`;
  if (unread > 0) status = EXIT.BAD_INPUT;
  if (opts.json) {
    const report = {
      ...airbenderReport(file, result, seconds),
      ...(profile ? { profile: profileReport(profile, top) } : {}),
      ...(unread > 0 ? { error: unreadMessage } : {}),
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return status;
  }
  process.stdout.write(`output (x10..x17): ${result.output.map(hex32).join(' ')}\n`);
  const stop = result.stop;
  if (stop.kind === 'trap') process.stderr.write(formatAirbenderTrap(stop.trap, machine) + '\n');
  if (stop.kind === 'error-exit') process.stderr.write(`zkos: the guest took its error exit (CSR 0xc00) at pc ${hex32(stop.pc)}\n`);
  if (stop.kind === 'cycle-limit') {
    process.stderr.write(`zkos: stopped at the cycle limit (${commas(maxCycles)}) at pc ${hex32(result.pc)}; raise it with --max-cycles\n`);
  }
  if (!opts.quiet) process.stderr.write(formatAirbenderSummary(result, seconds) + '\n');
  if (profile) for (const line of formatProfile(profile, top)) process.stderr.write(line + '\n');
  if (unread > 0) process.stderr.write(`zkos: error: ${unreadMessage}\n`);
  return status;
}

/** A replay whose guest read past the tape's end: one clear error, status EXIT.TRAP. */
function tapeExhausted(file: string, opts: AirbenderRunOptions, e: TapeExhaustedError): number {
  if (opts.json) {
    const report = { file, mode: 'airbender', status: 'tape-exhausted', cycles: e.cycle, pc: hex32(e.pc), error: `${opts.tape}: ${e.message}` };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    process.stderr.write(`zkos: error: ${opts.tape}: ${e.message}\n`);
  }
  return EXIT.TRAP;
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
    `  after ${commas(machine.cycles)} instructions; registers:`,
    formatRegisters(machine),
  ].join('\n');
}

export function formatAirbenderSummary(result: AirbenderResult, seconds: number): string {
  const stop = result.stop;
  const status = stop.kind === 'halt' ? 'halted (j .)' : stop.kind === 'error-exit' ? 'error exit' : stop.kind === 'trap' ? `trap (${stop.trap.kind})` : 'cycle limit reached';
  const mips = seconds > 0 ? result.cycles / seconds / 1e6 : 0;
  const d = result.delegations;
  return (
    `zkos: airbender: ${status}; ${commas(result.cycles)} cycles in ${seconds.toFixed(3)} s (${mips.toFixed(1)} MIPS); ` +
    `${result.markers.length} markers; delegations: blake2s ${d.blake2s}, u256 ${d.u256}, keccak ${d.keccak}; input ${result.inputReads}/${result.inputWords} words read`
  );
}

