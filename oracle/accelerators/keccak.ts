// keccak-f[1600] on 25 little-endian 64-bit lanes held as 50 u32 words (lane i = words 2i, 2i+1:
// low, high), in place; and Keccak-256 (Ethereum's padding) built on it for the output commitment,
// one-shot on bytes and incremental on u32 words (the block host's running report digest).
// The permutation lives in emulator/accel/keccak.ts.
import { keccakF } from '../../emulator/accel/keccak';

export { keccakF };

const RATE = 136;

/** Keccak-256 of `data` (rate 136 bytes, padding 0x01 … 0x80), on keccakF. */
export function keccak256(data: Uint8Array): Uint8Array {
  const state = new Uint32Array(50);
  const bytes = new Uint8Array(state.buffer);
  const padded = new Uint8Array(Math.floor(data.length / RATE + 1) * RATE);
  padded.set(data);
  padded[data.length] ^= 0x01;
  padded[padded.length - 1] ^= 0x80;
  for (let at = 0; at < padded.length; at += RATE) {
    for (let i = 0; i < RATE; i++) bytes[i] ^= padded[at + i];
    keccakF(state);
  }
  return bytes.slice(0, 32);
}

const RATE_WORDS = RATE / 4;

/**
 * Keccak-256 over u32 words, each taken as 4 little-endian bytes, absorbed as they come (no copies:
 * the state's words are the input's bytes in order). Gives what keccak256 gives for the same bytes.
 */
export class Keccak256Words {
  private readonly state = new Uint32Array(50);
  /** words absorbed into the current block */
  private at = 0;

  /** Absorbs `words` (any u32 values). */
  update(words: ArrayLike<number>): this {
    const state = this.state;
    let at = this.at;
    for (let i = 0; i < words.length; i++) {
      state[at] ^= words[i];
      if (++at === RATE_WORDS) {
        keccakF(state);
        at = 0;
      }
    }
    this.at = at;
    return this;
  }

  /** The hash of everything absorbed so far (the hasher is left as it was: more words may follow). */
  digest(): Uint8Array {
    const state = this.state.slice();
    state[this.at] ^= 0x01; // padding: 0x01 after the last byte, 0x80 in the block's last byte
    state[RATE_WORDS - 1] ^= 0x80000000;
    keccakF(state);
    return new Uint8Array(state.buffer, 0, 32).slice();
  }
}
