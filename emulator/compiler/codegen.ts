// Turns a region into one JavaScript function (new Function): registers in locals, control flow
// structured as labelled blocks and loops (structure.ts), or for an irreducible region a loop over
// a switch on the block index, so that loops and calls inside the region never leave the function.
import type { Memory } from '../memory';
import { groupAccesses } from './checks';
import type { Decoded } from '../isa/decoded';
import { EMITTERS, EXIT, leaveBefore, registersOf, type Site } from './emit';
import { mulhu } from '../interpreter';
import { entryTouch, fetchTouch, pageOf, RECORDING_EXIT, RECORDING_LOCALS, type RecordingHooks } from './recording';
import type { Block, Region } from './region';
import { structureRegion, type BlockEdges, type Structure } from './structure';
import { mkdirSync, writeFileSync } from 'node:fs';

/** What the generated function leaves behind besides its returned pc. */
export interface ExitState {
  /** cycles still allowed (the function was entered with a budget) */
  bud: number;
  /** EXIT code (emit.ts) */
  ex: number;
  /** the address stored to, for EXIT.CODE_WRITE */
  addr: number;
}

/**
 * (block index or -1, pc, budget, the machine's RegionEnv) -> next pc; writes env.st. One function
 * serves every machine: it takes the machine's arrays from `e` on entry instead of closing over
 * them, so V8 optimises it once per process, not once per machine (a large region's TurboFan
 * compile takes 50-160 ms).
 */
export type RegionFunction = (b: number, pc: number, bud: number, e: RegionEnv) => number;

/** What a machine's regions read and write besides their locals: one object per code cache. */
export class RegionEnv {
  readonly x: Int32Array;
  readonly i8: Int8Array;
  readonly u8: Uint8Array;
  readonly i16: Int16Array;
  readonly u16: Uint16Array;
  readonly i32: Int32Array;
  readonly sp: Uint8Array | undefined;
  readonly wm: Uint8Array | undefined;
  readonly rs: Int32Array | undefined;
  /** the recorder's image window (see RecordingHooks) */
  readonly im: Int32Array | undefined;

  /** `hooks`: the recorder's, for the recording variant (recording.ts) */
  constructor(
    memory: Memory,
    regs: Int32Array,
    readonly cm: Uint8Array,
    readonly st: ExitState,
    hooks?: RecordingHooks,
  ) {
    this.x = regs;
    this.i8 = memory.i8;
    this.u8 = memory.u8;
    this.i16 = memory.i16;
    this.u16 = memory.u16;
    this.i32 = memory.i32;
    this.sp = hooks?.stamp;
    this.wm = hooks?.watch;
    this.rs = hooks?.state;
    this.im = hooks?.image;
  }
}

/** The RegionEnv fields a generated body may name, each read into a local on entry when it does. */
const ENV_FIELDS = ['x', 'i8', 'u8', 'i16', 'u16', 'i32', 'cm', 'st', 'sp', 'wm', 'rs', 'im'] as const;
const ENV_NAMES = new RegExp(`\\b(?:${ENV_FIELDS.join('|')})\\b`, 'g');

/** `const x = e.x, ...;` for the fields the body names (one pass over the body). */
function envPrologue(body: string): string {
  const named = new Set(body.match(ENV_NAMES));
  const used = ENV_FIELDS.filter((name) => named.has(name)).map((name) => `${name} = e.${name}`);
  return used.length === 0 ? '' : `const ${used.join(', ')};\n`;
}

/** A region's function body and what it needs. */
export interface RegionCode {
  readonly body: string;
  /** the generated code's `tbl` (see structure.ts and pcTable) */
  readonly table: Int32Array;
  /** entered only at block 0 (structured), or at any block by index (switch form) */
  readonly structured: boolean;
  /** pcs its indirect jumps continue at inside it (structured); any block start (switch form) */
  readonly targets: ReadonlySet<number>;
}

