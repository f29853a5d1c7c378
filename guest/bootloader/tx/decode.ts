// Transaction decoding: legacy (with and without EIP-155), EIP-2930 (type 1), EIP-1559 (type 2) and
// EIP-4844 (type 3, the block form without blobs) from the raw bytes of next_transaction, with the
// signing hash computed on the way. Strict (guest/common/rlp.ts): any encoding error gives MALFORMED,
// an unknown type byte UNSUPPORTED_TYPE; never traps. AssemblyScript.
import { RlpReader, RLP_BAD_SIZE } from "../../common/rlp";
import { ByteBuffer, minimalBytes } from "../../common/bytes";
import { keccak256 } from "../../common/keccak256";
import { addressFromBytes } from "../../common/word";
import * as U from "../../common/u256";
import { MALFORMED, OK, UNSUPPORTED_TYPE, INVALID_SIGNATURE } from "./reasons";
import { Transaction, TX_ACCESS_LIST, TX_BLOB, TX_LEGACY } from "./transaction";

/**
 * Decodes `raw` into `tx` (tx.raw is set to it). Returns OK or a rejection reason: MALFORMED,
 * UNSUPPORTED_TYPE, or INVALID_SIGNATURE for a legacy v that is neither 27/28 nor ≥ 35 and a
 * y-parity other than 0/1.
 */
export function decodeTransaction(raw: Uint8Array, tx: Transaction): u32 {
  tx.raw = raw;
  const len = <usize>raw.length;
  if (len == 0) return MALFORMED;
  const p = raw.dataStart;
  const b0 = <u32>load<u8>(p);
  if (b0 >= 0xc0) return decodeLegacy(p, len, tx);
  if (b0 >= 0x80) return MALFORMED; // an RLP string: neither a legacy list nor a type byte
  if (b0 == 1 || b0 == 2 || b0 == 3) return decodeTyped(<i32>b0, p + 1, len - 1, tx);
  return UNSUPPORTED_TYPE;
}

/** Reads `to`: the empty string (a creation) or 20 bytes. */
function readTo(r: RlpReader, tx: Transaction): bool {
  if (!r.readString()) return false;
  const n = r.item.payloadLength;
  if (n == 0) {
    tx.hasTo = false;
    U.setZero(tx.to);
    return true;
  }
  if (n != 20) return r.fail(RLP_BAD_SIZE);
  tx.hasTo = true;
  addressFromBytes(tx.to, r.item.payload);
  return true;
}

/** Reads the data field (a string) as a view into the raw bytes. */
function readData(r: RlpReader, tx: Transaction): bool {
  if (!r.readString()) return false;
  tx.data = r.item.payload;
  tx.dataLength = r.item.payloadLength;
  return true;
}

/** Checks the access list [[address, [key, ...]], ...] and counts its addresses and keys. */
function readAccessList(r: RlpReader, tx: Transaction): bool {
  const list = r.enterList();
  if (list == null) return false;
  tx.accessList = list.pos;
  tx.accessListLength = list.end - list.pos;
  let addresses: u32 = 0;
  let keys: u32 = 0;
  while (!list.atEnd()) {
    const entry = list.enterList();
    if (entry == null) return r.fail(list.error);
    if (!entry.readFixed(20)) return r.fail(entry.error);
    const keyList = entry.enterList();
    if (keyList == null) return r.fail(entry.error);
    if (!entry.finish()) return r.fail(entry.error);
    while (!keyList.atEnd()) {
      if (!keyList.readFixed(32)) return r.fail(keyList.error);
      keys++;
    }
    addresses++;
  }
  tx.accessAddresses = addresses;
  tx.accessKeys = keys;
  return true;
}

/** Reads the versioned hashes [hash, ...] of a blob transaction into tx.blobHashes. */
function readBlobHashes(r: RlpReader, tx: Transaction): bool {
  const list = r.enterList();
  if (list == null) return false;
  let count: u32 = 0;
  const start = list.pos;
  while (!list.atEnd()) {
    if (!list.readFixed(32)) return r.fail(list.error);
    count++;
  }
  // every hash is 33 bytes encoded (0xa0 + 32 bytes): copy the payloads
  const out = new Uint8Array(<i32>(count * 32));
  for (let i: u32 = 0; i < count; i++) memory.copy(out.dataStart + (<usize>i << 5), start + <usize>i * 33 + 1, 32);
  tx.blobCount = count;
  tx.blobHashes = out;
  return true;
}

/** Reads r and s (integers of at most 32 bytes) into tx.r, tx.s. */
function readRS(r: RlpReader, tx: Transaction): bool {
  return r.readU256(tx.r) && r.readU256(tx.s);
}

