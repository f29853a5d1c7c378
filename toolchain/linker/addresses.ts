// Final addresses of symbols after layout: locals per object, globals through the symbol table,
// COMMONs and linker-defined symbols from the layout, undefined weak symbols at 0.
import { SHN_ABS, SHN_UNDEF, STT_SECTION } from '../../emulator/loader/elf-constants';
import { LinkError } from './common';
import type { Layout } from './layout';
import type { ObjectFile } from './object';
import type { GlobalSymbol, SymbolTable } from './symbols';

export class Addresses {
  constructor(
    readonly objects: readonly ObjectFile[],
    readonly symbols: SymbolTable,
    readonly layout: Layout,
  ) {}

  /** A readable name for messages: the symbol's name, or its section's name for section symbols. */
  name(objectIndex: number, symbolIndex: number): string {
    const object = this.objects[objectIndex];
    const s = object.symbols[symbolIndex];
    if (!s || symbolIndex === 0) return '(no symbol)';
    if (s.type === STT_SECTION) return object.sectionNames[s.shndx] ?? `section ${s.shndx}`;
    return s.name;
  }

  /** S: the address of symbol `symbolIndex` of object `objectIndex`. */
  of(objectIndex: number, symbolIndex: number): number {
    if (symbolIndex === 0) return 0;
    const global = this.symbols.globalFor(objectIndex, symbolIndex);
    return global ? this.ofGlobal(global) : this.ofDefinition(objectIndex, symbolIndex);
  }

  /** The address of a global symbol by name, or undefined when nothing defines it. */
  global(name: string): number | undefined {
    const g = this.symbols.get(name);
    if (g && g.resolution.kind !== 'undefined') return this.ofGlobal(g);
    return this.layout.linkerSymbols.get(name);
  }

  private ofGlobal(g: GlobalSymbol): number {
    const r = g.resolution;
    if (r.kind === 'defined') return this.ofDefinition(r.ref.objectIndex, r.ref.symbolIndex);
    if (r.kind === 'common') return this.layout.commons.get(g.name)!;
    const provided = this.layout.linkerSymbols.get(g.name);
    if (provided !== undefined) return provided;
    if (r.weakOnly) return 0;
    throw new LinkError(`undefined symbol: ${g.name}`);
  }

  private ofDefinition(objectIndex: number, symbolIndex: number): number {
    const object = this.objects[objectIndex];
    const s = object.symbols[symbolIndex];
    if (s.shndx === SHN_ABS) return s.value;
    if (s.shndx === SHN_UNDEF) return 0;
    const section = object.sections[s.shndx];
    const base = section && this.layout.addressOf.get(section);
    if (base === undefined) {
      const sectionName = object.sectionNames[s.shndx] ?? `section ${s.shndx}`;
      throw new LinkError(`${object.name}: symbol ${this.name(objectIndex, symbolIndex)} is in ${sectionName}, which is not part of the output`);
    }
    return s.type === STT_SECTION ? base : base + s.value;
  }
}
