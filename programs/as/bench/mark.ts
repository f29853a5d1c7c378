// Cycle markers for the guest-cycles bench: a zero-byte write to stdout, whose ecall the bench host
// timestamps with the emulator's cycle count, plus the line every bench entry prints at the end.
import { write, putHexU32, putString, putByte, flush } from "../../../guest/lib/io";

/**
 * Marks a point in the run (the host records the cycle count) and returns 0: a value the compiler
 * cannot see through, so counts built from it stay run-time values in every copy of the code.
 */
export function mark(): i32 {
  return write(1, 0, 0);
}

/** Prints "<name>: lo=<hex> hi=<hex>", the kernel results of the two runs (checked by tests). */
export function report(name: string, lo: u32, hi: u32): void {
  putString(name);
  putString(": lo=");
  putHexU32(lo);
  putString(" hi=");
  putHexU32(hi);
  putByte(10);
  flush();
}
