// Sender recovery: the signature (recovery id, r, s) over the signing hash gives the public key
// (common/secp256k1.ts); the sender is keccak256(key)[12..32]. EIP-2: s must be at most n/2.
// AssemblyScript.
import { recoverPublicKey, isLowS } from "../../common/secp256k1";
import { keccak256 } from "../../common/keccak256";
import { addressFromBytes } from "../../common/word";
import { toBytesBE } from "../../common/u256";
import { INVALID_SIGNATURE, OK } from "./reasons";
import { Transaction } from "./transaction";

const R_BE: usize = memory.data(32, 16);
const S_BE: usize = memory.data(32, 16);
const PUBKEY: usize = memory.data(64, 16);
const DIGEST: usize = memory.data(32, 16);

/** Recovers tx.sender; OK or INVALID_SIGNATURE (r or s out of range, high s, no such key). */
export function recoverSender(tx: Transaction): u32 {
  if (tx.badV || tx.recid > 1) return INVALID_SIGNATURE;
  toBytesBE(R_BE, tx.r);
  toBytesBE(S_BE, tx.s);
  if (!isLowS(S_BE)) return INVALID_SIGNATURE;
  if (!recoverPublicKey(tx.signingHash, tx.recid, R_BE, S_BE, PUBKEY)) return INVALID_SIGNATURE;
  keccak256(PUBKEY, 64, DIGEST);
  addressFromBytes(tx.sender, DIGEST + 12);
  return OK;
}
