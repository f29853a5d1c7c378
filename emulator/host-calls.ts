// The ABI v1 base host functions (write, exit) over plain arguments and a guest memory view, shared
// by the emulator's standard ecalls and the oracle's host bindings so each is defined once. No I/O.
import type { OutputSink } from './ecall';

/** What a host function did: returned a value to the guest, or ended the run. */
export type CallOutcome =
  | { readonly kind: 'return'; readonly value: number }
  | { readonly kind: 'exit'; readonly code: number }
  /** the guest stopped itself with an error code (a WebAssembly trap, an abort) */
  | { readonly kind: 'abort'; readonly code: number; readonly message: string }
  /** the host rejected the call's arguments (e.g. a buffer outside memory) */
  | { readonly kind: 'fault'; readonly message: string };

export const EBADF = 9;

/** write(fd, buf, len): fd 1 and 2 go to the sink; any other fd returns -EBADF; a buffer outside memory faults. */
export function hostWrite(sink: OutputSink, memory: Uint8Array, fd: number, buf: number, len: number): CallOutcome {
  fd |= 0;
  buf >>>= 0;
  len >>>= 0;
  if (fd !== 1 && fd !== 2) return { kind: 'return', value: -EBADF };
  if (buf + len > memory.length) {
    return {
      kind: 'fault',
      message: `write: buffer 0x${buf.toString(16)} of ${len} bytes is outside guest memory [0, 0x${memory.length.toString(16)})`,
    };
  }
  sink(fd, memory.slice(buf, buf + len));
  return { kind: 'return', value: len | 0 };
}

/** exit(code): ends the run; the code is a signed 32-bit value. */
export function hostExit(code: number): CallOutcome {
  return { kind: 'exit', code: code | 0 };
}
