// One transaction from raw bytes to its report: decode, chain id, sender recovery, validation
// against the block and the sender's account (all before any state changes: a rejected transaction
// is only reported), then the Cancun transaction steps: warm the sender, the target (or the created
// address), the coinbase (EIP-3651), the precompiles and the access list; charge gas × effective price
// (+ blob gas × blob base fee); bump the nonce; run the call or the deployment; refund (EIP-3529);
// pay the coinbase its priority fee (always, touching it, as geth does); report. AssemblyScript.
import * as Sys from "../../system/system";
import * as U from "../../common/u256";
import { newWord, addressFromBytes, addressToBytes } from "../../common/word";
import { RlpReader, RlpWriter } from "../../common/rlp";
import { keccak256 } from "../../common/keccak256";
import { CallRequest, DeployRequest, MODIFIER_CALL } from "../../ee/interface";
import { runCall, runDeploy } from "../runner";
import { LAST_PRECOMPILE } from "../hooks/index";
import { decodeTransaction } from "./decode";
import { recoverSender } from "./sender";
import { BlockContext, SenderAccount, checkChainId, validateTransaction } from "./validate";
import { effectiveGasPrice, gasCost, priorityFee, refundGas, upfrontCharge } from "./fees";
import { OK } from "./reasons";
import { MAX_BLOBS, Transaction } from "./transaction";

/** Block-lifetime words (static: they survive heap.reset). */
const COINBASE: usize = memory.data(32, 16);
const BASE_FEE: usize = memory.data(32, 16);
const BLOB_BASE_FEE: usize = memory.data(32, 16);
let chainIdValue: u64 = 0;
let blockGasLimitValue: u64 = 0;
/** blobs of the block's transactions so far (Cancun: at most MAX_BLOBS per block) */
let blobsUsed: u32 = 0;

/** The outcome of the last executeTransaction (primitive globals: they survive heap.reset). */
export let lastStatus: u32 = 0;
export let lastReason: u32 = 0;
export let lastGasUsed: u64 = 0;

/** Reads the block values the transactions need from the System (after initBlock). */
export function loadBlockContext(): void {
  Sys.coinbase(COINBASE);
  Sys.baseFee(BASE_FEE);
  Sys.blobBaseFee(BLOB_BASE_FEE);
  chainIdValue = Sys.chainId();
  blockGasLimitValue = Sys.blockGasLimit();
  blobsUsed = 0;
}

/** The address of a contract created by `sender` with `nonce`: keccak256(rlp([sender, nonce]))[12..]. */
export function createAddress(sender: usize, nonce: u64, out: usize): void {
  const w = new RlpWriter();
  const addr = heap.alloc(20);
  addressToBytes(addr, sender);
  w.beginList();
  w.writeBytes(addr, 20);
  w.writeU64(nonce);
  w.endList();
  const digest = heap.alloc(32);
  keccak256(w.out.ptr, w.out.length, digest);
  addressFromBytes(out, digest + 12);
}

/** Warms every account and slot of the (already checked) access list. */
function warmAccessList(tx: Transaction): void {
  const list = new RlpReader(tx.accessList, tx.accessList + tx.accessListLength);
  const addr = newWord();
  const key = newWord();
  while (!list.atEnd()) {
    const entry = list.enterList();
    if (entry == null) return;
    if (!entry.readFixed(20)) return;
    addressFromBytes(addr, entry.item.payload);
    Sys.warmAccount(addr);
    const keys = entry.enterList();
    if (keys == null) return;
    while (!keys.atEnd()) {
      if (!keys.readFixed(32)) return;
      U.fromBytesBE(key, keys.item.payload);
      Sys.warmSlot(addr, key);
    }
  }
}

/**
 * Decodes, validates and (when valid) executes transaction `index`; reports it. `blockGasUsed` is
 * the gas used by the block so far (the gas pool left is the block gas limit minus it). Sets
 * lastStatus / lastReason / lastGasUsed. Everything it allocates is dead afterwards (heap.reset).
 */