/**
 * The JavaScript source of the region's function: structured when its graph allows, else a switch.
 * `record`: the trace-recording variant (recording.ts), which also records the chunk's memory image.
 */
export function regionCode(region: Region, size: number, record = false, structure: Structure | null = regionStructure(region, size)): RegionCode {
  if (structure !== null) return structuredCode(region, size, record, structure);
  return { body: regionSource(region, size, record), table: pcTable(region), structured: false, targets: new Set(region.index.keys()) };
}

/**
 * The region's structure (structure.ts), or null when it keeps the switch form: its graph is not
 * reducible from block 0, or ZKOS_COMPILER_SWITCH=1. Both tiers write their code from it.
 */
export function regionStructure(region: Region, size: number): Structure | null {
  return STRUCTURED ? structureRegion(region, region.blocks.map((b) => blockEdges(b, size))) : null;
}

/** The pcs a structured region's indirect jumps continue at inside it (RegionCode.targets). */
const structuredTargets = (structure: Structure): ReadonlySet<number> => new Set(structure.candidates);

/**
 * The RegionCode of a region the wasm tier takes: no JavaScript body; its form and targets as the
 * JavaScript code's would be (an object of RegionCode's shape: the cache reads these fields of
 * both kinds in one place).
 */
export function wasmRegionCode(structure: Structure): RegionCode {
  return { body: '', table: structure.table, structured: true, targets: structuredTargets(structure) };
}

/** Locals of the generated function (recording adds the chunk generation g, the image length n and the fetch masks). */
function locals(load: readonly string[], fetch: FetchMasks | undefined): string {
  const record = fetch === undefined ? '' : `, ${RECORDING_LOCALS}${fetch.locals.map((m) => `, ${m} = 0`).join('')}`;
  return `let t = 0, ex = ${EXIT.NEXT}, ea = 0${record}${load.length ? ', ' + load.join(', ') : ''};`;
}

/**
 * Recording: the region's code pages, each a bit of a mask local (f0, f1, ...) that says its fetch
 * check has run in this call (recording.ts, fetchTouch), and per block the pages every path to it
 * has fetched from in this call, which need no check there.
 */
export interface FetchMasks {
  readonly locals: readonly string[];
  /** the mask local and bit of a code page */
  readonly of: (page: number) => { readonly mask: string; readonly bit: number };
  /** by block index: pages fetched from on every path from the function's start to the block */
  readonly covered: readonly ReadonlySet<number>[];
}

/** The code pages of a block's instructions. */
function pagesOf(block: Block): number[] {
  return [...new Set(block.insts.map((_, k) => pageOf(block.start + 4 * k)))];
}

/**
 * A structured region's covered pages: the entry block's first page (checked on entry, see
 * structuredCode) and every page of a block's strict dominators, which ran to their end before it.
 */
export function coveredPages(region: Region, idom: Int32Array): ReadonlySet<number>[] {
  const entry = pageOf(region.blocks[0].start);
  return region.blocks.map((_, k) => {
    const pages = new Set([entry]);
    if (idom[k] < 0) return pages;
    for (let d = k; d !== 0; ) {
      d = idom[d];
      for (const p of pagesOf(region.blocks[d])) pages.add(p);
    }
    return pages;
  });
}

export function fetchMasks(region: Region, covered: readonly ReadonlySet<number>[] = region.blocks.map(() => new Set())): FetchMasks {
  const index = new Map<number, number>();
  for (const b of region.blocks) for (const page of pagesOf(b)) if (!index.has(page)) index.set(page, index.size);
  const locals = Array.from({ length: Math.ceil(index.size / 32) }, (_, j) => `f${j}`);
  return { locals, covered, of: (page) => ({ mask: `f${index.get(page)! >>> 5}`, bit: 1 << (index.get(page)! & 31) }) };
}

/** ZKOS_COMPILER_SWITCH=1: every region in the switch form (for comparisons). */
const STRUCTURED = globalThis.process?.env?.ZKOS_COMPILER_SWITCH !== '1';

