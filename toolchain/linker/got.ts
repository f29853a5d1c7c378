// R_RISCV_GOT_HI20 (position-independent code, `la` under `.option pic`): gives each object a small
// .got section whose words hold the addresses its GOT_HI20 relocations ask for, and turns each
// GOT_HI20 into a PCREL_HI20 against its slot, so the paired PCREL_LO12 then loads the address.
import { R_RISCV, SHF_ALLOC, SHF_WRITE, SHT_PROGBITS, STB_LOCAL, STT_OBJECT } from '../../emulator/loader/elf-constants';
import type { InputSection, ObjectFile, ObjectSymbol, Relocation } from './object';

export const GOT_SECTION_NAME = '.got';
const WORD = 4;

/** Adds the .got section and slot symbols to `object` when it has GOT_HI20 relocations. */
export function buildGot(object: ObjectFile): ObjectFile {
  const slots = new Map<string, { symbol: number; addend: number; slot: number }>();
  for (const section of object.sections) {
    for (const r of section?.relocations ?? []) {
      const key = `${r.symbol}+${r.addend}`;
      if (r.type === R_RISCV.GOT_HI20 && !slots.has(key)) slots.set(key, { symbol: r.symbol, addend: r.addend, slot: slots.size });
    }
  }
  if (slots.size === 0) return object;

  const gotIndex = object.sections.length;
  const firstSlotSymbol = object.symbols.length;
  const slotSymbols: ObjectSymbol[] = [...slots.values()].map(({ slot }) => ({
    name: '',
    value: slot * WORD,
    size: WORD,
    bind: STB_LOCAL,
    type: STT_OBJECT,
    shndx: gotIndex,
  }));
  const got: InputSection = {
    objectIndex: object.index,
    objectName: object.name,
    index: gotIndex,
    name: GOT_SECTION_NAME,
    type: SHT_PROGBITS,
    flags: SHF_ALLOC | SHF_WRITE,
    alignment: WORD,
    size: slots.size * WORD,
    data: new Uint8Array(slots.size * WORD),
    relocations: [...slots.values()].map(({ symbol, addend, slot }) => ({ offset: slot * WORD, type: R_RISCV._32, symbol, addend })),
  };
  const redirect = (r: Relocation): Relocation => {
    if (r.type !== R_RISCV.GOT_HI20) return r;
    const { slot } = slots.get(`${r.symbol}+${r.addend}`)!;
    return { offset: r.offset, type: R_RISCV.PCREL_HI20, symbol: firstSlotSymbol + slot, addend: 0 };
  };
  const sections = object.sections.map((s) => s && { ...s, relocations: s.relocations.map(redirect) });
  return {
    ...object,
    sections: [...sections, got],
    sectionNames: [...object.sectionNames, GOT_SECTION_NAME],
    symbols: [...object.symbols, ...slotSymbols],
  };
}
