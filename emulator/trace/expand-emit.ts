// Code generation for the compiled row expander (expand-compiled.ts): the JavaScript of one RV32IM
// instruction that re-executes it with its registers in locals (x1..x31, x0 is the constant 0) and
// writes its row (rows.ts) at word offset o of r, with the same fields and the same traps as the
// reference loop (expand.ts). Instructions the driver handles (ecall, CSR, illegal) give null.
import { FLAG, ROW_WORDS } from './rows';

/** Status words a region leaves in `st`: the row word offset reached, and why it stopped early. */
export const ST_RETIRED = 0;
export const ST_EXIT = 1;
export const ST_ARG = 2;
export const EXIT_TRAP = 1;
export const EXIT_CODE_WRITE = 2;
/** log2 of the bytes one code mark covers */
export const GRANULE_SHIFT = 6;

const RS1 = FLAG.READS_RS1;
const RS2 = FLAG.READS_RS2;
const RD = FLAG.WRITES_RD;
const W = FLAG.WIDTH_SHIFT;

/** How a block's last instruction picks the next pc: a condition between two constants, one constant, or `ad`. */
export type Successor = { readonly cond: string; readonly taken: number; readonly fall: number } | { readonly to: number } | { readonly dynamic: true };

/** One instruction's code: `body` (uses the register locals) and, when it ends the block, its successor. */
export interface Emitted {
  readonly body: string;
  readonly reads: readonly number[];
  readonly writes: readonly number[];
  readonly ends?: Successor;
}

/**
 * Code for the instruction `inst` at `pc`, k-th of its block, or null when the driver must handle it
 * (ecall, CSR, and every word the reference traps on whatever the registers: illegal encodings,
 * misaligned jal targets, FENCE in Airbender mode).
 */
