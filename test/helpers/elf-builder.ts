// Test helper: builds ELF32 little-endian RISC-V files byte by byte (header, program headers,
// optional .text/.symtab/.strtab/.shstrtab sections), with overrides to make them malformed.
import {
  EHDR32_SIZE,
  ELFCLASS32,
  ELFDATA2LSB,
  EM_RISCV,
  ET_EXEC,
  EV_CURRENT,
  PF_R,
  PF_X,
  PHDR32_SIZE,
  PT_LOAD,
  SHDR32_SIZE,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHT_PROGBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
  STB_GLOBAL,
  STT_FUNC,
  SYM32_SIZE,
} from '../../emulator/loader/elf-constants';

export interface TestSegment {
  type?: number; // default PT_LOAD
  vaddr: number;
  data?: Uint8Array;
  memsz?: number; // default data length
  flags?: number; // default R+X
  /** override p_offset / p_filesz as written (data is still placed in the file) */
  offset?: number;
  filesz?: number;
}

export interface TestSymbol {
  name: string;
  value: number;
  size?: number;
  type?: number; // default STT_FUNC
  bind?: number; // default STB_GLOBAL
  shndx?: number; // default 1 (.text)
  /** override st_name */
  nameOffset?: number;
}

/** Raw values for e_* / e_ident fields; anything unset gets the valid default. */
export interface TestHeader {
  class?: number;
  data?: number;
  identVersion?: number;
  type?: number;
  machine?: number;
  version?: number;
  entry?: number;
  phoff?: number;
  shoff?: number;
  flags?: number;
  phentsize?: number;
  phnum?: number;
  shentsize?: number;
  shnum?: number;
}

export interface TestElf {
  entry?: number;
  segments: TestSegment[];
  /** when given, section headers and a symbol table are written */
  symbols?: TestSymbol[];
  header?: TestHeader;
}

/** Section indices the builder writes when symbols are given. */
export const TEXT_SECTION = 1;
export const SYMTAB_SECTION = 2;
export const STRTAB_SECTION = 3;

