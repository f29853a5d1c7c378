// The supported RISC-V relocation types: one small function per type, keyed by type number.
// S = symbol address, A = addend, P = address of the patched field (psABI notation).
import { R_RISCV } from '../../emulator/loader/elf-constants';
import { alignmentOf } from './align';
import { hex } from './common';
import { hi20, lo12, setBImmediate, setIImmediate, setJImmediate, setSImmediate, setUImmediate } from './encode';

/** One relocation being applied: its inputs and access to the bytes it patches. */
export interface RelocationSite {
  readonly S: number;
  readonly A: number;
  readonly P: number;
  /** the boundary an R_RISCV_ALIGN must reach (set by the alignment pass) */
  readonly alignment: number | undefined;
  read(bytes: 1 | 2 | 4, at?: number): number;
  write(bytes: 1 | 2 | 4, value: number, at?: number): void;
  /** For PCREL_LO12_*: the pc-relative value (target - auipc address) of the PCREL_HI20 at address S. */
  pcrelHi(): number;
  fail(message: string): never;
}

export interface RelocationType {
  readonly apply: (site: RelocationSite) => void;
  /** PCREL_HI20 and friends: other relocations (PCREL_LO12_*) look their value up by address */
  readonly pcrelHi?: boolean;
}

const INT32_MIN = -(2 ** 31);
const UINT32_LIMIT = 2 ** 32;

/** S + A, which must be representable in 32 bits (as a signed or an unsigned number). */
function absolute(site: RelocationSite): number {
  const value = site.S + site.A;
  if (value < INT32_MIN || value >= UINT32_LIMIT) site.fail(`value ${value} does not fit in 32 bits`);
  return value;
}

/** S + A - P as a signed 32-bit offset: rv32 address arithmetic wraps, so every target is in reach. */
export function pcRelative(site: RelocationSite): number {
  return (absolute(site) - site.P) | 0;
}

function checkRange(site: RelocationSite, offset: number, bits: number, what: string): void {
  const limit = 2 ** (bits - 1);
  if (offset < -limit || offset >= limit) {
    site.fail(`${what} target ${hex(site.S + site.A)} is ${offset} bytes from ${hex(site.P)}, out of range [-${limit}, ${limit - 2}]`);
  }
  if (offset & 1) site.fail(`${what} target ${hex(site.S + site.A)} is not 2-byte aligned`);
}

const patch32 = (site: RelocationSite, update: (word: number) => number, at = 0) =>
  site.write(4, update(site.read(4, at)), at);

function add(bytes: 1 | 2 | 4, sign: 1 | -1) {
  return (site: RelocationSite) => site.write(bytes, site.read(bytes) + sign * (site.S + site.A));
}

function set(bytes: 1 | 2 | 4) {
  return (site: RelocationSite) => site.write(bytes, site.S + site.A);
}

function pcrelLo(setImmediate: (word: number, imm: number) => number) {
  return (site: RelocationSite) => {
    if (site.A !== 0) site.fail(`addend ${site.A} is not allowed (the symbol must be the label of the auipc)`);
    patch32(site, (w) => setImmediate(w, lo12(site.pcrelHi())));
  };
}

function call(site: RelocationSite): void {
  const offset = pcRelative(site);
  patch32(site, (w) => setUImmediate(w, hi20(offset)));
  patch32(site, (w) => setIImmediate(w, lo12(offset)), 4);
}

const nothing = () => {};

export const RELOCATION_TYPES: ReadonlyMap<number, RelocationType> = new Map<number, RelocationType>([
  [R_RISCV.NONE, { apply: nothing }],
  [R_RISCV._32, { apply: (site) => site.write(4, absolute(site)) }],
  [R_RISCV._32_PCREL, { apply: (site) => site.write(4, pcRelative(site)) }],
  [R_RISCV.HI20, { apply: (site) => patch32(site, (w) => setUImmediate(w, hi20(absolute(site)))) }],
  [R_RISCV.LO12_I, { apply: (site) => patch32(site, (w) => setIImmediate(w, lo12(absolute(site)))) }],
  [R_RISCV.LO12_S, { apply: (site) => patch32(site, (w) => setSImmediate(w, lo12(absolute(site)))) }],
  [R_RISCV.PCREL_HI20, { apply: (site) => patch32(site, (w) => setUImmediate(w, hi20(pcRelative(site)))), pcrelHi: true }],
  [R_RISCV.PCREL_LO12_I, { apply: pcrelLo(setIImmediate) }],
  [R_RISCV.PCREL_LO12_S, { apply: pcrelLo(setSImmediate) }],
  [R_RISCV.CALL, { apply: call }],
  [R_RISCV.CALL_PLT, { apply: call }],
  [
    R_RISCV.BRANCH,
    {
      apply: (site) => {
        const offset = pcRelative(site);
        checkRange(site, offset, 13, 'branch');
        patch32(site, (w) => setBImmediate(w, offset));
      },
    },
  ],
  [
    R_RISCV.JAL,
    {
      apply: (site) => {
        const offset = pcRelative(site);
        checkRange(site, offset, 21, 'jump');
        patch32(site, (w) => setJImmediate(w, offset));
      },
    },
  ],
  [R_RISCV.RELAX, { apply: nothing }],
  [
    R_RISCV.ALIGN,
    {
      apply: (site) => {
        const alignment = site.alignment ?? alignmentOf(site.A);
        if ((site.P + site.A) % alignment !== 0) {
          site.fail(`padding ends at ${hex(site.P + site.A)}, which is not ${alignment}-byte aligned`);
        }
      },
    },
  ],
  [R_RISCV.ADD8, { apply: add(1, 1) }],
  [R_RISCV.ADD16, { apply: add(2, 1) }],
  [R_RISCV.ADD32, { apply: add(4, 1) }],
  [R_RISCV.SUB8, { apply: add(1, -1) }],
  [R_RISCV.SUB16, { apply: add(2, -1) }],
  [R_RISCV.SUB32, { apply: add(4, -1) }],
  [R_RISCV.SET6, { apply: (site) => site.write(1, (site.read(1) & 0xc0) | ((site.S + site.A) & 0x3f)) }],
  [R_RISCV.SUB6, { apply: (site) => site.write(1, (site.read(1) & 0xc0) | ((site.read(1) - (site.S + site.A)) & 0x3f)) }],
  [R_RISCV.SET8, { apply: set(1) }],
  [R_RISCV.SET16, { apply: set(2) }],
  [R_RISCV.SET32, { apply: set(4) }],
]);
