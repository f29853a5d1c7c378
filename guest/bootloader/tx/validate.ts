// Transaction validation against the block and the sender's account, in geth's order (Cancun):
//   chain id (before sender recovery; a legacy transaction without EIP-155 has none and passes),
//   nonce (too low / too high / 2^64 - 1, EIP-2681), sender without code (EIP-3607), fee caps
//   (priority fee ≤ max fee, max fee ≥ base fee; legacy/2930: gas price ≥ base fee), blobs (type 3:
//   `to` present, 1..6 versioned hashes starting with 0x01 (and no more than the block has left), blob fee cap ≥ blob base fee), balance ≥
//   gas limit × fee cap + value + blob gas × blob fee cap (overflow: VALUE_OVERFLOW), gas limit ≤ the
//   block's, intrinsic gas (intrinsic.ts) ≤ gas limit, init code ≤ 49152 bytes (EIP-3860).
// Pure: the caller passes what it knows about the block and the sender, so the checks are testable
// without the System. AssemblyScript.
import * as U from "../../common/u256";
import * as R from "./reasons";
import { intrinsicGas, MAX_INIT_CODE_SIZE } from "./intrinsic";
import { maxCost } from "./fees";
import { MAX_BLOBS, Transaction, TX_BLOB, TX_LEGACY } from "./transaction";

/** What validation needs from the block. Words are owned by the caller. */
export class BlockContext {
  chainId: u64 = 0;
  gasLimit: u64 = 0;
  baseFee: usize = 0;
  blobBaseFee: usize = 0;
  /** blobs the block can still take (MAX_BLOBS minus the blobs of earlier transactions) */
  blobsLeft: u32 = MAX_BLOBS;
}

/** What validation needs from the sender's account. */
export class SenderAccount {
  nonce: u64 = 0;
  /** a word */
  balance: usize = 0;
  hasCode: bool = false;
}

const SCRATCH: usize = memory.data(32, 16);

/** The chain-id check, done before the signature is recovered (as geth's signer does). */
export function checkChainId(tx: Transaction, block: BlockContext): u32 {
  if (!tx.hasChainId) return tx.type == TX_LEGACY ? R.OK : R.WRONG_CHAIN_ID;
  if (!U.fitsU64(tx.chainId) || U.lowU64(tx.chainId) != block.chainId) return R.WRONG_CHAIN_ID;
  return R.OK;
}

/** Every check after sender recovery; sets tx.intrinsicGas. OK or the first failing reason. */
export function validateTransaction(tx: Transaction, block: BlockContext, sender: SenderAccount): u32 {
  // nonce
  if (sender.nonce > tx.nonce) return R.NONCE_TOO_LOW;
  if (sender.nonce < tx.nonce) return R.NONCE_TOO_HIGH;
  if (sender.nonce == U64.MAX_VALUE) return R.NONCE_OVERFLOW;
  // EIP-3607
  if (sender.hasCode) return R.SENDER_NOT_EOA;
  // fee caps (London)
  if (U.lt(tx.maxFee, tx.maxPriorityFee)) return R.PRIORITY_FEE_ABOVE_FEE_CAP;
  if (U.lt(tx.maxFee, block.baseFee)) return R.FEE_CAP_BELOW_BASE_FEE;
  // blobs (EIP-4844)
  if (tx.type == TX_BLOB) {
    if (!tx.hasTo) return R.BLOB_CREATE;
    if (tx.blobCount == 0 || tx.blobCount > MAX_BLOBS || tx.blobCount > block.blobsLeft) return R.INVALID_BLOBS;
    for (let i: u32 = 0; i < tx.blobCount; i++) {
      if (tx.blobHashes[<i32>(i << 5)] != 0x01) return R.INVALID_BLOBS;
    }
    if (U.lt(tx.maxFeePerBlobGas, block.blobBaseFee)) return R.BLOB_FEE_CAP_TOO_LOW;
  }
  // balance
  if (maxCost(tx, SCRATCH)) return R.VALUE_OVERFLOW;
  if (U.lt(sender.balance, SCRATCH)) return R.INSUFFICIENT_FUNDS;
  // gas
  if (tx.gasLimit > block.gasLimit) return R.GAS_LIMIT_EXCEEDS_BLOCK;
  const intrinsic = intrinsicGas(tx);
  tx.intrinsicGas = intrinsic;
  if (tx.gasLimit < intrinsic) return R.INTRINSIC_GAS_TOO_LOW;
  if (tx.isCreate() && tx.dataLength > MAX_INIT_CODE_SIZE) return R.INIT_CODE_TOO_LARGE;
  return R.OK;
}
