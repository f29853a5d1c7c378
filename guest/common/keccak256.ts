// Keccak-256 (Ethereum's padding, 0x01 … 0x80) over byte buffers on the keccak_f accelerator: one
// accelerator call per 136-byte block. A one-shot function (static state) and a streaming hasher.
import { keccakF } from "../lib/accel";

export const KECCAK_RATE: usize = 136;
export const HASH_BYTES: usize = 32;

/** Absorbs `len` bytes at `data` into the 200-byte `state` that already holds `pos` bytes of a block; returns the new pos. */
function absorb(state: usize, pos: usize, data: usize, len: usize): usize {
  let i: usize = 0;
  // whole blocks from 4-byte-aligned data: xor a word at a time
  if (pos == 0 && (data & 3) == 0) {
    while (len - i >= KECCAK_RATE) {
      for (let k: usize = 0; k < KECCAK_RATE; k += 4) store<u32>(state + k, load<u32>(state + k) ^ load<u32>(data + i + k));
      keccakF(state);
      i += KECCAK_RATE;
    }
  }
  for (; i < len; i++) {
    store<u8>(state + pos, load<u8>(state + pos) ^ load<u8>(data + i));
    if (++pos == KECCAK_RATE) {
      keccakF(state);
      pos = 0;
    }
  }
  return pos;
}

/** Pads the block holding `pos` bytes, permutes, and writes the 32-byte digest at `out`. */
function squeeze(state: usize, pos: usize, out: usize): void {
  store<u8>(state + pos, load<u8>(state + pos) ^ 0x01);
  store<u8>(state + KECCAK_RATE - 1, load<u8>(state + KECCAK_RATE - 1) ^ 0x80);
  keccakF(state);
  memory.copy(out, state, 32);
}

const STATE: usize = memory.data(200, 16);

/** Writes keccak256(bytes [data, data + len)) to the 32 bytes at `out` (`out` may overlap the input). */
export function keccak256(data: usize, len: usize, out: usize): void {
  memory.fill(STATE, 0, 200);
  squeeze(STATE, absorb(STATE, 0, data, len), out);
}

/** An incremental Keccak-256 on the heap: update() any number of times, then finish(). */
export class Keccak256 {
  /** 25 little-endian u64 lanes (the accelerator's layout) */
  private lanes: StaticArray<u64> = new StaticArray<u64>(25);
  private pos: usize = 0;

  /** Starts over. */
  reset(): void {
    memory.fill(changetype<usize>(this.lanes), 0, 200);
    this.pos = 0;
  }

  /** Absorbs the `len` bytes at `data` (any alignment). */
  update(data: usize, len: usize): void {
    this.pos = absorb(changetype<usize>(this.lanes), this.pos, data, len);
  }

  /** Writes the 32-byte digest at `out`; call reset() before hashing again. */
  finish(out: usize): void {
    squeeze(changetype<usize>(this.lanes), this.pos, out);
  }
}
