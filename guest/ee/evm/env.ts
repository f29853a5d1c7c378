// Opcodes that read the environment, the block and the state, or change the state: ADDRESS ..
// EXTCODEHASH, BLOCKHASH .. BLOBBASEFEE, SLOAD/SSTORE, TLOAD/TSTORE, LOG0-4 and SELFDESTRUCT. All
// state access goes through system/system.ts; gas rules come from gas.ts.
import * as u256 from '../../common/u256';
import * as sys from '../../system/system';
import { truncateToAddress } from '../../common/word';
import { Preemption } from '../interface';
import { EvmFrame } from './evm';
import { charge, clampU64, memLen, memOff, memRange } from './interpreter';
import { complete, halt } from './completion';
import {
  copyCost,
  G_COLD_ACCOUNT_EXTRA,
  G_COLD_ACCOUNT,
  G_COLD_SLOAD,
  G_LOG_BYTE,
  G_NEW_ACCOUNT,
  G_SSTORE_SENTRY,
  G_WARM_ACCESS,
  SstoreCost,
  sstoreCost,
} from './gas';

const ADDR: usize = memory.data(32, 16);
const KEY: usize = memory.data(32, 16);
const CUR: usize = memory.data(32, 16);
const ORIG: usize = memory.data(32, 16);
const TOPICS: usize = memory.data(128, 16);

/** Copies the stack word `w` to ADDR as an address and makes it warm: true when it was cold. */
function accessAddress(w: usize): bool {
  memory.copy(ADDR, w, 32);
  truncateToAddress(ADDR);
  return sys.warmAccount(ADDR);
}

/** The copy operands (mem offset a, source offset b, size c): charges copy + expansion. */
function copyRange(f: EvmFrame, a: usize, c: usize): bool {
  if (!memRange(f, a, c)) return false;
  return charge(f, copyCost(memLen));
}

