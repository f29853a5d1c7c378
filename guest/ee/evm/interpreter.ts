// The EVM interpreter loop: fetch, check the opcode table (defined, stack bounds, base gas), dispatch.
// Arithmetic, bitwise, stack, memory and flow opcodes are handled here; environment/block/state
// opcodes in env.ts, calls and deployments (preemption points) in calls.ts. Every exceptional halt
// (bad opcode, stack under/overflow, out of gas, bad jump, static violation, return-data overrun)
// ends the frame with all gas consumed and no return data.
import * as u256 from '../../common/u256';
import { keccak256 } from '../../common/keccak256';
import { Preemption } from '../interface';
import { EvmFrame } from './evm';
import { opBaseGas, opInfo } from './opcodes';
import { copyWord, loadBE, loadPush, storeBE, swapWords } from './words';
import { STACK_LIMIT } from './stack';
import { isJumpdest } from './jumpdest';
import { copyCost, G_EXP_BYTE, G_KECCAK_WORD, MAX_MEMORY_END, memoryExpansionCost, words } from './gas';
import { complete, halt } from './completion';
import { execEnv } from './env';
import { execCall, execCreate } from './calls';

const HASH: usize = memory.data(32, 16);

/** Set by memRange: the checked offset and length of the last memory operand pair. */
export let memOff: u64 = 0;
export let memLen: u64 = 0;

/** Charges `amount`; false (out of gas) when not enough is left. */
// @ts-ignore: decorator
@inline
export function charge(f: EvmFrame, amount: u64): bool {
  if (f.gas < amount) return false;
  f.gas -= amount;
  return true;
}

/**
 * Reads the memory operands (offset word, size word) into memOff/memLen and charges and performs the
 * expansion; false on out of gas (an offset or size too large for any gas limit included). A zero
 * size touches no memory whatever the offset.
 */
export function memRange(f: EvmFrame, offWord: usize, sizeWord: usize): bool {
  if (u256.isZero(sizeWord)) {
    memOff = 0;
    memLen = 0;
    return true;
  }
  if (!u256.fitsU64(offWord) || !u256.fitsU64(sizeWord)) return false;
  const off = u256.lowU64(offWord);
  const len = u256.lowU64(sizeWord);
  if (off >= MAX_MEMORY_END || len >= MAX_MEMORY_END) return false;
  memOff = off;
  memLen = len;
  return expandTo(f, off + len);
}

/** Charges and grows memory to cover byte `end`. */
export function expandTo(f: EvmFrame, end: u64): bool {
  const cost = memoryExpansionCost(f.mem.words(), end);
  if (cost > 0) {
    if (f.gas < cost) return false;
    f.gas -= cost;
    f.mem.grow(end);
  }
  return true;
}

/** A u256 as a u64, saturating at u64.MAX_VALUE. */
export function clampU64(w: usize): u64 {
  return u256.fitsU64(w) ? u256.lowU64(w) : u64.MAX_VALUE;
}