/** The static targets of each block and whether it ends in an indirect jump (a dry run of its emitters). */
export function blockEdges(block: Block, size: number): BlockEdges {
  const targets: number[] = [];
  let indirect = false;
  const record = (target: number): string => (targets.push(target), '');
  blockSource(JS_BLOCKS, block, size, { goto: record, fall: record, near: record, indirect: () => ((indirect = true), '') });
  return { targets, indirect };
}

function structuredCode(region: Region, size: number, record: boolean, structure: Structure): RegionCode {
  const fetch = record ? fetchMasks(region, coveredPages(region, structure.idom)) : undefined;
  const tree = structure.source((k, links, need) =>
    blockSource(
      JS_BLOCKS,
      region.blocks[k],
      size,
      {
        goto: (target) => links.edge(k, target),
        fall: (target) => links.edge(k, target),
        near: (target) => links.edge(k, target),
        indirect: () => links.indirect(k),
      },
      need,
      fetch,
      k,
    ),
  );
  const { load, store } = registerLists(region);
  const entry = region.blocks[0].start;
  const body = [
    locals(load, fetch),
    'L: {',
    // recording: the entry block's page, once per call (a call with a budget runs at least its first
    // instruction, here or in the interpreter, before anything else is fetched or accessed)
    ...(record ? [`if (bud > 0) { ${entryTouch(pageOf(entry), leaveBefore(entry, 0))} }`] : []),
    tree,
    '}',
    ...store,
    ...(record ? [RECORDING_EXIT] : []),
    'st.bud = bud; st.ex = ex; st.addr = ea;',
    'return pc;',
  ].join('\n');
  return { body, table: structure.table, structured: true, targets: structuredTargets(structure) };
}

/** The registers a region reads or writes (loaded on entry) and those it writes (stored on exit), ascending. */
export function regionRegisters(region: Region): { used: number[]; written: number[] } {
  const used = new Set<number>();
  const written = new Set<number>();
  for (const block of region.blocks) {
    for (const d of block.insts) {
      const { reads, writes } = registersOf(d);
      for (const r of reads) used.add(r);
      for (const r of writes) (used.add(r), written.add(r));
    }
  }
  const ascending = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return { used: ascending(used), written: ascending(written) };
}

/** Locals loaded on entry (registers the region uses) and stored on exit (the ones it writes). */
function registerLists(region: Region): { load: string[]; store: string[] } {
  const { used, written } = regionRegisters(region);
  return { load: used.map((r) => `r${r} = x[${r}] | 0`), store: written.map((r) => `x[${r}] = r${r};`) };
}

/** The switch form: a loop over a switch on the block index. */
export function regionSource(region: Region, size: number, record = false): string {
  const { load, store } = registerLists(region);
  const fetch = record ? fetchMasks(region) : undefined;
  const goto = (target: number): string => {
    const index = region.index.get(target);
    return index === undefined ? `{ pc = ${target | 0}; break L; }` : `{ b = ${index}; continue L; }`;
  };
  // a short block is also placed inline where a branch or jump leads to it (one level): one trip
  // through the loop's switch fewer per edge
  const inline = (limit: number) => (target: number): string => {
    const index = region.index.get(target);
    const next = index === undefined ? undefined : region.blocks[index];
    if (next === undefined || next.insts.length > limit) return goto(target);
    return `{\n${blockSource(JS_BLOCKS, next, size, { goto, fall: goto, near: goto, indirect }, next.insts.length, fetch)}\n}`;
  };
  const fall = inline(MAX_INLINE);
  const near = inline(MAX_INLINE_TAKEN);
  // indirect jumps find their block through a dense table of the region's pc range (the target is
  // aligned: jalr checked it), entries from the dispatcher (b = -1) through the switch's default
  const { lo, span } = pcRange(region);
  const indirectSource = span <= MAX_TABLE ? `pc = t; t = (t - ${lo}) >>> 2; if (t < ${span}) { b = tbl[t]; if (b >= 0) continue L; } break L;` : 'pc = t; b = -1; continue L;';
  const indirect = () => indirectSource;
  const links: Links = { goto, fall, near, indirect };
  const cases = region.blocks.map((block, index) => `case ${index}: {\n${blockSource(JS_BLOCKS, block, size, links, block.insts.length, fetch)}\n}`);
  return [
    locals(load, fetch),
    'L: for (;;) {',
    'switch (b) {',
    ...cases,
    span <= MAX_TABLE
      ? `default: t = (pc - ${lo}) >>> 2; if ((pc & 3) === 0 && t < ${span}) { b = tbl[t]; if (b >= 0) continue L; } break L;`
      : `default: switch (pc) { ${[...region.index].map(([pc, index]) => `case ${pc | 0}: b = ${index}; continue L;`).join(' ')} } break L;`,
    '}',
    '}',
    ...store,
    ...(record ? [RECORDING_EXIT] : []),
    'st.bud = bud; st.ex = ex; st.addr = ea;',
    'return pc;',
  ].join('\n');
}

