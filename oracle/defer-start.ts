// Rewrites a WebAssembly binary so its start function is exported instead of run at instantiation:
// the native runner can then hand the host the module's memory before any guest code runs.
import { joinSections, name, readSections, readU32, section, u32 } from './wasm-sections';

/** The export name the start function gets. */
export const START_EXPORT = '__zkos_start';

const SECTION_EXPORT = 7;
const SECTION_START = 8;

/** An export section listing the old exports (payload minus its count) plus the start function. */
function exportSection(old: Uint8Array | undefined, startFunction: number): Uint8Array {
  const { value: count, next } = old ? readU32(old, 0) : { value: 0, next: 0 };
  const payload: number[] = [];
  u32(payload, count + 1);
  if (old) payload.push(...old.subarray(next));
  name(payload, START_EXPORT);
  payload.push(0 /* func */);
  u32(payload, startFunction);
  return section(SECTION_EXPORT, payload);
}

/**
 * Returns the module without its start section and with the start function exported as
 * START_EXPORT (hasStart true), or the module unchanged when it has no start function.
 */
export function deferStart(wasm: Uint8Array): { wasm: Uint8Array; hasStart: boolean } {
  const sections = readSections(wasm);
  const start = sections.find((s) => s.id === SECTION_START);
  if (!start) return { wasm, hasStart: false };
  const startFunction = readU32(start.payload, 0).value;
  const exports = sections.find((s) => s.id === SECTION_EXPORT);
  const parts: Uint8Array[] = [];
  for (const s of sections) {
    if (s.id === SECTION_EXPORT) parts.push(exportSection(s.payload, startFunction));
    else if (s.id === SECTION_START) {
      // the export section precedes the start section; a module without one gets it here
      if (!exports) parts.push(exportSection(undefined, startFunction));
    } else parts.push(section(s.id, s.payload));
  }
  return { wasm: joinSections(wasm, parts), hasStart: true };
}
