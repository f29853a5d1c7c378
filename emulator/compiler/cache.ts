// Compiled regions of one machine, found by pc through per-page tables, with a code map of 64-byte
// granules that stores check; a store into a granule invalidates the regions whose code it overlaps.
import type { Machine } from '../machine';
import { WASM_HEADER, type WasmBacking } from '../memory';
import { dumpSource, prepareRegion, RegionEnv, regionStructure, wasmRegionCode, type ExitState, type Prepared, type RegionCode, type RegionFunction } from './codegen';
import type { Structure } from './structure';
import { GRANULE_SHIFT } from './checks';
import type { RecordingHooks } from './recording';
import { PAGE_SHIFT as IMAGE_PAGE_SHIFT } from '../trace/chunk';
import { discoverRegion, type Region } from './region';
import { wasmFunction, wasmModule, wasmSource } from './wasm/codegen';

/** One entry point: a compiled region entered at one of its blocks. */
export interface Entry {
  readonly fn: RegionFunction;
  readonly index: number;
  readonly compiled: Compiled;
  /** a region of hot blocks (tier 2), or a single block that counts its runs (tier 1) */
  readonly hot: boolean;
  count: number;
}

/**
 * Settings the tests change (each test file runs in a process of its own; the CLI and the bench take
 * them from the environment, cli/tuning-env.ts). `coldRuns`: runs of a block under the interpreter
 * before it is compiled (tier 1). Compiling a block costs the code generator and V8 ~0.3-0.5 ms, the
 * time to interpret thousands of instructions, and most of the guest OS's ~2,600 blocks run fewer
 * than 100 times in a block's run: interpreted, they cost less (the ERC-20 block on RISC-V, one-shot
 * runs: 2,506 ms with 0, 1,097 ms with 1,000, medians of 7 processes each; programs that loop are
 * compiled after a thousand iterations either way). The differential tests set 0, so that every
 * block they run is compiled. `wasm`: regions that loop are compiled to WebAssembly when the
 * machine's memory has a WebAssembly backing (wasm/codegen.ts); off, every region is JavaScript.
 */
export const COMPILER_TUNING = { coldRuns: 1000, wasm: true };

/** Runs of a single-block entry before the region around it is compiled. */
export const HOT_THRESHOLD = 100;

export interface Compiled {
  readonly region: Region;
  readonly fn: RegionFunction;
  /** [start, end) byte ranges of the region's code and the words they held when compiled */
  readonly ranges: readonly { readonly start: number; readonly words: Int32Array }[];
  /** indirect-jump targets added to the region by profiling (see noteExit) */
  readonly seeds: readonly number[];
  /** entered at its first block only (structure.ts) */
  readonly structured: boolean;
  /** pcs inside the region that its indirect jumps reach without leaving it */
  readonly targets: ReadonlySet<number>;
  /** exits to the dispatcher by target pc, counted while the region may still grow */
  readonly exits: Map<number, number>;
  /** how many times the region was recompiled to take in hot exit targets */
  readonly generation: number;
  /** the epoch in which the code words were last compared with memory */
  checked: number;
  live: boolean;
  /** calls from the dispatcher so far (the first ones get short budgets: see run.ts) */
  calls: number;
}

/** Exits from a hot region to one pc after which that pc joins the region (recompiled). */
export const EXTEND_THRESHOLD = 64;
/** Recompilations of one region for that reason, at most (then exits are no longer counted). */
const MAX_GENERATIONS = 4;

const PAGE_SHIFT = 12;
/** header word of the code-free range's start (then its length): see widenCode */
const CODE_FREE = WASM_HEADER.codeFree / 4;
const WARM_UP_CALLS = 100;
const SLOTS = 1 << (PAGE_SHIFT - 2);
/**
 * The entries and the visit counts of a page nothing was compiled in or visited yet, shared and never
 * written: lookups read every page without a test for a missing one (a branch the optimised
 * dispatcher reached for the first time in a later run, where a new page appeared, and deoptimised).
 */
const NO_ENTRIES: (Entry | undefined)[] = new Array<Entry | undefined>(SLOTS).fill(undefined);
const NO_VISITS = new Uint32Array(SLOTS);

