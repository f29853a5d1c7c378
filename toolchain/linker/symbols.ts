// Global symbol resolution across objects: strong beats COMMON beats weak beats undefined,
// two strong definitions are an error, COMMONs merge (largest size, strictest alignment).
import { SHN_COMMON, SHN_UNDEF, STB_LOCAL, STB_WEAK, STT_FILE, STT_SECTION } from '../../emulator/loader/elf-constants';
import { LinkError, location } from './common';
import type { ObjectFile } from './object';

export interface SymbolRef {
  readonly objectIndex: number;
  readonly symbolIndex: number;
}

export type Resolution =
  /** defined in a section or absolute: the winning definition */
  | { readonly kind: 'defined'; readonly weak: boolean; readonly ref: SymbolRef }
  /** only COMMON declarations: the linker allocates it in .bss */
  | { readonly kind: 'common'; readonly size: number; readonly alignment: number; readonly ref: SymbolRef }
  /** no definition (yet); `weakOnly` when every reference is a weak one */
  | { readonly kind: 'undefined'; readonly weakOnly: boolean };

export interface GlobalSymbol {
  readonly name: string;
  resolution: Resolution;
}

/** Ranks for the "who wins" rule. */
function rank(r: Resolution): number {
  if (r.kind === 'undefined') return 0;
  if (r.kind === 'common') return 2;
  return r.weak ? 1 : 3;
}

function resolutionOf(object: ObjectFile, symbolIndex: number): Resolution {
  const s = object.symbols[symbolIndex];
  const ref = { objectIndex: object.index, symbolIndex };
  if (s.shndx === SHN_UNDEF) return { kind: 'undefined', weakOnly: s.bind === STB_WEAK };
  if (s.shndx === SHN_COMMON) return { kind: 'common', size: s.size, alignment: Math.max(1, s.value), ref };
  return { kind: 'defined', weak: s.bind === STB_WEAK, ref };
}

/** True for symbols that take part in global resolution. */
export function isGlobal(object: ObjectFile, symbolIndex: number): boolean {
  const s = object.symbols[symbolIndex];
  return symbolIndex > 0 && s.bind !== STB_LOCAL && s.type !== STT_SECTION && s.type !== STT_FILE;
}

function merge(current: Resolution, incoming: Resolution): Resolution {
  if (current.kind === 'undefined' && incoming.kind === 'undefined') {
    return { kind: 'undefined', weakOnly: current.weakOnly && incoming.weakOnly };
  }
  if (current.kind === 'common' && incoming.kind === 'common') {
    const bigger = incoming.size > current.size ? incoming : current;
    return { ...bigger, alignment: Math.max(current.alignment, incoming.alignment) };
  }
  return rank(incoming) > rank(current) ? incoming : current;
}

/** The resolved global symbols, in first-seen order (which keeps output deterministic). */
export class SymbolTable {
  readonly globals = new Map<string, GlobalSymbol>();

  constructor(readonly objects: readonly ObjectFile[]) {
    const duplicates: string[] = [];
    for (const object of objects) {
      object.symbols.forEach((s, i) => {
        if (!isGlobal(object, i)) return;
        const incoming = resolutionOf(object, i);
        const existing = this.globals.get(s.name);
        if (!existing) {
          this.globals.set(s.name, { name: s.name, resolution: incoming });
          return;
        }
        const current = existing.resolution;
        if (current.kind === 'defined' && !current.weak && incoming.kind === 'defined' && !incoming.weak) {
          duplicates.push(`duplicate symbol: ${s.name}\n  defined in ${this.objectName(current.ref)} and in ${object.name}`);
          return;
        }
        existing.resolution = merge(current, incoming);
      });
    }
    if (duplicates.length > 0) throw new LinkError(duplicates.join('\n'));
  }

  objectName(ref: SymbolRef): string {
    return this.objects[ref.objectIndex].name;
  }

  get(name: string): GlobalSymbol | undefined {
    return this.globals.get(name);
  }

  /** The global a symbol-table entry of an object refers to, or undefined for locals. */
  globalFor(objectIndex: number, symbolIndex: number): GlobalSymbol | undefined {
    const object = this.objects[objectIndex];
    return isGlobal(object, symbolIndex) ? this.globals.get(object.symbols[symbolIndex].name) : undefined;
  }

  /**
   * Throws for globals that are still undefined but referenced by a relocation in `objects` (the
   * inputs as read, so messages point at the original relocation sites).
   */
  checkUndefined(objects: readonly ObjectFile[], providedByLinker: (name: string) => boolean): void {
    const referencedBy = new Map<string, string[]>();
    for (const object of objects) {
      for (const section of object.sections) {
        for (const r of section?.relocations ?? []) {
          const g = r.symbol > 0 && isGlobal(object, r.symbol) ? this.globals.get(object.symbols[r.symbol].name) : undefined;
          if (!g || g.resolution.kind !== 'undefined' || g.resolution.weakOnly || providedByLinker(g.name)) continue;
          const sites = referencedBy.get(g.name) ?? [];
          if (sites.length < 5) sites.push(location(object.name, section!.name, r.offset));
          referencedBy.set(g.name, sites);
        }
      }
    }
    if (referencedBy.size === 0) return;
    const lines = [...referencedBy].map(([name, sites]) => `undefined symbol: ${name}\n  referenced by ${sites.join(', ')}`);
    throw new LinkError(lines.join('\n'));
  }
}
