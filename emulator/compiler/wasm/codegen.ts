// The wasm tier: a structured region that loops becomes a WebAssembly function instead of a
// JavaScript one. WebAssembly has what JavaScript lacks for long blocks: a 64-bit multiply (mulhu
// and mulh in one instruction instead of four float products) and memory accesses without typed
// array bounds checks. The guest's memory, registers and code map live in one WebAssembly.Memory
// (Memory's WasmBacking), so the function reads and writes them directly; it returns the next pc
// and leaves its exit state (budget, exit code, address) in the header, which a small JavaScript
// wrapper copies into the cache's ExitState. Same exits, same budget accounting as the JavaScript
// code: only the statements differ (emit.ts here, structure.ts's Syntax).
import { WASM_HEADER, type WasmBacking } from '../../memory';
import { EXIT } from '../emit';
import type { Region } from '../region';
import { MAX_COMPARES, type Structure, type Syntax } from '../structure';
import { assembleBody, assembleModule } from './encode';
import { blockSource, coveredPages, fetchMasks, regionRegisters, type BlockDialect, type RegionEnv, type RegionFunction } from '../codegen';
import { pageOf } from '../recording';
import { entryTouch, fetchTouch, recordingEpilogue, recordingPrologue, type RecordingLayout } from './recording';
import { get, konst, leave, lines, WASM_EMITTERS, type Layout, type WasmSite } from './emit';

/** Header words of the register file and the exit state (Memory's WASM_HEADER). */
const REGISTERS = WASM_HEADER.registers / 4;
const STATE = { bud: WASM_HEADER.state / 4, ex: WASM_HEADER.state / 4 + 1, addr: WASM_HEADER.state / 4 + 2 } as const;

/** Locals: the two parameters, then t, ex, ea, one per register, recording's g, n, p, the code-free range (fl, fs), and recording's fetch masks. */
function localsOf(masks: readonly string[]): Map<string, number> {
  const names = ['$pc', '$bud', '$t', '$ex', '$ea', ...Array.from({ length: 31 }, (_, k) => `$r${k + 1}`), '$g', '$n', '$p', '$fl', '$fs', ...masks.map((m) => `$${m}`)];
  return new Map(names.map((name, k) => [name, k]));
}

const SYNTAX: Syntax = {
  exit: (pc) => lines(konst(pc), 'local.set $pc', 'br $L'),
  repeat: (y) => `br $H${y}`,
  forward: (y) => `br $B${y}`,
  inline: (code) => code,
  labelled: (y, code, after) => lines(`block $B${y}`, code, 'end', after),
  // every path through a loop body ends in a jump: the end is never reached
  loop: (x, code) => lines(`loop $H${x}`, code, 'unreachable', 'end'),
  indirect: (targets) => lines('local.get $t', 'local.set $pc', targets.length <= MAX_COMPARES ? compares(targets) : table(targets), 'br $L'),
};

/** Largest br_table (word slots from the lowest target to the highest); wider sets compare. */
const MAX_TABLE_SLOTS = 1024;

type Targets = Parameters<Syntax['indirect']>[0];

const compares = (targets: Targets): string => lines(...targets.map(({ pc, code }) => lines('local.get $t', konst(pc), 'i32.eq', 'if', code, 'end')));

/**
 * A br_table over the word slots from the lowest target to the highest: target k's code follows
 * the end of block $Jk, which the table picks for its slot; other slots, and an address outside
 * the range, pick $JX, after which the jump leaves the region (the caller's `br $L`, pc = t). Every
 * edge's code ends in a branch; `unreachable` marks that nothing falls through to the next target.
 */
function table(targets: Targets): string {
  const pcs = targets.map(({ pc }) => pc >>> 0);
  const lo = Math.min(...pcs);
  const slots = (Math.max(...pcs) - lo) / 4 + 1;
  if (slots > MAX_TABLE_SLOTS) return compares(targets);
  const labels = new Array<string>(slots).fill('$JX');
  pcs.forEach((pc, k) => (labels[(pc - lo) / 4] = `$J${k}`));
  const opened = targets.map((_, k) => `block $J${targets.length - 1 - k}`);
  const index = lines('local.get $t', konst(lo), 'i32.sub', konst(2), 'i32.shr_u', `br_table ${labels.join(' ')} $JX`);
  return lines('block $JX', ...opened, index, ...targets.map(({ code }) => lines('end', code, 'unreachable')), 'end');
}

