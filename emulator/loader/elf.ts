// ELF32 RISC-V executable → Program: validates the header, collects PT_LOAD segments and
// (when section headers exist) the symbol table. Every rejection names the field or offset.
import {
  EF_RISCV_FLOAT_ABI_MASK,
  EF_RISCV_RVC,
  EF_RISCV_RVE,
  EHDR32_SIZE,
  ELFCLASS32,
  ELFCLASS64,
  ELFDATA2LSB,
  ELFDATA2MSB,
  EM_RISCV,
  ET_CORE,
  ET_DYN,
  ET_EXEC,
  ET_REL,
  EV_CURRENT,
  PF_R,
  PF_W,
  PF_X,
  PHDR32_SIZE,
  PN_XNUM,
  PT_LOAD,
  SHDR32_SIZE,
  SHN_ABS,
  SHN_UNDEF,
  SHT_STRTAB,
  SHT_SYMTAB,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  SYM32_SIZE,
} from './elf-constants';
import {
  ElfReader,
  hasElfMagic,
  readElfHeader,
  readSectionHeader,
  readSectionHeaders,
  readSymbolEntry,
  stringAt,
  type SectionHeader,
} from './elf-reader';
import { LoadError, type Program, type ProgramSymbol, type Segment } from './program';

const hex = (n: number): string => `0x${n.toString(16)}`; // n is a non-negative offset or address
const TWO_32 = 2 ** 32;

/** Parses an ELF32 little-endian RISC-V static executable; throws LoadError when it is not one. */
export function parseElf(bytes: Uint8Array): Program {
  const file = new ElfReader(bytes, (message) => {
    throw new LoadError(message);
  });
  const header = readHeader(file);
  const segments = readSegments(file, header);
  const symbols = readSymbols(file, readSectionHeaders(file, header.shoff, header.shnum));
  return { format: 'elf', entry: header.entry, segments, symbols };
}

interface Header {
  readonly entry: number;
  readonly phoff: number;
  readonly phnum: number;
  readonly shoff: number;
  readonly shnum: number;
}

const MACHINE_NAMES: Record<number, string> = {
  3: 'x86',
  8: 'MIPS',
  20: 'PowerPC',
  40: 'ARM',
  62: 'x86-64',
  183: 'AArch64',
  243: 'RISC-V',
  247: 'BPF',
};

const FLOAT_ABI_NAMES: Record<number, string> = { 2: 'single-float (ilp32f)', 4: 'double-float (ilp32d)', 6: 'quad-float' };

