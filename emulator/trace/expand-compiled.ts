// The fast row expander: the same re-execution as expand.ts (its reference), with code compiled
// once to JavaScript that keeps registers in locals and writes rows with their constant fields (pc,
// instruction, packed flags) baked in. A region (basic blocks reachable from an entry by constant
// jumps, up to a size limit) is one function: a loop over a switch on the block index, so branches,
// calls and returns inside it stay in the function. Regions are cached by pc across the chunks an
// expander sees; the cache stays equal to guest memory because every write that can reach compiled
// code (chunk images, stores, replayed host writes) checks a per-64-byte mark, then a per-word bit,
// and drops the regions of that granule. Only words the current chunk loaded are compiled (others
// may be stale, and would only be invalidated later). Ecalls / CSR calls, traps, a chunk's last
// instructions (when it ends inside a block) and chunk starts inside a block go through the driver
// and one-instruction regions, so every chunk gives the reference's rows, end state, memory and
// ExpandError, byte for byte (test/trace-expand-compiled.test.ts).
import { mulh, mulhsu, mulhu } from '../interpreter';
import type { Memory } from '../memory';
import { PAGE_RECORD, PAGE_SHIFT, PAGE_WORDS, pageIndex, type Chunk } from './chunk';
import { ExpandError, expandChunk, type Expansion } from './expand';
import type { TraceMode } from './format';
import { emit, EXIT_TRAP, GRANULE_SHIFT, ST_ARG, ST_EXIT, ST_RETIRED, type Successor } from './expand-emit';
import { FLAG, ROW_WORDS } from './rows';

/** Longest basic block (instructions): longer straight-line code is cut into several blocks. */
export const MAX_BLOCK = 96;
/** Region limits: blocks and instructions per generated function (V8 optimises small ones quickly). */
export const MAX_REGION_BLOCKS = 8;
export const MAX_REGION_INSTRUCTIONS = 256;
/** Region exits profiled before the region is rebuilt with its frequent exit targets (jump tables, function pointers) inside. */
const LEARN_EXITS = 1024;
const HOT_EXIT = 16;
const MAX_GENERATION = 1;
/** Times the driver steps from a pc inside a compiled block before it compiles a region there. */
const MID_ENTRIES = 8;
/** Indirect-jump (jalr) targets tried inside a region before leaving it. */
const MAX_DYNAMIC_CASES = 64;
/** a code granule in words */
const WORD_GRANULE_SHIFT = GRANULE_SHIFT - 2;
/** direct-mapped entry table (pc >>> 2 & TABLE_MASK) in front of the entry map */
const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;


/**
 * A compiled region: `fn(x, r, o, st, lim, b)` runs from its block b (registers in x, rows from word
 * o of r, no row at or past word lim) and returns the next pc with st[0] = the row offset reached;
 * st[1] = EXIT_TRAP: the instruction whose row would be at st[0] traps; EXIT_CODE_WRITE: its last
 * row is a store into a compiled word, at address st[2] (the driver drops that granule's regions).
 */
type RegionFn = (x: Int32Array, r: Int32Array, o: number, st: Int32Array, lim: number, b: number) => number;

interface Region {
  readonly fn: RegionFn;
  /** code granules whose words it was compiled from, and those words: [first, last] byte address pairs */
  readonly granules: readonly number[];
  readonly words: readonly number[];
  valid: boolean;
  /** its root and extra seeds, and its block pcs */
  readonly entry: number;
  readonly seeds: readonly number[];
  readonly blocks: ReadonlySet<number>;
  /** exits still to profile before it is rebuilt with its hot exit targets as seeds (0: done) */
  learn: number;
  readonly exits: Map<number, number>;
  readonly generation: number;
}

/** Where execution at one pc goes: block `b` of `region`, whose first block has `len` instructions (0: not compiled). */
interface Entry {
  readonly pc: number;
  readonly region: Region;
  readonly b: number;
  readonly len: number;
}

