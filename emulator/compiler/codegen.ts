// Turns a region into one JavaScript function (new Function): registers in locals, a loop over a
// switch on the block index so that loops and calls inside the region never leave the function.
import type { Memory } from '../memory';
import { groupAccesses } from './checks';
import { EMITTERS, EXIT, registersOf, type Site } from './emit';
import { mulhu } from '../interpreter';
import type { Block, Region } from './region';
import { writeFileSync } from 'node:fs';

/** What the generated function leaves behind besides its returned pc. */
export interface ExitState {
  /** cycles still allowed (the function was entered with a budget) */
  bud: number;
  /** EXIT code (emit.ts) */
  ex: number;
  /** the address stored to, for EXIT.CODE_WRITE */
  addr: number;
}

/** (block index or -1, pc, budget) -> next pc; writes st. */
export type RegionFunction = (b: number, pc: number, bud: number) => number;

/** The JavaScript source of the region's function body. */
export function regionSource(region: Region, size: number): string {
  const used = new Set<number>();
  const written = new Set<number>();
  for (const block of region.blocks) {
    for (const d of block.insts) {
      const { reads, writes } = registersOf(d);
      for (const r of reads) used.add(r);
      for (const r of writes) (used.add(r), written.add(r));
    }
  }
  const load = [...used].sort((a, b) => a - b).map((r) => `r${r} = x[${r}] | 0`);
  const store = [...written].sort((a, b) => a - b).map((r) => `x[${r}] = r${r};`);
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
    return `{\n${blockSource(next, size, { goto, fall: goto, near: goto, indirect })}\n}`;
  };
  const fall = inline(MAX_INLINE);
  const near = inline(MAX_INLINE_TAKEN);
  // indirect jumps find their block through a dense table of the region's pc range (the target is
  // aligned: jalr checked it), entries from the dispatcher (b = -1) through the switch's default
  const { lo, span } = pcRange(region);
  const indirect = span <= MAX_TABLE ? `pc = t; t = (t - ${lo}) >>> 2; if (t < ${span}) { b = tbl[t]; if (b >= 0) continue L; } break L;` : 'pc = t; b = -1; continue L;';
  const links: Links = { goto, fall, near, indirect };
  const cases = region.blocks.map((block, index) => `case ${index}: {\n${blockSource(block, size, links)}\n}`);
  return [
    `let t = 0, ex = ${EXIT.NEXT}, ea = 0${load.length ? ', ' + load.join(', ') : ''};`,
    'L: for (;;) {',
    'switch (b) {',
    ...cases,
    span <= MAX_TABLE
      ? `default: t = (pc - ${lo}) >>> 2; if ((pc & 3) === 0 && t < ${span}) { b = tbl[t]; if (b >= 0) continue L; } break L;`
      : `default: switch (pc) { ${[...region.index].map(([pc, index]) => `case ${pc | 0}: b = ${index}; continue L;`).join(' ')} } break L;`,
    '}',
    '}',
    ...store,
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

function blockSource(block: Block, size: number, links: Links): string {
  const { goto } = links;
  const length = block.insts.length;
  const lines = [`if (bud < ${length}) { pc = ${block.start | 0}; ex = ${EXIT.FINISH}; break L; } bud -= ${length};`];
  const checks = groupAccesses(block.insts);
  block.insts.forEach((d, k) => {
    const jalrTarget = k === length - 1 ? block.jalrTarget : undefined;
    const site: Site = { pc: (block.start + 4 * k) | 0, k, length, size, ...links, check: checks.get(k), jalrTarget };
    lines.push(EMITTERS[d.mnemonic](d, site));
  });
  const end = block.end;
  if (end.kind === 'goto') lines.push(goto(end.next));
  else if (end.kind === 'step') lines.push(`pc = ${end.next | 0}; ex = ${EXIT.STEP}; break L;`);
  return lines.join('\n');
}

type Factory = (...args: unknown[]) => RegionFunction;

/**
 * Factories by source, shared by all machines: closures made by one factory share V8's feedback
 * and optimised code, so a second machine running the same program starts at full speed.
 */
const factories = new Map<string, Factory>();
const MAX_FACTORIES = 20_000;

/** Compiles a region against one memory; `st` receives the exit state of every call. */
export function compileRegion(region: Region, memory: Memory, regs: Int32Array, codeMap: Uint8Array, st: ExitState): RegionFunction {
  const body = regionSource(region, memory.size);
  let factory = factories.get(body);
  if (factory === undefined) {
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factory = new Function(
      'x', 'i8', 'u8', 'i16', 'u16', 'i32', 'cm', 'st', 'tbl', 'mulhu',
      `return function region_${(region.entry >>> 0).toString(16)}(b, pc, bud) {\n${body}\n};`,
    ) as Factory;
    factories.set(body, factory);
    dumpSource(region, body);
  }
  return factory(regs, memory.i8, memory.u8, memory.i16, memory.u16, memory.i32, codeMap, st, pcTable(region), mulhu);
}

/** ZKOS_COMPILER_DUMP=<dir>: every new region's source is written to <dir>/region_<entry>_<n>.js (debugging). */
const DUMP_DIR = globalThis.process?.env?.ZKOS_COMPILER_DUMP;
let dumped = 0;
function dumpSource(region: Region, body: string): void {
  if (!DUMP_DIR) return;
  const name = `region_${(region.entry >>> 0).toString(16)}`;
  writeFileSync(`${DUMP_DIR}/${name}_${dumped++}.js`, `function ${name}(b, pc, bud) {\n${body}\n}\n`);
}