export function executeTransaction(raw: Uint8Array, index: u32, blockGasUsed: u64): void {
  const tx = new Transaction();
  const reason = checkTransaction(raw, tx, blockGasUsed);
  lastReason = reason;
  if (reason != OK) {
    lastStatus = 2;
    lastGasUsed = 0;
    Sys.reportTransaction(index, 2, reason, 0, 0);
    return;
  }
  blobsUsed += tx.blobCount;
  const sender = tx.sender;
  const price = newWord();
  effectiveGasPrice(tx, BASE_FEE, price);
  Sys.beginTransaction(sender, price, tx.blobHashes);

  // EIP-2929 / EIP-3651 warm set
  const target = newWord();
  if (tx.hasTo) U.copy(target, tx.to);
  else createAddress(sender, tx.nonce, target);
  Sys.warmAccount(sender);
  Sys.warmAccount(target);
  Sys.warmAccount(COINBASE);
  const p = newWord();
  for (let i: u64 = 1; i <= <u64>LAST_PRECOMPILE; i++) {
    U.setU64(p, i);
    Sys.warmAccount(p);
  }
  warmAccessList(tx);

  // buy gas, bump the nonce
  const charge = newWord();
  upfrontCharge(tx, price, BLOB_BASE_FEE, charge);
  Sys.subBalance(sender, charge);
  Sys.setNonce(sender, tx.nonce + 1);

  const gas = tx.gasLimit - tx.intrinsicGas;
  let success = false;
  let gasLeft: u64 = 0;
  let created: usize = 0;
  if (tx.hasTo) {
    const req = new CallRequest();
    req.modifier = MODIFIER_CALL;
    req.caller = sender;
    req.callee = target;
    req.codeAddress = target;
    req.value = tx.value;
    req.transfersValue = true;
    req.calldata = tx.dataBytes();
    req.gas = gas;
    req.isStatic = false;
    const res = runCall(req);
    success = res.success;
    gasLeft = res.gasLeft;
  } else {
    const req = new DeployRequest();
    req.deployer = sender;
    req.value = tx.value;
    req.initCode = tx.dataBytes();
    req.gas = gas;
    req.isCreate2 = false;
    req.salt = 0;
    req.address = target;
    const res = runDeploy(req);
    success = res.success;
    gasLeft = res.gasLeft;
    if (res.success) created = res.address != 0 ? res.address : target;
  }
  if (gasLeft > gas) gasLeft = gas; // a runner never hands back more than it got

  // refund (EIP-3529), return unused gas, pay the coinbase
  let gasUsed = tx.gasLimit - gasLeft;
  gasUsed -= refundGas(Sys.refundCounter(), gasUsed);
  const amount = newWord();
  gasCost(tx.gasLimit - gasUsed, price, amount);
  Sys.addBalance(sender, amount);
  priorityFee(gasUsed, price, BASE_FEE, amount);
  Sys.addBalance(COINBASE, amount);

  lastStatus = success ? 1 : 0;
  lastGasUsed = gasUsed;
  Sys.reportTransaction(index, lastStatus, 0, gasUsed, created);
  Sys.endTransaction();
}

/** Decode, chain id, signature, validation: OK or the rejection reason; no state changes. */
export function checkTransaction(raw: Uint8Array, tx: Transaction, blockGasUsed: u64): u32 {
  let reason = decodeTransaction(raw, tx);
  if (reason != OK) return reason;
  const block = new BlockContext();
  block.chainId = chainIdValue;
  block.gasLimit = blockGasUsed < blockGasLimitValue ? blockGasLimitValue - blockGasUsed : 0;
  block.baseFee = BASE_FEE;
  block.blobBaseFee = BLOB_BASE_FEE;
  block.blobsLeft = blobsUsed < MAX_BLOBS ? MAX_BLOBS - blobsUsed : 0;
  reason = checkChainId(tx, block);
  if (reason != OK) return reason;
  reason = recoverSender(tx);
  if (reason != OK) return reason;
  const account = new SenderAccount();
  account.nonce = Sys.getNonce(tx.sender);
  account.balance = newWord();
  Sys.getBalance(tx.sender, account.balance);
  account.hasCode = Sys.getCodeSize(tx.sender) > 0;
  return validateTransaction(tx, block, account);
}
