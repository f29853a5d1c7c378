// The block protocol's word encodings (docs/guest-os.md, "The block protocol"), both ways: u64 = 2
// words (low first), u256 = 8 little-endian limbs, address = a u256's low 5 limbs, bytes32 = the bytes
// packed 4 per word little-endian, bytes = a length word then the packed bytes, zero-padded.

export function u64Words(v: bigint): number[] {
  const out: number[] = [];
  pushU64(out, v);
  return out;
}

export function u256Words(v: bigint, limbs = 8): number[] {
  const out: number[] = [];
  pushU256(out, v, limbs);
  return out;
}

export function addressWords(address: string): number[] {
  return u256Words(BigInt(address), 5);
}

/** Bytes packed 4 per word, little-endian, the last word zero-padded. */
export function packBytes(bytes: Uint8Array): number[] {
  const out: number[] = [];
  pushPacked(out, bytes);
  return out;
}

// The same encodings appended to an answer array (the block host's handlers run for every query:
// no temporary arrays).

/** u64: 2 words, low first. */
export function pushU64(out: number[], v: bigint): void {
  out.push(Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn));
}

/** `limbs` little-endian 32-bit limbs of v (u256: 8). */
export function pushU256(out: number[], v: bigint, limbs = 8): void {
  for (let i = 0; i < limbs; i++, v >>= 32n) out.push(Number(v & 0xffffffffn));
}

/** Bytes packed 4 per word little-endian, the last word zero-padded. */
export function pushPacked(out: number[], bytes: Uint8Array): void {
  const whole = bytes.length & ~3;
  let i = 0;
  for (; i < whole; i += 4) out.push((bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)) >>> 0);
  if (i < bytes.length) {
    let w = 0;
    for (let k = 0; i + k < bytes.length; k++) w |= bytes[i + k] << (8 * k);
    out.push(w >>> 0);
  }
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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** readAddress without BigInt (the block host's account and storage keys and its reports' addresses: several per transaction). */
export function addressAt(w: ArrayLike<number>, at: number): string {
  let s = '0x';
  for (let i = at + 4; i >= at; i--) {
    const x = w[i] >>> 0;
    s += HEX[x >>> 24] + HEX[(x >>> 16) & 0xff] + HEX[(x >>> 8) & 0xff] + HEX[x & 0xff];
  }
  return s;
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
