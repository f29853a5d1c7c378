// Jump destination analysis: a bitmap over the code with a bit set at every JUMPDEST (0x5b) that is
// an opcode, not PUSH data. Bitmaps are cached per transaction by code buffer (the system hands out
// one buffer per account's code), so repeated calls into a contract analyse it once.

const CACHE_SLOTS: usize = 64;
/** direct-mapped cache: [code pointer, code length, bitmap pointer] per slot */
const CACHE: usize = memory.data(<i32>(CACHE_SLOTS * 12), 16);

/** Forgets every cached bitmap (call at the start of each transaction: they live on the heap). */
export function resetJumpdestCache(): void {
  memory.fill(CACHE, 0, CACHE_SLOTS * 12);
}

/** The bitmap of the code at `code` (cached). */
export function jumpdestsFor(code: usize, len: usize): Uint8Array {
  const slot = CACHE + ((code >> 4) & (CACHE_SLOTS - 1)) * 12;
  if (len > 0 && <usize>load<u32>(slot) == code && <usize>load<u32>(slot, 4) == len) return changetype<Uint8Array>(<usize>load<u32>(slot, 8));
  const bits = analyzeJumpdests(code, len);
  store<u32>(slot, <u32>code);
  store<u32>(slot, <u32>len, 4);
  store<u32>(slot, <u32>changetype<usize>(bits), 8);
  return bits;
}

/** The bitmap (one bit per code byte) for `len` bytes of code at `code`. */
export function analyzeJumpdests(code: usize, len: usize): Uint8Array {
  const bits = new Uint8Array(<i32>((len + 7) >> 3));
  const b = bits.dataStart;
  let pc: usize = 0;
  while (pc < len) {
    const op = <u32>load<u8>(code + pc);
    if (op == 0x5b) {
      store<u8>(b + (pc >> 3), load<u8>(b + (pc >> 3)) | (<u8>1 << <u8>(pc & 7)));
      pc++;
    } else if (op >= 0x60 && op <= 0x7f) {
      pc += <usize>(op - 0x5f) + 1;
    } else {
      pc++;
    }
  }
  return bits;
}

/** Whether `dest` is a valid jump destination. */
export function isJumpdest(bits: Uint8Array, len: usize, dest: u64): bool {
  if (dest >= <u64>len) return false;
  const d = <usize>dest;
  return (load<u8>(bits.dataStart + (d >> 3)) & (<u8>1 << <u8>(d & 7))) != 0;
}
