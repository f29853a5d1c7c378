// keccak-f[1600] on 25 little-endian 64-bit lanes held as 50 u32 words (lane i = words 2i, 2i+1:
// low, high), in place; and Keccak-256 (Ethereum's padding) built on it for the output commitment.
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
