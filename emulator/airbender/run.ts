// Airbender mode's executor: rv32im in machine mode as ZKsync Airbender's simulator runs it. Its own
// loop, modelled on emulator/interpreter.ts, with Airbender's differences: no FENCE/ECALL/EBREAK/MRET,
// CSRRW to the CSR table (csr.ts), 1 GiB of memory, and the run ends when an instruction leaves pc
// unchanged (`j .`). Misaligned accesses trap as there (Airbender allows none that are unaligned).
import { mulh, mulhsu, mulhu } from '../interpreter';
import type { Machine } from '../machine';
import { trapMessage } from '../trap';
import { type AirbenderHost, type CsrStop, executeCsr } from './csr';
import type { AirbenderStop, AirbenderTrapKind } from './result';

/** How a call to runAirbender ended; `cycle-limit` means "not yet", the caller may continue. */
export type AirbenderStep = AirbenderStop;

/**
 * Runs until the guest halts, stops, traps, or `machine.cycles` reaches `maxCycles` (absolute).
 * A trapping instruction does not retire: machine.pc is its address, registers as before it.
 */
export function runAirbender(machine: Machine, host: AirbenderHost, maxCycles: number): AirbenderStep {
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
  let trap: AirbenderTrapKind = 'illegal-instruction';
  let address = 0;
  let inst = 0;
  let halted = false;
  let csrStop: CsrStop | undefined;

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
          case 1: x[rd] = a << b; break; // sll
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
          case 12: x[rd] = b === 0 ? -1 : (a / b) | 0; break; // div
          case 13: x[rd] = b === 0 ? -1 : (a >>> 0) / (b >>> 0); break; // divu
          case 14: x[rd] = b === 0 ? a : a % b; break; // rem
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
          case 3: x[rd] = a >>> 0 < imm >>> 0 ? 1 : 0; break; // sltiu
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
        // LOAD: illegal funct3 first, then alignment, then bounds (as Airbender's mem_read)
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
          if (target & 3) { trap = 'instruction-misaligned'; address = target; break loop; }
          cycles++;
          if (target === pc) { halted = true; break loop; }
          pc = target;
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
        if (target & 3) { trap = 'instruction-misaligned'; address = target; break loop; }
        x[(inst >>> 7) & 31] = pc + 4;
        cycles++;
        if (target === pc) { halted = true; break loop; }
        pc = target;
        continue;
      }
      case 0x67: {
        // JALR: the target is computed before rd is written (rd may equal rs1)
        if (inst & 0x7000) break loop;
        const target = (x[(inst >>> 15) & 31] + (inst >> 20)) & ~1;
        if (target & 2) { trap = 'instruction-misaligned'; address = target; break loop; }
        x[(inst >>> 7) & 31] = pc + 4;
        cycles++;
        if (target === pc) { halted = true; break loop; }
        pc = target;
        continue;
      }
      case 0x73: {
        // SYSTEM: only the Zicsr forms reach the CSR table; ECALL, EBREAK, MRET, WFI are illegal
        if ((inst & 0x3000) === 0) break loop;
        x[0] = 0;
        machine.pc = pc;
        machine.cycles = cycles;
        csrStop = executeCsr(machine, host, inst);
        if (csrStop !== undefined) break loop;
        break;
      }
      default: // FENCE (MISC-MEM) included: Airbender has none
        break loop;
    }
    pc = (pc + 4) | 0;
    cycles++;
  }

  x[0] = 0;
  machine.pc = pc;
  machine.cycles = cycles;
  if (halted) return { kind: 'halt' };
  if (csrStop !== undefined) {
    if (csrStop.kind === 'error-exit') return { kind: 'error-exit', pc: pc >>> 0, instruction: inst >>> 0 };
    return { kind: 'trap', trap: { kind: csrStop.kind, pc: pc >>> 0, instruction: inst >>> 0, csr: csrStop.csr, message: `${csrStop.message} at pc ${hex32(pc)}` } };
  }
  if (cycles >= limit) return { kind: 'cycle-limit' };
  if (pc >>> 0 >= size) {
    // i32[] read past the end gave undefined (0 after `| 0`): the fetch itself failed.
    return { kind: 'trap', trap: { kind: 'instruction-fault', pc: pc >>> 0, instruction: 0, message: trapMessage('instruction-fault', pc >>> 0) } };
  }
  const addressed = trap !== 'illegal-instruction';
  const message = trapMessage(trap as Exclude<AirbenderTrapKind, 'illegal-csr' | 'delegation-error'>, pc >>> 0, addressed ? address >>> 0 : undefined);
  return { kind: 'trap', trap: addressed ? { kind: trap, pc: pc >>> 0, instruction: inst >>> 0, address: address >>> 0, message } : { kind: trap, pc: pc >>> 0, instruction: inst >>> 0, message } };
}

const hex32 = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
