// Rewrites a guest module that defines its memory into one that imports it as env.memory, so that the
// native runner's fast accelerators (native-accel.ts) can share it. A byte-level edit of two sections
// (the memory section's one entry becomes an import entry with the same limits); the rest of the
// module is copied as it is. Memory index 0 stays index 0: the module imports no other memory.
import { joinSections, name, readSections, readU32, section, u32, type Section } from './wasm-sections';

const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;
const KIND_MEMORY = 2;

/** The guest's memory limits, and its bytes rewritten to import that memory as env.memory (null when it has none to rewrite). */
export function importGuestMemory(wasm: Uint8Array): { wasm: Uint8Array; initial: number; maximum: number } | null {
  let sections: Section[];
  try {
    sections = readSections(wasm);
  } catch {
    return null; // malformed: the runner's own compile of the module says what is wrong
  }
  const memories = sections.filter((s) => s.id === SECTION_MEMORY);
  if (memories.length !== 1) return null;
  const limits = memoryLimits(memories[0].payload);
  if (limits === null) return null;
  const imports = sections.find((s) => s.id === SECTION_IMPORT);
  const entries = imports === undefined ? { count: 0, kinds: [] as number[] } : importKinds(imports.payload);
  if (entries === null || entries.kinds.includes(KIND_MEMORY)) return null;
  const importSection = (old: Section | undefined) => {
    const payload: number[] = [];
    u32(payload, entries.count + 1);
    if (old !== undefined) payload.push(...old.payload.subarray(readU32(old.payload, 0).next));
    name(payload, 'env');
    name(payload, 'memory');
    payload.push(KIND_MEMORY, ...limits.bytes);
    return section(SECTION_IMPORT, payload);
  };
  const parts: Uint8Array[] = [];
  let placed = false;
  for (const s of sections) {
    // a module without imports gets the section before its first known section after the import
    // section's place (type: 1, import: 2, function: 3, ...); custom sections (0) stay where they are
    if (!placed && imports === undefined && s.id > SECTION_IMPORT) {
      parts.push(importSection(undefined));
      placed = true;
    }
    if (s.id === SECTION_IMPORT) parts.push(importSection(s));
    else if (s.id !== SECTION_MEMORY) parts.push(section(s.id, s.payload));
  }
  if (!placed && imports === undefined) parts.push(importSection(undefined));
  return { wasm: joinSections(wasm, parts), initial: limits.initial, maximum: limits.maximum ?? limits.initial };
}

/** The one memory of a memory section (32-bit, not shared): its limits and their bytes; null for anything else. */
function memoryLimits(payload: Uint8Array): { initial: number; maximum?: number; bytes: Uint8Array } | null {
  try {
    const { value: count, next } = readU32(payload, 0);
    const flags = payload[next];
    if (count !== 1 || (flags !== 0 && flags !== 1)) return null; // shared (2, 3) and 64-bit (4-7) memories stay
    const initial = readU32(payload, next + 1);
    const maximum = flags === 1 ? readU32(payload, initial.next) : undefined;
    const end = maximum?.next ?? initial.next;
    if (end !== payload.length) return null;
    return { initial: initial.value, maximum: maximum?.value, bytes: payload.subarray(next, end) };
  } catch {
    return null;
  }
}

/** The kinds of an import section's entries (func 0, table 1, memory 2, global 3, tag 4), or null when one is not understood. */
function importKinds(payload: Uint8Array): { count: number; kinds: number[] } | null {
  try {
    const { value: count, next } = readU32(payload, 0);
    const kinds: number[] = [];
    let at = next;
    const skipName = () => {
      const { value: length, next: after } = readU32(payload, at);
      at = after + length;
    };
    const skipLimits = () => {
      const flags = payload[at++];
      if (flags > 3) throw new Error('64-bit limits');
      at = readU32(payload, at).next;
      if (flags & 1) at = readU32(payload, at).next;
    };
    for (let k = 0; k < count; k++) {
      skipName();
      skipName();
      const kind = payload[at++];
      kinds.push(kind);
      if (kind === 0) at = readU32(payload, at).next;
      else if (kind === 1) (at++, skipLimits());
      else if (kind === 2) skipLimits();
      else if (kind === 3) at += 2;
      else if (kind === 4) at = readU32(payload, at + 1).next;
      else return null;
    }
    return at === payload.length ? { count, kinds } : null;
  } catch {
    return null;
  }
}