export class CodeCache {
  /**
   * per 4 KiB page of guest memory: the entries of its instruction slots (undefined: none; a page
   * with none yet is NO_ENTRIES);
   * allocated whole, so that its elements kind is the same in every machine (a sparse array grown
   * page by page changed its map with the pages a program used, and each new map deoptimised the
   * dispatcher's inlined lookup)
   */
  private readonly pages: (Entry | undefined)[][];
  /** per granule: nonzero when some live region has code in it (stores test this) */
  readonly codeMap: Uint8Array;
  /** per granule: the live regions with code in it */
  private readonly owners = new Map<number, Set<Compiled>>();
  private readonly all = new Set<Compiled>();
  readonly st: ExitState = { bud: 0, ex: 0, addr: 0 };
  /** what this machine's region functions read (they are shared with other machines) */
  readonly env: RegionEnv;
  /** statistics: calls into compiled code; regions compiled (hot ones, ones grown by profiling), dropped for code writes */
  dispatches = 0;
  /** bumped whenever memory may have changed outside compiled stores */
  private epoch = 0;
  /** statistics: ... regions whose code words were compared with memory again (after distrust), regions compiled to WebAssembly, and modules V8 refused */
  readonly stats = { compiled: 0, hot: 0, grown: 0, invalidated: 0, rechecked: 0, wasm: 0, wasmRefused: 0 };

  /** `recording`: the cache compiles the trace-recording variant, with these hooks (recording.ts) */
  constructor(
    private readonly machine: Machine,
    private readonly recording?: RecordingHooks,
  ) {
    const pageCount = Math.ceil(machine.memory.size / (1 << PAGE_SHIFT));
    this.pages = new Array<(Entry | undefined)[]>(pageCount).fill(NO_ENTRIES);
    this.visitPages = new Array<Uint32Array>(pageCount).fill(NO_VISITS);
    // the entry's page up front: a program whose code fits in it never takes visit's allocating branch
    if (machine.pc >>> 0 < machine.memory.size) this.visitPage(machine.pc >>> PAGE_SHIFT);
    const granules = Math.ceil(machine.memory.size / (1 << GRANULE_SHIFT));
    // the wasm tier reads registers and code map from the memory's header (wasm/codegen.ts)
    const backing = machine.memory.wasm;
    const inBacking = (a: { readonly buffer: ArrayBufferLike }) => a.buffer === backing?.memory.buffer;
    // recording: the recorder's tables must be the header's too (Memory.claimRecorder)
    const tables = recording === undefined || (inBacking(recording.stamp) && inBacking(recording.watch) && inBacking(recording.state) && inBacking(recording.image));
    const shared = backing !== undefined && inBacking(machine.regs) && tables;
    this.codeMap = shared ? machine.memory.claimCodeMap(granules) : new Uint8Array(granules);
    this.wasm = shared && this.codeMap.buffer === backing.memory.buffer ? backing : undefined;
    this.codeLow = granules;
    if (this.wasm !== undefined) {
      // no code yet: all of memory is free of it
      this.wasm.header[CODE_FREE] = 0;
      this.wasm.header[CODE_FREE + 1] = machine.memory.size;
    }
    this.env = new RegionEnv(machine.memory, machine.regs, this.codeMap, this.st, recording);
  }

  /** the memory's WebAssembly backing when this cache may compile regions to WebAssembly */
  private readonly wasm: WasmBacking | undefined;

  /** [codeLow, codeHigh): the granules that ever held compiled code (empty at first; kept only with a wasm backing, for its header) */
  private codeLow: number;
  private codeHigh = 0;

  /**
   * Granules [from, to) hold compiled code now. The wasm tier's stores test one range before
   * anything else (wasm/emit.ts): the larger of the two stretches of memory outside [codeLow,
   * codeHigh), in the header's code-free words (start, length); an address in it is in bounds and
   * holds no code. The range only shrinks: code dropped later keeps its granules inside it.
   */
  private widenCode(from: number, to: number): void {
    const header = this.wasm?.header;
    if (header === undefined || (from >= this.codeLow && to <= this.codeHigh)) return;
    this.codeLow = Math.min(this.codeLow, from);
    this.codeHigh = Math.max(this.codeHigh, to);
    const size = this.machine.memory.size;
    const below = this.codeLow << GRANULE_SHIFT;
    const above = Math.max(0, size - (this.codeHigh << GRANULE_SHIFT));
    header[CODE_FREE] = below >= above ? 0 : this.codeHigh << GRANULE_SHIFT;
    header[CODE_FREE + 1] = Math.max(below, above);
  }