const RS1 = FLAG.READS_RS1;
const RD = FLAG.WRITES_RD;

interface DecodedBlock {
  readonly pc: number;
  readonly parts: readonly string[];
  readonly ends: Successor;
  /** the address of its last compiled word (its words are pc..lastWord) */
  readonly lastWord: number;
}

/** Decodes and emits the basic block at `pc` (at most `max` instructions; none: the driver's). */
function decodeBlock(
  i32: Int32Array, size: number, pc: number, max: number, airbender: boolean, used: Set<number>, written: Set<number>, loaded: (pc: number) => boolean, first: boolean,
): DecodedBlock {
  const parts: string[] = [];
  let at = pc;
  for (;;) {
    // a block stops before a word its chunk did not load (whatever memory holds there may be stale,
    // and compiling it would only cost an invalidation later) or could not compile: the driver
    // takes over at that pc, so the block depends on its own words only
    const stop = parts.length >= max || at >>> 0 >= size || !(loaded(at) || (first && at === pc));
    const e = stop ? null : emit(i32[at >>> 2] | 0, at, parts.length, airbender, size);
    if (e === null) return { pc, parts, ends: { to: at }, lastWord: at - 4 };
    for (const r of e.reads) if (r !== 0) used.add(r);
    for (const r of e.writes) {
      used.add(r);
      written.add(r);
    }
    parts.push(e.body);
    if (e.ends) return { pc, parts, ends: e.ends, lastWord: at };
    at = (at + 4) | 0;
  }
}

/**
 * The target of the jalr ending the block of `len` words at `pc` when its base register holds a
 * constant there (lui / auipc / addi on them earlier in the block: `call`, `tail`), else undefined.
 */
function constantJalrTarget(i32: Int32Array, pc: number, len: number): number | undefined {
  const known = new Map<number, number>([[0, 0]]);
  for (let k = 0; k < len - 1; k++) {
    const inst = i32[(pc >>> 2) + k];
    const rd = (inst >>> 7) & 31;
    const op = inst & 0x7f;
    let value: number | undefined;
    if (op === 0x37) value = inst & 0xfffff000;
    else if (op === 0x17) value = (pc + 4 * k + (inst & 0xfffff000)) | 0;
    else if (op === 0x13 && ((inst >>> 12) & 7) === 0) {
      const base = known.get((inst >>> 15) & 31);
      if (base !== undefined) value = (base + (inst >> 20)) | 0;
    } else if (op === 0x23 || op === 0x63) continue; // no register written
    if (rd === 0) continue;
    if (value === undefined) known.delete(rd);
    else known.set(rd, value);
  }
  const jalr = i32[(pc >>> 2) + len - 1];
  const base = known.get((jalr >>> 15) & 31);
  if (base === undefined) return undefined;
  const target = (base + (jalr >> 20)) & ~1;
  return target & 3 ? undefined : target;
}

/**
 * The region rooted at `entry`: its blocks (breadth first over constant successors and the return
 * points of calls, within the limits) and the source of its function. Block 0 is the entry; a block
 * with no instructions is not part of it (the driver handles that pc).
 */
