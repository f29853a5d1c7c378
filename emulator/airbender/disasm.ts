// Disassembly in Airbender mode: the Zicsr words (which rv32im's table leaves illegal) as
// `csrrw rd, csr, rs1`, with Airbender's CSR names in a comment; everything else as rv32im.
import { disassemble } from '../isa/disasm';
import { REGISTER_NAMES } from '../isa/table';
import { CSR_TABLE, ZICSR_FORMS } from './csr';

export function disassembleAirbender(word: number, pc?: number): string {
  const funct3 = (word >>> 12) & 7;
  const form = ZICSR_FORMS[funct3];
  if ((word & 0x7f) !== 0x73 || form === undefined) return disassemble(word, pc);
  const csr = word >>> 20;
  const rd = REGISTER_NAMES[(word >>> 7) & 31];
  const field = (word >>> 15) & 31;
  const source = funct3 >= 5 ? String(field) : REGISTER_NAMES[field];
  const name = CSR_TABLE.get(csr)?.name;
  return `${form}\t${rd}, 0x${csr.toString(16)}, ${source}${name ? `\t# ${name}` : ''}`;
}
