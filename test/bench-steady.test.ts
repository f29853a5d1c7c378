// The `steady` bench suite (bench/suites/steady.ts): a program run again and again in one process,
// every run's time printed; unknown names are an error that lists the known ones.
import { describe, expect, test } from 'vitest';
import { steadySuite } from '../bench/suites/steady';
import { hasTool } from '../toolchain/llvm';

describe('bench suite `steady`', () => {
  test.skipIf(!hasTool('llvm-mc'))('fib three times: a first-run figure, and the later runs with each run listed (needs llvm-mc)', async () => {
    const figures = await steadySuite.run({ only: 'fib', runs: 3 });
    expect(figures.map((f) => f.label)).toEqual(['fib: first run', 'fib: later runs, median']);
    expect(figures[0].detail).toMatch(/^[\d,]+ cycles per run$/);
    const each = /each run: ([\d. ]+) ms/.exec(figures[1].detail ?? '');
    expect(each?.[1].trim().split(' ')).toHaveLength(3);
    for (const f of figures) expect(f.value).toBeGreaterThan(0);
    expect(figures[1].reproduce).toBe('npm run bench -- --suite steady --only fib --runs 3');
  });

  test('an unknown program is an error naming the known ones', async () => {
    await expect(steadySuite.run({ only: 'nope', runs: 1 })).rejects.toThrow(/no program 'nope' \(samples: fib, .*; or erc20-block\)/);
  });
});