function regionSource(
  i32: Int32Array, size: number, entry: number, seeds: readonly number[], maxBlock: number, maxBlocks: number, airbender: boolean, loaded: (pc: number) => boolean,
) {
  const used = new Set<number>();
  const written = new Set<number>();
  const blocks: DecodedBlock[] = [];
  const index = new Map<number, number>();
  const queue = [entry, ...seeds];
  const returns = new Set<number>();
  const calls = new Set<number>();
  let instructions = 0;
  while (queue.length > 0 && blocks.length < maxBlocks && instructions < MAX_REGION_INSTRUCTIONS) {
    const pc = queue.shift()!;
    if (index.has(pc) || pc >>> 0 >= size || (pc & 3) !== 0) continue;
    const blockUsed = new Set<number>();
    const blockWritten = new Set<number>();
    const block = decodeBlock(i32, size, pc, maxBlock, airbender, blockUsed, blockWritten, loaded, pc === entry);
    if (block.parts.length === 0) continue;
    const e = block.ends;
    // a loop of one block is a region of its own: alone in a function V8 keeps its registers in
    // machine registers (measured: up to 2x faster on mulloop than inside a bigger region)
    const selfLoop = 'cond' in e && e.taken === pc;
    if (selfLoop && pc !== entry) continue;
    for (const r of blockUsed) used.add(r);
    for (const r of blockWritten) written.add(r);
    index.set(pc, blocks.length);
    blocks.push(block);
    instructions += block.parts.length;
    if (maxBlocks === 1 || selfLoop) break;
    if ('cond' in e) queue.push(e.taken, e.fall);
    else if ('to' in e) queue.push(e.to);
    if ('dynamic' in e) {
      const target = constantJalrTarget(i32, block.pc, block.parts.length);
      if (target !== undefined) {
        calls.add(target);
        queue.push(target);
      }
    }
    // return points of calls (jal/jalr with a link register) in the block
    for (let k = 0; k < block.parts.length; k++) {
      const inst = i32[(block.pc >>> 2) + k];
      const op = inst & 0x7f;
      if ((op === 0x6f || op === 0x67) && ((inst >>> 7) & 31) !== 0) {
        const back = (block.pc + 4 * k + 4) | 0;
        returns.add(back);
        queue.push(back);
      }
    }
  }
  const wb = [...written].sort((p, q) => p - q).map((r) => `x[${r}] = x${r};`).join(' ') + ' ';
  const regs = [...used].sort((p, q) => p - q);
  const decl = regs.length > 0 ? `let ${regs.map((r) => `x${r} = x[${r}]`).join(', ')};` : '';
  // indirect jumps: `call` targets and return points first (most of them), then seeds, then the other blocks
  const targets = [...[...calls, ...returns, ...seeds].filter((pc) => index.has(pc)), ...index.keys()];
  const dynamicCases = [...new Set(targets)].slice(0, MAX_DYNAMIC_CASES).map((pc) => `case ${pc}: b = ${index.get(pc)}; continue loop;`).join(' ');
  const cases = blocks.map((block, b) => {
    const len = block.parts.length;
    const step = `o += ${len * ROW_WORDS};`;
    const go = (to: number) => (index.has(to) ? `{ ${step} b = ${index.get(to)}; continue loop; }` : `{ ${step} pc = ${to}; break loop; }`);
    const e = block.ends;
    const tail =
      'cond' in e
        ? `if (${e.cond}) ${go(e.taken)} else ${go(e.fall)}`
        : 'to' in e
          ? go(e.to)
          : `${step} pc = ad; switch (ad) { ${dynamicCases} } break loop;`;
    return `case ${b}: {\nif (o > lim - ${len * ROW_WORDS}) { pc = ${block.pc}; break loop; }\n${block.parts.join('\n').replaceAll('WB ', wb)}\n${tail}\n}`;
  });
  const source =
    `o = o | 0; lim = lim | 0; b = b | 0; ${decl} let ad = 0, pc = 0;\nloop: for (;;) {\nswitch (b) {\n${cases.join('\n')}\ndefault: pc = ${entry}; break loop;\n}\n}\n` +
    `${wb}st[${ST_RETIRED}] = o; return pc;`;
  const granules = new Set<number>();
  for (const block of blocks) for (let g = block.pc >>> GRANULE_SHIFT; g <= block.lastWord >>> GRANULE_SHIFT; g++) granules.add(g);
  return { source, blocks, granules: [...granules], words: blocks.flatMap((block) => [block.pc, block.lastWord]) };
}

const NOT_COMPILED: RegionFn = () => 0;

