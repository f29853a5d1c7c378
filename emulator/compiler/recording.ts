// The trace-recording variant of compiled code: what it shares with the recorder
// (emulator/trace/record.ts) and the source it adds to a region. The chunk's memory image is made
// of 256-byte pages (emulator/trace/chunk.ts): generated code copies a page into the image the
// first time the chunk fetches from it, loads from it or stores to it, in the interpreter's order
// (a block's page before its first instruction, a data page before its access), so both recorders
// write the same image.
// - A fetch check runs once per region call and code page: on entry for the entry block's page, and
//   not at all in a block whose dominators fetched from its page (codegen.ts); elsewhere it tests a
//   bit in a local mask.
// - A load or store tests one byte per page, the watch map: 0 once the page is in this chunk's image
//   and holds no compiled code. Only a nonzero byte leads to the image check and, for a store, to
//   the code-map check that the plain variant makes on every store; so a recorded store costs what
//   a plain one does once its page is in the image.
// The recording is inline (no calls out of the region): a call on a cold path still costs V8 its
// load elimination across the whole loop (measured: 2-3x slower regions with calls than without).
import { PAGE_RECORD, PAGE_SHIFT, PAGE_WORDS } from '../trace/chunk';
import { GRANULE_SHIFT } from './checks';

export interface RecordingHooks {
  /** per guest page: the generation of the chunk that copied it into its image */
  readonly stamp: Uint8Array;
  /**
   * per guest page, the watch map: 0 when the page is in the current chunk's image (stamped) and
   * none of its granules holds compiled code; nonzero (a hint: then check) otherwise. The recorder
   * sets the bytes of the last chunk's pages back to 1 when a chunk starts (generated code clears
   * only bytes of pages in the image), the code cache sets a page's byte when it compiles code
   * there, and generated code clears it after checking.
   */
  readonly watch: Uint8Array;
  /** [0]: the current chunk's generation (1..255); [1]: words used in `image` */
  readonly state: Int32Array;
  /** the chunk's memory image window (page records, chunk.ts): the recorder spills it when full */
  readonly image: Int32Array;
}

/** The generated function's recording locals: the chunk's generation g and the image length n. */
export const RECORDING_LOCALS = 'g = rs[0], n = rs[1]';
/** Run before the function returns: the image length goes back to the recorder. */
export const RECORDING_EXIT = 'rs[1] = n;';

/** Granules of the code map per page. */
const GRANULES = 1 << (PAGE_SHIFT - GRANULE_SHIFT);

/**
 * Source that copies page `p` (an expression of no side effects) into the image unless this chunk
 * has; `full` (source that leaves the function before the instruction) runs instead when the image
 * has no room for another page (the interpreter then steps the instruction and grows the image).
 */
function pageTouch(p: string, full: string): string {
  return (
    `if (sp[${p}] !== g) { if (n > im.length - ${PAGE_RECORD}) ${full} sp[${p}] = g; im[n] = ${p}; ` +
    `for (let k = 0, a = ${p} << ${PAGE_SHIFT - 2}, o = n + 1; k < ${PAGE_WORDS}; k += ${COPY_UNROLL}) { ${copyWords} } n += ${PAGE_RECORD}; }`
  );
}

/**
 * The page copy's loop body: COPY_UNROLL words (measured on `sieve` and `hashtable`, chunks of 2^20
 * and 2^22: a word a step 0.47-0.64 of the plain run, eight 0.56-0.69, TypedArray set() of a
 * subarray like one; build/probe A/B, one process).
 */
const COPY_UNROLL = 8;
const copyWords = Array.from({ length: COPY_UNROLL }, (_, j) => `im[o + k + ${j}] = i32[a + k + ${j}];`).join(' ');

/** Clears page p's watch byte unless a granule of it holds compiled code. */
const settle = (p: string): string =>
  `wm[${p}] = ${Array.from({ length: GRANULES }, (_, k) => `cm[(${p} << ${PAGE_SHIFT - GRANULE_SHIFT}) + ${k}]`).join(' | ')};`;

/** Before a load (its byte address in `t`, checked): its page joins the image unless it has. */
export const recordedLoad = (full: string): string =>
  ` { const p = t >>> ${PAGE_SHIFT}; if (wm[p] !== 0) { ${pageTouch('p', full)} ${settle('p')} } }`;

/**
 * A store (`write`, its byte address in `t`, checked): its page joins the image first unless it
 * has, and `codeWrite` (leaving after the store) runs when it wrote into a granule of compiled code.
 */
export const recordedStore = (write: string, codeWrite: string, full: string): string =>
  ` { const p = t >>> ${PAGE_SHIFT}; if (wm[p] === 0) ${write} else { ${pageTouch('p', full)} ${write} ` +
  `if (cm[t >>> ${GRANULE_SHIFT}] !== 0) ${codeWrite} ${settle('p')} } }`;

/**
 * The fetch check of the code page `page` before an instruction: once per region call (bit `bit`
 * of the mask local `mask`; pages stay copied until the chunk ends, and a call never spans chunks).
 */
export function fetchTouch(page: number, mask: string, bit: number, full: string): string {
  return `if ((${mask} & ${bit | 0}) === 0) { ${mask} |= ${bit | 0}; ${pageTouch(String(page), full)} }`;
}

/** The entry block's page check, once per call (codegen.ts, structured regions). */
export const entryTouch = (page: number, full: string): string => pageTouch(String(page), full);

/** Page of a byte address. */
export const pageOf = (address: number): number => (address >>> 0) >>> PAGE_SHIFT;