export function interpret(f: EvmFrame): Preemption {
  const code = f.codePtr;
  const codeLen = f.codeLen;
  const st = f.stack;
  while (true) {
    const pc = f.pc;
    if (pc >= codeLen) return complete(f, true, new Uint8Array(0));
    const op = <u32>load<u8>(code + pc);
    // info: byte 0 defined, 1 immediates, 2 stack in, 3 stack out
    const info = opInfo(op);
    if ((info & 0xff) == 0 || op == 0xfe) return halt(f);
    const sp = f.sp;
    const sin = (info >> 16) & 0xff;
    if (sp < sin) return halt(f);
    if (sp - sin + (info >> 24) > STACK_LIMIT) return halt(f);
    const base = opBaseGas(op);
    if (f.gas < base) return halt(f);
    f.gas -= base;
    f.pc = pc + 1;
    // a = top item (μs[0]), b = μs[1], c = μs[2]; n = the next free slot
    const n = st + (<usize>sp << 5);
    const a = n - 32;
    const b = n - 64;
    const c = n - 96;
    switch (op) {
      case 0x00: // STOP
        return complete(f, true, new Uint8Array(0));
      case 0x01:
        u256.add(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x02:
        u256.mul(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x03:
        u256.sub(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x04:
        u256.div(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x05:
        u256.sdiv(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x06:
        u256.mod(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x07:
        u256.smod(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x08:
        u256.addmod(c, a, b, c);
        f.sp = sp - 2;
        break;
      case 0x09:
        u256.mulmod(c, a, b, c);
        f.sp = sp - 2;
        break;
      case 0x0a: {
        // EXP: 50 per byte of the exponent
        if (!charge(f, G_EXP_BYTE * <u64>u256.byteLength(b))) return halt(f);
        u256.exp(b, a, b);
        f.sp = sp - 1;
        break;
      }
      case 0x0b:
        u256.signextend(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x10:
        u256.setU64(b, u256.lt(a, b) ? 1 : 0);
        f.sp = sp - 1;
        break;
      case 0x11:
        u256.setU64(b, u256.gt(a, b) ? 1 : 0);
        f.sp = sp - 1;
        break;
      case 0x12:
        u256.setU64(b, u256.slt(a, b) ? 1 : 0);
        f.sp = sp - 1;
        break;
      case 0x13:
        u256.setU64(b, u256.sgt(a, b) ? 1 : 0);
        f.sp = sp - 1;
        break;
      case 0x14:
        u256.setU64(b, u256.eq(a, b) ? 1 : 0);
        f.sp = sp - 1;
        break;
      case 0x15:
        u256.setU64(a, u256.isZero(a) ? 1 : 0);
        break;
      case 0x16:
        u256.and(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x17:
        u256.or(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x18:
        u256.xor(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x19:
        u256.not(a, a);
        break;
      case 0x1a:
        u256.byte(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x1b:
        u256.shl(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x1c:
        u256.shr(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x1d:
        u256.sar(b, a, b);
        f.sp = sp - 1;
        break;
      case 0x20: {
        // KECCAK256
        if (!memRange(f, a, b)) return halt(f);
        if (!charge(f, words(memLen) * G_KECCAK_WORD)) return halt(f);
        keccak256(f.mem.ptr + <usize>memOff, <usize>memLen, HASH);
        loadBE(b, HASH);
        f.sp = sp - 1;
        break;
      }
      case 0x50: // POP
        f.sp = sp - 1;
        break;
      case 0x51: {
        // MLOAD
        if (!u256.fitsU64(a)) return halt(f);
        const off = u256.lowU64(a);
        if (off >= MAX_MEMORY_END || !expandTo(f, off + 32)) return halt(f);
        loadBE(a, f.mem.ptr + <usize>off);
        break;
      }
      case 0x52: {
        // MSTORE
        if (!u256.fitsU64(a)) return halt(f);
        const off = u256.lowU64(a);
        if (off >= MAX_MEMORY_END || !expandTo(f, off + 32)) return halt(f);
        storeBE(f.mem.ptr + <usize>off, b);
        f.sp = sp - 2;
        break;
      }
      case 0x53: {
        // MSTORE8
        if (!u256.fitsU64(a)) return halt(f);
        const off = u256.lowU64(a);
        if (off >= MAX_MEMORY_END || !expandTo(f, off + 1)) return halt(f);
        store<u8>(f.mem.ptr + <usize>off, load<u8>(b));
        f.sp = sp - 2;
        break;
      }
      case 0x56: {
        // JUMP
        if (!u256.fitsU64(a) || !isJumpdest(f.jumpdests, codeLen, u256.lowU64(a))) return halt(f);
        f.pc = <usize>u256.lowU64(a);
        f.sp = sp - 1;
        break;
      }
      case 0x57: {
        // JUMPI
        if (!u256.isZero(b)) {
          if (!u256.fitsU64(a) || !isJumpdest(f.jumpdests, codeLen, u256.lowU64(a))) return halt(f);
          f.pc = <usize>u256.lowU64(a);
        }
        f.sp = sp - 2;
        break;
      }
      case 0x58: // PC
        u256.setU64(n, <u64>pc);
        f.sp = sp + 1;
        break;
      case 0x59: // MSIZE
        u256.setU64(n, f.mem.size);
        f.sp = sp + 1;
        break;
      case 0x5a: // GAS
        u256.setU64(n, f.gas);
        f.sp = sp + 1;
        break;
      case 0x5b: // JUMPDEST
        break;
      case 0x5e: {
        // MCOPY: dst, src, size
        if (u256.isZero(c)) {
          f.sp = sp - 3;
          break;
        }
        if (!u256.fitsU64(a) || !u256.fitsU64(b) || !u256.fitsU64(c)) return halt(f);
        const dst = u256.lowU64(a);
        const src = u256.lowU64(b);
        const len = u256.lowU64(c);
        if (dst >= MAX_MEMORY_END || src >= MAX_MEMORY_END || len >= MAX_MEMORY_END) return halt(f);
        if (!charge(f, copyCost(len))) return halt(f);
        const hi = dst > src ? dst : src;
        if (!expandTo(f, hi + len)) return halt(f);
        memory.copy(f.mem.ptr + <usize>dst, f.mem.ptr + <usize>src, <usize>len);
        f.sp = sp - 3;
        break;
      }
      case 0x5f: // PUSH0
        u256.setZero(n);
        f.sp = sp + 1;
        break;
      case 0xf3: // RETURN
      case 0xfd: {
        // REVERT
        if (!memRange(f, a, b)) return halt(f);
        const data = f.mem.slice(memOff, memLen);
        f.sp = sp - 2;
        return complete(f, op == 0xf3, data);
      }
      case 0xf0:
      case 0xf5: {
        const p = execCreate(f, op == 0xf5);
        if (p != null) return p;
        break;
      }
      case 0xf1:
      case 0xf2:
      case 0xf4:
      case 0xfa: {
        const p = execCall(f, op);
        if (p != null) return p;
        break;
      }
      default: {
        if (op >= 0x60 && op <= 0x7f) {
          // PUSH1..PUSH32: immediates past the end of the code read as zero
          const len: usize = <usize>(op - 0x5f);
          const start = pc + 1;
          loadPush(n, code + start, len, start + len <= codeLen ? len : start < codeLen ? codeLen - start : 0);
          f.pc = start + len;
          f.sp = sp + 1;
        } else if (op >= 0x80 && op <= 0x8f) {
          // DUPn
          const k = <usize>(op - 0x7f);
          copyWord(n, n - (k << 5));
          f.sp = sp + 1;
        } else if (op >= 0x90 && op <= 0x9f) {
          // SWAPn
          const k = <usize>(op - 0x8f);
          swapWords(a, a - (k << 5));
        } else {
          // environment, block, storage, logs, SELFDESTRUCT
          const p = execEnv(f, op, a, b, c, n);
          if (p != null) return p;
        }
      }
    }
  }
  return unreachable();
}