/**
 * A fast expander bound to one guest memory (its compiled regions describe that memory's code).
 * expand() has expandChunk's contract: same rows, same end state, same errors.
 */
export class CompiledExpander {
  readonly airbender: boolean;
  readonly mode: TraceMode;
  private readonly size: number;
  private readonly i32: Int32Array;
  /** one byte per 64-byte granule: nonzero when a live region (or a not-compiled entry) was read from it */
  private readonly cm: Uint8Array;
  /** one bit per word of a marked granule: set for the words compiled code was made from */
  private readonly cw: Uint32Array;
  private readonly entries = new Map<number, Entry>();
  private readonly singles = new Map<number, Entry>();
  /** pcs inside (not at the start of) compiled blocks, and how often the driver was sent to each */
  private readonly covered = new Map<number, Region>();
  private readonly midEntries = new Map<number, number>();
  private readonly table: (Entry | undefined)[] = new Array(1 << TABLE_BITS).fill(undefined);
  /** regions by granule, for invalidation */
  private readonly byGranule = new Map<number, Region[]>();
  private readonly st = new Int32Array(4);
  /** one bit per word: set while expanding a chunk for the words of its image */
  private readonly loaded: Uint32Array;
  private readonly isLoaded = (pc: number): boolean => (this.loaded[pc >>> 7] & (1 << ((pc >>> 2) & 31))) !== 0;
  private readonly factory: (source: string) => RegionFn;
  /** counters for tests and the bench */
  readonly stats = { compiled: 0, invalidated: 0, rebuilt: 0 };

  private readonly maxBlocks: number;

  /** `maxRegionBlocks`: blocks per region (1: every block a function of its own; for measurements). */
  constructor(
    readonly memory: Memory,
    mode: TraceMode = 'zkos',
    options: { readonly maxRegionBlocks?: number } = {},
  ) {
    this.maxBlocks = Math.max(1, options.maxRegionBlocks ?? MAX_REGION_BLOCKS);
    this.mode = mode;
    this.airbender = mode === 'airbender';
    this.size = memory.size;
    this.i32 = memory.i32;
    this.cm = new Uint8Array(Math.ceil(memory.size / (1 << GRANULE_SHIFT)));
    this.loaded = new Uint32Array(Math.ceil(memory.size / 128));
    this.cw = new Uint32Array(Math.ceil(memory.size / 128));
    const { i8, u8, i16, u16, i32 } = memory;
    const cm = this.cm;
    const cw = this.cw;
    this.factory = (source) =>
      new Function('i32', 'i8', 'u8', 'i16', 'u16', 'cm', 'cw', 'mulh', 'mulhsu', 'mulhu', `"use strict"; return function region(x, r, o, st, lim, b) {\n${source}\n};`)(
        i32, i8, u8, i16, u16, cm, cw, mulh, mulhsu, mulhu,
      ) as RegionFn;
  }

  private register(region: Region): void {
    for (const g of region.granules) {
      this.cm[g] = 1;
      const list = this.byGranule.get(g);
      if (list) list.push(region);
      else this.byGranule.set(g, [region]);
    }
    const cw = this.cw;
    for (let k = 0; k < region.words.length; k += 2) {
      for (let w = region.words[k] >>> 2; w <= region.words[k + 1] >>> 2; w++) cw[w >>> 5] |= 1 << (w & 31);
    }
  }