  /**
   * A region's function in the wasm tier, or undefined when it stays JavaScript: switch form, no
   * loop in it, or V8 refused the module (counted in stats.wasmRefused; the JavaScript function is
   * just as exact).
   */
  private wasmTier(memo: Memo): RegionFunction | undefined {
    const backing = this.wasm;
    if (backing === undefined || !COMPILER_TUNING.wasm || memo.structure === null) return undefined;
    if (memo.wasm === undefined) {
      const { region } = memo;
      const source = wasmSource(region, this.machine.memory.size, backing, memo.structure, this.recording && backing);
      if (source !== null) dumpSource(region, source.text, true);
      try {
        memo.wasm = source === null ? null : wasmModule(source, backing);
      } catch {
        this.stats.wasmRefused++;
        memo.wasm = null;
      }
    }
    return memo.wasm === null ? undefined : wasmFunction(memo.wasm, backing, this.env);
  }

  /**
   * per 4 KiB page, per instruction slot: runs so far of the block starting there while it is not
   * compiled (run.ts interprets a block for its first COMPILER_TUNING.coldRuns). Counted on every
   * run of a cold block (670k times in the ERC-20 block's run): arrays, where a Map cost a hash
   * lookup and an insertion each time.
   */
  private readonly visitPages: Uint32Array[];

  /** Counts a run of the uncompiled block at pc (4-byte aligned, in memory); returns the count including this one. */
  visit(pc: number): number {
    const p = pc >>> PAGE_SHIFT;
    let page = this.visitPages[p];
    if (page === NO_VISITS) page = this.visitPage(p);
    const slot = (pc >>> 2) & (SLOTS - 1);
    return (page[slot] = page[slot] + 1);
  }

  /** The counts of page p, allocated on the first visit there. */
  private visitPage(p: number): Uint32Array {
    return (this.visitPages[p] = new Uint32Array(SLOTS));
  }

  /** Whether the block at pc has run: it has an entry (compiled) or a count (interpreted while cold). */
  private hasRun(pc: number): boolean {
    if (this.lookup(pc) !== undefined) return true;
    return this.visitPages[pc >>> PAGE_SHIFT][(pc >>> 2) & (SLOTS - 1)] > 0;
  }

  lookup(pc: number): Entry | undefined {
    return this.pages[pc >>> PAGE_SHIFT][(pc >>> 2) & (SLOTS - 1)];
  }

