// Bit-level patching of RISC-V instruction immediates (U, I, S, B, J formats) and the %hi/%lo split.

/** The upper 20 bits for lui/auipc, rounded so that adding the sign-extended low 12 bits gives `value`. */
export function hi20(value: number): number {
  return ((value + 0x800) >>> 12) & 0xfffff;
}

/** The low 12 bits (interpreted as signed by the instruction). */
export function lo12(value: number): number {
  return value & 0xfff;
}

export function setUImmediate(word: number, imm20: number): number {
  return ((word & 0xfff) | ((imm20 & 0xfffff) << 12)) >>> 0;
}

export function setIImmediate(word: number, imm12: number): number {
  return ((word & 0x000fffff) | ((imm12 & 0xfff) << 20)) >>> 0;
}

export function setSImmediate(word: number, imm12: number): number {
  const hi = (imm12 >> 5) & 0x7f;
  const lo = imm12 & 0x1f;
  return ((word & 0x01fff07f) | (hi << 25) | (lo << 7)) >>> 0;
}

/** Branch offset (even, 13-bit signed) into imm[12|10:5] and imm[4:1|11]. */
export function setBImmediate(word: number, offset: number): number {
  const bit12 = (offset >> 12) & 1;
  const bit11 = (offset >> 11) & 1;
  const bits10to5 = (offset >> 5) & 0x3f;
  const bits4to1 = (offset >> 1) & 0xf;
  return ((word & 0x01fff07f) | (bit12 << 31) | (bits10to5 << 25) | (bits4to1 << 8) | (bit11 << 7)) >>> 0;
}

/** Jump offset (even, 21-bit signed) into imm[20|10:1|11|19:12]. */
export function setJImmediate(word: number, offset: number): number {
  const bit20 = (offset >> 20) & 1;
  const bits10to1 = (offset >> 1) & 0x3ff;
  const bit11 = (offset >> 11) & 1;
  const bits19to12 = (offset >> 12) & 0xff;
  return ((word & 0xfff) | (bit20 << 31) | (bits10to1 << 21) | (bit11 << 20) | (bits19to12 << 12)) >>> 0;
}
