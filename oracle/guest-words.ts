// Guest memory checks for the zk host functions: a range of u32 words must be aligned and inside
// guest memory, else a HostFault names the function and argument (oracle/zk-calls.ts reads and
// writes the words through its u32 view once the range is checked).

/** A host function rejected its arguments: the run stops with an `ecall` trap carrying the message. */
export class HostFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostFault';
  }
}

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/** Checks that `count` words at `ptr` may be written, before any state changes. */
export function checkWritable(memory: Uint8Array, ptr: number, count: number, what: string): void {
  if (ptr % 4 !== 0) throw new HostFault(`${what} ${hex(ptr)} is not 4-byte aligned`);
  if (ptr + count * 4 > memory.length) {
    throw new HostFault(`${what} ${hex(ptr)} of ${count} words is outside guest memory [0, ${hex(memory.length)})`);
  }
}
