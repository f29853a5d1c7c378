// The trace-recording variant of compiled code: what it shares with the recorder
// (emulator/trace/record.ts) and the source it adds to a region. Generated code records every
// load's and store's word before the access (unless stamped in this chunk), and a block's
// instruction words on its first run in a chunk (codegen.ts, blockSource), so the chunk's memory
// image lists the same words, in the same order, as the recording interpreter's. The recording is
// inline (no calls out of the region): a call on a cold path still costs V8 its load elimination
// across the whole loop (measured: 2-3x slower regions with calls than without).

export interface RecordingHooks {
  /** per guest word: the generation of the chunk that recorded it (the recorder's stamp array) */
  readonly stamp: Uint8Array;
  /** per 2^STAMP_PAGE_SHIFT words: nonzero once a stamp in it was set (the recorder clears only those) */
  readonly dirty: Uint8Array;
  /** per compiled block id: the generation in which all its instruction words were recorded */
  readonly blocks: Uint8Array;
  /** [0]: the current chunk's generation (1..255); [1]: words used in `image` */
  readonly state: Int32Array;
  /** the chunk's memory image: (byte address, value) pairs in first-touch order */
  readonly image: Int32Array;
}

/** Stamp words per dirty-page flag. */
export const STAMP_PAGE_SHIFT = 16;

/** Compiled blocks a recording cache numbers before it starts over (a 1 MiB `blocks` array). */
export const RECORDING_BLOCK_IDS = 1 << 20;

/** The generated function's recording locals: the chunk's generation g and the image length n. */
export const RECORDING_LOCALS = 'g = rs[0], n = rs[1]';
/** Run before the function returns: the image length goes back to the recorder. */
export const RECORDING_EXIT = 'rs[1] = n;';

/** Source that records word `w` (an expression of no side effects) unless this chunk has. */
function touchWord(w: string): string {
  return `if (sp[${w}] !== g) { sp[${w}] = g; dy[${w} >>> ${STAMP_PAGE_SHIFT}] = 1; im[n] = ${w} << 2; im[n + 1] = i32[${w}]; n += 2; }`;
}

/** A load's or store's word, its byte address in `t` (checked: inside memory). */
export const dataTouch = (): string => ` { const w = t >>> 2; ${touchWord('w')} }`;

/** Records instruction words `first` .. `first + count - 1` (a block's first run in a chunk: codegen.ts). */
export function fetchTouch(first: number, count: number): string {
  if (count <= 3) return Array.from({ length: count }, (_, k) => touchWord(String(first + k))).join(' ');
  return `for (let w = ${first}; w < ${first + count}; w++) { ${touchWord('w')} }`;
}
