// Test guest for the bootloader's transaction code and precompile hooks: exports decoding, sender
// recovery, validation and the precompiles over a static exchange buffer, so
// test/bootloader-tx.test.ts and test/precompiles.test.ts can call them natively (no System needed).
import { decodeTransaction } from "../../../guest/bootloader/tx/decode";
import { recoverSender } from "../../../guest/bootloader/tx/sender";
import { BlockContext, SenderAccount, checkChainId, validateTransaction } from "../../../guest/bootloader/tx/validate";
import { intrinsicGas } from "../../../guest/bootloader/tx/intrinsic";
import { effectiveGasPrice } from "../../../guest/bootloader/tx/fees";
import { Transaction } from "../../../guest/bootloader/tx/transaction";
import { OK } from "../../../guest/bootloader/tx/reasons";
import { isPrecompile, runPrecompile } from "../../../guest/bootloader/hooks/index";
import { setU64 } from "../../../guest/common/u256";

const BUF: usize = memory.data(1 << 17, 16);
/** decoded fields, fixed layout (see the test) */
const INFO: usize = memory.data(512, 16);

export function buf(): usize {
  return BUF;
}
export function info(): usize {
  return INFO;
}

function bytesOf(ptr: usize, len: usize): Uint8Array {
  const a = new Uint8Array(<i32>len);
  memory.copy(a.dataStart, ptr, len);
  return a;
}

/**
 * Decodes the `len` bytes at `ptr` and, when that works, recovers the sender; returns OK (0) or the
 * reason. Fills INFO: 0 type, 4 hasChainId, 8 recid, 12 hasTo, 16 nonce u64, 24 gasLimit u64,
 * 32 dataLength, 36 accessAddresses, 40 accessKeys, 44 blobCount, 48 intrinsic gas u64,
 * 64 chainId, 96 maxFee, 128 maxPriorityFee, 160 to, 192 value, 224 maxFeePerBlobGas,
 * 256 sender, 288 signing hash (bytes), 320 r, 352 s (words: 8 LE limbs).
 */
export function decode(ptr: usize, len: usize): u32 {
  heap.reset();
  const tx = new Transaction();
  let reason = decodeTransaction(bytesOf(ptr, len), tx);
  memory.fill(INFO, 0, 512);
  if (reason == OK) reason = recoverSender(tx);
  store<u32>(INFO, <u32>tx.type, 0);
  store<u32>(INFO, tx.hasChainId ? 1 : 0, 4);
  store<u32>(INFO, tx.recid, 8);
  store<u32>(INFO, tx.hasTo ? 1 : 0, 12);
  store<u64>(INFO, tx.nonce, 16);
  store<u64>(INFO, tx.gasLimit, 24);
  store<u32>(INFO, <u32>tx.dataLength, 32);
  store<u32>(INFO, tx.accessAddresses, 36);
  store<u32>(INFO, tx.accessKeys, 40);
  store<u32>(INFO, tx.blobCount, 44);
  store<u64>(INFO, reason == OK ? intrinsicGas(tx) : 0, 48);
  memory.copy(INFO + 64, tx.chainId, 32);
  memory.copy(INFO + 96, tx.maxFee, 32);
  memory.copy(INFO + 128, tx.maxPriorityFee, 32);
  memory.copy(INFO + 160, tx.to, 32);
  memory.copy(INFO + 192, tx.value, 32);
  memory.copy(INFO + 224, tx.maxFeePerBlobGas, 32);
  memory.copy(INFO + 256, tx.sender, 32);
  memory.copy(INFO + 288, tx.signingHash, 32);
  memory.copy(INFO + 320, tx.r, 32);
  memory.copy(INFO + 352, tx.s, 32);
  return reason;
}

/**
 * The whole check of the bootloader (decode, chain id, signature, validation) against a block and
 * a sender account; words (LE limbs) at baseFee, blobBaseFee, balance. Returns OK or the reason;
 * on OK the effective gas price is at INFO + 384.
 */
export function check(ptr: usize, len: usize, chainId: u64, gasLimit: u64, baseFee: usize, blobBaseFee: usize,
  nonce: u64, balance: usize, hasCode: bool): u32 {
  heap.reset();
  const tx = new Transaction();
  let reason = decodeTransaction(bytesOf(ptr, len), tx);
  if (reason != OK) return reason;
  const block = new BlockContext();
  block.chainId = chainId;
  block.gasLimit = gasLimit;
  block.baseFee = baseFee;
  block.blobBaseFee = blobBaseFee;
  reason = checkChainId(tx, block);
  if (reason != OK) return reason;
  reason = recoverSender(tx);
  if (reason != OK) return reason;
  const account = new SenderAccount();
  account.nonce = nonce;
  account.balance = balance;
  account.hasCode = hasCode;
  reason = validateTransaction(tx, block, account);
  if (reason == OK) effectiveGasPrice(tx, baseFee, INFO + 384);
  return reason;
}

let outLength: u32 = 0;
let outGasLeft: u64 = 0;

/** Runs precompile number `n` on the `len` bytes at `ptr`; output to `out`. Returns 1 success, 0 failure, 2 not a precompile. */
export function precompile(n: u32, ptr: usize, len: usize, gas: u64, out: usize): u32 {
  heap.reset();
  const addr = heap.alloc(32);
  setU64(addr, <u64>n);
  if (!isPrecompile(addr)) return 2;
  const r = runPrecompile(addr, bytesOf(ptr, len), gas);
  outLength = <u32>r.returnData.length;
  outGasLeft = r.gasLeft;
  memory.copy(out, r.returnData.dataStart, <usize>r.returnData.length);
  return r.success ? 1 : 0;
}
export function precompileOutLength(): u32 {
  return outLength;
}
export function precompileGasLeft(): u64 {
  return outGasLeft;
}

/** isPrecompile on the word at `addr`. */
export function precompileAt(addr: usize): u32 {
  return isPrecompile(addr) ? 1 : 0;
}

export function main(): i32 {
  return 0;
}