class ByteWriter {
  private bytes = new Uint8Array(256);
  length = 0;
  private grow(end: number): void {
    if (end <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(end, this.bytes.length * 2));
    next.set(this.bytes);
    this.bytes = next;
  }
  u8(offset: number, v: number): void {
    this.grow(offset + 1);
    this.bytes[offset] = v;
    this.length = Math.max(this.length, offset + 1);
  }
  u16(offset: number, v: number): void {
    this.u8(offset, v & 0xff);
    this.u8(offset + 1, (v >>> 8) & 0xff);
  }
  u32(offset: number, v: number): void {
    this.u16(offset, v & 0xffff);
    this.u16(offset + 2, (v >>> 16) & 0xffff);
  }
  put(offset: number, data: Uint8Array): void {
    this.grow(offset + data.length);
    this.bytes.set(data, offset);
    this.length = Math.max(this.length, offset + data.length);
  }
  /** Appends data at the next `align`-byte boundary; returns its offset. */
  append(data: Uint8Array, align = 4): number {
    const offset = Math.ceil(this.length / align) * align;
    this.put(offset, data);
    return offset;
  }
  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Concatenated NUL-terminated strings; offset 0 is the empty string. */
function stringTable(names: readonly string[]): { bytes: Uint8Array; offsets: number[] } {
  const parts: number[] = [0];
  const offsets = names.map((name) => {
    const at = parts.length;
    parts.push(...new TextEncoder().encode(name), 0);
    return at;
  });
  return { bytes: Uint8Array.from(parts), offsets };
}

export function buildElf(spec: TestElf): Uint8Array {
  const h = spec.header ?? {};
  const w = new ByteWriter();
  const phoff = EHDR32_SIZE;
  w.put(0, new Uint8Array(EHDR32_SIZE + spec.segments.length * PHDR32_SIZE));

  const dataOffsets = spec.segments.map((s) => w.append(s.data ?? new Uint8Array(0)));
  spec.segments.forEach((s, i) => {
    const at = phoff + i * PHDR32_SIZE;
    const filesz = s.filesz ?? s.data?.length ?? 0;
    w.u32(at, s.type ?? PT_LOAD);
    w.u32(at + 4, s.offset ?? dataOffsets[i]);
    w.u32(at + 8, s.vaddr);
    w.u32(at + 12, s.vaddr); // p_paddr
    w.u32(at + 16, filesz);
    w.u32(at + 20, s.memsz ?? s.data?.length ?? 0);
    w.u32(at + 24, s.flags ?? PF_R | PF_X);
    w.u32(at + 28, 4);
  });

  let shoff = 0;
  let shnum = 0;
  if (spec.symbols) {
    const strtab = stringTable(spec.symbols.map((s) => s.name));
    const symtab = new ByteWriter();
    symtab.put(0, new Uint8Array(SYM32_SIZE)); // symbol 0: the null symbol
    spec.symbols.forEach((s, i) => {
      const at = (i + 1) * SYM32_SIZE;
      symtab.u32(at, s.nameOffset ?? strtab.offsets[i]);
      symtab.u32(at + 4, s.value);
      symtab.u32(at + 8, s.size ?? 0);
      symtab.u8(at + 12, ((s.bind ?? STB_GLOBAL) << 4) | (s.type ?? STT_FUNC));
      symtab.u8(at + 13, 0);
      symtab.u16(at + 14, s.shndx ?? TEXT_SECTION);
    });
    const symtabBytes = symtab.result();
    const shstrtab = stringTable(['.text', '.symtab', '.strtab', '.shstrtab']);
    const symtabOffset = w.append(symtabBytes);
    const strtabOffset = w.append(strtab.bytes, 1);
    const shstrtabOffset = w.append(shstrtab.bytes, 1);
    const first = spec.segments[0];
    const sections = [
      { name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, entsize: 0 },
      {
        name: shstrtab.offsets[0], type: SHT_PROGBITS, flags: SHF_ALLOC | SHF_EXECINSTR, addr: first?.vaddr ?? 0,
        offset: dataOffsets[0] ?? 0, size: first?.data?.length ?? 0, link: 0, info: 0, entsize: 0,
      },
      {
        name: shstrtab.offsets[1], type: SHT_SYMTAB, flags: 0, addr: 0, offset: symtabOffset, size: symtabBytes.length,
        link: STRTAB_SECTION, info: 1, entsize: SYM32_SIZE,
      },
      { name: shstrtab.offsets[2], type: SHT_STRTAB, flags: 0, addr: 0, offset: strtabOffset, size: strtab.bytes.length, link: 0, info: 0, entsize: 0 },
      { name: shstrtab.offsets[3], type: SHT_STRTAB, flags: 0, addr: 0, offset: shstrtabOffset, size: shstrtab.bytes.length, link: 0, info: 0, entsize: 0 },
    ];
    shoff = w.append(new Uint8Array(sections.length * SHDR32_SIZE));
    shnum = sections.length;
    sections.forEach((s, i) => {
      const at = shoff + i * SHDR32_SIZE;
      w.u32(at, s.name);
      w.u32(at + 4, s.type);
      w.u32(at + 8, s.flags);
      w.u32(at + 12, s.addr);
      w.u32(at + 16, s.offset);
      w.u32(at + 20, s.size);
      w.u32(at + 24, s.link);
      w.u32(at + 28, s.info);
      w.u32(at + 32, 4);
      w.u32(at + 36, s.entsize);
    });
  }

  [0x7f, 0x45, 0x4c, 0x46].forEach((b, i) => w.u8(i, b));
  w.u8(4, h.class ?? ELFCLASS32);
  w.u8(5, h.data ?? ELFDATA2LSB);
  w.u8(6, h.identVersion ?? EV_CURRENT);
  w.u16(16, h.type ?? ET_EXEC);
  w.u16(18, h.machine ?? EM_RISCV);
  w.u32(20, h.version ?? EV_CURRENT);
  w.u32(24, h.entry ?? spec.entry ?? spec.segments[0]?.vaddr ?? 0);
  w.u32(28, h.phoff ?? (spec.segments.length ? phoff : 0));
  w.u32(32, h.shoff ?? shoff);
  w.u32(36, h.flags ?? 0);
  w.u16(40, EHDR32_SIZE);
  w.u16(42, h.phentsize ?? PHDR32_SIZE);
  w.u16(44, h.phnum ?? spec.segments.length);
  w.u16(46, h.shentsize ?? (shnum ? SHDR32_SIZE : 0));
  w.u16(48, h.shnum ?? shnum);
  w.u16(50, shnum ? 4 : 0); // e_shstrndx: .shstrtab
  return w.result();
}

/** Little-endian words as bytes (instruction streams for segments and flat images). */
export function words(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0, true));
  return bytes;
}