/** The lowest block start and the number of word slots up to the highest. */
function pcRange(region: Region): { lo: number; span: number } {
  const starts = [...region.index.keys()].map((pc) => pc >>> 0);
  const lo = Math.min(...starts);
  return { lo, span: (Math.max(...starts) - lo) / 4 + 1 };
}

/** Largest pc table (word slots); a region spread wider looks pcs up with a switch (a chain of compares in V8). */
const MAX_TABLE = 1 << 16;

/** Block index by word slot of the region's pc range (-1: not a block start). */
function pcTable(region: Region): Int32Array {
  const { lo, span } = pcRange(region);
  const table = new Int32Array(span <= MAX_TABLE ? span : 0).fill(-1);
  if (span > MAX_TABLE) return table;
  region.index.forEach((index, pc) => (table[((pc >>> 0) - lo) / 4] = index));
  return table;
}

/** Longest fall-through block copied inline after a branch, and longest block copied where a taken branch or a jump leads. */
const MAX_INLINE = 24;
const MAX_INLINE_TAKEN = 8;

/** How a block's code continues: at static targets (goto, fall) and at a dynamic one (indirect). */
type Links = Pick<Site, 'goto' | 'fall' | 'near' | 'indirect'>;

/**
 * The statements a block's code is written with: JavaScript (JS_BLOCKS here) or the wasm tier's
 * WebAssembly text (wasm/codegen.ts). `S` is what the dialect's emitters know of an instruction.
 */
export interface BlockDialect<S extends Site> {
  readonly emit: (d: Decoded, site: S) => string;
  /** the emitters' site from the common one */
  readonly site: (base: Site) => S;
  /** the budget check for `need` instructions (none when 0) and the charge of the block's `length` */
  readonly budget: (need: number, start: number, length: number) => string;
  /** leave before the instruction at pc, `left` instructions from the block's end (exit STEP) */
  readonly leave: (pc: number, left: number) => string;
  /** leave after the block, at `next` (exit STEP: the interpreter's instruction follows) */
  readonly step: (next: number) => string;
  /** recording: the fetch check of a code page (bit `bit` of mask local `mask`) */
  readonly fetchTouch: (page: number, mask: string, bit: number, full: string) => string;
  readonly join: (parts: string[]) => string;
}

export const JS_BLOCKS: BlockDialect<Site> = {
  emit: (d, site) => EMITTERS[d.mnemonic](d, site),
  site: (base) => base,
  budget: (need, start, length) => `${need > 0 ? `if (bud < ${need}) { pc = ${start | 0}; ex = ${EXIT.FINISH}; break L; } ` : ''}bud -= ${length};`,
  leave: leaveBefore,
  step: (next) => `pc = ${next | 0}; ex = ${EXIT.STEP}; break L;`,
  fetchTouch,
  join: (parts) => parts.join('\n'),
};

