// Structured control flow for a region: its blocks nested as labelled blocks and loops (`break`,
// `continue`) instead of a loop over a switch, so that a direct edge between two blocks is a
// plain jump in V8's code. The translation follows the dominator tree of a reducible control-flow
// graph (N. Ramsey, "Beyond Relooper", ICFP 2022): a block reached by one forward edge is placed
// at that edge; a block reached by several (a merge) after a labelled block around the code of its
// immediate dominator, reached by `break`; a loop header heads a `for (;;)`, its back edges are
// `continue`. Indirect jumps (`jalr`) become a dense `switch` over the region's possible targets
// (call return points and profiled targets), which are then ordinary edges of the graph.
import type { Region } from './region';

/** How a block's code continues at its edges (see codegen.ts: Links). */
export interface EdgeSource {
  /** source for the static edge from block `from` to pc `target` */
  readonly edge: (from: number, target: number) => string;
  /** source for the indirect jump of block `from` (its target in `t`, aligned) */
  readonly indirect: (from: number) => string;
}

/**
 * The statements the structured code is written with: JavaScript (labelled blocks, `for (;;)`,
 * `break`, `continue`) by default, or the wasm tier's flat WebAssembly text (wasm/codegen.ts).
 */
export interface Syntax {
  /** leave for the dispatcher at a static pc */
  readonly exit: (pc: number) => string;
  /** jump back to the loop headed by block y */
  readonly repeat: (y: number) => string;
  /** jump forward to merge block y, which follows the labelled block around the jump */
  readonly forward: (y: number) => string;
  /** code placed where an edge leads (the only way into it) */
  readonly inline: (code: string) => string;
  /** `code` in a block labelled for merge y, then `after` (y's code) */
  readonly labelled: (y: number, code: string, after: string) => string;
  /** `code` as the body of the loop headed by block x */
  readonly loop: (x: number, code: string) => string;
  /**
   * An indirect jump (target in `t`) to one of `targets` (each with its ordinal in the region's
   * candidate table and the code of the edge), or out of the region to the dispatcher.
   */
  readonly indirect: (targets: readonly { readonly pc: number; readonly ordinal: number; readonly code: string }[], lo: number, span: number) => string;
}

/** Indirect jumps with at most this many targets compare the target with each (both tiers). */
export const MAX_COMPARES = 3;

/** Structured JavaScript. */
export const JS_SYNTAX: Syntax = {
  exit: (pc) => `{ pc = ${pc | 0}; break L; }`,
  repeat: (y) => `{ continue H${y}; }`,
  forward: (y) => `{ break B${y}; }`,
  inline: (code) => `{\n${code}\n}`,
  labelled: (y, code, after) => `B${y}: {\n${code}\n}\n${after}`,
  loop: (x, code) => `H${x}: for (;;) {\n${code}\n}`,
  indirect: (targets, lo, span) => {
    if (targets.length === 0) return 'pc = t; break L;';
    // a few targets (a return to one or two call sites): compares; more: a table and a dense switch
    if (targets.length <= MAX_COMPARES) return `pc = t; ${targets.map(({ pc, code }) => `if (t === ${pc | 0}) ${code}`).join(' ')} break L;`;
    const cases = targets.map(({ ordinal, code }) => `case ${ordinal}: ${code}`);
    return `pc = t; t = (t - ${lo}) >>> 2; if (t < ${span}) switch (tbl[t]) {\n${cases.join('\n')}\n} break L;`;
  },
};

/** The static targets (pcs) of each block and whether it ends in an indirect jump. */
export interface BlockEdges {
  readonly targets: readonly number[];
  readonly indirect: boolean;
}

export interface Structure {
  /** block indices reachable from the entry (block 0) */
  readonly reachable: ReadonlySet<number>;
  /** whether it has a loop (a block some edge comes back to) */
  readonly loops: boolean;
  /** the immediate dominator of each reachable block (block 0's is itself; -1: unreachable) */
  readonly idom: Int32Array;
  /** the pcs an indirect jump of the region may continue at inside it, in table order */
  readonly candidates: readonly number[];
  /** candidate ordinal by word slot from `lo` (-1: none), the generated code's `tbl` */
  readonly table: Int32Array;
  /** the region's code, given the source of one block (which calls back `links` at its edges) */
  readonly source: (block: (k: number, links: EdgeSource, need: number) => string, syntax?: Syntax) => string;
}

/** Indirect-jump targets kept inside a structured region at most (others leave it). */
const MAX_CANDIDATES = 128;
/** Largest candidate table (word slots). */
const MAX_TABLE = 1 << 16;

/**
 * The structure of a region entered only at block 0, or null when its control-flow graph is not
 * reducible from there (a loop with two entries): the caller then keeps the switch form.
 */
export function structureRegion(region: Region, edges: readonly BlockEdges[]): Structure | null {
  // profiled targets can make the graph irreducible (a loop entered at two blocks): then without them
  return structureWith(region, edges, true) ?? structureWith(region, edges, false);
}

