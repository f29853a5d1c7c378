// Independent references for the host's state root and logs hash (oracle/state/, oracle/block/run.ts):
// @ethereumjs/mpt secure tries and @ethereumjs/rlp, fed from plain data (no code under test).
import { createMPT } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { keccak_256 } from '@noble/hashes/sha3.js';

export interface RefAccount {
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly code: Uint8Array;
  readonly storage: ReadonlyMap<bigint, bigint>;
}

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex.replace(/^0x/, ''), 'hex'));
const intBytes = (v: bigint) => (v === 0n ? new Uint8Array(0) : bytes(v.toString(16).padStart(Math.ceil(v.toString(16).length / 2) * 2, '0')));
const word = (v: bigint) => bytes(v.toString(16).padStart(64, '0'));

/** The Ethereum state root of `accounts` (address → account), by @ethereumjs/mpt. */
export async function referenceStateRoot(accounts: Iterable<[string, RefAccount]>): Promise<Uint8Array> {
  const trie = await createMPT({ useKeyHashing: true });
  for (const [address, a] of accounts) {
    const storage = await createMPT({ useKeyHashing: true });
    for (const [k, v] of a.storage) if (v !== 0n) await storage.put(word(k), RLP.encode(intBytes(v)));
    await trie.put(bytes(address), RLP.encode([intBytes(a.nonce), intBytes(a.balance), storage.root(), keccak_256(a.code)]));
  }
  return trie.root();
}

/** keccak256(rlp(logs)) by @ethereumjs/rlp. */
export function referenceLogsHash(logs: readonly { address: string; topics: readonly Uint8Array[]; data: Uint8Array }[]): Uint8Array {
  return keccak_256(RLP.encode(logs.map((l) => [bytes(l.address), [...l.topics], l.data])));
}

export const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');