function decodeLegacy(p: usize, len: usize, tx: Transaction): u32 {
  tx.type = TX_LEGACY;
  const outer = RlpReader.of(p, len);
  const r = outer.enterList();
  if (r == null || !outer.finish()) return MALFORMED;
  const fieldsStart = r.pos;
  tx.nonce = r.readU64();
  if (!r.ok || !r.readU256(tx.maxFee)) return MALFORMED;
  U.copy(tx.maxPriorityFee, tx.maxFee);
  tx.gasLimit = r.readU64();
  if (!r.ok || !readTo(r, tx) || !r.readU256(tx.value) || !readData(r, tx)) return MALFORMED;
  const fieldsEnd = r.pos;
  const v = memory.data(32, 16);
  if (!r.readU256(v) || !readRS(r, tx) || !r.finish()) return MALFORMED;
  // v: 27/28 (no chain id) or chainId × 2 + 35 + recid (EIP-155)
  const payload = new ByteBuffer(fieldsEnd - fieldsStart + 48);
  if (U.fitsU64(v) && (U.lowU64(v) == 27 || U.lowU64(v) == 28)) {
    tx.hasChainId = false;
    tx.recid = <u32>(U.lowU64(v) - 27);
    pushListHeader(payload, fieldsEnd - fieldsStart);
    payload.pushBytes(fieldsStart, fieldsEnd - fieldsStart);
  } else {
    const c35 = memory.data(32, 16);
    U.setU64(c35, 35);
    if (U.lt(v, c35)) {
      tx.badV = true;
      return INVALID_SIGNATURE;
    }
    tx.hasChainId = true;
    U.sub(tx.chainId, v, c35);
    tx.recid = load<u32>(tx.chainId) & 1;
    U.shrBits(tx.chainId, tx.chainId, 1);
    // [fields..., chainId, 0, 0]
    const chain = new ByteBuffer(40);
    const n = <usize>U.byteLength(tx.chainId);
    if (n == 1 && load<u8>(tx.chainId) < 0x80) {
      chain.pushByte(<u32>load<u8>(tx.chainId));
    } else {
      chain.pushByte(0x80 + <u32>n);
      for (let i: usize = 0; i < n; i++) chain.pushByte(<u32>load<u8>(tx.chainId + n - 1 - i));
    }
    pushListHeader(payload, fieldsEnd - fieldsStart + chain.length + 2);
    payload.pushBytes(fieldsStart, fieldsEnd - fieldsStart);
    payload.pushBytes(chain.ptr, chain.length);
    payload.pushByte(0x80);
    payload.pushByte(0x80);
  }
  keccak256(payload.ptr, payload.length, tx.signingHash);
  return OK;
}

function decodeTyped(type: i32, p: usize, len: usize, tx: Transaction): u32 {
  tx.type = type;
  tx.hasChainId = true;
  const outer = RlpReader.of(p, len);
  const r = outer.enterList();
  if (r == null || !outer.finish()) return MALFORMED;
  const fieldsStart = r.pos;
  if (!r.readU256(tx.chainId)) return MALFORMED;
  tx.nonce = r.readU64();
  if (!r.ok) return MALFORMED;
  if (type == TX_ACCESS_LIST) {
    if (!r.readU256(tx.maxFee)) return MALFORMED;
    U.copy(tx.maxPriorityFee, tx.maxFee);
  } else {
    if (!r.readU256(tx.maxPriorityFee) || !r.readU256(tx.maxFee)) return MALFORMED;
  }
  tx.gasLimit = r.readU64();
  if (!r.ok || !readTo(r, tx) || !r.readU256(tx.value) || !readData(r, tx) || !readAccessList(r, tx)) return MALFORMED;
  if (type == TX_BLOB) {
    if (!r.readU256(tx.maxFeePerBlobGas) || !readBlobHashes(r, tx)) return MALFORMED;
  }
  const fieldsEnd = r.pos;
  const yParity = r.readU64();
  if (!r.ok || !readRS(r, tx) || !r.finish()) return MALFORMED;
  if (yParity > 1) return INVALID_SIGNATURE;
  tx.recid = <u32>yParity;
  // type || rlp([fields...])
  const payload = new ByteBuffer(fieldsEnd - fieldsStart + 8);
  payload.pushByte(<u32>type);
  pushListHeader(payload, fieldsEnd - fieldsStart);
  payload.pushBytes(fieldsStart, fieldsEnd - fieldsStart);
  keccak256(payload.ptr, payload.length, tx.signingHash);
  return OK;
}

function pushListHeader(out: ByteBuffer, length: usize): void {
  if (length < 56) {
    out.pushByte(0xc0 + <u32>length);
  } else {
    const n = minimalBytes(<u64>length);
    out.pushByte(0xf7 + <u32>n);
    out.pushUintBE(<u64>length, n);
  }
}
