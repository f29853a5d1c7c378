// Serialises the linked program as an ELF32 RISC-V executable: header, one PT_LOAD per segment
// (R+X .text, R .rodata+.eh_frame, R+W .data+.bss), section headers, .symtab/.strtab/.shstrtab.
import {
  EHDR32_SIZE,
  ELF_MAGIC,
  ELFCLASS32,
  ELFDATA2LSB,
  EM_RISCV,
  ET_EXEC,
  EV_CURRENT,
  PF_R,
  PF_W,
  PF_X,
  PHDR32_SIZE,
  PT_LOAD,
  SHDR32_SIZE,
  SHN_ABS,
  SHT_NOBITS,
  SHT_RISCV_ATTRIBUTES,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_LOCAL,
  SYM32_SIZE,
} from '../../emulator/loader/elf-constants';
import type { SectionHeader } from '../../emulator/loader/elf-reader';
import { alignUp } from './common';
import { PAGE_SIZE, type OutputSection } from './layout';
import type { OutputSymbol } from './output-symbols';
import { StringTable } from './string-table';

export interface Executable {
  readonly entry: number;
  /** e_flags (float ABI, RVC) */
  readonly flags: number;
  /** output sections in address order; empty ones get no header */
  readonly sections: readonly OutputSection[];
  /** contents of every non-NOBITS output section */
  readonly images: ReadonlyMap<OutputSection, Uint8Array>;
  readonly symbols: readonly OutputSymbol[];
  /** a .riscv.attributes payload to carry over (tells llvm-objdump which extensions to decode) */
  readonly attributes?: Uint8Array;
}

interface SegmentPlan {
  readonly flags: number;
  readonly sections: readonly OutputSection[];
}

/** A section header to write, with the contents to place at its offset. */
interface Placed extends SectionHeader {
  readonly bytes?: Uint8Array;
}

const NO_LINKS = { link: 0, info: 0, entsize: 0 };

function segments(sections: readonly OutputSection[]): SegmentPlan[] {
  const of = (...kinds: string[]) => sections.filter((s) => kinds.includes(s.kind) && s.size > 0);
  return [
    { flags: PF_R | PF_X, sections: of('text') },
    { flags: PF_R, sections: of('rodata', 'eh_frame') },
    { flags: PF_R | PF_W, sections: of('data', 'bss') },
  ].filter((s) => s.sections.length > 0);
}

/** The first file offset at or after `cursor` that is congruent to `address` modulo the page size. */
function congruentOffset(cursor: number, address: number): number {
  return cursor + ((((address - cursor) % PAGE_SIZE) + PAGE_SIZE) % PAGE_SIZE);
}

function symbolTable(symbols: readonly OutputSymbol[], sectionIndex: Map<OutputSection, number>, strtab: StringTable) {
  const bytes = new Uint8Array((symbols.length + 1) * SYM32_SIZE);
  const view = new DataView(bytes.buffer);
  symbols.forEach((s, i) => {
    const at = (i + 1) * SYM32_SIZE;
    view.setUint32(at, strtab.add(s.name), true);
    view.setUint32(at + 4, s.value >>> 0, true);
    view.setUint32(at + 8, s.size, true);
    view.setUint8(at + 12, (s.bind << 4) | s.type);
    view.setUint16(at + 14, s.section ? sectionIndex.get(s.section)! : SHN_ABS, true);
  });
  const firstGlobal = 1 + symbols.filter((s) => s.bind === STB_LOCAL).length;
  return { bytes, firstGlobal };
}

export function writeElf(exe: Executable): Uint8Array {
  const plans = segments(exe.sections);
  const shstrtab = new StringTable();
  const strtab = new StringTable();
  const headers: Placed[] = [];
  const sectionIndex = new Map<OutputSection, number>();
  let cursor = EHDR32_SIZE + plans.length * PHDR32_SIZE;

  const phdrs = plans.map((plan) => {
    const first = plan.sections[0];
    const offset = congruentOffset(cursor, first.address);
    let fileSize = 0;
    let memSize = 0;
    for (const s of plan.sections) {
      const delta = s.address - first.address;
      const nobits = s.type === SHT_NOBITS;
      sectionIndex.set(s, headers.length + 1);
      headers.push({
        ...NO_LINKS,
        name: shstrtab.add(s.name),
        type: s.type,
        flags: s.flags,
        address: s.address,
        offset: offset + (nobits ? fileSize : delta), // NOBITS: where its bytes would start
        size: s.size,
        alignment: s.alignment,
        bytes: exe.images.get(s),
      });
      if (!nobits) fileSize = delta + s.size;
      memSize = delta + s.size;
    }
    cursor = offset + fileSize;
    return { offset, address: first.address, fileSize, memSize, flags: plan.flags };
  });

  const nonAlloc = (name: string, type: number, bytes: Uint8Array, extra: Partial<Placed> = {}) => {
    const alignment = extra.alignment ?? 1;
    cursor = alignUp(cursor, alignment);
    headers.push({ ...NO_LINKS, name: shstrtab.add(name), type, flags: 0, address: 0, offset: cursor, size: bytes.length, alignment, ...extra, bytes });
    cursor += bytes.length;
  };
  if (exe.attributes) nonAlloc('.riscv.attributes', SHT_RISCV_ATTRIBUTES, exe.attributes);
  const symtab = symbolTable(exe.symbols, sectionIndex, strtab);
  const strtabIndex = headers.length + 2;
  nonAlloc('.symtab', SHT_SYMTAB, symtab.bytes, { link: strtabIndex, info: symtab.firstGlobal, alignment: 4, entsize: SYM32_SIZE });
  nonAlloc('.strtab', SHT_STRTAB, strtab.bytes());
  shstrtab.add('.shstrtab');
  nonAlloc('.shstrtab', SHT_STRTAB, shstrtab.bytes());
  const shoff = alignUp(cursor, 4);
  const file = new Uint8Array(shoff + (headers.length + 1) * SHDR32_SIZE);
  const view = new DataView(file.buffer);

  file.set(ELF_MAGIC, 0);
  file.set([ELFCLASS32, ELFDATA2LSB, EV_CURRENT], 4);
  const half = (at: number, v: number) => view.setUint16(at, v, true);
  const word = (at: number, v: number) => view.setUint32(at, v >>> 0, true);
  half(16, ET_EXEC);
  half(18, EM_RISCV);
  word(20, EV_CURRENT);
  word(24, exe.entry);
  word(28, plans.length > 0 ? EHDR32_SIZE : 0);
  word(32, shoff);
  word(36, exe.flags);
  half(40, EHDR32_SIZE);
  half(42, PHDR32_SIZE);
  half(44, plans.length);
  half(46, SHDR32_SIZE);
  half(48, headers.length + 1);
  half(50, headers.length); // .shstrtab is last

  phdrs.forEach((p, i) => {
    const at = EHDR32_SIZE + i * PHDR32_SIZE;
    [PT_LOAD, p.offset, p.address, p.address, p.fileSize, p.memSize, p.flags, PAGE_SIZE].forEach((v, k) => word(at + 4 * k, v));
  });
  headers.forEach((h, i) => {
    const at = shoff + (i + 1) * SHDR32_SIZE;
    [h.name, h.type, h.flags, h.address, h.offset, h.size, h.link, h.info, h.alignment, h.entsize].forEach((v, k) => word(at + 4 * k, v));
    if (h.bytes && h.type !== SHT_NOBITS) file.set(h.bytes, h.offset);
  });
  return file;
}
