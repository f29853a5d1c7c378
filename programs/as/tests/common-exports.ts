// Test guest for guest/common: exports each module's operations over a static buffer, so
// test/guest-common.test.ts can call them through WebAssembly exports natively.
import * as U from "../../../guest/common/u256";
import { keccak256, Keccak256 } from "../../../guest/common/keccak256";
import { RlpReader, RlpWriter } from "../../../guest/common/rlp";
import { ecrecover as recover } from "../../../guest/common/secp256k1";
import * as F from "../../../guest/common/secp256k1-field";
import * as SC from "../../../guest/common/secp256k1-scalar";

const BUF: usize = memory.data(1 << 16, 16);

/** the 64 KiB exchange buffer */
export function buf(): usize {
  return BUF;
}

/** One u256 operation (codes as in the test): out, a, b, c are pointers; returns a flag result. */
export function u256(op: i32, out: usize, a: usize, b: usize, c: usize): i32 {
  switch (op) {
    case 0: return <i32>U.add(out, a, b);
    case 1: return <i32>U.sub(out, a, b);
    case 2: U.mul(out, a, b); return 0;
    case 3: U.div(out, a, b); return 0;
    case 4: U.mod(out, a, b); return 0;
    case 5: U.sdiv(out, a, b); return 0;
    case 6: U.smod(out, a, b); return 0;
    case 7: U.addmod(out, a, b, c); return 0;
    case 8: U.mulmod(out, a, b, c); return 0;
    case 9: U.exp(out, a, b); return 0;
    case 10: return U.lt(a, b) ? 1 : 0;
    case 11: return U.gt(a, b) ? 1 : 0;
    case 12: return U.slt(a, b) ? 1 : 0;
    case 13: return U.sgt(a, b) ? 1 : 0;
    case 14: return U.eq(a, b) ? 1 : 0;
    case 15: return U.isZero(a) ? 1 : 0;
    case 16: U.and(out, a, b); return 0;
    case 17: U.or(out, a, b); return 0;
    case 18: U.xor(out, a, b); return 0;
    case 19: U.not(out, a); return 0;
    case 20: U.byte(out, a, b); return 0;
    case 21: U.shl(out, a, b); return 0;
    case 22: U.shr(out, a, b); return 0;
    case 23: U.sar(out, a, b); return 0;
    case 24: U.signextend(out, a, b); return 0;
    case 25: return <i32>U.bitLength(a);
    case 26: U.fromBytesBE(out, a); return 0;
    case 27: U.toBytesBE(out, a); return 0;
    case 28: U.neg(out, a); return 0;
    case 29: { U.divmod(out, c, a, b); return 0; }
    default: return -1;
  }
}

export function keccak(data: usize, len: usize, out: usize): void {
  keccak256(data, len, out);
}

/** Streaming: the input fed in chunks of `chunk` bytes. */
export function keccakChunked(data: usize, len: usize, chunk: usize, out: usize): void {
  heap.reset();
  const h = new Keccak256();
  h.reset();
  for (let at: usize = 0; at < len; at += chunk) h.update(data + at, min(chunk, len - at));
  h.finish(out);
}

function reencode(reader: RlpReader, writer: RlpWriter): bool {
  while (!reader.atEnd()) {
    if (!reader.next()) return false;
    const item = reader.item;
    if (item.isList) {
      writer.beginList();
      if (!reencode(new RlpReader(item.payload, item.payload + item.payloadLength), writer)) {
        reader.fail(RLP_NESTED);
        return false;
      }
      writer.endList();
    } else {
      writer.writeBytes(item.payload, item.payloadLength);
    }
  }
  return true;
}
const RLP_NESTED: i32 = 100;

/** Decodes one item strictly and re-encodes it into `out`: the length, or -(error code). */
export function rlpRoundTrip(data: usize, len: usize, out: usize): i32 {
  heap.reset();
  const reader = RlpReader.of(data, len);
  const writer = new RlpWriter();
  if (!reader.next()) return -reader.error;
  const item = reader.item;
  if (item.isList) {
    const inner = new RlpReader(item.payload, item.payload + item.payloadLength);
    writer.beginList();
    if (!reencode(inner, writer)) return -inner.error;
    writer.endList();
  } else {
    writer.writeBytes(item.payload, item.payloadLength);
  }
  if (!reader.finish()) return -reader.error;
  memory.copy(out, writer.out.ptr, writer.out.length);
  return <i32>writer.out.length;
}

/** Typed reads: u64 then u256 then a 20-byte address from a list; -(error) or 0, results at out (8 + 32 + 20 bytes). */
export function rlpTyped(data: usize, len: usize, out: usize): i32 {
  heap.reset();
  const reader = RlpReader.of(data, len);
  const list = reader.enterList();
  if (list == null) return -reader.error;
  const l = list!;
  store<u64>(out, l.readU64());
  l.readU256(out + 8);
  if (l.readFixed(20)) memory.copy(out + 40, l.item.payload, 20);
  if (!l.finish()) return -l.error;
  if (!reader.finish()) return -reader.error;
  return 0;
}

/** Writes an RLP of [u64 a, u256 at p, bytes] with the writer's typed calls; returns the length. */
export function rlpEncodeTyped(a: u64, p: usize, bytes: usize, bytesLen: usize, out: usize): i32 {
  heap.reset();
  const w = new RlpWriter();
  w.beginList();
  w.writeU64(a);
  w.writeU256(p);
  w.writeBytes(bytes, bytesLen);
  w.endList();
  memory.copy(out, w.out.ptr, w.out.length);
  return <i32>w.out.length;
}

/** 1 and the address at `out`, or 0. */
export function ecrecover(hash: usize, v: u32, r: usize, s: usize, out: usize): i32 {
  return recover(hash, v, r, s, out) ? 1 : 0;
}

/**
 * One secp256k1 building block on 8-LE-limb numbers: 0 a·b·2^-256 mod p, 1 a+b mod p, 2 a−b mod p,
 * 3 and 4 a⁻¹ and a^((p+1)/4) mod p in Montgomery form (x·2^256 mod p), 5 a·b·2^-256 mod n, 6 (a·2^-256)⁻¹·2^256 mod n, 7 GLV split of a
 * (|k1| at out, |k2| at out+32; returns the sign bits), 8 wNAF of a with window b (i8 digits at out;
 * returns the length; the window is the u32 at b).
 */
export function secp(op: i32, out: usize, a: usize, b: usize): i32 {
  switch (op) {
    case 0: F.fmul(out, a, b); return 0;
    case 1: F.fadd(out, a, b); return 0;
    case 2: F.fsub(out, a, b); return 0;
    case 3: F.finv(out, a); return 0;
    case 4: F.fsqrtCandidate(out, a); return 0;
    case 5: SC.montMul(out, a, b); return 0;
    case 6: SC.ninvMont(out, a); return 0;
    case 7: return <i32>SC.glvSplit(out, out + 32, a);
    case 8: return SC.wnaf(out, a, load<u32>(b), false);
  }
  return -1;
}

export function main(): i32 {
  return 0;
}
