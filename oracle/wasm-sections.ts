// Reading and writing the sections of a WebAssembly binary, for the small rewrites the native runner
// makes without a toolchain (defer-start.ts, memory-import.ts). The LEB128 and name writers are the
// wasm tier's assembler's (emulator/compiler/wasm/encode.ts), re-exported here.
import { u32 } from '../emulator/compiler/wasm/encode';

export { name, u32 } from '../emulator/compiler/wasm/encode';

/** An unsigned LEB128 (at most 32 bits) at `at`: its value and the offset after it. */
export function readU32(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  for (let shift = 0, i = at; ; shift += 7, i++) {
    if (i >= bytes.length || shift > 28) throw new Error(`malformed LEB128 at offset ${at}`);
    value |= (bytes[i] & 0x7f) << shift;
    if ((bytes[i] & 0x80) === 0) return { value: value >>> 0, next: i + 1 };
  }
}

export interface Section {
  readonly id: number;
  readonly payload: Uint8Array;
}

/** The sections after the 8-byte preamble, in order (payloads are views into `wasm`). */
export function readSections(wasm: Uint8Array): Section[] {
  const sections: Section[] = [];
  for (let at = 8; at < wasm.length; ) {
    const id = wasm[at];
    const { value: size, next } = readU32(wasm, at + 1);
    if (next + size > wasm.length) throw new Error(`section ${id} at offset ${at} runs past the end of the module`);
    sections.push({ id, payload: wasm.subarray(next, next + size) });
    at = next + size;
  }
  return sections;
}

/** One section's bytes: its id, its payload's length, the payload. */
export function section(id: number, payload: Uint8Array | readonly number[]): Uint8Array {
  const header = [id];
  u32(header, payload.length);
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

/** The module: `wasm`'s preamble, then the parts (whole sections) in order. */
export function joinSections(wasm: Uint8Array, parts: readonly Uint8Array[]): Uint8Array {
  const all = [wasm.subarray(0, 8), ...parts];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of all) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