function structureWith(region: Region, edges: readonly BlockEdges[], withSeeds: boolean): Structure | null {
  const n = region.blocks.length;
  const sites = indirectTargets(region, edges, withSeeds);
  const candidates = [...new Set(sites.flat())].slice(0, MAX_CANDIDATES);
  const kept = new Set(candidates);
  // successors by block index (with multiplicity: two edges to one block make it a merge)
  const succ: number[][] = [];
  for (let k = 0; k < n; k++) {
    const out: number[] = [];
    for (const target of edges[k].targets) {
      const j = region.index.get(target);
      if (j !== undefined) out.push(j);
    }
    for (const c of sites[k]) if (kept.has(c)) out.push(region.index.get(c)!);
    succ.push(out);
  }
  // reverse postorder from block 0 (iterative depth-first search)
  const post: number[] = [];
  const seen = new Uint8Array(n);
  const stack: [number, number][] = [[0, 0]];
  seen[0] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [v, i] = top;
    if (i < succ[v].length) {
      top[1]++;
      const w = succ[v][i];
      if (!seen[w]) {
        seen[w] = 1;
        stack.push([w, 0]);
      }
    } else {
      post.push(v);
      stack.pop();
    }
  }
  const order = post.reverse();
  const rpo = new Int32Array(n).fill(-1);
  order.forEach((v, i) => (rpo[v] = i));
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (const v of order) for (const w of succ[v]) preds[w].push(v);
  // immediate dominators (Cooper, Harvey, Kennedy: iterate over reverse postorder)
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (rpo[a] > rpo[b]) a = idom[a];
      while (rpo[b] > rpo[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const v of order) {
      if (v === 0) continue;
      let d = -1;
      for (const p of preds[v]) if (idom[p] !== -1) d = d === -1 ? p : intersect(p, d);
      if (d !== idom[v]) (idom[v] = d), (changed = true);
    }
  }
  const dominates = (a: number, b: number): boolean => {
    for (let v = b; ; v = idom[v]) {
      if (v === a) return true;
      if (v === 0) return false;
    }
  };
  // reducible: every retreating edge goes to a block that dominates its source (a loop header)
  const header = new Uint8Array(n);
  const forwardIn = new Int32Array(n);
  for (const v of order) {
    for (const w of succ[v]) {
      if (rpo[w] <= rpo[v]) {
        if (!dominates(w, v)) return null;
        header[w] = 1;
      } else forwardIn[w]++;
    }
  }
  const children: number[][] = Array.from({ length: n }, () => []);
  for (const v of order) if (v !== 0) children[idom[v]].push(v);
  const isMerge = (v: number) => forwardIn[v] >= 2;

  const lo = candidates.length ? Math.min(...candidates.map((pc) => pc >>> 0)) : 0;
  const span = candidates.length ? (Math.max(...candidates.map((pc) => pc >>> 0)) - lo) / 4 + 1 : 0;
  if (span > MAX_TABLE) return null;
  const table = new Int32Array(span).fill(-1);
  candidates.forEach((pc, i) => (table[((pc >>> 0) - lo) / 4] = i));
  // the budget is checked on entry and where a loop can come back, for the longest run of
  // instructions up to the next check or exit: `need` (0 elsewhere: the block only counts)
  const check = budgetChecks(n, order, succ, header);
  const need = needs(region, order, succ, check);
  const checked = (v: number) => check[v] === 1;
  const source = (block: (k: number, links: EdgeSource, need: number) => string, syntax: Syntax = JS_SYNTAX): string => {
    const branch = (x: number, y: number): string => {
      if (rpo[y] <= rpo[x]) return syntax.repeat(y);
      if (isMerge(y)) return syntax.forward(y);
      return syntax.inline(tree(y));
    };
    const links: EdgeSource = {
      edge: (from, target) => {
        const y = region.index.get(target);
        return y === undefined ? syntax.exit(target) : branch(from, y);
      },
      indirect: (from) => {
        const mine = sites[from].filter((pc) => kept.has(pc));
        const targets = mine.map((pc) => ({ pc, ordinal: table[((pc >>> 0) - lo) / 4], code: branch(from, region.index.get(pc)!) }));
        return syntax.indirect(targets, lo, span);
      },
    };
    const within = (x: number, merges: readonly number[]): string => {
      if (merges.length === 0) return block(x, links, checked(x) ? need[x] : 0);
      const [y, ...rest] = merges;
      return syntax.labelled(y, within(x, rest), tree(y));
    };
    const tree = (x: number): string => {
      const merges = children[x].filter(isMerge).sort((a, b) => rpo[b] - rpo[a]);
      const code = within(x, merges);
      return header[x] ? syntax.loop(x, code) : code;
    };
    return tree(0);
  };
  return { reachable: new Set(order), loops: header.includes(1), idom, candidates, table, source };
}

