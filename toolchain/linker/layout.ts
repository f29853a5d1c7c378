// Address assignment: .text at textBase, then .rodata+.eh_frame and .data+.bss each starting on a
// fresh page (three PT_LOAD segments: R+X, R, R+W), COMMONs appended to .bss, linker-defined symbols.
import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_PROGBITS } from '../../emulator/loader/elf-constants';
import { LinkError, alignUp, hex } from './common';
import type { InputSection } from './object';
import { OUTPUT_RULES, type OutputKind } from './sections';
import type { SymbolTable } from './symbols';

export const PAGE_SIZE = 0x1000;
/** GNU ld's convention: gp points 2 KiB into small data so a signed 12-bit offset reaches 4 KiB of it. */
const GP_OFFSET = 0x800;
const HEAP_ALIGNMENT = 16;

export interface OutputSection {
  readonly name: string;
  readonly kind: OutputKind;
  readonly type: number;
  readonly flags: number;
  readonly alignment: number;
  readonly address: number;
  readonly size: number;
  readonly inputs: readonly InputSection[];
}

export interface Layout {
  /** .text, .rodata, .eh_frame, .data, .bss in address order; any may be empty */
  readonly sections: readonly OutputSection[];
  readonly addressOf: ReadonlyMap<InputSection, number>;
  /** addresses of the COMMON symbols allocated in .bss */
  readonly commons: ReadonlyMap<string, number>;
  /** __global_pointer$, _end and friends (see docs/linker.md) */
  readonly linkerSymbols: ReadonlyMap<string, number>;
}

/** The symbols the linker defines when no object does (docs/linker.md), in symbol-table order. */
export const LINKER_SYMBOL_NAMES = ['__text_start', '__data_start', '__global_pointer$', '_edata', '__bss_start', '_end', '__heap_start'] as const;
type LinkerSymbolName = (typeof LINKER_SYMBOL_NAMES)[number];

export function isLinkerSymbol(name: string): boolean {
  return (LINKER_SYMBOL_NAMES as readonly string[]).includes(name);
}

const FLAGS: Record<OutputKind, number> = {
  text: SHF_ALLOC | SHF_EXECINSTR,
  rodata: SHF_ALLOC,
  eh_frame: SHF_ALLOC,
  data: SHF_ALLOC | SHF_WRITE,
  bss: SHF_ALLOC | SHF_WRITE,
};

/** Synthetic NOBITS sections holding the COMMON symbols, one per symbol, in symbol-table order. */
function commonSections(symbols: SymbolTable): Map<string, InputSection> {
  const sections = new Map<string, InputSection>();
  for (const g of symbols.globals.values()) {
    const r = g.resolution;
    if (r.kind !== 'common') continue;
    sections.set(g.name, {
      objectIndex: -1,
      objectName: symbols.objectName(r.ref),
      index: 0,
      name: 'COMMON',
      type: SHT_NOBITS,
      flags: SHF_ALLOC | SHF_WRITE,
      alignment: r.alignment,
      size: r.size,
      data: new Uint8Array(0),
      relocations: [],
    });
  }
  return sections;
}

function place(
  kind: OutputKind,
  start: number,
  inputs: readonly InputSection[],
  addressOf: Map<InputSection, number>,
): OutputSection {
  const rule = OUTPUT_RULES.find((r) => r.kind === kind)!;
  const alignment = inputs.reduce((a, s) => Math.max(a, s.alignment), 1);
  const address = alignUp(start, alignment);
  let cursor = address;
  for (const input of inputs) {
    cursor = alignUp(cursor, input.alignment);
    addressOf.set(input, cursor);
    cursor += input.size;
  }
  if (cursor > 0x1_0000_0000) {
    throw new LinkError(`section ${rule.name} (from ${hex(address)}) does not fit below the 4 GiB end of the address space`);
  }
  const type = kind === 'bss' ? SHT_NOBITS : SHT_PROGBITS;
  return { name: rule.name, kind, type, flags: FLAGS[kind], alignment, address, size: cursor - address, inputs };
}

const end = (s: OutputSection) => s.address + s.size;

/** A zero length word ends .eh_frame, for unwinders that walk it without an .eh_frame_hdr. */
const EH_FRAME_TERMINATOR: InputSection = {
  objectIndex: -1,
  objectName: '(linker)',
  index: 0,
  name: '.eh_frame',
  type: SHT_PROGBITS,
  flags: SHF_ALLOC,
  alignment: 4,
  size: 4,
  data: new Uint8Array(4),
  relocations: [],
};

/** Starts a new segment on a fresh page (and at least the section's alignment). */
function segmentStart(previousEnd: number, inputs: readonly InputSection[]): number {
  const alignment = inputs.reduce((a, s) => Math.max(a, s.alignment), PAGE_SIZE);
  return alignUp(previousEnd, alignment);
}

/** Lays out the grouped input sections (from assignSections) starting at textBase. */
export function layOut(groups: readonly InputSection[][], symbols: SymbolTable, textBase: number): Layout {
  if (!Number.isInteger(textBase) || textBase < 0 || textBase >= 2 ** 32) {
    throw new LinkError(`textBase ${textBase} is not a 32-bit address`);
  }
  const [textIn, rodataIn, ehFrameIn, dataIn, bssIn] = groups;
  const commons = commonSections(symbols);
  const addressOf = new Map<InputSection, number>();

  const text = place('text', textBase, textIn, addressOf);
  const readOnly = [...rodataIn, ...ehFrameIn];
  const rodata = place('rodata', readOnly.length > 0 ? segmentStart(end(text), readOnly) : end(text), rodataIn, addressOf);
  const ehFrame = place('eh_frame', end(rodata), ehFrameIn.length > 0 ? [...ehFrameIn, EH_FRAME_TERMINATOR] : [], addressOf);
  const data = place('data', segmentStart(end(ehFrame), [...dataIn, ...bssIn]), dataIn, addressOf);
  const bss = place('bss', end(data), [...bssIn, ...commons.values()], addressOf);
  if (text.address !== textBase) {
    throw new LinkError(`textBase ${hex(textBase)} is not aligned to the ${text.alignment}-byte alignment .text needs`);
  }

  const firstSmallData = dataIn.find((s) => s.name === '.sdata' || s.name.startsWith('.sdata.'));
  const smallDataStart = firstSmallData ? addressOf.get(firstSmallData)! : data.address;
  const values: Record<LinkerSymbolName, number> = {
    __text_start: text.address,
    __data_start: data.address,
    __global_pointer$: smallDataStart + GP_OFFSET,
    _edata: end(data),
    __bss_start: bss.address,
    _end: alignUp(end(bss), HEAP_ALIGNMENT),
    __heap_start: alignUp(end(bss), HEAP_ALIGNMENT),
  };
  const linkerSymbols = new Map<string, number>(LINKER_SYMBOL_NAMES.map((name) => [name, values[name]]));
  const commonAddresses = new Map([...commons].map(([name, section]) => [name, addressOf.get(section)!]));
  return { sections: [text, rodata, ehFrame, data, bss], addressOf, commons: commonAddresses, linkerSymbols };
}
