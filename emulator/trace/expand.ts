// The row expander: re-executes one chunk alone from its minimal trace (start state, memory image,
// recorded ecall answers: a replay host) and writes one fixed-size row per cycle (rows.ts). No I/O.
// In Airbender mode (docs/airbender.md) FENCE and ECALL are illegal and every CSRRW is replayed from
// its record as an ecall is; the run's final `j .` needs nothing special (the chunk's count ends it).
import { mulh, mulhsu, mulhu } from '../interpreter';
import { Memory } from '../memory';
import { PAGE_RECORD, PAGE_SHIFT, pageIndex, type Chunk } from './chunk';
import type { TraceMode } from './format';
import { FLAG, ROW_WORDS } from './rows';

export interface Expansion {
  /** ROW_WORDS words per retired instruction */
  readonly rows: Int32Array;
  /** state after the chunk: the next chunk's start */
  readonly pc: number;
  readonly regs: Int32Array;
}

/** A chunk whose re-execution does not retire its recorded cycles (a damaged or foreign chunk). */
export class ExpandError extends Error {}

const RS1 = FLAG.READS_RS1;
const RS2 = FLAG.READS_RS2;
const RD = FLAG.WRITES_RD;
const W = FLAG.WIDTH_SHIFT;

function fail(chunk: Chunk, n: number, pc: number, why: string): never {
  throw new ExpandError(`chunk ${chunk.index} does not re-execute: ${why} at cycle ${chunk.firstCycle + n}, pc 0x${(pc >>> 0).toString(16)}`);
}

/**
 * Re-executes `chunk` on `memory` (any contents: the image gives every page the chunk touches).
 * Rows go to `into` from word `at` when given (a caller's reused payload buffer: every word of every
 * row is written, so stale contents do not matter), else to a new array.
 */