  /** Compiles the region rooted at pc (one instruction only when `single`) and registers its entries. */
  private compile(pc: number, single: boolean, seeds: readonly number[] = [], generation = 0): Entry {
    this.stats.compiled++;
    const src = regionSource(this.i32, this.size, pc, seeds, single ? 1 : MAX_BLOCK, single ? 1 : this.maxBlocks, this.airbender, this.isLoaded);
    const base = { valid: true, entry: pc, seeds, exits: new Map<number, number>(), generation };
    if (src.blocks.length === 0) {
      // not compiled (ecall, CSR, trap): still tied to its word, which a write may turn into code
      const region: Region = { ...base, fn: NOT_COMPILED, granules: [pc >>> GRANULE_SHIFT], words: [pc, pc], blocks: new Set(), learn: 0 };
      this.register(region);
      return { pc, region, b: 0, len: 0 };
    }
    const learn = single || generation >= MAX_GENERATION ? 0 : LEARN_EXITS;
    const region: Region = { ...base, fn: this.factory(src.source), granules: src.granules, words: src.words, blocks: new Set(src.blocks.map((b) => b.pc)), learn };
    this.register(region);
    if (single) return { pc, region, b: 0, len: src.blocks[0].parts.length };
    let first: Entry | undefined;
    src.blocks.forEach((block, b) => {
      for (let k = 1; k < block.parts.length; k++) this.covered.set((block.pc + 4 * k) | 0, region);
      const entry: Entry = { pc: block.pc, region, b, len: block.parts.length };
      if (b === 0) first = entry;
      if (b === 0 || !this.entries.has(block.pc)) this.entries.set(block.pc, entry);
    });
    return first!;
  }

  /** Drops every region read from granule g (its memory is about to change or changed). */
  private invalidate(g: number): void {
    const list = this.byGranule.get(g);
    this.cm[g] = 0;
    this.cw[g >>> 1] &= g & 1 ? 0x0000ffff : 0xffff0000; // the granule's 16 word bits
    if (!list) return;
    this.byGranule.delete(g);
    let any = false;
    for (const region of list) {
      if (!region.valid) continue;
      region.valid = false;
      any = true;
      this.stats.invalidated++;
    }
    if (any) this.purge();
  }

  /** Removes the entries of regions no longer valid. */
  private purge(): void {
    for (const map of [this.entries, this.singles]) for (const [pc, e] of map) if (!e.region.valid) map.delete(pc);
    for (const [pc, region] of this.covered) if (!region.valid) this.covered.delete(pc);
    for (let k = 0; k < this.table.length; k++) if (this.table[k] !== undefined && !this.table[k]!.region.valid) this.table[k] = undefined;
  }

  /** Notes that `region` was left for `pc`; after LEARN_EXITS exits, rebuilds it with its frequent targets inside. */
  private learnExit(region: Region, pc: number): void {
    if (!region.blocks.has(pc)) region.exits.set(pc, (region.exits.get(pc) ?? 0) + 1);
    if (--region.learn > 0 || !region.valid) return;
    const hot = [...region.exits].filter(([, n]) => n >= HOT_EXIT).sort((p, q) => q[1] - p[1]).map(([target]) => target);
    region.exits.clear();
    if (hot.length === 0) return;
    region.valid = false;
    this.stats.rebuilt++;
    this.purge();
    this.entries.set(region.entry, this.compile(region.entry, false, [...region.seeds, ...hot].slice(0, 16), region.generation + 1));
  }

  private entry(pc: number): Entry {
    let e = this.entries.get(pc);
    if (e === undefined) {
      // inside a compiled block (a chunk starting mid-block, a rare jump): step to the next block
      // start rather than compile a cold copy of hot code; only a pc entered often gets a region
      const inside = this.covered.get(pc);
      if (inside !== undefined && inside.valid) {
        const seen = (this.midEntries.get(pc) ?? 0) + 1;
        this.midEntries.set(pc, seen);
        if (seen <= MID_ENTRIES) return this.single(pc);
      }
      e = this.compile(pc, false);
      this.entries.set(pc, e);
    }
    this.table[(pc >>> 2) & TABLE_MASK] = e;
    return e;
  }

  private single(pc: number): Entry {
    let e = this.singles.get(pc);
    if (e === undefined) {
      e = this.compile(pc, true);
      this.singles.set(pc, e);
    }
    return e;
  }

