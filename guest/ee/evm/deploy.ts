// Deployment rules of the EVM: the new contract's address (CREATE: keccak256(rlp([deployer, nonce]))
// [12:] with the deployer's current nonce; CREATE2: keccak256(0xff ++ deployer ++ salt ++
// keccak256(initcode))[12:]) and the checks on the code a constructor returns (EIP-170 size limit,
// EIP-3541 0xEF prefix, 200 gas per byte deposit).
import { DeployRequest } from '../interface';
import { keccak256 } from '../../common/keccak256';
import { RlpWriter } from '../../common/rlp';
import { ByteBuffer } from '../../common/bytes';
import { addressFromBytes, addressToBytes, newWord } from '../../common/word';
import { toBytesBE } from '../../common/u256';
import { getNonce } from '../../system/system';
import { G_CODE_DEPOSIT, MAX_CODE_SIZE } from './gas';

const BUF: usize = memory.data(96, 16);
const HASH: usize = memory.data(32, 16);

/** The address a deployment creates (a new word). */
export function deriveAddress(request: DeployRequest): usize {
  const out = newWord();
  if (request.isCreate2) {
    store<u8>(BUF, 0xff);
    addressToBytes(BUF + 1, request.deployer);
    toBytesBE(BUF + 21, request.salt);
    keccak256(request.initCode.dataStart, <usize>request.initCode.length, BUF + 53);
    keccak256(BUF, 85, HASH);
  } else {
    const w = new RlpWriter(new ByteBuffer(32));
    w.beginList();
    addressToBytes(BUF, request.deployer);
    w.writeBytes(BUF, 20);
    w.writeU64(getNonce(request.deployer));
    w.endList();
    keccak256(w.out.ptr, w.out.length, HASH);
  }
  addressFromBytes(out, HASH + 12);
  return out;
}

/**
 * Gas the deployed code costs (200 per byte), or u64.MAX_VALUE when the code breaks EIP-170 (size)
 * or EIP-3541 (0xEF first byte).
 */
export function codeDepositCost(code: Uint8Array): u64 {
  const len = <u64>code.length;
  if (len > MAX_CODE_SIZE) return u64.MAX_VALUE;
  if (len > 0 && load<u8>(code.dataStart) == 0xef) return u64.MAX_VALUE;
  return len * G_CODE_DEPOSIT;
}
