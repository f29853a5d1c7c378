// Rewrites a WebAssembly binary so its start function is exported instead of run at instantiation:
// the native runner can then hand the host the module's memory before any guest code runs.

/** The export name the start function gets. */
export const START_EXPORT = '__zkos_start';

const SECTION_EXPORT = 7;
const SECTION_START = 8;

function readU32(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  for (let shift = 0, i = at; ; shift += 7, i++) {
    if (i >= bytes.length || shift > 28) throw new Error(`malformed LEB128 at offset ${at}`);
    value |= (bytes[i] & 0x7f) << shift;
    if ((bytes[i] & 0x80) === 0) return { value: value >>> 0, next: i + 1 };
  }
}

function u32(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function section(id: number, payload: Uint8Array): Uint8Array {
  const header = [id, ...u32(payload.length)];
  const out = new Uint8Array(header.length + payload.length);
  out.set(header);
  out.set(payload, header.length);
  return out;
}

/** An export section listing the old exports (payload minus its count) plus the start function. */
function exportSection(old: Uint8Array | undefined, startFunction: number): Uint8Array {
  const { value: count, next } = old ? readU32(old, 0) : { value: 0, next: 0 };
  const name = new TextEncoder().encode(START_EXPORT);
  const entry = [...u32(name.length), ...name, 0 /* func */, ...u32(startFunction)];
  const rest = old ? old.subarray(next) : new Uint8Array(0);
  return section(SECTION_EXPORT, Uint8Array.from([...u32(count + 1), ...rest, ...entry]));
}

/**
 * Returns the module without its start section and with the start function exported as
 * START_EXPORT (hasStart true), or the module unchanged when it has no start function.
 */
export function deferStart(wasm: Uint8Array): { wasm: Uint8Array; hasStart: boolean } {
  const sections: { id: number; payload: Uint8Array }[] = [];
  for (let at = 8; at < wasm.length; ) {
    const id = wasm[at];
    const { value: size, next } = readU32(wasm, at + 1);
    sections.push({ id, payload: wasm.subarray(next, next + size) });
    at = next + size;
  }
  const start = sections.find((s) => s.id === SECTION_START);
  if (!start) return { wasm, hasStart: false };
  const startFunction = readU32(start.payload, 0).value;
  const exports = sections.find((s) => s.id === SECTION_EXPORT);
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  for (const s of sections) {
    if (s.id === SECTION_EXPORT) parts.push(exportSection(s.payload, startFunction));
    else if (s.id === SECTION_START) {
      // the export section precedes the start section; a module without one gets it here
      if (!exports) parts.push(exportSection(undefined, startFunction));
    } else parts.push(section(s.id, s.payload));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return { wasm: out, hasStart: true };
}
