// A loaded program, independent of its file format: what to copy where, where to start, and
// the symbols that name code (for disassembly listings and profiles).

export interface Segment {
  /** guest address of the first byte */
  readonly address: number;
  /** bytes from the file; the rest up to memorySize is zero-filled */
  readonly data: Uint8Array;
  readonly memorySize: number;
  readonly flags: { readonly read: boolean; readonly write: boolean; readonly execute: boolean };
}

export interface ProgramSymbol {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly kind: 'function' | 'object' | 'other';
}

export interface Program {
  readonly format: 'elf' | 'flat';
  readonly entry: number;
  readonly segments: readonly Segment[];
  /** sorted by address */
  readonly symbols: readonly ProgramSymbol[];
}

/** Malformed or unsupported program file: the message names the problem and where it is. */
export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}
