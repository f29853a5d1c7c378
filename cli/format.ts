// Formats run results for people: the summary line, trap reports with disassembly and registers.
import type { Machine } from '../emulator/machine';
import type { RunResult, Trap } from '../emulator/trap';
import { disassemble } from '../emulator/isa/disasm';
import { REGISTER_NAMES } from '../emulator/isa/table';
import type { ProgramSymbol } from '../emulator/loader/program';
import { commas } from '../emulator/commas';

const plural = (n: number, noun: string) => `${commas(n)} ${noun}${n === 1 ? '' : 's'}`;

export const hex32 = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** The function symbol containing `address`, as `name+0xoff`, or undefined. */
export function symbolize(address: number, symbols: readonly ProgramSymbol[]): string | undefined {
  let best: ProgramSymbol | undefined;
  for (const s of symbols) {
    if (s.address > address) break;
    if (s.kind !== 'object' && (s.size === 0 || address < s.address + s.size)) best = s;
  }
  if (!best) return undefined;
  const offset = address - best.address;
  return offset === 0 ? best.name : `${best.name}+0x${offset.toString(16)}`;
}

export function formatRegisters(machine: Machine): string {
  const lines: string[] = [];
  for (let row = 0; row < 8; row++) {
    const cells: string[] = [];
    for (let col = 0; col < 4; col++) {
      const r = row + col * 8;
      cells.push(`${`x${r}`.padStart(3)} ${REGISTER_NAMES[r].padEnd(4)} ${hex32(machine.regs[r])}`);
    }
    lines.push('  ' + cells.join('   '));
  }
  return lines.join('\n');
}

export function formatTrap(trap: Trap, machine: Machine, symbols: readonly ProgramSymbol[]): string {
  const where = symbolize(trap.pc, symbols);
  const text = trap.kind === 'instruction-fault' ? '(no instruction: fetch failed)' : disassemble(trap.instruction, trap.pc);
  return [
    `trap: ${trap.kind}: ${trap.message}`,
    `  at pc ${hex32(trap.pc)}${where ? ` <${where}>` : ''}: ${hex32(trap.instruction)}  ${text}`,
    `  after ${plural(machine.cycles, 'instruction')}; registers:`,
    formatRegisters(machine),
  ].join('\n');
}

export interface Timing {
  readonly seconds: number;
}

export function formatSummary(result: RunResult, timing: Timing): string {
  const mips = timing.seconds > 0 ? result.cycles / timing.seconds / 1e6 : 0;
  const status =
    result.kind === 'exit' ? `exit code ${result.exitCode}` : result.kind === 'trap' ? `trap (${result.trap.kind})` : 'cycle limit reached';
  return `zkos: ${status}; ${plural(result.cycles, 'cycle')} in ${timing.seconds.toFixed(3)} s (${mips.toFixed(1)} MIPS)`;
}

/** `{ stdout: text }` when the bytes are UTF-8, else `{ stdout: base64, stdoutEncoding: 'base64' }`: nothing lost. */
export function outputField(name: 'stdout' | 'stderr', bytes: Uint8Array): Record<string, string> {
  try {
    return { [name]: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { [name]: Buffer.from(bytes).toString('base64'), [`${name}Encoding`]: 'base64' };
  }
}