  /**
   * Compiles the block at pc alone (tier 1), or when `hot` the region of the blocks around it that
   * have run (tier 2); undefined when its first instruction is not compilable.
   */
  compile(pc: number, hot: boolean, seeds: readonly number[] = [], replaces?: Compiled, generation = 0): Entry | undefined {
    const memory = this.machine.memory;
    const record = this.recording !== undefined;
    const key = `${memory.size}:${pc}:${hot ? 1 : 0}:${record ? 1 : 0}:${seeds.join(',')}`;
    let memo = memos.get(key);
    if (memo !== undefined && !memo.ranges.every(({ start, words }) => sameWords(memory.i32, start, words))) memo = undefined;
    if (memo === undefined) {
      const include = hot ? (start: number) => this.hasRun(start) : () => false;
      const region = discoverRegion(memory.i32, memory.size, pc, include, seeds);
      if (region === null) return undefined;
      const ranges = region.blocks.map((b) => ({ start: b.start, words: memory.i32.slice(b.start >>> 2, (b.start >>> 2) + b.insts.length) }));
      memo = { region, ranges, structure: regionStructure(region, memory.size) };
      if (memos.size >= MAX_MEMOS) memos.clear();
      memos.set(key, memo);
    }
    const { region, ranges, structure } = memo;
    const wasm = this.wasmTier(memo);
    // the JavaScript code only for a region that stays JavaScript (a wasm region's entry and
    // targets come from its structure)
    const prepared = wasm === undefined ? (memo.prepared ??= prepareRegion(region, memory.size, record, structure)) : undefined;
    const fn = wasm ?? prepared!.fn;
    const code = prepared?.code ?? (memo.wasmCode ??= wasmRegionCode(structure!));
    const env = this.env;
    // Warm-up with no budget: the exit paths (register write-back, st) get type feedback now, so
    // that V8's optimised code does not deoptimise the first time a long-running region returns.
    // (V8 allocates a function's feedback vector only after enough calls: ten were measured too few.)
    // Single blocks (tier 1) run a hundred times at most and are not worth it.
    for (let k = 0; hot && wasm === undefined && k < WARM_UP_CALLS; k++) {
      fn(0, pc, 0, env);
      fn(-1, pc, 0, env); // the indirect-jump table lookup
      fn(-1, -1, 0, env);
    }
    const compiled: Compiled = { region, fn, ranges, seeds, targets: code.targets, structured: code.structured, exits: new Map(), generation, checked: this.epoch, live: true, calls: 0 };
    this.all.add(compiled);
    this.stats.compiled++;
    if (hot) this.stats.hot++;
    if (generation > 0) this.stats.grown++;
    if (wasm !== undefined) this.stats.wasm++;
    for (const { start, words } of ranges) {
      const last = (start + 4 * words.length - 1) >>> GRANULE_SHIFT;
      this.widenCode(start >>> GRANULE_SHIFT, last + 1);
      for (let g = start >>> GRANULE_SHIFT; g <= last; g++) {
        let set = this.owners.get(g);
        if (!set) this.owners.set(g, (set = new Set()));
        set.add(compiled);
        this.codeMap[g] = 1;
        // recording: stores to this page check the code map again (recording.ts, the watch map)
        if (this.recording) this.recording.watch[g >>> (IMAGE_PAGE_SHIFT - GRANULE_SHIFT)] = 1;
      }
    }
    // a structured region is entered at its first block only; one in the switch form at every
    // block start unless a hot region already serves it
    if (code.structured) {
      const old = this.lookup(pc);
      // a hot region in the switch form keeps serving its other block starts
      if (old !== undefined && old.compiled !== replaces && (!old.hot || old.compiled.structured)) this.drop(old.compiled);
      this.setEntry(pc, { fn, index: 0, compiled, hot, count: 0 });
    } else region.index.forEach((index, start) => {
      const old = this.lookup(start);
      if (start !== pc && old?.hot === true && old.compiled !== replaces) return;
      if (old !== undefined && !old.hot) this.drop(old.compiled);
      this.setEntry(start, { fn, index, compiled, hot, count: 0 });
    });
    if (replaces?.live) this.drop(replaces);
    return this.lookup(pc);
  }

  /**
   * Profiles the exits of hot regions: an indirect jump that keeps leaving region `c` for the same
   * pc (a comparator called through a pointer, a return into a caller) makes that pc part of it.
   */
  noteExit(c: Compiled, pc: number): void {
    if (c.generation >= MAX_GENERATIONS || !c.live) return;
    const n = (c.exits.get(pc) ?? 0) + 1;
    c.exits.set(pc, n);
    if (n < EXTEND_THRESHOLD || c.targets.has(pc)) return;
    this.extend(c);
  }

  /**
   * Recompiles c with every exit target that is warm by now (one recompilation: each costs V8 a
   * fresh tier-up). Plain loops over plain arrays: this runs once in a while inside the optimised
   * dispatcher, and spreads and destructuring there met arrays of new maps each run (deoptimising it).
   */
  private extend(c: Compiled): void {
    const seeds: number[] = c.seeds.slice();
    c.exits.forEach((count, target) => {
      if (count >= EXTEND_THRESHOLD / 8 && this.hasRun(target)) seeds.push(target);
    });
    this.compile(c.region.entry, true, seeds, c, c.generation + 1);
  }

  private setEntry(pc: number, entry: Entry | undefined): void {
    let page = this.pages[pc >>> PAGE_SHIFT];
    if (page === NO_ENTRIES) page = this.pages[pc >>> PAGE_SHIFT] = new Array<Entry | undefined>(SLOTS).fill(undefined);
    page[(pc >>> 2) & (SLOTS - 1)] = entry;
  }

