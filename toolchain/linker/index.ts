// The static linker's entry point: RISC-V ELF32 relocatable objects in, an ELF32 executable out.
// Pipeline: read -> ALIGN padding -> GOT -> resolve symbols -> lay out -> relocate -> write (docs/linker.md).
import { EF_RISCV_FLOAT_ABI_MASK, EF_RISCV_RVC, EF_RISCV_RVE } from '../../emulator/loader/elf-constants';
import { Addresses } from './addresses';
import { applyAlignments } from './align';
import { LinkError, hex } from './common';
import { buildGot } from './got';
import { isLinkerSymbol, layOut } from './layout';
import { readObject, type ObjectFile } from './object';
import { collectOutputSymbols } from './output-symbols';
import { relocate } from './relocate';
import { assignSections } from './sections';
import { SymbolTable } from './symbols';
import { writeElf } from './write-elf';

export { LinkError } from './common';

export interface LinkInput {
  /** used in messages, e.g. "main.o" */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface LinkOptions {
  /** address of .text, the first byte of the program; default 0x00010000 */
  readonly textBase?: number;
  /** entry symbol; default "_start" */
  readonly entry?: string;
}

export interface LinkedSection {
  readonly name: string;
  readonly address: number;
  readonly size: number;
}

export interface LinkResult {
  /** the ELF32 executable */
  readonly bytes: Uint8Array;
  readonly entry: number;
  /** the non-empty output sections in address order */
  readonly sections: readonly LinkedSection[];
  /** every defined global symbol (including linker-defined ones) by name */
  readonly symbols: ReadonlyMap<string, number>;
}

export const DEFAULT_TEXT_BASE = 0x0001_0000;
export const DEFAULT_ENTRY = '_start';

/** e_flags of the output: all inputs must agree on the float ABI and RVE; RVC if any uses it. */
function mergeFlags(objects: readonly ObjectFile[]): number {
  const abiBits = EF_RISCV_FLOAT_ABI_MASK | EF_RISCV_RVE;
  const first = objects[0];
  let flags = first.flags & abiBits;
  for (const o of objects) {
    if ((o.flags & abiBits) !== (first.flags & abiBits)) {
      throw new LinkError(`${o.name} has ABI flags ${hex(o.flags & abiBits)} but ${first.name} has ${hex(first.flags & abiBits)}: objects must share a float ABI`);
    }
    flags |= o.flags & EF_RISCV_RVC;
  }
  return flags;
}

function entryAddress(symbols: SymbolTable, addresses: Addresses, name: string): number {
  const g = symbols.get(name);
  if (!g || g.resolution.kind === 'undefined') {
    const hint = name === DEFAULT_ENTRY ? ' (define a global _start, or pick another entry with options.entry)' : '';
    throw new LinkError(`entry symbol ${name} is not defined${hint}`);
  }
  return addresses.global(name)!;
}

/** Links relocatable objects into an executable. Throws LinkError on any problem. */
export function link(inputs: readonly LinkInput[], options: LinkOptions = {}): LinkResult {
  if (inputs.length === 0) throw new LinkError('no input objects');
  const read = inputs.map((input, i) => applyAlignments(readObject(input.bytes, input.name, i)));
  const objects = read.map(buildGot);
  const flags = mergeFlags(objects);
  const symbols = new SymbolTable(objects);
  symbols.checkUndefined(read, isLinkerSymbol);

  const layout = layOut(assignSections(objects), symbols, options.textBase ?? DEFAULT_TEXT_BASE);
  const addresses = new Addresses(objects, symbols, layout);
  const entry = entryAddress(symbols, addresses, options.entry ?? DEFAULT_ENTRY);
  const images = relocate(layout, addresses);
  const outputSymbols = collectOutputSymbols(objects, symbols, layout, addresses);
  const attributes = objects.find((o) => o.attributes)?.attributes;
  const bytes = writeElf({ entry, flags, sections: layout.sections, images, symbols: outputSymbols, attributes });

  const globals = new Map<string, number>();
  for (const s of outputSymbols) if (s.bind !== 0) globals.set(s.name, s.value);
  const sections = layout.sections
    .filter((s) => s.size > 0)
    .map((s) => ({ name: s.name, address: s.address, size: s.size }));
  return { bytes, entry, sections, symbols: globals };
}
