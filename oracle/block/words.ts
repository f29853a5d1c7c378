// The block protocol's word encodings (docs/guest-os.md, "The block protocol"), both ways: u64 = 2
// words (low first), u256 = 8 little-endian limbs, address = a u256's low 5 limbs, bytes32 = the bytes
// packed 4 per word little-endian, bytes = a length word then the packed bytes, zero-padded.

export function u64Words(v: bigint): number[] {
  return [Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn)];
}

export function u256Words(v: bigint, limbs = 8): number[] {
  const out: number[] = [];
  for (let i = 0; i < limbs; i++) out.push(Number((v >> BigInt(32 * i)) & 0xffffffffn));
  return out;
}

export function addressWords(address: string): number[] {
  return u256Words(BigInt(address), 5);
}

/** Bytes packed 4 per word, little-endian, the last word zero-padded. */
export function packBytes(bytes: Uint8Array): number[] {
  const words = new Uint32Array(Math.ceil(bytes.length / 4));
  new Uint8Array(words.buffer).set(bytes);
  return Array.from(words);
}

export function bytes32Words(hash: Uint8Array): number[] {
  if (hash.length !== 32) throw new Error(`bytes32: expected 32 bytes, got ${hash.length}`);
  return packBytes(hash);
}

export function bytesWords(bytes: Uint8Array): number[] {
  return [bytes.length, ...packBytes(bytes)];
}

// ---- decoding (payloads the guest sends) ----

export function readU64(w: ArrayLike<number>, at: number): bigint {
  return BigInt(w[at] >>> 0) | (BigInt(w[at + 1] >>> 0) << 32n);
}

export function readU256(w: ArrayLike<number>, at: number, limbs = 8): bigint {
  let v = 0n;
  for (let i = limbs - 1; i >= 0; i--) v = (v << 32n) | BigInt(w[at + i] >>> 0);
  return v;
}

export function readAddress(w: ArrayLike<number>, at: number): string {
  return '0x' + readU256(w, at, 5).toString(16).padStart(40, '0');
}

/** `count` bytes packed little-endian from word `at`. */
export function unpackBytes(w: ArrayLike<number>, at: number, count: number): Uint8Array {
  const words = Uint32Array.from({ length: Math.ceil(count / 4) }, (_, i) => w[at + i] >>> 0);
  return new Uint8Array(words.buffer).slice(0, count);
}

export function readBytes32(w: ArrayLike<number>, at: number): Uint8Array {
  return unpackBytes(w, at, 32);
}

export const toHex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');
