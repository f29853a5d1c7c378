// Word access to guest memory for the zk host functions: bounds- and alignment-checked reads and
// writes of little-endian u32 words, failing with a HostFault that names the function and argument.

/** A host function rejected its arguments: the run stops with an `ecall` trap carrying the message. */
export class HostFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostFault';
  }
}

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

function check(memory: Uint8Array, ptr: number, words: number, what: string): DataView {
  if (ptr % 4 !== 0) throw new HostFault(`${what} ${hex(ptr)} is not 4-byte aligned`);
  if (ptr + words * 4 > memory.length) {
    throw new HostFault(`${what} ${hex(ptr)} of ${words} words is outside guest memory [0, ${hex(memory.length)})`);
  }
  return new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
}

/** `count` words at `ptr` (a copy). */
export function readWords(memory: Uint8Array, ptr: number, count: number, what: string): Uint32Array {
  const view = check(memory, ptr, count, what);
  return Uint32Array.from({ length: count }, (_, i) => view.getUint32(ptr + i * 4, true));
}

/** Stores `words` at `ptr`. */
export function writeWords(memory: Uint8Array, ptr: number, words: ArrayLike<number>, what: string): void {
  const view = check(memory, ptr, words.length, what);
  for (let i = 0; i < words.length; i++) view.setUint32(ptr + i * 4, words[i], true);
}

/** Checks that `count` words at `ptr` may be written, before any state changes. */
export function checkWritable(memory: Uint8Array, ptr: number, count: number, what: string): void {
  check(memory, ptr, count, what);
}
