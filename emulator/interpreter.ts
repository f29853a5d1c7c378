// The plain rv32im interpreter: fetch, decode with shifts, execute, one instruction at a time.
// It is the fast path of the foundation and is checked against emulator/reference.ts in tests.
//
// V8 notes (measured, see bench/): switch cases are literal numbers, fields are extracted with
// shifts on the fly (faster than predecoded tables), pc/cycles live in locals and are written back
// to the Machine only at ECALLs and when the run stops.
import type { EcallResult, Host } from './host';
import type { Machine } from './machine';
import { type RunResult, type Trap, type TrapKind, trapMessage } from './trap';

/**
 * Runs until the guest exits, traps, or `machine.cycles` reaches `maxCycles` (an absolute count:
 * at most `maxCycles - machine.cycles` more instructions retire). A trapping instruction does not
 * retire: on return, machine.pc is its address and the registers are as before it.
 */
export function run(machine: Machine, host: Host, maxCycles: number): RunResult {
  const x = machine.regs;
  const memory = machine.memory;
  const u8 = memory.u8;
  const i8 = memory.i8;
  const u16 = memory.u16;
  const i16 = memory.i16;
  const i32 = memory.i32;
  const size = memory.size;
  let pc = machine.pc | 0;
  let cycles = machine.cycles;
  const limit = maxCycles;
  let trap: TrapKind = 'illegal-instruction';
  let address = 0;
  let inst = 0;

  // Each case either falls through to `pc += 4` via `break`, sets pc itself and `continue`s,
  // or leaves the loop through `break loop` with `trap` and `address` set.
  loop: while (cycles < limit) {
    inst = i32[pc >>> 2] | 0;
    x[0] = 0;
    switch (inst & 0x7f) {
      case 0x33: {
        // OP: key = funct7 << 3 | funct3
        const a = x[(inst >>> 15) & 31];
        const b = x[(inst >>> 20) & 31];
        const rd = (inst >>> 7) & 31;
        switch (((inst >>> 22) & 0x3f8) | ((inst >>> 12) & 7)) {
          case 0: x[rd] = a + b; break; // add
          case 256: x[rd] = a - b; break; // sub
          case 1: x[rd] = a << b; break; // sll (JS masks the count to 5 bits, as RISC-V does)
          case 2: x[rd] = a < b ? 1 : 0; break; // slt
          case 3: x[rd] = a >>> 0 < b >>> 0 ? 1 : 0; break; // sltu
          case 4: x[rd] = a ^ b; break; // xor
          case 5: x[rd] = a >>> b; break; // srl
          case 261: x[rd] = a >> b; break; // sra
          case 6: x[rd] = a | b; break; // or
          case 7: x[rd] = a & b; break; // and
          case 8: x[rd] = Math.imul(a, b); break; // mul
          case 9: x[rd] = mulh(a, b); break; // mulh
          case 10: x[rd] = mulhsu(a, b); break; // mulhsu
          case 11: x[rd] = mulhu(a, b); break; // mulhu
          case 12: x[rd] = b === 0 ? -1 : (a / b) | 0; break; // div (INT_MIN / -1 wraps to INT_MIN)
          case 13: x[rd] = b === 0 ? -1 : (a >>> 0) / (b >>> 0); break; // divu (Int32Array truncates)
          case 14: x[rd] = b === 0 ? a : a % b; break; // rem (INT_MIN % -1 is -0, stored as 0)
          case 15: x[rd] = b === 0 ? a : (a >>> 0) % (b >>> 0); break; // remu
          default: break loop;
        }
        break;
      }
      case 0x13: {
        // OP-IMM
        const a = x[(inst >>> 15) & 31];
        const imm = inst >> 20;
        const rd = (inst >>> 7) & 31;
        switch ((inst >>> 12) & 7) {
          case 0: x[rd] = a + imm; break; // addi
          case 2: x[rd] = a < imm ? 1 : 0; break; // slti
          case 3: x[rd] = a >>> 0 < imm >>> 0 ? 1 : 0; break; // sltiu (immediate sign-extended, compared unsigned)
          case 4: x[rd] = a ^ imm; break; // xori
          case 6: x[rd] = a | imm; break; // ori
          case 7: x[rd] = a & imm; break; // andi
          case 1: // slli
            if (inst >>> 25 !== 0) break loop;
            x[rd] = a << imm;
            break;
          case 5: // srli / srai
            if (inst >>> 25 === 0) x[rd] = a >>> imm;
            else if (inst >>> 25 === 0x20) x[rd] = a >> imm;
            else break loop;
            break;
        }
        break;
      }
      case 0x03: {
        // LOAD: illegal funct3 first, then alignment, then bounds (docs/abi.md: trap priority)
        const addr = (x[(inst >>> 15) & 31] + (inst >> 20)) | 0;
        const rd = (inst >>> 7) & 31;
        switch ((inst >>> 12) & 7) {
          case 0: // lb
            if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
            x[rd] = i8[addr];
            break;
          case 4: // lbu
            if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
            x[rd] = u8[addr];
            break;
          case 1: // lh
            if (addr & 1) { trap = 'load-misaligned'; address = addr; break loop; }
            if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
            x[rd] = i16[addr >>> 1];
            break;
          case 5: // lhu
            if (addr & 1) { trap = 'load-misaligned'; address = addr; break loop; }
            if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
            x[rd] = u16[addr >>> 1];
            break;
          case 2: // lw
            if (addr & 3) { trap = 'load-misaligned'; address = addr; break loop; }
            if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
            x[rd] = i32[addr >>> 2];
            break;
          default: break loop;
        }
        break;
      }
      case 0x23: {
        // STORE: illegal funct3 first, then alignment, then bounds
        const addr = (x[(inst >>> 15) & 31] + (((inst >> 20) & ~31) | ((inst >>> 7) & 31))) | 0;
        const v = x[(inst >>> 20) & 31];
        switch ((inst >>> 12) & 7) {
          case 2: // sw
            if (addr & 3) { trap = 'store-misaligned'; address = addr; break loop; }
            if (addr >>> 0 >= size) { trap = 'store-fault'; address = addr; break loop; }
            i32[addr >>> 2] = v;
            break;
          case 0: // sb
            if (addr >>> 0 >= size) { trap = 'store-fault'; address = addr; break loop; }
            u8[addr] = v;
            break;
          case 1: // sh
            if (addr & 1) { trap = 'store-misaligned'; address = addr; break loop; }
            if (addr >>> 0 >= size) { trap = 'store-fault'; address = addr; break loop; }
            u16[addr >>> 1] = v;
            break;
          default: break loop;
        }
        break;
      }
      case 0x63: {
        // BRANCH
        const a = x[(inst >>> 15) & 31];
        const b = x[(inst >>> 20) & 31];
        let taken: boolean;
        switch ((inst >>> 12) & 7) {
          case 0: taken = a === b; break; // beq
          case 1: taken = a !== b; break; // bne
          case 4: taken = a < b; break; // blt
          case 5: taken = a >= b; break; // bge
          case 6: taken = a >>> 0 < b >>> 0; break; // bltu
          case 7: taken = a >>> 0 >= b >>> 0; break; // bgeu
          default: break loop;
        }
        if (taken) {
          const offset =
            ((inst >> 19) & ~0xfff) | ((inst << 4) & 0x800) | ((inst >>> 20) & 0x7e0) | ((inst >>> 7) & 0x1e);
          const target = (pc + offset) | 0;
          if (target & 3) {
            trap = 'instruction-misaligned';
            address = target;
            break loop;
          }
          pc = target;
          cycles++;
          continue;
        }
        break;
      }
      case 0x37: // LUI
        x[(inst >>> 7) & 31] = inst & 0xfffff000;
        break;
      case 0x17: // AUIPC
        x[(inst >>> 7) & 31] = pc + (inst & 0xfffff000);
        break;
      case 0x6f: {
        // JAL
        const offset =
          ((inst >> 11) & ~0xfffff) | (inst & 0xff000) | ((inst >>> 9) & 0x800) | ((inst >>> 20) & 0x7fe);
        const target = (pc + offset) | 0;
        if (target & 3) {
          trap = 'instruction-misaligned';
          address = target;
          break loop;
        }
        x[(inst >>> 7) & 31] = pc + 4;
        pc = target;
        cycles++;
        continue;
      }
      case 0x67: {
        // JALR: the target is computed before rd is written (rd may equal rs1)
        if (inst & 0x7000) break loop;
        const target = (x[(inst >>> 15) & 31] + (inst >> 20)) & ~1;
        if (target & 2) {
          trap = 'instruction-misaligned';
          address = target;
          break loop;
        }
        x[(inst >>> 7) & 31] = pc + 4;
        pc = target;
        cycles++;
        continue;
      }
      case 0x0f: // MISC-MEM: FENCE is a no-op on one hart; FENCE.I (Zifencei) is not RV32IM
        if (inst & 0x7000) break loop;
        break;
      case 0x73: {
        // SYSTEM
        if (inst === 0x73) {
          machine.pc = pc;
          machine.cycles = cycles;
          const outcome = host.ecall(machine);
          if (outcome.kind === 'continue') break;
          if (outcome.kind === 'exit') {
            machine.pc = pc;
            machine.cycles = cycles + 1;
            x[0] = 0;
            return { kind: 'exit', exitCode: outcome.code | 0, cycles: cycles + 1 };
          }
          machine.cycles = cycles;
          return { kind: 'trap', cycles, trap: ecallTrap(outcome, pc >>> 0, inst >>> 0) };
        }
        if (inst === 0x100073) trap = 'ebreak';
        break loop;
      }
      default:
        break loop;
    }
    pc = (pc + 4) | 0;
    cycles++;
  }

  x[0] = 0;
  machine.pc = pc;
  machine.cycles = cycles;
  if (cycles >= limit) return { kind: 'cycle-limit', cycles };
  if (pc >>> 0 >= size) {
    // i32[] read past the end gave undefined (0 after `| 0`): the fetch itself failed.
    return fault('instruction-fault', pc, 0, undefined, cycles);
  }
  const isAddressed = trap !== 'illegal-instruction' && trap !== 'ebreak';
  return fault(trap, pc, inst >>> 0, isAddressed ? address >>> 0 : undefined, cycles);
}

/** The trap an ECALL's `trap` or `abort` result ends the run with. */
export function ecallTrap(outcome: Exclude<EcallResult, { kind: 'continue' | 'exit' }>, pc: number, instruction: number): Trap {
  return outcome.kind === 'abort'
    ? { kind: 'abort', pc, instruction, code: outcome.code, message: outcome.message }
    : { kind: 'ecall', pc, instruction, message: outcome.message };
}

function fault(kind: TrapKind, pc: number, instruction: number, address: number | undefined, cycles: number): RunResult {
  const message = trapMessage(kind, pc >>> 0, address);
  const trap = address === undefined ? { kind, pc: pc >>> 0, instruction, message } : { kind, pc: pc >>> 0, instruction, address, message };
  return { kind: 'trap', trap, cycles };
}

/** High 32 bits of the unsigned 64-bit product of two 32-bit words. */
export function mulhu(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
}

/** High 32 bits of the signed × signed 64-bit product. */
export function mulh(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}

/** High 32 bits of the signed (a) × unsigned (b) 64-bit product. */
export function mulhsu(a: number, b: number): number {
  return (mulhu(a, b) - (a < 0 ? b : 0)) | 0;
}
