// CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE and CREATE2: the EVM frame computes and deducts
// all gas (access, memory for arguments and return area, value transfer, new account, EIP-150 cap,
// stipend; CREATE: 32000 base, EIP-3860 init-code words and limit, CREATE2 hashing), then returns a
// PREEMPT_CALL / PREEMPT_DEPLOY preemption with the request. The runner does the rest (depth and
// balance checks, transfer, new frame) and resumes the frame with continueAfterCall/Deploy (evm.ts).
import * as u256 from '../../common/u256';
import * as sys from '../../system/system';
import { cloneWord, newWord, truncateToAddress } from '../../common/word';
import {
  CallRequest,
  DeployRequest,
  MODIFIER_CALL,
  MODIFIER_CALLCODE,
  MODIFIER_DELEGATECALL,
  MODIFIER_STATICCALL,
  PREEMPT_CALL,
  PREEMPT_DEPLOY,
  Preemption,
} from '../interface';
import { EvmFrame } from './evm';
import { charge, clampU64, expandTo, memLen, memOff, memRange } from './interpreter';
import { halt } from './completion';
import {
  allButOne64th,
  callGas,
  G_CALL_STIPEND,
  G_CALL_VALUE,
  G_COLD_ACCOUNT,
  G_INITCODE_WORD,
  G_KECCAK_WORD,
  G_NEW_ACCOUNT,
  G_WARM_ACCESS,
  MAX_INITCODE_SIZE,
  MAX_MEMORY_END,
  words,
} from './gas';

/** A memory operand pair checked without charging: false when it cannot fit any gas limit. */
function rangeEnd(offWord: usize, sizeWord: usize): u64 {
  if (u256.isZero(sizeWord)) return 0;
  if (!u256.fitsU64(offWord) || !u256.fitsU64(sizeWord)) return u64.MAX_VALUE;
  const off = u256.lowU64(offWord);
  const len = u256.lowU64(sizeWord);
  if (off >= MAX_MEMORY_END || len >= MAX_MEMORY_END) return u64.MAX_VALUE;
  return off + len;
}

/** CALL-family opcode `op`; null never (the frame is always preempted or halted). */
export function execCall(f: EvmFrame, op: u32): Preemption | null {
  const top = f.stack + (<usize>f.sp << 5) - 32;
  const hasValue = op == 0xf1 || op == 0xf2;
  const gasWord = top;
  const addrWord = top - 32;
  const valueWord = hasValue ? top - 64 : 0;
  const argsBase = hasValue ? top - 96 : top - 64; // argsOffset, argsSize, retOffset, retSize downwards
  const argsOff = argsBase;
  const argsSize = argsBase - 32;
  const retOff = argsBase - 64;
  const retSize = argsBase - 96;
  const transfers = hasValue && !u256.isZero(valueWord);

  if (op == 0xf1 && transfers && f.isStatic()) return halt(f);

  const target = cloneWord(addrWord);
  truncateToAddress(target);
  const cold = sys.warmAccount(target);
  if (!charge(f, cold ? G_COLD_ACCOUNT : G_WARM_ACCESS)) return halt(f);

  // memory for the arguments and the return area
  const argsEnd = rangeEnd(argsOff, argsSize);
  const retEnd = rangeEnd(retOff, retSize);
  if (argsEnd == u64.MAX_VALUE || retEnd == u64.MAX_VALUE) return halt(f);
  if (!expandTo(f, argsEnd > retEnd ? argsEnd : retEnd)) return halt(f);

  if (transfers) {
    if (!charge(f, G_CALL_VALUE)) return halt(f);
    if (op == 0xf1 && sys.isEmpty(target) && !charge(f, G_NEW_ACCOUNT)) return halt(f);
  }
  let g = callGas(clampU64(gasWord), f.gas);
  f.gas -= g;
  if (transfers) g += G_CALL_STIPEND;

  const req = new CallRequest();
  const params = f.params;
  req.gas = g;
  req.isStatic = f.isStatic() || op == 0xfa;
  req.calldata = u256.isZero(argsSize) ? new Uint8Array(0) : f.mem.slice(u256.lowU64(argsOff), u256.lowU64(argsSize));
  if (op == 0xf1) {
    req.modifier = MODIFIER_CALL;
    req.caller = params.callee;
    req.callee = target;
    req.codeAddress = target;
    req.value = cloneWord(valueWord);
    req.transfersValue = transfers;
  } else if (op == 0xf2) {
    req.modifier = MODIFIER_CALLCODE;
    req.caller = params.callee;
    req.callee = params.callee;
    req.codeAddress = target;
    req.value = cloneWord(valueWord);
    req.transfersValue = transfers;
  } else if (op == 0xf4) {
    req.modifier = MODIFIER_DELEGATECALL;
    req.caller = params.caller;
    req.callee = params.callee;
    req.codeAddress = target;
    req.value = params.value != 0 ? params.value : newWord();
  } else {
    req.modifier = MODIFIER_STATICCALL;
    req.caller = params.callee;
    req.callee = target;
    req.codeAddress = target;
    req.value = newWord();
  }
  f.retOffset = u256.isZero(retSize) ? 0 : u256.lowU64(retOff);
  f.retSize = u256.isZero(retSize) ? 0 : u256.lowU64(retSize);
  f.sp -= hasValue ? 7 : 6;
  const p = new Preemption();
  p.kind = PREEMPT_CALL;
  p.call = req;
  return p;
}

/** CREATE / CREATE2. */
export function execCreate(f: EvmFrame, isCreate2: bool): Preemption | null {
  const top = f.stack + (<usize>f.sp << 5) - 32;
  const valueWord = top;
  const offWord = top - 32;
  const sizeWord = top - 64;
  if (f.isStatic()) return halt(f);
  if (!u256.isZero(sizeWord) && (!u256.fitsU64(sizeWord) || u256.lowU64(sizeWord) > MAX_INITCODE_SIZE)) return halt(f);
  if (!memRange(f, offWord, sizeWord)) return halt(f);
  const w = words(memLen);
  if (!charge(f, w * G_INITCODE_WORD)) return halt(f);
  if (isCreate2 && !charge(f, w * G_KECCAK_WORD)) return halt(f);
  const req = new DeployRequest();
  req.deployer = f.params.callee;
  req.value = cloneWord(valueWord);
  req.initCode = f.mem.slice(memOff, memLen);
  req.isCreate2 = isCreate2;
  req.salt = isCreate2 ? cloneWord(top - 96) : 0;
  const g = allButOne64th(f.gas);
  f.gas -= g;
  req.gas = g;
  f.sp -= isCreate2 ? 4 : 3;
  f.returnData = new Uint8Array(0);
  const p = new Preemption();
  p.kind = PREEMPT_DEPLOY;
  p.deploy = req;
  return p;
}