  /** A guest store wrote the word at `address` (any byte of it): drop the regions whose code holds it. */
  invalidateWord(address: number): void {
    const word = address & ~3;
    const set = this.owners.get(word >>> GRANULE_SHIFT);
    if (!set) return;
    const now = this.machine.memory.i32[word >>> 2];
    for (const c of [...set]) {
      // only a changed instruction matters (a store of the same word, or a data store into the granule, does not)
      if (c.ranges.some((r) => word >= r.start && word < r.start + 4 * r.words.length && r.words[(word - r.start) >>> 2] !== now)) this.invalidate(c);
    }
  }

  /**
   * A host call may have written the `count` words at `address`: drops the regions whose code it
   * changed there (only granules that hold compiled code are looked at).
   */
  invalidateRange(address: number, count: number): void {
    const start = address >>> 0;
    const end = Math.min(this.machine.memory.size, start + 4 * count);
    if (start >= end) return;
    const last = (end - 1) >>> GRANULE_SHIFT;
    for (let g = start >>> GRANULE_SHIFT; g <= last; g++) {
      if (this.codeMap[g] === 0) continue;
      const from = Math.max(start, g << GRANULE_SHIFT) & ~3;
      const to = Math.min(end, (g + 1) << GRANULE_SHIFT);
      for (let a = from; a < to; a += 4) this.invalidateWord(a);
    }
  }

  /**
   * Memory may have changed behind the compiled stores' backs (a host call, the caller between
   * runs): every region is checked against its code words before it next runs (see check).
   */
  distrust(): void {
    this.epoch++;
  }

  /** True when c's code is still in memory (checked once per epoch); otherwise drops it. */
  check(c: Compiled): boolean {
    if (c.checked === this.epoch) return true;
    this.stats.rechecked++;
    const i32 = this.machine.memory.i32;
    for (const { start, words } of c.ranges) {
      const base = start >>> 2;
      for (let k = 0; k < words.length; k++) {
        if (i32[base + k] !== words[k]) {
          this.invalidate(c);
          return false;
        }
      }
    }
    c.checked = this.epoch;
    return true;
  }

  /** Drops a region whose code changed. */
  private invalidate(c: Compiled): void {
    this.stats.invalidated++;
    this.drop(c);
  }

  private drop(c: Compiled): void {
    c.live = false;
    this.all.delete(c);
    c.region.index.forEach((_index, start) => {
      if (this.lookup(start)?.compiled === c) this.setEntry(start, undefined);
    });
    for (const { start, words } of c.ranges) {
      const last = (start + 4 * words.length - 1) >>> GRANULE_SHIFT;
      for (let g = start >>> GRANULE_SHIFT; g <= last; g++) {
        const set = this.owners.get(g);
        if (!set) continue;
        set.delete(c);
        if (set.size === 0) {
          this.owners.delete(g);
          this.codeMap[g] = 0;
        }
      }
    }
  }
}

/**
 * Regions compiled before, by memory size, entry, tier and seeds, for all machines: a second
 * machine running the same code (every test, every benchmark repetition) skips discovery and code
 * generation once the region's code words are found unchanged in its memory.
 */
interface Memo {
  readonly region: Region;
  readonly ranges: readonly { readonly start: number; readonly words: Int32Array }[];
  /** the region's structure (null: the switch form) */
  readonly structure: Structure | null;
  /** its JavaScript code and function, made when a machine first runs it as JavaScript */
  prepared?: Prepared;
  /** a WebAssembly region's RegionCode: no JavaScript body, its entry and targets from the structure */
  wasmCode?: RegionCode;
  /** the wasm tier's module (null: the tier does not take the region; undefined: not asked yet) */
  wasm?: WebAssembly.Module | null;
}
const memos = new Map<string, Memo>();
const MAX_MEMOS = 20_000;

function sameWords(i32: Int32Array, start: number, words: Int32Array): boolean {
  const base = start >>> 2;
  for (let k = 0; k < words.length; k++) if (i32[base + k] !== words[k]) return false;
  return true;
}

const caches = new WeakMap<Machine, CodeCache>();

/** The code cache of a machine (created on first use). */
export function cacheOf(machine: Machine): CodeCache {
  let cache = caches.get(machine);
  if (!cache) caches.set(machine, (cache = new CodeCache(machine)));
  return cache;
}
