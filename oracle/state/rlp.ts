// Host-side RLP encoding (Ethereum yellow paper, appendix B) for the state root and the logs hash:
// byte strings, lists, and already-encoded items embedded as they are (trie node references).

/** An RLP item: a byte string, a list of items, or an item that is already RLP-encoded. */
export type RlpItem = Uint8Array | readonly RlpItem[] | { readonly encoded: Uint8Array };

function lengthBytes(n: number): number[] {
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return out;
}

function header(length: number, short: number): number[] {
  if (length < 56) return [short + length];
  const len = lengthBytes(length);
  return [short + 55 + len.length, ...len];
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The RLP encoding of `item`. */
export function rlpEncode(item: RlpItem): Uint8Array {
  if (item instanceof Uint8Array) {
    if (item.length === 1 && item[0] < 0x80) return item.slice();
    return concat([Uint8Array.from(header(item.length, 0x80)), item]);
  }
  if ('encoded' in item) return item.encoded;
  const body = concat((item as readonly RlpItem[]).map(rlpEncode));
  return concat([Uint8Array.from(header(body.length, 0xc0)), body]);
}

/** A non-negative integer as RLP wants it: big-endian, no leading zeros (0 is the empty string). */
export function bigintBytes(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError(`RLP integers are non-negative, got ${value}`);
  if (value === 0n) return new Uint8Array(0);
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
