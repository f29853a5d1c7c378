// Reads an ELF32 little-endian RISC-V relocatable object (ET_REL): its sections, symbols and RELA
// relocations, into plain records the rest of the linker works on. Validates as it goes.
import {
  EHDR32_SIZE,
  ELFCLASS32,
  ELFDATA2LSB,
  EM_RISCV,
  ET_REL,
  RELA32_SIZE,
  SHDR32_SIZE,
  SHF_ALLOC,
  SHT_NOBITS,
  SHT_REL,
  SHT_RELA,
  SHT_RISCV_ATTRIBUTES,
  SHT_SYMTAB,
  SYM32_SIZE,
} from '../../emulator/loader/elf-constants';
import {
  ElfReader,
  hasElfMagic,
  readElfHeader,
  readSectionHeaders,
  readSymbolEntry,
  stringAt,
  type SectionHeader,
} from '../../emulator/loader/elf-reader';
import { LinkError } from './common';

export interface Relocation {
  /** byte offset of the patched field within its section */
  readonly offset: number;
  readonly type: number;
  /** index into the object's symbol table */
  readonly symbol: number;
  readonly addend: number;
  /** R_RISCV_ALIGN after alignment processing: the boundary the padding must reach (see align.ts) */
  readonly alignment?: number;
}

export interface InputSection {
  /** index of the owning object in the link's input list (-1 for linker-synthesised sections) */
  readonly objectIndex: number;
  readonly objectName: string;
  /** section header index within the object */
  readonly index: number;
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly alignment: number;
  readonly size: number;
  /** contents; empty for SHT_NOBITS */
  readonly data: Uint8Array;
  readonly relocations: readonly Relocation[];
}

export interface ObjectSymbol {
  readonly name: string;
  /** section offset for defined symbols, alignment for SHN_COMMON */
  readonly value: number;
  readonly size: number;
  readonly bind: number;
  readonly type: number;
  readonly shndx: number;
}

export interface ObjectFile {
  readonly name: string;
  readonly index: number;
  readonly flags: number;
  /** indexed by section header index; only SHF_ALLOC sections are kept, others are undefined */
  readonly sections: readonly (InputSection | undefined)[];
  /** names of every section, allocated or not (for messages about discarded sections) */
  readonly sectionNames: readonly string[];
  readonly symbols: readonly ObjectSymbol[];
  /** contents of .riscv.attributes (the ISA string etc.), when present */
  readonly attributes?: Uint8Array;
}

/** Fails unless [offset, offset + length) lies inside the file. */
function check(r: ElfReader, offset: number, length: number, what: string): void {
  if (!r.holds(offset, length)) {
    r.fail(`${what} at file offset ${offset} (${length} bytes) lies outside the ${r.length}-byte file`);
  }
}

/** The string at offset `at` of a string table, up to its NUL or the table's end. */
function cString(r: ElfReader, table: SectionHeader, at: number): string {
  const found = stringAt(r, table, at);
  if (!found) r.fail(`string offset ${at} is outside its ${table.size}-byte string table`);
  return found.text;
}

function readHeader(r: ElfReader): { shoff: number; shnum: number; shstrndx: number; flags: number } {
  if (r.length < EHDR32_SIZE || !hasElfMagic(r.bytes)) r.fail('not an ELF file');
  const header = readElfHeader(r);
  if (header.elfClass !== ELFCLASS32) r.fail('not a 32-bit ELF file (riscv32 objects are ELFCLASS32)');
  if (header.dataEncoding !== ELFDATA2LSB) r.fail('not a little-endian ELF file');
  if (header.type !== ET_REL) r.fail(`not a relocatable object (e_type ${header.type}, expected ET_REL)`);
  if (header.machine !== EM_RISCV) r.fail(`not a RISC-V object (e_machine ${header.machine}, expected ${EM_RISCV})`);
  const { shoff, shentsize, shnum, shstrndx, flags } = header;
  if (shnum > 0 && shentsize !== SHDR32_SIZE) r.fail(`unexpected section header size ${shentsize}`);
  check(r, shoff, shnum * SHDR32_SIZE, 'section header table');
  return { shoff, shnum, shstrndx, flags };
}

