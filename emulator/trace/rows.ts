// The full per-cycle row (docs/trace-format.md): eight u32 words per retired instruction, and the
// typed view of one row. Pure layout; expand.ts writes rows, readers decode them here.

/** Words (u32) per row. */
export const ROW_WORDS = 8;
export const ROW_BYTES = ROW_WORDS * 4;

/** Word offsets in a row. */
export const ROW = { PC: 0, INST: 1, RS1_VALUE: 2, RS2_VALUE: 3, RD_VALUE: 4, MEM_ADDRESS: 5, MEM_VALUE: 6, PACKED: 7 } as const;

/** Bits of the packed word: rs1 (0-4), rs2 (5-9), rd (10-14), then these flags. */
export const FLAG = {
  READS_RS1: 1 << 15,
  READS_RS2: 1 << 16,
  WRITES_RD: 1 << 17,
  LOAD: 1 << 18,
  STORE: 1 << 19,
  /** log2 of the access width at bits 20-21 */
  WIDTH_SHIFT: 20,
  ECALL: 1 << 22,
  /** Airbender mode: a CSRRW (oracle, marker, delegation) whose effects come from the chunk's record */
  CSR: 1 << 23,
} as const;

export interface Row {
  readonly cycle: number;
  readonly pc: number;
  readonly instruction: number;
  readonly rs1?: { readonly index: number; readonly value: number };
  readonly rs2?: { readonly index: number; readonly value: number };
  readonly rd?: { readonly index: number; readonly value: number };
  /** for loads the aligned word read, for stores the aligned word after the write */
  readonly memory?: { readonly kind: 'load' | 'store'; readonly address: number; readonly width: 1 | 2 | 4; readonly word: number };
  readonly ecall?: true;
  /** Airbender mode: a CSR instruction (its effects replayed from the chunk's record) */
  readonly csr?: true;
}

/** The row at word offset `at` of `rows`, which is cycle `cycle`. */
export function decodeRow(rows: Uint32Array, at: number, cycle: number): Row {
  const packed = rows[at + ROW.PACKED];
  const reg = (flag: number, shift: number, value: number) => (packed & flag ? { index: (packed >>> shift) & 31, value } : undefined);
  const rs1 = reg(FLAG.READS_RS1, 0, rows[at + ROW.RS1_VALUE]);
  const rs2 = reg(FLAG.READS_RS2, 5, rows[at + ROW.RS2_VALUE]);
  const rd = reg(FLAG.WRITES_RD, 10, rows[at + ROW.RD_VALUE]);
  const kind = packed & FLAG.LOAD ? 'load' : packed & FLAG.STORE ? 'store' : undefined;
  const width = (1 << ((packed >>> FLAG.WIDTH_SHIFT) & 3)) as 1 | 2 | 4;
  return {
    cycle,
    pc: rows[at + ROW.PC],
    instruction: rows[at + ROW.INST],
    ...(rs1 && { rs1 }),
    ...(rs2 && { rs2 }),
    ...(rd && { rd }),
    ...(kind && { memory: { kind, address: rows[at + ROW.MEM_ADDRESS], width, word: rows[at + ROW.MEM_VALUE] } }),
    ...(packed & FLAG.ECALL ? { ecall: true as const } : {}),
    ...(packed & FLAG.CSR ? { csr: true as const } : {}),
  };
}
