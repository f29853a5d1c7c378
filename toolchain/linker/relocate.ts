// Builds the contents of the output sections: copies input section bytes into place and applies
// every relocation through the table in relocations.ts (PCREL_HI20 values first, for PCREL_LO12).
import { SHT_NOBITS } from '../../emulator/loader/elf-constants';
import type { Addresses } from './addresses';
import { LinkError, hex, location } from './common';
import type { Layout, OutputSection } from './layout';
import type { InputSection, Relocation } from './object';
import { relocationName } from './reloc-names';
import { RELOCATION_TYPES, pcRelative, type RelocationSite, type RelocationType } from './relocations';

/** The relocation being applied; one instance is reused for all of them (links can have millions). */
class Site implements RelocationSite {
  S = 0;
  A = 0;
  P = 0;
  alignment: number | undefined;
  private input!: InputSection;
  private r!: Relocation;
  private image!: DataView;
  private imageBase = 0;

  constructor(
    private readonly layout: Layout,
    private readonly addresses: Addresses,
    /** auipc address -> pc-relative value of its PCREL_HI20, for the PCREL_LO12 relocations */
    private readonly pcrelHiValues: Map<number, number>,
  ) {}

  at(image: DataView, imageBase: number, input: InputSection, r: Relocation): this {
    this.image = image;
    this.imageBase = imageBase;
    this.input = input;
    this.r = r;
    this.P = this.layout.addressOf.get(input)! + r.offset;
    this.S = this.addresses.of(input.objectIndex, r.symbol);
    this.A = r.addend;
    this.alignment = r.alignment;
    return this;
  }

  private position(bytes: number, at: number): number {
    if (this.r.offset + at + bytes > this.input.size) this.fail(`patches ${bytes} bytes past the end of the ${this.input.size}-byte section`);
    return this.P + at - this.imageBase;
  }

  read(bytes: 1 | 2 | 4, at = 0): number {
    const pos = this.position(bytes, at);
    return bytes === 1 ? this.image.getUint8(pos) : bytes === 2 ? this.image.getUint16(pos, true) : this.image.getUint32(pos, true);
  }

  write(bytes: 1 | 2 | 4, value: number, at = 0): void {
    const pos = this.position(bytes, at);
    if (bytes === 1) this.image.setUint8(pos, value & 0xff);
    else if (bytes === 2) this.image.setUint16(pos, value & 0xffff, true);
    else this.image.setUint32(pos, value >>> 0, true);
  }

  pcrelHi(): number {
    return this.pcrelHiValues.get(this.S) ?? this.fail(`no R_RISCV_PCREL_HI20 at ${hex(this.S)}, where the %pcrel_lo label points`);
  }

  fail(message: string): never {
    const symbol = this.addresses.name(this.input.objectIndex, this.r.symbol);
    throw new LinkError(`${relocationName(this.r.type)} against ${symbol} at ${this.where()}: ${message}`);
  }

  where(): string {
    return location(this.input.objectName, this.input.name, this.r.offset);
  }

  /** The table entry for this relocation's type; unsupported types are an error. */
  type(): RelocationType {
    const type = RELOCATION_TYPES.get(this.r.type);
    if (type) return type;
    const symbol = this.addresses.name(this.input.objectIndex, this.r.symbol);
    throw new LinkError(`unsupported relocation ${relocationName(this.r.type)} (type ${this.r.type}) against ${symbol} at ${this.where()}`);
  }
}

function copyInputs(section: OutputSection, layout: Layout): Uint8Array {
  const image = new Uint8Array(section.size);
  for (const input of section.inputs) {
    if (input.type === SHT_NOBITS) continue;
    image.set(input.data, layout.addressOf.get(input)! - section.address);
  }
  return image;
}

/** The contents of every output section except .bss, with all relocations applied. */
export function relocate(layout: Layout, addresses: Addresses): Map<OutputSection, Uint8Array> {
  const images = new Map<OutputSection, Uint8Array>();
  for (const section of layout.sections) {
    if (section.kind !== 'bss') images.set(section, copyInputs(section, layout));
    else {
      const withRelocations = section.inputs.find((s) => s.relocations.length > 0);
      if (withRelocations) throw new LinkError(`${withRelocations.objectName}: ${withRelocations.name} is zero-filled but has relocations`);
    }
  }
  const pcrelHiValues = new Map<number, number>();
  const site = new Site(layout, addresses, pcrelHiValues);
  const eachRelocation = (visit: (input: InputSection, r: Relocation, view: DataView, base: number) => void) => {
    for (const [section, image] of images) {
      const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
      for (const input of section.inputs) for (const r of input.relocations) visit(input, r, view, section.address);
    }
  };
  // PCREL_HI20 values first: a PCREL_LO12 may come before its auipc's relocation.
  eachRelocation((input, r, view, base) => {
    if (site.at(view, base, input, r).type().pcrelHi) pcrelHiValues.set(site.P, pcRelative(site));
  });
  eachRelocation((input, r, view, base) => site.at(view, base, input, r).type().apply(site));
  return images;
}
