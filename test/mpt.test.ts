// Our Merkle-Patricia trie root (oracle/state/mpt.ts) and RLP (oracle/state/rlp.ts) against
// @ethereumjs/mpt and @ethereumjs/rlp: random tries (variable-length keys sharing prefixes, values
// short enough to inline nodes), and the state roots of state-test pre-states.
import { existsSync } from 'node:fs';
import { createMPT } from '@ethereumjs/mpt';
import { RLP } from '@ethereumjs/rlp';
import { describe, expect, it } from 'vitest';
import { loadStateTestFile, stateTestFiles } from '../oracle/statetest/load';
import { EMPTY_TRIE_ROOT, stateRoot, trieRoot } from '../oracle/state/mpt';
import { bigintBytes, rlpEncode, type RlpItem } from '../oracle/state/rlp';
import { MemoryStateStore } from '../oracle/state/store';
import { hex, referenceStateRoot } from './helpers/ethereumjs-state';
import { STATE_TESTS } from './helpers/statetests';

/** A deterministic generator (xorshift32) so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0);
  };
  return { int: (n: number) => next() % n, bytes: (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff) };
}

async function reference(pairs: [Uint8Array, Uint8Array][]): Promise<string> {
  const trie = await createMPT();
  for (const [k, v] of pairs) {
    if (v.length === 0) await trie.del(k);
    else await trie.put(k, v);
  }
  return hex(trie.root());
}

describe('rlpEncode', () => {
  it('agrees with @ethereumjs/rlp on strings, integers and nested lists', () => {
    const r = rng(7);
    const random = (depth: number): RlpItem => {
      if (depth > 3 || r.int(3) > 0) return r.bytes([0, 1, 1, 2, 55, 56, 57, 300, 70000][r.int(9)]);
      return Array.from({ length: r.int(6) }, () => random(depth + 1));
    };
    for (let i = 0; i < 300; i++) {
      const item = random(0);
      expect(hex(rlpEncode(item))).toBe(hex(RLP.encode(item as never)));
    }
    expect(hex(rlpEncode(Uint8Array.of(0x7f)))).toBe('0x7f');
    expect(hex(rlpEncode(Uint8Array.of(0x80)))).toBe('0x8180');
    for (const n of [0n, 1n, 127n, 128n, 255n, 256n, (1n << 256n) - 1n]) expect(hex(rlpEncode(bigintBytes(n)))).toBe(hex(RLP.encode(n)));
  });
});

describe('trieRoot', () => {
  it('of nothing is keccak256(rlp(""))', async () => {
    expect(hex(trieRoot([]))).toBe(await reference([]));
    expect(hex(EMPTY_TRIE_ROOT)).toBe('0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421');
  });

  it.each([1, 2, 3, 5, 16, 17, 64, 300, 1000])('agrees with @ethereumjs/mpt on %i random keys', async (n) => {
    const r = rng(n * 7919);
    const keys: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      // keys of 1..33 bytes, often extending an earlier key (so one key is a prefix of another)
      const base = keys.length && r.int(3) === 0 ? keys[r.int(keys.length)] : new Uint8Array(0);
      keys.push(Uint8Array.from([...base.slice(0, r.int(base.length + 1)), ...r.bytes(1 + r.int(32))]));
    }
    // values of 1..40 bytes: short ones make nodes under 32 bytes, which are inlined
    const pairs = keys.map((k) => [k, r.bytes(1 + r.int(40))] as [Uint8Array, Uint8Array]);
    expect(hex(trieRoot(pairs))).toBe(await reference(pairs));
  });

  it('keeps the last value of a repeated key, and an empty value deletes', async () => {
    const r = rng(99);
    const pairs: [Uint8Array, Uint8Array][] = [];
    const keys = Array.from({ length: 40 }, () => r.bytes(1 + r.int(4)));
    for (let i = 0; i < 120; i++) pairs.push([keys[r.int(keys.length)], r.int(4) === 0 ? new Uint8Array(0) : r.bytes(1 + r.int(8))]);
    expect(hex(trieRoot(pairs))).toBe(await reference(pairs));
  });
});

const TESTS = STATE_TESTS;

describe.skipIf(!existsSync(TESTS))('stateRoot of state-test pre-states', () => {
  it('agrees with @ethereumjs/mpt for 60 test files across categories', async () => {
    const files = stateTestFiles(TESTS);
    const step = Math.max(1, Math.floor(files.length / 60));
    let checked = 0;
    for (let i = 0; i < files.length; i += step) {
      const cases = loadStateTestFile(files[i]);
      if (cases.length === 0) continue;
      const pre = cases[0].block.pre;
      const ours = stateRoot(MemoryStateStore.fromPre(pre));
      expect(hex(ours), files[i]).toBe(hex(await referenceStateRoot(pre)));
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  }, 120_000);
});

if (!existsSync(TESTS)) {
  describe('stateRoot of state-test pre-states', () => {
    it.skip(`skipped: ${TESTS} is absent (the state tests live in ../shared/conformance)`, () => {});
  });
}
