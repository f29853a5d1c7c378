// Execution profiles: retired instructions counted per pc (PcCounts), and the pure aggregation of
// those counts into rows sorted by cycles — per function from a symbol table, or per fixed-size
// address range for images without symbols (flat / Airbender). Counting happens in profile-run.ts.
import type { ProgramSymbol } from './loader/program';
import { commas } from './commas';

/** Per-pc instruction counts: a dense array over [base, base + 4·length), a Map for stray pcs. */
export class PcCounts {
  readonly dense: Uint32Array;
  readonly sparse = new Map<number, number>();

  constructor(
    /** first address of the dense window (4-aligned) */
    readonly base: number,
    /** the window's size in bytes */
    bytes: number,
  ) {
    this.dense = new Uint32Array(Math.max(0, Math.ceil(bytes / 4)));
  }

  add(pc: number): void {
    const i = ((pc >>> 0) - this.base) / 4;
    if (i >= 0 && i < this.dense.length && Number.isInteger(i)) this.dense[i]++;
    else this.sparse.set(pc >>> 0, (this.sparse.get(pc >>> 0) ?? 0) + 1);
  }

  /** (pc, count) for every pc counted at least once, in no particular order. */
  *entries(): IterableIterator<[number, number]> {
    for (let i = 0; i < this.dense.length; i++) if (this.dense[i] !== 0) yield [this.base + 4 * i, this.dense[i]];
    yield* this.sparse.entries();
  }

  total(): number {
    let sum = 0;
    for (const [, n] of this.entries()) sum += n;
    return sum;
  }
}

export interface ProfileRow {
  /** the function name, or the range as `0x00001000..0x0000103f` */
  readonly name: string;
  /** the function's (or range's) first address */
  readonly address: number;
  readonly cycles: number;
  /** share of all counted cycles, 0..100 */
  readonly percent: number;
}

export interface Profile {
  readonly total: number;
  /** 'function' when rows are symbols (pcs outside every function fall into address ranges), else 'range' */
  readonly by: 'function' | 'range';
  /** sorted by cycles, descending (ties: lower address first) */
  readonly rows: readonly ProfileRow[];
}

const hex32 = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

function finish(groups: Map<string, { address: number; cycles: number }>, total: number, by: Profile['by']): Profile {
  const rows = [...groups].map(([name, g]) => ({ name, address: g.address, cycles: g.cycles, percent: total > 0 ? (100 * g.cycles) / total : 0 }));
  rows.sort((a, b) => b.cycles - a.cycles || a.address - b.address);
  return { total, by, rows };
}

/** The range name and start of `pc` for ranges of `size` bytes (a power of two). */
function range(pc: number, size: number): { name: string; address: number } {
  const start = (pc >>> 0) - ((pc >>> 0) % size);
  return { name: `${hex32(start)}..${hex32(start + size - 1)}`, address: start };
}

/** Counts grouped into `size`-byte address ranges (default 64). */
export function profileByRange(counts: Iterable<readonly [number, number]>, size = 64): Profile {
  if (!(size > 0 && Number.isInteger(size))) throw new RangeError(`profile range size ${size} is not a positive integer`);
  const groups = new Map<string, { address: number; cycles: number }>();
  let total = 0;
  for (const [pc, n] of counts) {
    total += n;
    const r = range(pc, size);
    const g = groups.get(r.name);
    if (g) g.cycles += n;
    else groups.set(r.name, { address: r.address, cycles: n });
  }
  return finish(groups, total, 'range');
}

/**
 * Counts grouped by the function containing each pc: the last non-object symbol at or below it
 * whose size covers it (size 0: open-ended), as cli/format.ts `symbolize` names pcs.
 * Pcs in no function fall into `rangeSize`-byte ranges. No symbols: the same as profileByRange.
 */
export function profileByFunction(counts: Iterable<readonly [number, number]>, symbols: readonly ProgramSymbol[], rangeSize = 64): Profile {
  const code = symbols.filter((s) => s.kind !== 'object');
  if (code.length === 0) return profileByRange(counts, rangeSize);
  const groups = new Map<string, { address: number; cycles: number }>();
  let total = 0;
  for (const [pc, n] of counts) {
    total += n;
    const s = containing(code, pc >>> 0);
    const key = s ? { name: s.name, address: s.address } : range(pc, rangeSize);
    const g = groups.get(key.name);
    if (g) g.cycles += n;
    else groups.set(key.name, { address: key.address, cycles: n });
  }
  return finish(groups, total, 'function');
}

/** `sorted` by address; the symbol containing `pc`, or undefined. */
function containing(sorted: readonly ProgramSymbol[], pc: number): ProgramSymbol | undefined {
  // last index with address <= pc
  let lo = 0;
  let hi = sorted.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].address <= pc) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  // walk back over symbols that end before pc (a sized symbol nested after a size-0 one, etc.)
  for (let i = at; i >= 0 && i > at - 64; i--) {
    const s = sorted[i];
    if (s.size === 0 || pc < s.address + s.size) return s;
  }
  return undefined;
}

/** The first `n` rows of a profile (n ≥ 0). */
export function topRows(profile: Profile, n: number): readonly ProfileRow[] {
  return profile.rows.slice(0, Math.max(0, n));
}

/** A profile as text: a header line, then `cycles  percent  name` rows. */
export function formatProfile(profile: Profile, top: number): string[] {
  const rows = topRows(profile, top);
  const what = profile.by === 'function' ? 'functions' : '64-byte address ranges';
  const lines = [`profile: ${commas(profile.total)} cycles; top ${rows.length} of ${profile.rows.length} ${what}`];
  const width = Math.max(6, ...rows.map((r) => commas(r.cycles).length));
  lines.push(`  ${'cycles'.padStart(width)}        %  ${profile.by === 'function' ? 'function' : 'range'}`);
  for (const r of rows) lines.push(`  ${commas(r.cycles).padStart(width)}  ${r.percent.toFixed(2).padStart(6)}%  ${r.name}`);
  return lines;
}

/** A profile for --json: total, grouping, and the top rows with hex addresses. */
export function profileReport(profile: Profile, top: number) {
  return {
    total: profile.total,
    by: profile.by,
    groups: profile.rows.length,
    top: topRows(profile, top).map((r) => ({ name: r.name, address: hex32(r.address), cycles: r.cycles, percent: Number(r.percent.toFixed(4)) })),
  };
}
