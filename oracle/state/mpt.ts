// Our own Merkle-Patricia trie root (Ethereum yellow paper, appendix D) and the state root over a
// StateStore: the secure account trie keccak256(address) → rlp([nonce, balance, storageRoot,
// codeHash]) and per account the storage trie keccak256(slot) → rlp(value). Checked against
// @ethereumjs/mpt by test/mpt.test.ts.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bigintBytes, rlpEncode, type RlpItem } from './rlp';
import type { StateStore } from './store';

/** keccak256(rlp('')): the root of an empty trie. */
export const EMPTY_TRIE_ROOT = keccak_256(rlpEncode(new Uint8Array(0)));

interface Entry {
  readonly nibbles: Uint8Array;
  readonly value: Uint8Array;
}

function toNibbles(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  for (let i = 0; i < key.length; i++) {
    out[2 * i] = key[i] >> 4;
    out[2 * i + 1] = key[i] & 15;
  }
  return out;
}

/** Hex-prefix encoding of a nibble path (leaf or extension). */
function hexPrefix(nibbles: Uint8Array, leaf: boolean): Uint8Array {
  const odd = nibbles.length % 2;
  const out = new Uint8Array(1 + (nibbles.length >> 1));
  out[0] = ((leaf ? 2 : 0) + odd) << 4;
  let at = 0;
  if (odd) out[0] |= nibbles[at++];
  for (let i = 1; i < out.length; i++, at += 2) out[i] = (nibbles[at] << 4) | nibbles[at + 1];
  return out;
}

function compareNibbles(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** How a node is referenced from its parent: inline when its encoding is under 32 bytes, else by hash. */
function reference(encoded: Uint8Array): RlpItem {
  return encoded.length < 32 ? { encoded } : keccak_256(encoded);
}

/** The RLP encoding of the node holding `entries` (sorted, distinct, sharing the first `depth` nibbles). */
function encodeNode(entries: readonly Entry[], depth: number): Uint8Array {
  const first = entries[0];
  if (entries.length === 1) return rlpEncode([hexPrefix(first.nibbles.subarray(depth), true), first.value]);
  const last = entries[entries.length - 1];
  let prefix = 0;
  const limit = Math.min(first.nibbles.length, last.nibbles.length) - depth;
  while (prefix < limit && first.nibbles[depth + prefix] === last.nibbles[depth + prefix]) prefix++;
  if (prefix > 0) {
    const child = encodeNode(entries, depth + prefix);
    return rlpEncode([hexPrefix(first.nibbles.subarray(depth, depth + prefix), false), reference(child)]);
  }
  const branch: RlpItem[] = [];
  let at = 0;
  let value: Uint8Array = new Uint8Array(0);
  if (first.nibbles.length === depth) {
    value = first.value;
    at = 1;
  }
  for (let nibble = 0; nibble < 16; nibble++) {
    const start = at;
    while (at < entries.length && entries[at].nibbles[depth] === nibble) at++;
    branch.push(at === start ? new Uint8Array(0) : reference(encodeNode(entries.slice(start, at), depth + 1)));
  }
  branch.push(value);
  return rlpEncode(branch);
}

/**
 * The root hash of the trie holding `pairs` (key → value; an empty value means absent). A key given
 * twice keeps its last value.
 */
export function trieRoot(pairs: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  const byKey = new Map<string, Entry>();
  for (const [key, value] of pairs) {
    const id = Buffer.from(key).toString('hex');
    if (value.length === 0) byKey.delete(id);
    else byKey.set(id, { nibbles: toNibbles(key), value });
  }
  if (byKey.size === 0) return EMPTY_TRIE_ROOT.slice();
  const entries = [...byKey.values()].sort((a, b) => compareNibbles(a.nibbles, b.nibbles));
  return keccak_256(encodeNode(entries, 0));
}

/** A u256 as 32 big-endian bytes. */
export function word32(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));
}

/** The root of an account's storage trie: keccak256(slot) → rlp(value), zero values absent. */
export function storageRoot(storage: Iterable<readonly [bigint, bigint]>): Uint8Array {
  const pairs: [Uint8Array, Uint8Array][] = [];
  for (const [slot, value] of storage) if (value !== 0n) pairs.push([keccak_256(word32(slot)), rlpEncode(bigintBytes(value))]);
  return trieRoot(pairs);
}

/** The Ethereum state root of every account in `store`. */
export function stateRoot(store: StateStore): Uint8Array {
  const pairs: [Uint8Array, Uint8Array][] = [];
  for (const [address, account] of store.entries()) {
    const body = rlpEncode([bigintBytes(account.nonce), bigintBytes(account.balance), storageRoot(account.storage), account.codeHash]);
    pairs.push([keccak_256(Buffer.from(address.slice(2), 'hex')), body]);
  }
  return trieRoot(pairs);
}
