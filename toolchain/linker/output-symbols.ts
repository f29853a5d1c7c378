// The executable's symbol table contents: named local symbols of every object (minus assembler
// temporaries like .L*), the linker-defined symbols, then the resolved globals — locals first, as ELF requires.
import {
  SHN_ABS,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
} from '../../emulator/loader/elf-constants';
import type { Addresses } from './addresses';
import type { Layout, OutputSection } from './layout';
import type { InputSection, ObjectFile } from './object';
import type { SymbolTable } from './symbols';

export interface OutputSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly bind: number;
  readonly type: number;
  /** the output section the symbol lies in, or undefined for absolute symbols */
  readonly section: OutputSection | undefined;
}

const KEPT_TYPES = new Set([STT_NOTYPE, STT_OBJECT, STT_FUNC]);

function isTemporary(name: string): boolean {
  return name === '' || name.startsWith('.L');
}

/** The output section containing an address (a section's end counts, for symbols like _end). */
function sectionAt(sections: readonly OutputSection[], address: number): OutputSection | undefined {
  const candidates = sections.filter((s) => s.size > 0 && address >= s.address && address <= s.address + s.size);
  return candidates.find((s) => s.address === address) ?? candidates[0];
}

export function collectOutputSymbols(
  objects: readonly ObjectFile[],
  symbols: SymbolTable,
  layout: Layout,
  addresses: Addresses,
): OutputSymbol[] {
  const outputOf = new Map<InputSection, OutputSection>();
  for (const section of layout.sections) for (const input of section.inputs) outputOf.set(input, section);
  const placedIn = (object: ObjectFile, shndx: number): OutputSection | undefined => {
    const input = object.sections[shndx];
    return input && outputOf.get(input);
  };

  const locals: OutputSymbol[] = [];
  for (const object of objects) {
    object.symbols.forEach((s, i) => {
      if (i === 0 || s.bind !== STB_LOCAL || !KEPT_TYPES.has(s.type) || isTemporary(s.name)) return;
      const section = placedIn(object, s.shndx);
      if (!section && s.shndx !== SHN_ABS) return;
      locals.push({ name: s.name, value: addresses.of(object.index, i), size: s.size, bind: STB_LOCAL, type: s.type, section });
    });
  }

  const globals: OutputSymbol[] = [];
  for (const [name, value] of layout.linkerSymbols) {
    const g = symbols.get(name);
    if (g && g.resolution.kind !== 'undefined') continue; // an object's definition wins
    globals.push({ name, value, size: 0, bind: STB_GLOBAL, type: STT_NOTYPE, section: sectionAt(layout.sections, value) });
  }
  for (const g of symbols.globals.values()) {
    const r = g.resolution;
    if (r.kind === 'undefined') continue;
    if (r.kind === 'common') {
      const value = layout.commons.get(g.name)!;
      globals.push({ name: g.name, value, size: r.size, bind: STB_GLOBAL, type: STT_OBJECT, section: sectionAt(layout.sections, value) });
      continue;
    }
    const object = objects[r.ref.objectIndex];
    const s = object.symbols[r.ref.symbolIndex];
    const section = placedIn(object, s.shndx);
    if (!section && s.shndx !== SHN_ABS) continue; // defined in a section that is not output
    const value = addresses.of(object.index, r.ref.symbolIndex);
    const bind = r.weak ? STB_WEAK : STB_GLOBAL;
    globals.push({ name: g.name, value, size: s.size, bind, type: KEPT_TYPES.has(s.type) ? s.type : STT_NOTYPE, section });
  }
  return [...locals, ...globals];
}