/**
 * The blocks that check the budget: the entry, and loop headers, except a header every cycle
 * through which passes another checked block (`sieve`'s mark loop is entered in its middle, so its
 * real header sits inside the loop of the region's entry, which checks already). Headers are
 * dropped one at a time, later ones in reverse postorder first, while the blocks left unchecked
 * form no cycle: then every run between two checks is finite and `needs` can bound it.
 */
function budgetChecks(n: number, order: readonly number[], succ: readonly number[][], header: Uint8Array): Uint8Array {
  const check = new Uint8Array(n);
  check[0] = 1;
  for (let v = 0; v < n; v++) if (header[v]) check[v] = 1;
  const acyclic = (): boolean => {
    // Kahn's algorithm on the unchecked blocks reachable from the entry
    const indegree = new Int32Array(n);
    let count = 0;
    for (const v of order) {
      if (check[v]) continue;
      count++;
      for (const w of succ[v]) if (!check[w]) indegree[w]++;
    }
    const ready = order.filter((v) => !check[v] && indegree[v] === 0);
    let seen = 0;
    while (ready.length > 0) {
      const v = ready.pop()!;
      seen++;
      for (const w of succ[v]) if (!check[w] && --indegree[w] === 0) ready.push(w);
    }
    return seen === count;
  };
  for (let i = order.length - 1; i >= 1; i--) {
    const v = order[i];
    if (!header[v]) continue;
    check[v] = 0;
    if (!acyclic()) check[v] = 1;
  }
  return check;
}

/** By reachable block: its length plus the longest run through unchecked blocks after it (they form no cycle). */
function needs(region: Region, order: readonly number[], succ: readonly number[][], check: Uint8Array): Int32Array {
  const n = region.blocks.length;
  const after = new Int32Array(n).fill(-1);
  const run = (v: number): number => {
    if (after[v] >= 0) return after[v];
    let longest = 0;
    for (const w of succ[v]) if (!check[w]) longest = Math.max(longest, run(w));
    return (after[v] = region.blocks[v].insts.length + longest);
  };
  const need = new Int32Array(n);
  for (const v of order) need[v] = run(v);
  return need;
}

/**
 * Where each block's indirect jump may continue inside the region (pcs; empty for other blocks).
 * A return (`jalr x0`) continues at the return points of the calls whose callee reaches it without
 * passing another return (calls followed to their return points, not into the callee); an indirect
 * call or jump at the profiled targets (seeds). Only these become edges: a jump elsewhere leaves.
 */
function indirectTargets(region: Region, edges: readonly BlockEdges[], withSeeds: boolean): number[][] {
  const n = region.blocks.length;
  const seeds = region.seeds.filter((pc) => region.index.has(pc));
  const returnPoint = (k: number): number | undefined => {
    const block = region.blocks[k];
    const last = block.insts[block.insts.length - 1];
    const call = block.end.kind === 'jump' && last.rd !== 0 && (last.mnemonic === 'jal' || last.mnemonic === 'jalr');
    return call ? (block.start + 4 * block.insts.length) | 0 : undefined;
  };
  // successors within a function: a call continues at its return point
  const local = (k: number): number[] => {
    const after = returnPoint(k);
    const targets = after !== undefined ? [after] : edges[k].targets;
    return targets.map((pc) => region.index.get(pc)).filter((j): j is number => j !== undefined);
  };
  const reach = new Map<number, Set<number>>();
  const reachable = (f: number): Set<number> => {
    let set = reach.get(f);
    if (set !== undefined) return set;
    set = new Set([f]);
    const work = [f];
    while (work.length > 0) for (const j of local(work.pop()!)) if (!set.has(j)) (set.add(j), work.push(j));
    reach.set(f, set);
    return set;
  };
  const sites: number[][] = Array.from({ length: n }, () => []);
  const returns: Set<number>[] = Array.from({ length: n }, () => new Set());
  for (let k = 0; k < n; k++) {
    const after = returnPoint(k);
    if (after === undefined || !region.index.has(after)) continue;
    const callees = edges[k].indirect ? seeds : edges[k].targets;
    for (const pc of callees) {
      const f = region.index.get(pc);
      if (f === undefined) continue;
      for (const j of reachable(f)) if (edges[j].indirect && returnPoint(j) === undefined) returns[j].add(after);
    }
  }
  // profiled targets: return points for returns, the others for indirect calls and jumps
  const points = new Set<number>();
  for (let k = 0; k < n; k++) {
    const after = returnPoint(k);
    if (after !== undefined && region.index.has(after)) points.add(after);
  }
  for (let k = 0; k < n; k++) {
    if (!edges[k].indirect) continue;
    const block = region.blocks[k];
    const last = block.insts[block.insts.length - 1];
    const isReturn = last.rd === 0 && (last.rs1 === 1 || last.rs1 === 5);
    const profiled = withSeeds ? seeds.filter((pc) => points.has(pc) === isReturn) : [];
    sites[k] = [...new Set([...returns[k], ...profiled])];
  }
  return sites;
}
