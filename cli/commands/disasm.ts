// `zkos disasm <file>`: list the executable segments of a program, one instruction a line,
// with the symbols that start at each address.
import { Command } from 'commander';
import { disassemble } from '../../emulator/isa/disasm';
import type { Program } from '../../emulator/loader/program';
import { hex32 } from '../format';
import { loadProgramFile } from '../inputs';

export function disasmCommand(): Command {
  return new Command('disasm')
    .description('disassemble the executable segments of an rv32im ELF (or flat binary with --flat)')
    .argument('<file>', 'ELF32 RISC-V executable, or flat binary with --flat')
    .option('--flat', 'load the file as a flat binary at address 0')
    .action((file: string, opts: { flat?: boolean }) => {
      process.stdout.write(listing(loadProgramFile(file, opts.flat)));
    });
}

export function listing(program: Program): string {
  const labels = new Map<number, string[]>();
  for (const s of program.symbols) labels.set(s.address, [...(labels.get(s.address) ?? []), s.name]);
  const out: string[] = [];
  for (const segment of program.segments) {
    if (!segment.flags.execute) continue;
    const words = Math.floor(segment.data.length / 4);
    const view = new DataView(segment.data.buffer, segment.data.byteOffset, segment.data.byteLength);
    for (let k = 0; k < words; k++) {
      const pc = segment.address + 4 * k;
      for (const name of labels.get(pc) ?? []) out.push(`\n${hex32(pc)} <${name}>:`);
      const word = view.getUint32(4 * k, true);
      out.push(`${(pc >>> 0).toString(16).padStart(8, ' ')}: ${word.toString(16).padStart(8, '0')}  ${disassemble(word, pc)}`);
    }
  }
  return out.join('\n') + '\n';
}
