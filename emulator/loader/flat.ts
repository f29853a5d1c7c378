// Flat binary → Program: Airbender's image format, raw little-endian words loaded at one
// address (0 by default) as a single read/write/execute segment, entered at its first word.
import { LoadError, type Program } from './program';

/** Parses a raw image; `address` is where its first byte goes and where execution starts. */
export function parseFlat(bytes: Uint8Array, address = 0): Program {
  if (bytes.length === 0) throw new LoadError('flat image is empty (0 bytes): nothing to load');
  if (bytes.length % 4 !== 0) {
    throw new LoadError(`flat image is ${bytes.length} bytes, not a multiple of 4: it must hold whole 32-bit words`);
  }
  if (!Number.isInteger(address) || address < 0 || address % 4 !== 0) {
    throw new LoadError(`flat image load address ${address} must be a non-negative multiple of 4`);
  }
  if (address + bytes.length > 2 ** 32) {
    throw new LoadError(`flat image of ${bytes.length} bytes at 0x${address.toString(16)} runs past the 32-bit address space`);
  }
  return {
    format: 'flat',
    entry: address,
    segments: [
      { address, data: bytes.slice(), memorySize: bytes.length, flags: { read: true, write: true, execute: true } },
    ],
    symbols: [],
  };
}