  /** Forgets every compiled region (after memory changed behind the marks' back). */
  reset(): void {
    this.entries.clear();
    this.singles.clear();
    this.covered.clear();
    for (const list of this.byGranule.values()) for (const region of list) region.valid = false;
    this.byGranule.clear();
    this.table.fill(undefined);
    this.cm.fill(0);
    this.cw.fill(0);
  }

  /** A memory word write from outside compiled code (image, host): keeps the cache equal to memory. */
  private writeWord(index: number, value: number): void {
    const i32 = this.i32;
    if (index < i32.length && this.cm[index >>> WORD_GRANULE_SHIFT] !== 0 && (this.cw[index >>> 5] & (1 << (index & 31))) !== 0 && i32[index] !== value) {
      this.invalidate(index >>> WORD_GRANULE_SHIFT);
    }
    i32[index] = value;
  }

  /** expandChunk(chunk, this.memory, into, at, mode), faster. */
  expand(chunk: Chunk, into?: Int32Array, at = 0): Expansion {
    // a chunk starting at a pc that is not word-aligned is damaged: the reference says how (its
    // writes do not check the code marks, so the cache is dropped afterwards)
    if (chunk.pc & 3) {
      try {
        return expandChunk(chunk, this.memory, into, at, this.mode);
      } finally {
        this.reset();
      }
    }
    const pages = chunk.pages;
    const i32 = this.i32;
    const cm = this.cm;
    const loaded = this.loaded;
    // a page outside memory: the reference says how (and the cache is dropped, as above)
    for (let k = 0; k < pages.length; k += PAGE_RECORD) {
      if ((pageIndex(pages[k]) + 1) * (1 << PAGE_SHIFT) <= this.size) continue;
      try {
        return expandChunk(chunk, this.memory, into, at, this.mode);
      } finally {
        this.reset();
      }
    }
    for (let k = 0; k < pages.length; k += PAGE_RECORD) {
      const first = pageIndex(pages[k]) << (PAGE_SHIFT - 2);
      // a page with no compiled code in it is copied whole; else word by word through the code marks
      let code = 0;
      for (let g = first >>> WORD_GRANULE_SHIFT; g < (first + PAGE_WORDS) >>> WORD_GRANULE_SHIFT; g++) code |= cm[g];
      if (code === 0) i32.set(pages.subarray(k + 1, k + PAGE_RECORD), first);
      else for (let j = 0; j < PAGE_WORDS; j++) this.writeWord(first + j, pages[k + 1 + j]);
      for (let j = 0; j < PAGE_WORDS; j += 32) loaded[(first + j) >>> 5] = -1;
    }
    try {
      return this.run(chunk, into, at);
    } finally {
      for (let k = 0; k < pages.length; k += PAGE_RECORD) {
        const first = pageIndex(pages[k]) << (PAGE_SHIFT - 2);
        for (let j = 0; j < PAGE_WORDS; j += 32) loaded[(first + j) >>> 5] = 0;
      }
    }
  }