export function emit(inst: number, pc: number, k: number, airbender: boolean, size: number): Emitted | null {
  const rd = (inst >>> 7) & 31;
  const rs1 = (inst >>> 15) & 31;
  const rs2 = (inst >>> 20) & 31;
  const f3 = (inst >>> 12) & 7;
  const a = rs1 === 0 ? '0' : `x${rs1}`;
  const b = rs2 === 0 ? '0' : `x${rs2}`;
  const d = `x${rd}`;
  const o = (j: number) => `r[o + ${k * ROW_WORDS + j}]`;
  const head = `${o(0)} = ${pc | 0}; ${o(1)} = ${inst | 0};`;
  const trap = `{ st[${ST_RETIRED}] = o + ${k * ROW_WORDS}; st[${ST_EXIT}] = ${EXIT_TRAP}; return 0; }`;
  const next = (pc + 4) | 0;
  /** a register result: computed into rd's local unless rd is x0, then the row */
  const alu = (expr: string, rowIn: string, packed: number, readRegs: number[]): Emitted => ({
    body: `${head} ${rowIn} ${rd === 0 ? `${o(4)} = 0;` : `${d} = ${expr}; ${o(4)} = ${d};`} ${o(5)} = 0; ${o(6)} = 0; ${o(7)} = ${packed};`,
    reads: readRegs,
    writes: rd === 0 ? [] : [rd],
  });
  switch (inst & 0x7f) {
    case 0x33: {
      const ops: Record<number, string> = {
        0: `(${a} + ${b}) | 0`,
        256: `(${a} - ${b}) | 0`,
        1: `${a} << ${b}`,
        2: `${a} < ${b} ? 1 : 0`,
        3: `${a} >>> 0 < ${b} >>> 0 ? 1 : 0`,
        4: `${a} ^ ${b}`,
        5: `(${a} >>> ${b}) | 0`,
        261: `${a} >> ${b}`,
        6: `${a} | ${b}`,
        7: `${a} & ${b}`,
        8: `Math.imul(${a}, ${b})`,
        9: `mulh(${a}, ${b})`,
        10: `mulhsu(${a}, ${b})`,
        11: `mulhu(${a}, ${b}) | 0`,
        12: `${b} === 0 ? -1 : (${a} / ${b}) | 0`,
        13: `${b} === 0 ? -1 : ((${a} >>> 0) / (${b} >>> 0)) | 0`,
        14: `${b} === 0 ? ${a} : (${a} % ${b}) | 0`,
        15: `${b} === 0 ? ${a} : ((${a} >>> 0) % (${b} >>> 0)) | 0`,
      };
      const expr = ops[((inst >>> 22) & 0x3f8) | f3];
      if (expr === undefined) return null;
      return alu(expr, `${o(2)} = ${a}; ${o(3)} = ${b};`, ((inst >>> 15) & 0x3ff) | (rd << 10) | RS1 | RS2 | RD, [rs1, rs2]);
    }
    case 0x13: {
      const imm = inst >> 20;
      let expr: string;
      switch (f3) {
        case 0: expr = `(${a} + ${imm}) | 0`; break;
        case 2: expr = `${a} < ${imm} ? 1 : 0`; break;
        case 3: expr = `${a} >>> 0 < ${imm >>> 0} ? 1 : 0`; break;
        case 4: expr = `${a} ^ ${imm}`; break;
        case 6: expr = `${a} | ${imm}`; break;
        case 7: expr = `${a} & ${imm}`; break;
        case 1:
          if (inst >>> 25 !== 0) return null;
          expr = `${a} << ${imm & 31}`;
          break;
        default: // 5
          if (inst >>> 25 === 0) expr = `(${a} >>> ${imm & 31}) | 0`;
          else if (inst >>> 25 === 0x20) expr = `${a} >> ${imm & 31}`;
          else return null;
      }
      return alu(expr, `${o(2)} = ${a}; ${o(3)} = 0;`, rs1 | (rd << 10) | RS1 | RD, [rs1]);
    }
    case 0x03: {
      const imm = inst >> 20;
      let check: string;
      let load: string;
      let width = 0;
      switch (f3) {
        case 0: check = `ad >>> 0 >= ${size}`; load = 'i8[ad]'; break;
        case 4: check = `ad >>> 0 >= ${size}`; load = 'u8[ad]'; break;
        case 1: check = `(ad & 1) !== 0 || ad >>> 0 >= ${size}`; load = 'i16[ad >>> 1]'; width = 1; break;
        case 5: check = `(ad & 1) !== 0 || ad >>> 0 >= ${size}`; load = 'u16[ad >>> 1]'; width = 1; break;
        case 2: check = `(ad & 3) !== 0 || ad >>> 0 >= ${size}`; load = 'i32[ad >>> 2]'; width = 2; break;
        default: return null;
      }
      const word = width === 2 ? (rd === 0 ? 'i32[ad >>> 2]' : d) : 'i32[ad >>> 2]';
      const body =
        `${head} ad = (${a} + ${imm}) | 0; if (${check}) ${trap} ${o(2)} = ${a}; ${o(3)} = 0; ` +
        (rd === 0 ? `${o(4)} = 0; ` : `${d} = ${load}; ${o(4)} = ${d}; `) +
        `${o(5)} = ad; ${o(6)} = ${word}; ${o(7)} = ${rs1 | (rd << 10) | RS1 | RD | FLAG.LOAD | (width << W)};`;
      return { body, reads: [rs1], writes: rd === 0 ? [] : [rd] };
    }
    case 0x23: {
      const imm = ((inst >> 20) & ~31) | rd;
      let store: string;
      let width = 0;
      switch (f3) {
        case 2: store = `if ((ad & 3) !== 0 || ad >>> 0 >= ${size}) ${trap} i32[ad >>> 2] = ${b};`; width = 2; break;
        case 0: store = `if (ad >>> 0 >= ${size}) ${trap} u8[ad] = ${b};`; break;
        case 1: store = `if ((ad & 1) !== 0 || ad >>> 0 >= ${size}) ${trap} u16[ad >>> 1] = ${b};`; width = 1; break;
        default: return null;
      }
      const body =
        `${head} ad = (${a} + ${imm}) | 0; ${store} ${o(2)} = ${a}; ${o(3)} = ${b}; ${o(4)} = 0; ${o(5)} = ad; ` +
        `${o(6)} = ${width === 2 ? b : 'i32[ad >>> 2]'}; ${o(7)} = ${((inst >>> 15) & 0x3ff) | RS1 | RS2 | FLAG.STORE | (width << W)}; ` +
        `if (cm[ad >>> ${GRANULE_SHIFT}] !== 0 && (cw[ad >>> 7] & (1 << ((ad >>> 2) & 31))) !== 0) { WB st[${ST_RETIRED}] = o + ${(k + 1) * ROW_WORDS}; st[${ST_EXIT}] = ${EXIT_CODE_WRITE}; st[${ST_ARG}] = ad; return ${next}; }`;
      return { body, reads: [rs1, rs2], writes: [] };
    }
    case 0x63: {
      const conds: Record<number, string> = {
        0: `${a} === ${b}`,
        1: `${a} !== ${b}`,
        4: `${a} < ${b}`,
        5: `${a} >= ${b}`,
        6: `${a} >>> 0 < ${b} >>> 0`,
        7: `${a} >>> 0 >= ${b} >>> 0`,
      };
      const cond = conds[f3];
      if (cond === undefined) return null;
      const target = (pc + (((inst >> 19) & ~0xfff) | ((inst << 4) & 0x800) | ((inst >>> 20) & 0x7e0) | ((inst >>> 7) & 0x1e))) | 0;
      const rows = `${o(2)} = ${a}; ${o(3)} = ${b}; ${o(4)} = 0; ${o(5)} = 0; ${o(6)} = 0; ${o(7)} = ${((inst >>> 15) & 0x3ff) | RS1 | RS2};`;
      if (target & 3) return { body: `${head} if (${cond}) ${trap} ${rows}`, reads: [rs1, rs2], writes: [], ends: { to: next } };
      return { body: `${head} ${rows}`, reads: [rs1, rs2], writes: [], ends: { cond, taken: target, fall: next } };
    }
    case 0x37:
    case 0x17: {
      const value = (inst & 0x7f) === 0x37 ? inst & 0xfffff000 : (pc + (inst & 0xfffff000)) | 0;
      return alu(`${value | 0}`, `${o(2)} = 0; ${o(3)} = 0;`, (rd << 10) | RD, []);
    }
    case 0x6f: {
      const target = (pc + (((inst >> 11) & ~0xfffff) | (inst & 0xff000) | ((inst >>> 9) & 0x800) | ((inst >>> 20) & 0x7fe))) | 0;
      if (target & 3) return null;
      const link = rd === 0 ? `${o(4)} = 0;` : `${d} = ${next}; ${o(4)} = ${next};`;
      return {
        body: `${head} ${o(2)} = 0; ${o(3)} = 0; ${link} ${o(5)} = 0; ${o(6)} = 0; ${o(7)} = ${(rd << 10) | RD};`,
        reads: [],
        writes: rd === 0 ? [] : [rd],
        ends: { to: target },
      };
    }
    case 0x67: {
      if (inst & 0x7000) return null;
      const link = rd === 0 ? `${o(4)} = 0;` : `${d} = ${next}; ${o(4)} = ${next};`;
      return {
        body:
          `${head} ad = (${a} + ${inst >> 20}) & ~1; if ((ad & 2) !== 0) ${trap} ${o(2)} = ${a}; ${o(3)} = 0; ${link} ` +
          `${o(5)} = 0; ${o(6)} = 0; ${o(7)} = ${rs1 | (rd << 10) | RS1 | RD};`,
        reads: [rs1],
        writes: rd === 0 ? [] : [rd],
        ends: { dynamic: true },
      };
    }
    case 0x0f:
      if (inst & 0x7000 || airbender) return null;
      return { body: `${head} ${o(2)} = 0; ${o(3)} = 0; ${o(4)} = 0; ${o(5)} = 0; ${o(6)} = 0; ${o(7)} = 0;`, reads: [], writes: [] };
    default:
      return null;
  }
}
