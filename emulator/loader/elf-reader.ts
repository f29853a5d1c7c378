// Bounds-checked little-endian reads of ELF32 structures (file header, section headers, symbols,
// string tables), shared by the program loader and the linker; each reports errors its own way.
import { ELF_MAGIC, SHDR32_SIZE } from './elf-constants';

/** Reports a malformed file in the caller's error type (LoadError, LinkError); never returns. */
export type Fail = (message: string) => never;

/** True when the bytes start with the ELF magic "\x7fELF". */
export function hasElfMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && ELF_MAGIC.every((b, i) => bytes[i] === b);
}

/** Little-endian field reads; a read past the end of the file goes to `fail`. */
export class ElfReader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly fail: Fail,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  /** True when [offset, offset + size) lies inside the file. */
  holds(offset: number, size: number): boolean {
    return offset >= 0 && size >= 0 && offset + size <= this.bytes.length;
  }
  u8(at: number): number {
    this.need(at, 1);
    return this.view.getUint8(at);
  }
  u16(at: number): number {
    this.need(at, 2);
    return this.view.getUint16(at, true);
  }
  u32(at: number): number {
    this.need(at, 4);
    return this.view.getUint32(at, true);
  }
  i32(at: number): number {
    this.need(at, 4);
    return this.view.getInt32(at, true);
  }
  private need(at: number, size: number): void {
    if (!this.holds(at, size)) this.fail(`${size}-byte field at file offset ${at} is outside the ${this.length}-byte file`);
  }
}

/** The ELF32 file header's fields, unvalidated (e_ident's class, data and version included). */
export interface ElfHeader {
  readonly elfClass: number;
  readonly dataEncoding: number;
  readonly identVersion: number;
  readonly type: number;
  readonly machine: number;
  readonly version: number;
  readonly entry: number;
  readonly phoff: number;
  readonly shoff: number;
  readonly flags: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly shentsize: number;
  readonly shnum: number;
  readonly shstrndx: number;
}

/** Reads the 52-byte header; check the magic and length first, for a clear message. */
export function readElfHeader(file: ElfReader): ElfHeader {
  return {
    elfClass: file.u8(4),
    dataEncoding: file.u8(5),
    identVersion: file.u8(6),
    type: file.u16(16),
    machine: file.u16(18),
    version: file.u32(20),
    entry: file.u32(24),
    phoff: file.u32(28),
    shoff: file.u32(32),
    flags: file.u32(36),
    phentsize: file.u16(42),
    phnum: file.u16(44),
    shentsize: file.u16(46),
    shnum: file.u16(48),
    shstrndx: file.u16(50),
  };
}

/** An ELF32 section header (Elf32_Shdr). */
export interface SectionHeader {
  /** sh_name: offset of the name in the section-name string table */
  readonly name: number;
  readonly type: number;
  readonly flags: number;
  /** sh_addr */
  readonly address: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  /** sh_addralign */
  readonly alignment: number;
  readonly entsize: number;
}

/** Section header `index` of the table at file offset `shoff`. */
export function readSectionHeader(file: ElfReader, shoff: number, index: number): SectionHeader {
  const at = shoff + index * SHDR32_SIZE;
  return {
    name: file.u32(at),
    type: file.u32(at + 4),
    flags: file.u32(at + 8),
    address: file.u32(at + 12),
    offset: file.u32(at + 16),
    size: file.u32(at + 20),
    link: file.u32(at + 24),
    info: file.u32(at + 28),
    alignment: file.u32(at + 32),
    entsize: file.u32(at + 36),
  };
}

/** All `count` section headers of the table at file offset `shoff`. */
export function readSectionHeaders(file: ElfReader, shoff: number, count: number): SectionHeader[] {
  return Array.from({ length: count }, (_, i) => readSectionHeader(file, shoff, i));
}

/** An ELF32 symbol table entry (Elf32_Sym), st_info split into binding and type. */
export interface SymbolEntry {
  /** st_name: offset of the name in the linked string table */
  readonly name: number;
  readonly value: number;
  readonly size: number;
  readonly bind: number;
  readonly type: number;
  readonly other: number;
  readonly shndx: number;
}

/** The symbol entry at file offset `at`. */
export function readSymbolEntry(file: ElfReader, at: number): SymbolEntry {
  const info = file.u8(at + 12);
  return {
    name: file.u32(at),
    value: file.u32(at + 4),
    size: file.u32(at + 8),
    bind: info >> 4,
    type: info & 0xf,
    other: file.u8(at + 13),
    shndx: file.u16(at + 14),
  };
}

/** A string read from a string table; `terminated` is false when no NUL came before the table's end. */
export interface TableString {
  readonly text: string;
  readonly terminated: boolean;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true }); // a name's bytes are kept as they are

/** The string at offset `at` of the string table occupying `table`; undefined when `at` is outside it. */
export function stringAt(
  file: ElfReader,
  table: { readonly offset: number; readonly size: number },
  at: number,
): TableString | undefined {
  if (at >= table.size) return undefined;
  const chars = file.bytes.subarray(table.offset + at, table.offset + table.size);
  const end = chars.indexOf(0);
  return { text: utf8.decode(end === -1 ? chars : chars.subarray(0, end)), terminated: end !== -1 };
}
