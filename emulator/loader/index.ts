// Program loading entry point: picks the file format (ELF unless told the file is flat).
import { parseElf } from './elf';
import { hasElfMagic } from './elf-reader';
import { parseFlat } from './flat';
import { LoadError, type Program } from './program';

export { parseElf } from './elf';
export { hasElfMagic } from './elf-reader';
export { parseFlat } from './flat';
export { LoadError, type Program, type ProgramSymbol, type Segment } from './program';

export interface ParseOptions {
  /** the file is a raw image loaded at 0 (Airbender's format), not an ELF executable */
  readonly flat?: boolean;
}

export function parseProgram(bytes: Uint8Array, options: ParseOptions = {}): Program {
  if (options.flat) return parseFlat(bytes);
  if (!hasElfMagic(bytes)) {
    const found = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ') || 'nothing';
    throw new LoadError(
      `not an ELF file: bad magic at offset 0 (found ${found}, expected 7f 45 4c 46); if it is a raw image, pass --flat`,
    );
  }
  return parseElf(bytes);
}