  private run(chunk: Chunk, into: Int32Array | undefined, at: number): Expansion {
    const i32 = this.i32;
    const count = chunk.cycles;
    if (into && at + count * ROW_WORDS > into.length) throw new RangeError(`expandChunk: ${count} rows from word ${at} do not fit ${into.length} words`);
    const r = into ?? new Int32Array(count * ROW_WORDS);
    const base = into ? at : 0;
    const lim = base + count * ROW_WORDS;
    const x = Int32Array.from(chunk.regs);
    x[0] = 0;
    const st = this.st;
    const table = this.table;
    const size = this.size;
    const ecalls = chunk.ecalls;
    let ei = 0;
    let pc = chunk.pc | 0;
    let o = base;
    const fail = (why: string, row = o): never => {
      const n = (row - base) / ROW_WORDS;
      throw new ExpandError(`chunk ${chunk.index} does not re-execute: ${why} at cycle ${chunk.firstCycle + n}, pc 0x${(pc >>> 0).toString(16)}`);
    };
    const trap = () => fail(`trap on instruction 0x${(i32[pc >>> 2] >>> 0).toString(16).padStart(8, '0')}`);

    while (o < lim) {
      if (pc >>> 0 >= size) fail('instruction fetch outside memory');
      let e = table[(pc >>> 2) & TABLE_MASK];
      if (e === undefined || e.pc !== pc) e = this.entry(pc);
      if (o + e.len * ROW_WORDS > lim) e = this.single(pc);
      if (e.len === 0) {
        if (this.system(chunk, r, o, x, pc, (o - base) / ROW_WORDS, ei++, trap, fail)) {
          o += ROW_WORDS;
          break; // the run's exit: the pc stays on the ecall
        }
        o += ROW_WORDS;
        pc = (pc + 4) | 0;
        continue;
      }
      st[ST_EXIT] = 0;
      const region = e.region;
      const next = region.fn(x, r, o, st, lim, e.b);
      if (st[ST_EXIT] !== 0) {
        if (st[ST_EXIT] === EXIT_TRAP) {
          o = st[ST_RETIRED];
          pc = r[o]; // the trapping instruction wrote its pc before trapping
          trap();
        }
        this.invalidate(st[ST_ARG] >>> GRANULE_SHIFT);
      } else if (region.learn > 0) this.learnExit(region, next);
      o = st[ST_RETIRED];
      pc = next;
    }
    if (ei !== ecalls.length) fail(`${ecalls.length - ei} recorded ecalls were not reached`);
    x[0] = 0;
    return { rows: into ? r.subarray(base, lim) : r, pc: pc >>> 0, regs: x };
  }

  /**
   * The instruction at pc is not compiled: an ecall (zkos) or CSR call (Airbender) replayed from
   * the chunk's record ei, or a trap (the reference's message). True when it ended the run.
   */
  private system(chunk: Chunk, r: Int32Array, o: number, x: Int32Array, pc: number, n: number, ei: number, trap: () => never, fail: (why: string, row?: number) => never): boolean {
    const inst = this.i32[pc >>> 2] | 0;
    if ((inst & 0x7f) !== 0x73) trap();
    const e = chunk.ecalls[ei];
    r[o] = pc;
    r[o + 1] = inst;
    if (this.airbender) {
      if ((inst & 0x3000) === 0) trap();
      if (!e || e.offset !== n) fail(e ? `its next recorded CSR call is at cycle offset ${e.offset}` : 'no recorded CSR call left');
      const rs1 = (inst >>> 15) & 31;
      const rd = (inst >>> 7) & 31;
      const a = x[rs1];
      this.replay(e, x);
      x[0] = 0;
      r[o + 2] = a; r[o + 3] = 0; r[o + 4] = x[rd]; r[o + 5] = 0; r[o + 6] = 0;
      r[o + 7] = rs1 | (rd << 10) | RS1 | RD | FLAG.CSR;
      return false;
    }
    if (inst !== 0x73) trap();
    if (!e || e.offset !== n) fail(e ? `its next recorded ecall is at cycle offset ${e.offset}` : 'no recorded ecall left');
    this.replay(e, x);
    x[0] = 0;
    r[o + 2] = 0; r[o + 3] = 0; r[o + 4] = 0; r[o + 5] = 0; r[o + 6] = 0; r[o + 7] = FLAG.ECALL;
    if (e.outcome !== 1) return false;
    if (n + 1 !== chunk.cycles) fail('the run exits before the end of the chunk', o + ROW_WORDS);
    return true;
  }

  private replay(e: Chunk['ecalls'][number], x: Int32Array): void {
    for (let k = 0; k < e.regs.length; k += 2) x[e.regs[k]] = e.regs[k + 1];
    for (const w of e.writes) for (let k = 0; k < w.words.length; k++) this.writeWord((w.address >>> 2) + k, w.words[k]);
  }
}