function readSections(r: ElfReader, shoff: number, shnum: number): SectionHeader[] {
  const headers = readSectionHeaders(r, shoff, shnum);
  headers.forEach((h, i) => {
    if (h.type !== SHT_NOBITS && h.type !== 0) check(r, h.offset, h.size, `section ${i}`);
  });
  return headers;
}

function readSymbols(r: ElfReader, headers: readonly SectionHeader[]): { symbols: ObjectSymbol[]; symtabIndex: number } {
  const symtabIndex = headers.findIndex((h) => h.type === SHT_SYMTAB);
  if (symtabIndex < 0) return { symbols: [], symtabIndex };
  const symtab = headers[symtabIndex];
  const strtab = headers[symtab.link];
  if (!strtab) r.fail(`symbol table links to missing string table ${symtab.link}`);
  const symbols: ObjectSymbol[] = [];
  for (let at = symtab.offset; at + SYM32_SIZE <= symtab.offset + symtab.size; at += SYM32_SIZE) {
    const { name, value, size, bind, type, shndx } = readSymbolEntry(r, at);
    symbols.push({ name: cString(r, strtab, name), value, size, bind, type, shndx });
  }
  return { symbols, symtabIndex };
}

function readRelocations(r: ElfReader, h: SectionHeader, symbolCount: number, targetName: string): Relocation[] {
  if (h.entsize !== RELA32_SIZE) r.fail(`relocation section for ${targetName} has entry size ${h.entsize}, expected ${RELA32_SIZE}`);
  const relocations: Relocation[] = [];
  for (let at = h.offset; at + RELA32_SIZE <= h.offset + h.size; at += RELA32_SIZE) {
    const info = r.u32(at + 4);
    const symbol = info >>> 8;
    if (symbol >= symbolCount) r.fail(`relocation in ${targetName} refers to symbol ${symbol} of ${symbolCount}`);
    relocations.push({ offset: r.u32(at), type: info & 0xff, symbol, addend: r.i32(at + 8) });
  }
  return relocations;
}

/** Parses one relocatable object; `index` is its position in the link's input list. */
export function readObject(bytes: Uint8Array, name: string, index: number): ObjectFile {
  const r = new ElfReader(bytes, (message) => {
    throw new LinkError(`${name}: ${message}`);
  });
  const { shoff, shnum, shstrndx, flags } = readHeader(r);
  const headers = readSections(r, shoff, shnum);
  const shstr = headers[shstrndx];
  const sectionNames = headers.map((h) => (shstr ? cString(r, shstr, h.name) : ''));
  const { symbols, symtabIndex } = readSymbols(r, headers);

  const relocationsOf = new Map<number, Relocation[]>();
  headers.forEach((h, i) => {
    if (h.type !== SHT_RELA && h.type !== SHT_REL) return;
    const target = headers[h.info];
    if (!target || (target.flags & SHF_ALLOC) === 0) return; // relocations of debug info etc.
    if (h.type === SHT_REL) r.fail(`section ${sectionNames[i]} uses REL relocations; RISC-V objects use RELA`);
    if (h.link !== symtabIndex) r.fail(`relocation section ${sectionNames[i]} does not use the object's symbol table`);
    relocationsOf.set(h.info, readRelocations(r, h, symbols.length, sectionNames[h.info]));
  });

  const sections = headers.map((h, i): InputSection | undefined => {
    if (i === 0 || (h.flags & SHF_ALLOC) === 0) return undefined;
    const nobits = h.type === SHT_NOBITS;
    return {
      objectIndex: index,
      objectName: name,
      index: i,
      name: sectionNames[i],
      type: h.type,
      flags: h.flags,
      alignment: Math.max(1, h.alignment),
      size: h.size,
      data: nobits ? new Uint8Array(0) : bytes.slice(h.offset, h.offset + h.size),
      relocations: relocationsOf.get(i) ?? [],
    };
  });
  const attributesHeader = headers.find((h) => h.type === SHT_RISCV_ATTRIBUTES);
  const attributes = attributesHeader && bytes.slice(attributesHeader.offset, attributesHeader.offset + attributesHeader.size);
  return { name, index, flags, sections, sectionNames, symbols, attributes };
}