function readHeader(file: ElfReader): Header {
  if (file.length < EHDR32_SIZE) {
    throw new LoadError(`file is ${file.length} bytes, shorter than the ${EHDR32_SIZE}-byte ELF32 header`);
  }
  if (!hasElfMagic(file.bytes)) {
    const found = Array.from(file.bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new LoadError(`not an ELF file: bad magic at offset 0 (found ${found}, expected 7f 45 4c 46)`);
  }
  const fields = readElfHeader(file);
  const { elfClass, dataEncoding: data, identVersion, machine, version, entry, phoff, shoff, phentsize, shentsize } = fields;
  let { phnum, shnum } = fields;
  if (elfClass === ELFCLASS64) throw new LoadError('64-bit ELF (EI_CLASS at offset 4 is ELFCLASS64): zkos runs rv32 only');
  if (elfClass !== ELFCLASS32) throw new LoadError(`unknown ELF class ${elfClass} at offset 4 (EI_CLASS), expected 1 (ELFCLASS32)`);
  if (data === ELFDATA2MSB) throw new LoadError('big-endian ELF (EI_DATA at offset 5 is ELFDATA2MSB): RISC-V is little-endian');
  if (data !== ELFDATA2LSB) throw new LoadError(`unknown ELF data encoding ${data} at offset 5 (EI_DATA), expected 1 (little-endian)`);
  if (identVersion !== EV_CURRENT) {
    throw new LoadError(`unknown ELF version ${identVersion} at offset 6 (EI_VERSION), expected 1`);
  }
  if (machine !== EM_RISCV) {
    const name = MACHINE_NAMES[machine];
    throw new LoadError(`e_machine (offset 18) is ${machine}${name ? ` (${name})` : ''}, expected ${EM_RISCV} (RISC-V)`);
  }
  checkType(fields.type);
  if (version !== EV_CURRENT) throw new LoadError(`e_version (offset 20) is ${version}, expected 1`);
  checkFlags(fields.flags);

  if (shoff !== 0) {
    if (shentsize !== SHDR32_SIZE) {
      throw new LoadError(`e_shentsize (offset 46) is ${shentsize}, expected ${SHDR32_SIZE} for ELF32 section headers`);
    }
    if (!file.holds(shoff, SHDR32_SIZE)) {
      throw new LoadError(`section header table at e_shoff ${hex(shoff)} is outside the file (${file.length} bytes)`);
    }
    // Extended numbering: counts too big for 16 bits live in section header 0.
    const first = readSectionHeader(file, shoff, 0);
    if (shnum === 0) shnum = first.size;
    if (phnum === PN_XNUM) phnum = first.info;
    if (!file.holds(shoff, shnum * SHDR32_SIZE)) {
      throw new LoadError(
        `section header table [${hex(shoff)}, ${hex(shoff + shnum * SHDR32_SIZE)}) (e_shoff, e_shnum ${shnum}) is outside the file (${file.length} bytes)`,
      );
    }
  } else {
    shnum = 0;
  }
  if (phnum === 0) throw new LoadError('no program headers (e_phnum is 0): nothing to load');
  if (phentsize !== PHDR32_SIZE) {
    throw new LoadError(`e_phentsize (offset 42) is ${phentsize}, expected ${PHDR32_SIZE} for ELF32 program headers`);
  }
  if (!file.holds(phoff, phnum * PHDR32_SIZE)) {
    throw new LoadError(
      `program header table [${hex(phoff)}, ${hex(phoff + phnum * PHDR32_SIZE)}) (e_phoff, e_phnum ${phnum}) is outside the file (${file.length} bytes)`,
    );
  }
  return { entry, phoff, phnum, shoff, shnum };
}

function checkType(type: number): void {
  if (type === ET_EXEC) return;
  if (type === ET_REL) throw new LoadError('relocatable object (e_type at offset 16 is ET_REL): link it first');
  if (type === ET_DYN) {
    throw new LoadError('shared object or PIE (e_type at offset 16 is ET_DYN): dynamic and position-independent executables are not supported, link a static non-PIE executable');
  }
  if (type === ET_CORE) throw new LoadError('core dump (e_type at offset 16 is ET_CORE), not an executable');
  throw new LoadError(`e_type (offset 16) is ${type}, expected ${ET_EXEC} (ET_EXEC)`);
}

/** RISC-V e_flags: only plain rv32i/rv32im with the soft-float ABI (float ABI bits 0) run here. */
function checkFlags(flags: number): void {
  if (flags & EF_RISCV_RVC) {
    throw new LoadError(`e_flags (offset 36) is ${hex(flags)}: compressed instructions (RVC) are not supported: build with -march=rv32im`);
  }
  if (flags & EF_RISCV_RVE) {
    throw new LoadError(`e_flags (offset 36) is ${hex(flags)}: RV32E (16 registers, ilp32e ABI) is not supported: build with -march=rv32im -mabi=ilp32`);
  }
  const floatAbi = flags & EF_RISCV_FLOAT_ABI_MASK;
  if (floatAbi !== 0) {
    throw new LoadError(
      `e_flags (offset 36) is ${hex(flags)}: ${FLOAT_ABI_NAMES[floatAbi]} ABI needs an FPU, which zkos lacks: build with -mabi=ilp32 (soft float)`,
    );
  }
}

interface LoadSegment extends Segment {
  readonly headerIndex: number;
}

function readSegments(file: ElfReader, header: Header): Segment[] {
  const loads: LoadSegment[] = [];
  for (let i = 0; i < header.phnum; i++) {
    const at = header.phoff + i * PHDR32_SIZE;
    if (file.u32(at) !== PT_LOAD) continue; // PT_NOTE, PT_GNU_STACK, PT_RISCV_ATTRIBUTES, ...
    const offset = file.u32(at + 4);
    const vaddr = file.u32(at + 8);
    const filesz = file.u32(at + 16);
    const memsz = file.u32(at + 20);
    const flags = file.u32(at + 24);
    const where = `program header ${i} (PT_LOAD at ${hex(vaddr)})`;
    if (!file.holds(offset, filesz)) {
      throw new LoadError(
        `${where}: file range [${hex(offset)}, ${hex(offset + filesz)}) (p_offset, p_filesz) is outside the file (${file.length} bytes): truncated file?`,
      );
    }
    if (filesz > memsz) throw new LoadError(`${where}: p_filesz ${hex(filesz)} is larger than p_memsz ${hex(memsz)}`);
    if (vaddr + memsz > TWO_32) {
      throw new LoadError(`${where}: p_vaddr ${hex(vaddr)} + p_memsz ${hex(memsz)} runs past the 32-bit address space`);
    }
    if (memsz === 0) continue; // occupies nothing
    loads.push({
      headerIndex: i,
      address: vaddr,
      data: file.bytes.slice(offset, offset + filesz),
      memorySize: memsz,
      flags: { read: (flags & PF_R) !== 0, write: (flags & PF_W) !== 0, execute: (flags & PF_X) !== 0 },
    });
  }
  if (loads.length === 0) throw new LoadError(`no PT_LOAD segment with p_memsz > 0 among ${header.phnum} program headers: nothing to load`);
  checkOverlaps(loads);
  return loads.map(({ address, data, memorySize, flags }) => ({ address, data, memorySize, flags }));
}

function checkOverlaps(loads: readonly LoadSegment[]): void {
  const byAddress = [...loads].sort((a, b) => a.address - b.address);
  for (let i = 1; i < byAddress.length; i++) {
    const a = byAddress[i - 1];
    const b = byAddress[i];
    if (b.address < a.address + a.memorySize) {
      const range = (s: LoadSegment) => `program header ${s.headerIndex} [${hex(s.address)}, ${hex(s.address + s.memorySize)})`;
      throw new LoadError(`PT_LOAD segments overlap: ${range(a)} and ${range(b)}`);
    }
  }
}

const SYMBOL_KINDS: Record<number, ProgramSymbol['kind']> = {
  [STT_FUNC]: 'function',
  [STT_OBJECT]: 'object',
  [STT_NOTYPE]: 'other',
};

/** RISC-V mapping symbols ($x, $d, $x.1, $xrv32i2p1_m2p0) mark code/data runs, not names. */
const MAPPING_SYMBOL = /^\$[xd](\.\d+|rv[0-9a-z_]*)?$/;

/** Defined, named function/object/notype symbols from every SHT_SYMTAB, sorted by address. */
function readSymbols(file: ElfReader, sections: readonly SectionHeader[]): ProgramSymbol[] {
  const symbols: ProgramSymbol[] = [];
  sections.forEach((section, i) => {
    if (section.type !== SHT_SYMTAB) return;
    const table = sectionRange(file, section, i, 'symbol table');
    if (table.size % SYM32_SIZE !== 0) {
      throw new LoadError(`section ${i} (SHT_SYMTAB): sh_size ${table.size} is not a multiple of the ${SYM32_SIZE}-byte symbol size`);
    }
    const link = section.link;
    if (link === 0 || link >= sections.length || sections[link].type !== SHT_STRTAB) {
      throw new LoadError(`section ${i} (SHT_SYMTAB): sh_link ${link} does not name a string table section`);
    }
    const strings = sectionRange(file, sections[link], link, 'string table');
    for (let s = 1; s < table.size / SYM32_SIZE; s++) {
      const symbol = readSymbol(file, table.offset + s * SYM32_SIZE, strings, `section ${i} symbol ${s}`);
      if (symbol) symbols.push(symbol);
    }
  });
  return symbols.sort((a, b) => a.address - b.address || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function sectionRange(file: ElfReader, section: SectionHeader, index: number, what: string): SectionHeader {
  const { offset, size } = section;
  if (!file.holds(offset, size)) {
    throw new LoadError(
      `section ${index} (${what}): file range [${hex(offset)}, ${hex(offset + size)}) (sh_offset, sh_size) is outside the file (${file.length} bytes)`,
    );
  }
  return section;
}

function readSymbol(file: ElfReader, at: number, strings: SectionHeader, where: string): ProgramSymbol | undefined {
  const { name: nameOffset, value, size, type, shndx } = readSymbolEntry(file, at);
  const kind = SYMBOL_KINDS[type];
  if (kind === undefined || shndx === SHN_UNDEF || shndx === SHN_ABS || nameOffset === 0) return undefined;
  const name = stringAt(file, strings, nameOffset);
  if (!name) throw new LoadError(`${where}: st_name ${nameOffset} is outside its string table (${strings.size} bytes)`);
  if (!name.terminated) throw new LoadError(`${where}: name at string table offset ${nameOffset} is not NUL-terminated`);
  if (name.text === '' || MAPPING_SYMBOL.test(name.text)) return undefined;
  return { name: name.text, address: value, size, kind };
}
