// The wasm tier's trace recording: the statements of ../recording.ts in WebAssembly, over the
// recorder's tables in the memory's header (Memory.claimRecorder): a page joins the chunk's image
// (a stamp byte, then its index and words appended to the image window with memory.copy) the first
// time the chunk fetches from it, loads from it or stores to it, in the interpreter's order; the
// watch byte per page says when a load or store must look; the window's fill level and the chunk's
// generation are header words, read into $n and $g on entry and $n written back on exit.
import { WASM_HEADER, type WasmBacking } from '../../memory';
import { PAGE_RECORD, PAGE_SHIFT } from '../../trace/chunk';
import { GRANULE_SHIFT } from '../checks';
import { konst, lines } from './emit';

/** Where the recording code finds the recorder's tables and guest memory. */
export type RecordingLayout = Pick<WasmBacking, 'base' | 'codeMap' | 'stamp' | 'watch' | 'image' | 'imageWords'>;

const GENERATION = WASM_HEADER.recorder;
const FILLED = WASM_HEADER.recorder + 4;

/** On entry: the chunk's generation and the window's fill level. */
export const recordingPrologue = (): string =>
  lines(konst(0), `i32.load offset=${GENERATION}`, 'local.set $g', konst(0), `i32.load offset=${FILLED}`, 'local.set $n');

/** Before returning: the fill level goes back to the recorder. */
export const recordingEpilogue = (): string => lines(konst(0), 'local.get $n', `i32.store offset=${FILLED}`);

/**
 * Page $p joins the image unless this chunk's image has it; `full` (leaving before the
 * instruction) runs instead when the window has no room for another record: the interpreter then
 * steps the instruction and the recorder spills the window.
 */
function pageTouch(at: RecordingLayout, full: string): string {
  return lines(
    'local.get $p', `i32.load8_u offset=${at.stamp}`, 'local.get $g', 'i32.ne',
    'if',
    'local.get $n', konst(at.imageWords - PAGE_RECORD), 'i32.gt_s', 'if', full, 'end',
    'local.get $p', 'local.get $g', `i32.store8 offset=${at.stamp}`,
    'local.get $n', konst(2), 'i32.shl', 'local.get $p', `i32.store offset=${at.image}`,
    // the page's words after its index: memory.copy(dest, source, bytes)
    'local.get $n', konst(2), 'i32.shl', konst(at.image + 4), 'i32.add',
    'local.get $p', konst(PAGE_SHIFT), 'i32.shl', konst(at.base), 'i32.add',
    konst(1 << PAGE_SHIFT), 'memory.copy',
    'local.get $n', konst(PAGE_RECORD), 'i32.add', 'local.set $n',
    'end',
  );
}

/** Page $p's watch byte: 0 unless one of its granules holds compiled code (its code-map bytes as one word). */
const settle = (at: RecordingLayout): string =>
  lines('local.get $p', 'local.get $p', konst(PAGE_SHIFT - GRANULE_SHIFT), 'i32.shl', `i32.load offset=${at.codeMap}`, konst(0), 'i32.ne', `i32.store8 offset=${at.watch}`);

const pageOfT = (): string => lines('local.get $t', konst(PAGE_SHIFT), 'i32.shr_u', 'local.set $p');

/** Before a load (its byte address in $t, checked): its page joins the image unless it has. */
export const recordedLoad = (at: RecordingLayout, full: string): string =>
  lines(pageOfT(), 'local.get $p', `i32.load8_u offset=${at.watch}`, 'if', pageTouch(at, full), settle(at), 'end');

/**
 * A store (`write`, its byte address in $t, checked): its page joins the image first unless it
 * has, and `codeWrite` (leaving after the store) runs when it wrote into a granule of compiled code.
 */
export const recordedStore = (at: RecordingLayout, write: string, codeWrite: string, full: string): string => {
  const inCode = lines('local.get $t', konst(GRANULE_SHIFT), 'i32.shr_u', `i32.load8_u offset=${at.codeMap}`);
  return lines(pageOfT(), 'local.get $p', `i32.load8_u offset=${at.watch}`, 'i32.eqz', 'if', write, 'else', pageTouch(at, full), write, inCode, 'if', codeWrite, 'end', settle(at), 'end');
};

/** The fetch check of code page `page`: once per call (bit `bit` of mask local `mask`). */
export const fetchTouch = (at: RecordingLayout, page: number, mask: string, bit: number, full: string): string =>
  lines(`local.get $${mask}`, konst(bit), 'i32.and', 'i32.eqz', 'if', `local.get $${mask}`, konst(bit), 'i32.or', `local.set $${mask}`, konst(page), 'local.set $p', pageTouch(at, full), 'end');

/** The entry block's page, once per call that has a budget. */
export const entryTouch = (at: RecordingLayout, page: number, full: string): string =>
  lines('local.get $bud', konst(0), 'i32.gt_s', 'if', konst(page), 'local.set $p', pageTouch(at, full), 'end');