export function expandChunk(chunk: Chunk, memory: Memory, into?: Int32Array, at = 0, mode: TraceMode = 'zkos'): Expansion {
  const airbender = mode === 'airbender';
  const pages = chunk.pages;
  const i32 = memory.i32;
  for (let k = 0; k < pages.length; k += PAGE_RECORD) {
    const p = pageIndex(pages[k]);
    if ((p + 1) * (1 << PAGE_SHIFT) > memory.size) fail(chunk, 0, chunk.pc, `its memory image has page ${p}, outside memory`);
    i32.set(pages.subarray(k + 1, k + PAGE_RECORD), p << (PAGE_SHIFT - 2));
  }
  const x = Int32Array.from(chunk.regs);
  const u8 = memory.u8;
  const i8 = memory.i8;
  const u16 = memory.u16;
  const i16 = memory.i16;
  const size = memory.size;
  const count = chunk.cycles;
  if (into && at + count * ROW_WORDS > into.length) throw new RangeError(`expandChunk: ${count} rows from word ${at} do not fit ${into.length} words`);
  const r = into ?? new Int32Array(count * ROW_WORDS);
  const base = into ? at : 0;
  const ecalls = chunk.ecalls;
  let ei = 0;
  let pc = chunk.pc | 0;
  let n = 0;

  loop: while (n < count) {
    if (pc >>> 0 >= size) fail(chunk, n, pc, 'instruction fetch outside memory');
    const inst = i32[pc >>> 2] | 0;
    x[0] = 0;
    const o = base + n * ROW_WORDS;
    r[o] = pc;
    r[o + 1] = inst;
    const rd = (inst >>> 7) & 31;
    const rs1 = (inst >>> 15) & 31;
    let next = (pc + 4) | 0;
    switch (inst & 0x7f) {
      case 0x33: {
        const a = x[rs1];
        const b = x[(inst >>> 20) & 31];
        switch (((inst >>> 22) & 0x3f8) | ((inst >>> 12) & 7)) {
          case 0: x[rd] = a + b; break;
          case 256: x[rd] = a - b; break;
          case 1: x[rd] = a << b; break;
          case 2: x[rd] = a < b ? 1 : 0; break;
          case 3: x[rd] = a >>> 0 < b >>> 0 ? 1 : 0; break;
          case 4: x[rd] = a ^ b; break;
          case 5: x[rd] = a >>> b; break;
          case 261: x[rd] = a >> b; break;
          case 6: x[rd] = a | b; break;
          case 7: x[rd] = a & b; break;
          case 8: x[rd] = Math.imul(a, b); break;
          case 9: x[rd] = mulh(a, b); break;
          case 10: x[rd] = mulhsu(a, b); break;
          case 11: x[rd] = mulhu(a, b); break;
          case 12: x[rd] = b === 0 ? -1 : (a / b) | 0; break;
          case 13: x[rd] = b === 0 ? -1 : (a >>> 0) / (b >>> 0); break;
          case 14: x[rd] = b === 0 ? a : a % b; break;
          case 15: x[rd] = b === 0 ? a : (a >>> 0) % (b >>> 0); break;
          default: break loop;
        }
        x[0] = 0;
        r[o + 2] = a; r[o + 3] = b; r[o + 4] = x[rd]; r[o + 5] = 0; r[o + 6] = 0;
        r[o + 7] = ((inst >>> 15) & 0x3ff) | (rd << 10) | RS1 | RS2 | RD;
        break;
      }
      case 0x13: {
        const a = x[rs1];
        const imm = inst >> 20;
        switch ((inst >>> 12) & 7) {
          case 0: x[rd] = a + imm; break;
          case 2: x[rd] = a < imm ? 1 : 0; break;
          case 3: x[rd] = a >>> 0 < imm >>> 0 ? 1 : 0; break;
          case 4: x[rd] = a ^ imm; break;
          case 6: x[rd] = a | imm; break;
          case 7: x[rd] = a & imm; break;
          case 1:
            if (inst >>> 25 !== 0) break loop;
            x[rd] = a << imm;
            break;
          case 5:
            if (inst >>> 25 === 0) x[rd] = a >>> imm;
            else if (inst >>> 25 === 0x20) x[rd] = a >> imm;
            else break loop;
            break;
        }
        x[0] = 0;
        r[o + 2] = a; r[o + 3] = 0; r[o + 4] = x[rd]; r[o + 5] = 0; r[o + 6] = 0;
        r[o + 7] = rs1 | (rd << 10) | RS1 | RD;
        break;
      }
      case 0x03: {
        const a = x[rs1];
        const addr = (a + (inst >> 20)) | 0;
        let width = 0;
        switch ((inst >>> 12) & 7) {
          case 0: if (addr >>> 0 >= size) break loop; x[rd] = i8[addr]; break;
          case 4: if (addr >>> 0 >= size) break loop; x[rd] = u8[addr]; break;
          case 1: if (addr & 1 || addr >>> 0 >= size) break loop; x[rd] = i16[addr >>> 1]; width = 1; break;
          case 5: if (addr & 1 || addr >>> 0 >= size) break loop; x[rd] = u16[addr >>> 1]; width = 1; break;
          case 2: if (addr & 3 || addr >>> 0 >= size) break loop; x[rd] = i32[addr >>> 2]; width = 2; break;
          default: break loop;
        }
        x[0] = 0;
        r[o + 2] = a; r[o + 3] = 0; r[o + 4] = x[rd]; r[o + 5] = addr; r[o + 6] = i32[addr >>> 2];
        r[o + 7] = rs1 | (rd << 10) | RS1 | RD | FLAG.LOAD | (width << W);
        break;
      }
      case 0x23: {
        const a = x[rs1];
        const addr = (a + (((inst >> 20) & ~31) | rd)) | 0;
        const v = x[(inst >>> 20) & 31];
        let width = 0;
        switch ((inst >>> 12) & 7) {
          case 2: if (addr & 3 || addr >>> 0 >= size) break loop; i32[addr >>> 2] = v; width = 2; break;
          case 0: if (addr >>> 0 >= size) break loop; u8[addr] = v; break;
          case 1: if (addr & 1 || addr >>> 0 >= size) break loop; u16[addr >>> 1] = v; width = 1; break;
          default: break loop;
        }
        r[o + 2] = a; r[o + 3] = v; r[o + 4] = 0; r[o + 5] = addr; r[o + 6] = i32[addr >>> 2];
        r[o + 7] = ((inst >>> 15) & 0x3ff) | RS1 | RS2 | FLAG.STORE | (width << W);
        break;
      }
      case 0x63: {
        const a = x[rs1];
        const b = x[(inst >>> 20) & 31];
        let taken: boolean;
        switch ((inst >>> 12) & 7) {
          case 0: taken = a === b; break;
          case 1: taken = a !== b; break;
          case 4: taken = a < b; break;
          case 5: taken = a >= b; break;
          case 6: taken = a >>> 0 < b >>> 0; break;
          case 7: taken = a >>> 0 >= b >>> 0; break;
          default: break loop;
        }
        if (taken) {
          next = (pc + (((inst >> 19) & ~0xfff) | ((inst << 4) & 0x800) | ((inst >>> 20) & 0x7e0) | ((inst >>> 7) & 0x1e))) | 0;
          if (next & 3) break loop;
        }
        r[o + 2] = a; r[o + 3] = b; r[o + 4] = 0; r[o + 5] = 0; r[o + 6] = 0;
        r[o + 7] = ((inst >>> 15) & 0x3ff) | RS1 | RS2;
        break;
      }
      case 0x37:
      case 0x17:
        x[rd] = (inst & 0x7f) === 0x37 ? inst & 0xfffff000 : pc + (inst & 0xfffff000);
        x[0] = 0;
        r[o + 2] = 0; r[o + 3] = 0; r[o + 4] = x[rd]; r[o + 5] = 0; r[o + 6] = 0;
        r[o + 7] = (rd << 10) | RD;
        break;
      case 0x6f: {
        next = (pc + (((inst >> 11) & ~0xfffff) | (inst & 0xff000) | ((inst >>> 9) & 0x800) | ((inst >>> 20) & 0x7fe))) | 0;
        if (next & 3) break loop;
        x[rd] = pc + 4;
        x[0] = 0;
        r[o + 2] = 0; r[o + 3] = 0; r[o + 4] = x[rd]; r[o + 5] = 0; r[o + 6] = 0;
        r[o + 7] = (rd << 10) | RD;
        break;
      }
      case 0x67: {
        if (inst & 0x7000) break loop;
        const a = x[rs1];
        next = (a + (inst >> 20)) & ~1;
        if (next & 2) break loop;
        x[rd] = pc + 4;
        x[0] = 0;
        r[o + 2] = a; r[o + 3] = 0; r[o + 4] = x[rd]; r[o + 5] = 0; r[o + 6] = 0;
        r[o + 7] = rs1 | (rd << 10) | RS1 | RD;
        break;
      }
      case 0x0f:
        if (inst & 0x7000 || airbender) break loop;
        r[o + 2] = 0; r[o + 3] = 0; r[o + 4] = 0; r[o + 5] = 0; r[o + 6] = 0; r[o + 7] = 0;
        break;
      case 0x73: {
        if (airbender) {
          // CSRRW only (the host refused every other form, so the recorder has no entry for it)
          if ((inst & 0x3000) === 0) break loop;
          const e = ecalls[ei++];
          if (!e || e.offset !== n) fail(chunk, n, pc, e ? `its next recorded CSR call is at cycle offset ${e.offset}` : 'no recorded CSR call left');
          const a = x[rs1];
          for (let k = 0; k < e.regs.length; k += 2) x[e.regs[k]] = e.regs[k + 1];
          for (const w of e.writes) for (let k = 0; k < w.words.length; k++) i32[(w.address >>> 2) + k] = w.words[k];
          x[0] = 0;
          r[o + 2] = a; r[o + 3] = 0; r[o + 4] = x[rd]; r[o + 5] = 0; r[o + 6] = 0;
          r[o + 7] = rs1 | (rd << 10) | RS1 | RD | FLAG.CSR;
          break;
        }
        if (inst !== 0x73) break loop;
        const e = ecalls[ei++];
        if (!e || e.offset !== n) fail(chunk, n, pc, e ? `its next recorded ecall is at cycle offset ${e.offset}` : 'no recorded ecall left');
        for (let k = 0; k < e.regs.length; k += 2) x[e.regs[k]] = e.regs[k + 1];
        for (const w of e.writes) for (let k = 0; k < w.words.length; k++) i32[(w.address >>> 2) + k] = w.words[k];
        r[o + 2] = 0; r[o + 3] = 0; r[o + 4] = 0; r[o + 5] = 0; r[o + 6] = 0; r[o + 7] = FLAG.ECALL;
        if (e.outcome === 1) {
          n++;
          if (n !== count) fail(chunk, n, pc, 'the run exits before the end of the chunk');
          break loop;
        }
        break;
      }
      default:
        break loop;
    }
    pc = next;
    n++;
  }
  if (n !== count) fail(chunk, n, pc, `trap on instruction 0x${(i32[pc >>> 2] >>> 0).toString(16).padStart(8, '0')}`);
  if (ei !== ecalls.length) fail(chunk, n, pc, `${ecalls.length - ei} recorded ecalls were not reached`);
  x[0] = 0;
  return { rows: into ? r.subarray(base, base + count * ROW_WORDS) : r, pc: pc >>> 0, regs: x };
}
