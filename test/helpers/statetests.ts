// The state-test suite's shared part: the categories of ../shared/conformance/ethereum-tests split
// into balanced shards (one vitest file each, so forks run them in parallel), one test per category
// running its cases natively and asserting the pass count reaches the floor recorded in
// test/data/statetest-floors.json (raise the floors as the guest improves). Shards are balanced by
// each category's measured run time (test/data/statetest-cost.json, ms from one `zkos statetest
// --json` run; a category missing there weighs its file size in kB).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeOs } from '../../oracle/block/os';
import { categoryOf, loadStateTestFile, stateTestFiles } from '../../oracle/statetest/load';
import { runStateCase, type CaseResult } from '../../oracle/statetest/run';

export const STATE_TESTS = join(__dirname, '..', '..', '..', 'shared', 'conformance', 'ethereum-tests', 'GeneralStateTests');
export const HAVE_STATE_TESTS = existsSync(STATE_TESTS);
const FLOORS_FILE = join(__dirname, '..', 'data', 'statetest-floors.json');
const COST_FILE = join(__dirname, '..', 'data', 'statetest-cost.json');

export interface Category {
  readonly name: string;
  readonly files: readonly string[];
  /** the expected work, for balancing: measured ms, else the files' size in kB */
  readonly weight: number;
}

export function stateTestCategories(): Category[] {
  const by = new Map<string, { files: string[]; weight: number }>();
  for (const file of stateTestFiles(STATE_TESTS)) {
    const name = categoryOf(file);
    const c = by.get(name) ?? { files: [], weight: 0 };
    c.files.push(file);
    c.weight += readFileSync(file).length;
    by.set(name, c);
  }
  const cost = existsSync(COST_FILE) ? (JSON.parse(readFileSync(COST_FILE, 'utf8')) as Record<string, number>) : {};
  return [...by]
    .map(([name, c]) => ({ name, files: c.files, weight: cost[name] ?? c.weight / 1024 }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Shard k of n: categories dealt heaviest first to the lightest shard. */
export function shard(k: number, n: number): Category[] {
  const shards = Array.from({ length: n }, () => ({ weight: 0, categories: [] as Category[] }));
  for (const c of [...stateTestCategories()].sort((a, b) => b.weight - a.weight)) {
    const lightest = shards.reduce((min, s) => (s.weight < min.weight ? s : min));
    lightest.weight += c.weight;
    lightest.categories.push(c);
  }
  return shards[k].categories.sort((a, b) => a.name.localeCompare(b.name));
}

export function floors(): Record<string, number> {
  return JSON.parse(readFileSync(FLOORS_FILE, 'utf8')) as Record<string, number>;
}

/** Runs every case of `category` natively. */
export async function runCategory(category: Category): Promise<CaseResult[]> {
  await nativeOs(); // build once up front: a build error fails here, not once per case
  const results: CaseResult[] = [];
  for (const file of category.files) {
    for (const c of loadStateTestFile(file)) {
      results.push(await runStateCase(c, { target: 'native' }));
      // a native case runs synchronously: yield to the event loop so the worker answers vitest's RPC in time
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return results;
}

/** One vitest test per category of shard k of n. */
export function defineStateTestShard(k: number, n: number): void {
  if (!HAVE_STATE_TESTS) {
    describe('state tests', () => it.skip(`skipped: ${STATE_TESTS} is absent (the Ethereum state tests live in ../shared/conformance)`, () => {}));
    return;
  }
  const floor = floors();
  describe(`state tests, native (shard ${k + 1} of ${n})`, () => {
    for (const category of shard(k, n)) {
      it(category.name, async () => {
        const results = await runCategory(category);
        const passed = results.filter((r) => r.pass).length;
        const failing = results.filter((r) => !r.pass);
        const kinds = new Map<string, number>();
        for (const r of failing) kinds.set(r.failure!, (kinds.get(r.failure!) ?? 0) + 1);
        const ms = results.reduce((s, r) => s + r.ms, 0);
        console.log(
          `statetests ${category.name}: ${passed}/${results.length} passed (floor ${floor[category.name] ?? 0}) in ${(ms / 1000).toFixed(1)} s` +
            (kinds.size ? `; ${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}` : ''),
        );
        const examples = failing.slice(0, 5).map((r) => `${r.id}: ${r.failure}: ${r.message}`).join('\n');
        expect(passed, `${category.name}: ${passed} of ${results.length} pass, below the floor; first failures:\n${examples}`).toBeGreaterThanOrEqual(floor[category.name] ?? 0);
      }, 1_800_000);
    }
  });
}
