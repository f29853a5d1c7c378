// Fast word moves for the interpreter's hot paths (stack slots are 4-byte aligned 32-byte words):
// copy and swap by limbs, big-endian loads/stores with a limb-wise byte swap when both sides are
// 4-byte aligned (falling back to bytes otherwise: rv32 must not do misaligned word accesses), and
// PUSHn immediates.

/** dst = src (32 bytes, both 4-byte aligned, no partial overlap). */
// @ts-ignore: decorator
@inline
export function copyWord(dst: usize, src: usize): void {
  store<u32>(dst, load<u32>(src));
  store<u32>(dst, load<u32>(src, 4), 4);
  store<u32>(dst, load<u32>(src, 8), 8);
  store<u32>(dst, load<u32>(src, 12), 12);
  store<u32>(dst, load<u32>(src, 16), 16);
  store<u32>(dst, load<u32>(src, 20), 20);
  store<u32>(dst, load<u32>(src, 24), 24);
  store<u32>(dst, load<u32>(src, 28), 28);
}

/** Swaps the 32-byte words at a and b (4-byte aligned). */
export function swapWords(a: usize, b: usize): void {
  for (let i: usize = 0; i < 32; i += 4) {
    const t = load<u32>(a + i);
    store<u32>(a + i, load<u32>(b + i));
    store<u32>(b + i, t);
  }
}

/** out (a word) = the 32 big-endian bytes at src. */
export function loadBE(out: usize, src: usize): void {
  if ((src & 3) == 0) {
    for (let i: usize = 0; i < 32; i += 4) store<u32>(out + i, bswap<u32>(load<u32>(src + 28 - i)));
  } else {
    for (let i: usize = 0; i < 32; i++) store<u8>(out + i, load<u8>(src + 31 - i));
  }
}

/** Writes the word `a` as 32 big-endian bytes at dst (must not overlap a). */
export function storeBE(dst: usize, a: usize): void {
  if ((dst & 3) == 0) {
    for (let i: usize = 0; i < 32; i += 4) store<u32>(dst + 28 - i, bswap<u32>(load<u32>(a + i)));
  } else {
    for (let i: usize = 0; i < 32; i++) store<u8>(dst + i, load<u8>(a + 31 - i));
  }
}

/** out (a word) = the `len` (1..32) big-endian bytes at src, of which only `avail` exist (the rest read as 0). */
export function loadPush(out: usize, src: usize, len: usize, avail: usize): void {
  if (len <= 8 && avail >= len) {
    let v: u64 = 0;
    for (let i: usize = 0; i < len; i++) v = (v << 8) | <u64>load<u8>(src + i);
    store<u64>(out, v);
    store<u64>(out, 0, 8);
    store<u64>(out, 0, 16);
    store<u64>(out, 0, 24);
    return;
  }
  store<u64>(out, 0);
  store<u64>(out, 0, 8);
  store<u64>(out, 0, 16);
  store<u64>(out, 0, 24);
  // byte i of the immediate (from the most significant) is byte len-1-i of the number
  const n = avail < len ? avail : len;
  for (let i: usize = 0; i < n; i++) store<u8>(out + len - 1 - i, load<u8>(src + i));
}
