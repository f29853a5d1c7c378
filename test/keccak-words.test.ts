// The incremental word-wise Keccak-256 (oracle/accelerators/keccak.ts, the block host's report
// digest) against @noble/hashes on the same bytes: every length around the rate, any split into updates.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, test } from 'vitest';
import { Keccak256Words } from '../oracle/accelerators/keccak';
import { rng } from './helpers/rng';

const bytesOf = (words: Uint32Array) => new Uint8Array(words.buffer, words.byteOffset, words.byteLength);

describe('Keccak256Words = keccak256 of the words as little-endian bytes', () => {
  const gen = rng(0x6b656363616bn);

  test('0 to 120 words (the rate is 34), in one update and in random pieces, digest mid-way', () => {
    for (let n = 0; n <= 120; n++) {
      const words = Uint32Array.from({ length: n }, () => Number(gen.next64() & 0xffffffffn));
      expect(Buffer.from(new Keccak256Words().update(words).digest()).toString('hex'), `${n} words`).toBe(Buffer.from(keccak_256(bytesOf(words))).toString('hex'));
      const pieces = new Keccak256Words();
      for (let at = 0; at < n; ) {
        const take = Math.min(n - at, gen.int(40));
        pieces.update(words.subarray(at, at + take));
        at += take;
        // a digest on the way leaves the hasher as it was
        expect(Buffer.from(pieces.digest())).toEqual(Buffer.from(keccak_256(bytesOf(words.subarray(0, at)))));
      }
      expect(Buffer.from(pieces.digest())).toEqual(Buffer.from(keccak_256(bytesOf(words))));
    }
  });

  test('the empty input gives keccak256 of no bytes', () => {
    expect(Buffer.from(new Keccak256Words().digest()).toString('hex')).toBe('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
  });
});