/**
 * A block's code. It charges its length to the budget on entry, after checking that the budget
 * holds `need` instructions (default: its own length; 0: no check, an earlier check covered it).
 * Recording (`fetch`: the region's fetch masks; recording.ts): the fetch check of the block's code
 * page before its first instruction, and of the next page before the first instruction there,
 * except for the pages covered at block `index` (structured regions).
 */
export function blockSource<S extends Site>(
  dialect: BlockDialect<S>,
  block: Block,
  size: number,
  links: Links,
  need = block.insts.length,
  fetch?: FetchMasks,
  index = -1,
): string {
  const length = block.insts.length;
  const record = fetch !== undefined;
  const checks = groupAccesses(block.insts);
  const parts = [dialect.budget(need, block.start, length)];
  const covered = fetch !== undefined && index >= 0 ? fetch.covered[index] : undefined;
  for (let k = 0; k < length; k++) {
    const pc = (block.start + 4 * k) | 0;
    if (fetch !== undefined && (k === 0 || pageOf(pc) !== pageOf(pc - 4)) && !covered?.has(pageOf(pc))) {
      const { mask, bit } = fetch.of(pageOf(pc));
      parts.push(dialect.fetchTouch(pageOf(pc), mask, bit, dialect.leave(pc, length - k)));
    }
    const d = block.insts[k];
    const jalrTarget = k === length - 1 ? block.jalrTarget : undefined;
    // one object literal of a fixed shape (spreading `links` into it cost more than the emitters)
    const site: Site = { pc, k, length, size, goto: links.goto, fall: links.fall, near: links.near, indirect: links.indirect, check: checks.get(k), jalrTarget, record };
    parts.push(dialect.emit(d, dialect.site(site)));
  }
  const end = block.end;
  if (end.kind === 'goto') parts.push(links.goto(end.next));
  else if (end.kind === 'step') parts.push(dialect.step(end.next));
  return dialect.join(parts);
}

type Factory = (tbl: Int32Array, mulhu: (a: number, b: number) => number) => RegionFunction;

/** Generated factories by body (all machines): the same region compiled again reuses its factory. */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 20_000;

/** A region's code and its function (shared by every machine that runs these code words). */
export interface Prepared {
  readonly code: RegionCode;
  readonly fn: RegionFunction;
}

/**
 * Generates a region's code (memory of `size` bytes; `record`: the recording variant; `structure`:
 * regionStructure's, when the caller has it) and finds or makes its function.
 */
export function prepareRegion(region: Region, size: number, record = false, structure?: Structure | null): Prepared {
  const code = regionCode(region, size, record, structure);
  const body = code.body;
  let factory = factories.get(body);
  if (factory === undefined) {
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factory = new Function('tbl', 'mulhu', `return function region_${(region.entry >>> 0).toString(16)}(b, pc, bud, e) {\n${envPrologue(body)}${body}\n};`) as Factory;
    factories.set(body, factory);
    dumpSource(region, body);
  }
  return { code, fn: factory(code.table, mulhu) };
}

/**
 * ZKOS_COMPILER_DUMP=<dir>: every new region's source is written to <dir>/region_<entry>_<n>.js
 * (.wat: the wasm tier's flat text, the function body only) (debugging).
 */
const DUMP_DIR = globalThis.process?.env?.ZKOS_COMPILER_DUMP;
let dumped = 0;
export function dumpSource(region: Region, body: string, wasm = false): void {
  if (!DUMP_DIR) return;
  if (dumped === 0) mkdirSync(DUMP_DIR, { recursive: true });
  const name = `region_${(region.entry >>> 0).toString(16)}`;
  writeFileSync(`${DUMP_DIR}/${name}_${dumped++}.${wasm ? 'wat' : 'js'}`, wasm ? body : `function ${name}(b, pc, bud) {\n${body}\n}\n`);
}