/** A block's statements in WebAssembly (blockSource in ../codegen.ts writes the block). */
function wasmBlocks(layout: Layout, recording?: RecordingLayout): BlockDialect<WasmSite> {
  return {
    emit: (d, site) => WASM_EMITTERS[d.mnemonic](d, site),
    // blockSource's site, made for this instruction alone, with the wasm tier's two fields added
    // (a spread copy of it per instruction was the code generator's largest cost)
    site: (base) => Object.assign(base, { layout, recording }) as WasmSite,
    budget: (need, start, length) =>
      lines(
        need > 0 ? lines('local.get $bud', konst(need), 'i32.lt_s', 'if', leave(start, 0, EXIT.FINISH), 'end') : '',
        lines('local.get $bud', konst(length), 'i32.sub', 'local.set $bud'),
      ),
    leave: (pc, left) => leave(pc, left),
    step: (next) => leave(next, 0),
    fetchTouch: (page, mask, bit, full) => (recording === undefined ? '' : fetchTouch(recording, page, mask, bit, full)),
    join: (parts) => lines(...parts),
  };
}

/**
 * The flat WebAssembly text of a structured region's function (`structure`: regionStructure's), or
 * null when the tier does not take it: no loop in it (a region entered and left at once gains
 * nothing from WebAssembly and pays the JavaScript-to-WebAssembly call on every entry).
 */
export function wasmSource(region: Region, size: number, layout: Layout, structure: Structure, record?: RecordingLayout): WasmSource | null {
  if (!structure.loops) return null;
  const fetch = record === undefined ? undefined : fetchMasks(region, coveredPages(region, structure.idom));
  const dialect = wasmBlocks(layout, record);
  const tree = structure.source((k, links, need) => {
    const at = (target: number) => links.edge(k, target);
    return blockSource(dialect, region.blocks[k], size, { goto: at, fall: at, near: at, indirect: () => links.indirect(k) }, need, fetch, k);
  }, SYNTAX);
  const { used, written } = regionRegisters(region);
  const word = (index: number) => 4 * index;
  const load = used.map((r) => lines(konst(0), `i32.load offset=${word(REGISTERS + r)}`, `local.set $r${r}`));
  const store = written.map((r) => lines(konst(0), get(r), `i32.store offset=${word(REGISTERS + r)}`));
  const state = (field: keyof typeof STATE, local: string) => lines(konst(0), `local.get ${local}`, `i32.store offset=${word(STATE[field])}`);
  const entry = region.blocks[0].start;
  // the code-free range, for the stores' first test (emit.ts; cache.ts keeps it in the header)
  const free = record === undefined ? lines(konst(0), `i32.load offset=${WASM_HEADER.codeFree}`, 'local.set $fl', konst(0), `i32.load offset=${WASM_HEADER.codeFree + 4}`, 'local.set $fs') : '';
  const text = lines(
    ...load,
    free,
    record === undefined ? '' : recordingPrologue(),
    'block $L',
    // recording: the entry block's page, once per call (as ../codegen.ts structuredCode)
    record === undefined ? '' : entryTouch(record, pageOf(entry), leave(entry, 0)),
    tree,
    'end',
    ...store,
    record === undefined ? '' : recordingEpilogue(),
    state('bud', '$bud'),
    state('ex', '$ex'),
    state('addr', '$ea'),
    'local.get $pc',
  );
  return { text, masks: fetch?.locals ?? [] };
}

/** A region's function as flat text, and the fetch-mask locals it names (recording). */
export interface WasmSource {
  readonly text: string;
  readonly masks: readonly string[];
}

/** The compiled module of a region's function (shared by every machine with the same memory layout). */
export function wasmModule(source: WasmSource, backing: Pick<WasmBacking, 'pages'>): WebAssembly.Module {
  const locals = localsOf(source.masks);
  const code = assembleBody(source.text, locals);
  return new WebAssembly.Module(assembleModule(code, locals.size - 2, backing.pages));
}

/** The region function of one machine: its instance of the module, and the exit state copied to `env.st`. */
export function wasmFunction(module: WebAssembly.Module, backing: WasmBacking, env: RegionEnv): RegionFunction {
  const instance = new WebAssembly.Instance(module, { e: { m: backing.memory } });
  const run = instance.exports.run as (pc: number, bud: number) => number;
  const header = backing.header;
  const st = env.st;
  return (_b, pc, bud) => {
    const next = run(pc, bud);
    st.bud = header[STATE.bud];
    st.ex = header[STATE.ex];
    st.addr = header[STATE.addr];
    return next;
  };
}