/** Returns null to continue, or the frame's completion on a halt. */
export function execEnv(f: EvmFrame, op: u32, a: usize, b: usize, c: usize, n: usize): Preemption | null {
  const sp = f.sp;
  const params = f.params;
  switch (op) {
    case 0x30: // ADDRESS
      u256.copy(n, params.callee);
      f.sp = sp + 1;
      break;
    case 0x31: {
      // BALANCE
      if (accessAddress(a) && !charge(f, G_COLD_ACCOUNT_EXTRA)) return halt(f);
      sys.getBalance(ADDR, a);
      break;
    }
    case 0x32:
      sys.txOrigin(n);
      f.sp = sp + 1;
      break;
    case 0x33:
      u256.copy(n, params.caller);
      f.sp = sp + 1;
      break;
    case 0x34:
      if (params.value == 0) u256.setZero(n);
      else u256.copy(n, params.value);
      f.sp = sp + 1;
      break;
    case 0x35: {
      // CALLDATALOAD
      const len = <u64>params.calldata.length;
      const off = clampU64(a);
      memory.fill(CUR, 0, 32);
      if (off < len) {
        const avail = len - off < 32 ? len - off : 32;
        memory.copy(CUR, params.calldata.dataStart + <usize>off, <usize>avail);
      }
      u256.fromBytesBE(a, CUR);
      break;
    }
    case 0x36:
      u256.setU64(n, <u64>params.calldata.length);
      f.sp = sp + 1;
      break;
    case 0x37: {
      // CALLDATACOPY
      if (!copyRange(f, a, c)) return halt(f);
      f.mem.copyPadded(memOff, params.calldata.dataStart, <u64>params.calldata.length, clampU64(b), memLen);
      f.sp = sp - 3;
      break;
    }
    case 0x38:
      u256.setU64(n, <u64>f.codeLen);
      f.sp = sp + 1;
      break;
    case 0x39: {
      // CODECOPY
      if (!copyRange(f, a, c)) return halt(f);
      f.mem.copyPadded(memOff, f.codePtr, <u64>f.codeLen, clampU64(b), memLen);
      f.sp = sp - 3;
      break;
    }
    case 0x3a:
      sys.txGasPrice(n);
      f.sp = sp + 1;
      break;
    case 0x3b: {
      // EXTCODESIZE
      if (accessAddress(a) && !charge(f, G_COLD_ACCOUNT_EXTRA)) return halt(f);
      u256.setU64(a, <u64>sys.getCodeSize(ADDR));
      break;
    }
    case 0x3c: {
      // EXTCODECOPY: address, mem offset, code offset, size
      if (accessAddress(a) && !charge(f, G_COLD_ACCOUNT_EXTRA)) return halt(f);
      const d = a - 96;
      if (!copyRange(f, b, d)) return halt(f);
      if (memLen > 0) {
        const code = sys.getCode(ADDR);
        f.mem.copyPadded(memOff, code.dataStart, <u64>code.length, clampU64(c), memLen);
      }
      f.sp = sp - 4;
      break;
    }
    case 0x3d:
      u256.setU64(n, <u64>f.returnData.length);
      f.sp = sp + 1;
      break;
    case 0x3e: {
      // RETURNDATACOPY: reading past the return data is an exceptional halt
      const len = <u64>f.returnData.length;
      if (!u256.fitsU64(b) || !u256.fitsU64(c)) return halt(f);
      const src = u256.lowU64(b);
      const size = u256.lowU64(c);
      if (src > len || size > len - src) return halt(f);
      if (!copyRange(f, a, c)) return halt(f);
      if (memLen > 0) memory.copy(f.mem.ptr + <usize>memOff, f.returnData.dataStart + <usize>src, <usize>memLen);
      f.sp = sp - 3;
      break;
    }
    case 0x3f: {
      // EXTCODEHASH (0 for an empty or absent account)
      if (accessAddress(a) && !charge(f, G_COLD_ACCOUNT_EXTRA)) return halt(f);
      if (sys.isEmpty(ADDR)) u256.setZero(a);
      else sys.getCodeHash(ADDR, a);
      break;
    }
    case 0x40: {
      // BLOCKHASH
      if (!u256.fitsU64(a)) u256.setZero(a);
      else sys.blockHash(u256.lowU64(a), a);
      break;
    }
    case 0x41:
      sys.coinbase(n);
      f.sp = sp + 1;
      break;
    case 0x42:
      u256.setU64(n, sys.blockTimestamp());
      f.sp = sp + 1;
      break;
    case 0x43:
      u256.setU64(n, sys.blockNumber());
      f.sp = sp + 1;
      break;
    case 0x44:
      sys.prevrandao(n);
      f.sp = sp + 1;
      break;
    case 0x45:
      u256.setU64(n, sys.blockGasLimit());
      f.sp = sp + 1;
      break;
    case 0x46:
      u256.setU64(n, sys.chainId());
      f.sp = sp + 1;
      break;
    case 0x47:
      sys.getBalance(params.callee, n);
      f.sp = sp + 1;
      break;
    case 0x48:
      sys.baseFee(n);
      f.sp = sp + 1;
      break;
    case 0x49: {
      // BLOBHASH
      if (!u256.fitsU64(a) || u256.lowU64(a) >= <u64>sys.blobHashCount()) u256.setZero(a);
      else sys.blobHash(<u32>u256.lowU64(a), a);
      break;
    }
    case 0x4a:
      sys.blobBaseFee(n);
      f.sp = sp + 1;
      break;
    case 0x54: {
      // SLOAD
      memory.copy(KEY, a, 32);
      if (!charge(f, sys.warmSlot(params.callee, KEY) ? G_COLD_SLOAD : G_WARM_ACCESS)) return halt(f);
      sys.sload(params.callee, KEY, a);
      break;
    }
    case 0x55: {
      // SSTORE: key a, value b
      if (f.isStatic()) return halt(f);
      if (f.gas <= G_SSTORE_SENTRY) return halt(f);
      memory.copy(KEY, a, 32);
      const cold = sys.warmSlot(params.callee, KEY);
      sys.sload(params.callee, KEY, CUR);
      sys.originalStorage(params.callee, KEY, ORIG);
      const cost = new SstoreCost();
      sstoreCost(cost, u256.isZero(ORIG), u256.isZero(CUR), u256.isZero(b), u256.eq(CUR, b), u256.eq(ORIG, CUR), u256.eq(ORIG, b));
      if (!charge(f, cost.gas + (cold ? G_COLD_SLOAD : 0))) return halt(f);
      if (cost.refund != 0) sys.addRefund(cost.refund);
      sys.sstore(params.callee, KEY, b);
      f.sp = sp - 2;
      break;
    }
    case 0x5c: {
      // TLOAD
      memory.copy(KEY, a, 32);
      sys.tload(params.callee, KEY, a);
      break;
    }
    case 0x5d: {
      // TSTORE
      if (f.isStatic()) return halt(f);
      sys.tstore(params.callee, a, b);
      f.sp = sp - 2;
      break;
    }
    case 0xa0:
    case 0xa1:
    case 0xa2:
    case 0xa3:
    case 0xa4: {
      // LOGn: offset a, size b, topics from c down
      if (f.isStatic()) return halt(f);
      if (!memRange(f, a, b)) return halt(f);
      if (!charge(f, memLen * G_LOG_BYTE)) return halt(f);
      const count = <i32>(op - 0xa0);
      for (let i = 0; i < count; i++) memory.copy(TOPICS + (<usize>i << 5), c - (<usize>i << 5), 32);
      sys.emitLog(params.callee, TOPICS, count, f.mem.slice(memOff, memLen));
      f.sp = sp - 2 - <u32>count;
      break;
    }
    case 0xff: {
      // SELFDESTRUCT (EIP-6780 in the system)
      if (f.isStatic()) return halt(f);
      if (accessAddress(a) && !charge(f, G_COLD_ACCOUNT)) return halt(f);
      sys.getBalance(params.callee, CUR);
      if (!u256.isZero(CUR) && sys.isEmpty(ADDR) && !charge(f, G_NEW_ACCOUNT)) return halt(f);
      sys.selfDestruct(params.callee, ADDR);
      f.sp = sp - 1;
      return complete(f, true, new Uint8Array(0));
    }
    default:
      return halt(f);
  }
  return null;
}
