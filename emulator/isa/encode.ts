// Operand fields -> instruction word, derived from the ISA table; validates every operand and
// names the mnemonic and operand in its errors. Immediates mean exactly what Decoded.imm means.
import { FORMAT_LAYOUTS } from './decode';
import { INSTRUCTIONS, encodingPattern, type Format, type InstructionSpec, type Mnemonic } from './table';

export interface EncodeFields {
  readonly mnemonic: Mnemonic;
  readonly rd?: number;
  readonly rs1?: number;
  readonly rs2?: number;
  /** as in Decoded.imm; for U the full upper value (imm20 << 12), int32 or uint32 */
  readonly imm?: number;
}

/** What a format accepts as its immediate, and where the immediate's bits go in the word. */
interface ImmediateRule {
  readonly min: number;
  readonly max: number;
  /** the immediate must be a multiple of this */
  readonly align: number;
  readonly place: (imm: number) => number;
}

const placeI = (imm: number): number => (imm & 0xfff) << 20;
const placeS = (imm: number): number => ((imm & 0xfe0) << 20) | ((imm & 0x1f) << 7);
const placeB = (imm: number): number =>
  ((imm & 0x1000) << 19) | ((imm & 0x7e0) << 20) | ((imm & 0x1e) << 7) | ((imm & 0x800) >>> 4);
const placeJ = (imm: number): number =>
  ((imm & 0x100000) << 11) | ((imm & 0x7fe) << 20) | ((imm & 0x800) << 9) | (imm & 0xff000);
const placeU = (imm: number): number => imm & ~0xfff;
const placeNothing = (): number => 0;

const signed12: ImmediateRule = { min: -2048, max: 2047, align: 1, place: placeI };

const IMMEDIATE_RULES: Readonly<Record<Format, ImmediateRule>> = {
  R: { min: 0, max: 0, align: 1, place: placeNothing },
  I: signed12,
  Ishift: { min: 0, max: 31, align: 1, place: placeI },
  Load: signed12,
  Jalr: signed12,
  S: { ...signed12, place: placeS },
  B: { min: -4096, max: 4094, align: 2, place: placeB },
  U: { min: -0x80000000, max: 0xffffffff, align: 0x1000, place: placeU },
  J: { min: -0x100000, max: 0xffffe, align: 2, place: placeJ },
  Fence: { min: 0, max: 0xfff, align: 1, place: placeI },
  Sys: { min: 0, max: 0, align: 1, place: placeNothing },
};

const REGISTER_SHIFTS = { rd: 7, rs1: 15, rs2: 20 } as const;
type RegisterField = keyof typeof REGISTER_SHIFTS;
const REGISTER_FIELDS = Object.keys(REGISTER_SHIFTS) as RegisterField[];

const specsByMnemonic: ReadonlyMap<string, InstructionSpec> = new Map(
  (INSTRUCTIONS as readonly InstructionSpec[]).map((spec) => [spec.mnemonic, spec]),
);

/** Encodes one instruction; returns the unsigned 32-bit word or throws naming the bad operand. */
export function encode(fields: EncodeFields): number {
  const spec = specsByMnemonic.get(fields.mnemonic);
  if (spec === undefined) throw new Error(`encode: unknown mnemonic '${String(fields.mnemonic)}'`);
  const layout = FORMAT_LAYOUTS[spec.format];
  let word = encodingPattern(spec).match;

  for (const field of REGISTER_FIELDS) {
    const value = fields[field] ?? 0;
    if (!layout[field]) {
      if (value !== 0) throw new Error(`encode ${spec.mnemonic}: takes no ${field} (got ${value})`);
      continue;
    }
    if (!Number.isInteger(value) || value < 0 || value > 31) {
      throw new Error(`encode ${spec.mnemonic}: ${field} must be a register number 0..31 (got ${value})`);
    }
    word |= value << REGISTER_SHIFTS[field];
  }

  const rule = IMMEDIATE_RULES[spec.format];
  const imm = fields.imm ?? 0;
  if (!Number.isInteger(imm) || imm < rule.min || imm > rule.max) {
    const what = rule.max === 0 ? 'takes no imm' : `imm must be in ${rule.min}..${rule.max}`;
    throw new Error(`encode ${spec.mnemonic}: ${what} (got ${imm})`);
  }
  if (imm % rule.align !== 0) {
    throw new Error(`encode ${spec.mnemonic}: imm must be a multiple of ${rule.align} (got ${imm})`);
  }
  word |= rule.place(imm);
  return word >>> 0;
}
