// The block digest: a running keccak256 over the payload words of every report the guest sends in
// the block, in order, each word as its 4 little-endian bytes (the payload's memory image). The
// sponge state is static memory, so it survives heap.reset() between transactions.
import { keccakF } from "../lib/accel";

const RATE: u32 = 136;
const STATE: usize = memory.data(200, 16);
let pos: u32 = 0;

/** Starts a new digest (start of a block). */
export function digestReset(): void {
  memory.fill(STATE, 0, 200);
  pos = 0;
}

/** Absorbs the `len` bytes at `data`. */
export function digestUpdate(data: usize, len: usize): void {
  for (let i: usize = 0; i < len; i++) {
    const p = STATE + pos;
    store<u8>(p, load<u8>(p) ^ load<u8>(data + i));
    if (++pos == RATE) {
      keccakF(STATE);
      pos = 0;
    }
  }
}

/** Writes the 32-byte digest to `out` (the state is consumed: call digestReset() before reuse). */
export function digestFinish(out: usize): void {
  store<u8>(STATE + pos, load<u8>(STATE + pos) ^ 0x01);
  store<u8>(STATE + RATE - 1, load<u8>(STATE + RATE - 1) ^ 0x80);
  keccakF(STATE);
  memory.copy(out, STATE, 32);
}
