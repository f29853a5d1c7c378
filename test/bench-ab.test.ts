// bench/ab.ts (the rounds and their statistics, with a clock of our own) and scripts/ab.mjs (the
// A/B of a git ref against the working tree in one process, end to end on one sample).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { abRounds, formatAb, type AbSide } from '../bench/ab';
import { quantile } from '../bench/suite';

/** A side whose runs take the given times on the test's clock (one per run, in order). */
function fakeSide(name: string, durations: number[], clock: { t: number }, log: string[], cycles = 1000): AbSide {
  let k = 0;
  return {
    name,
    run: () => {
      log.push(name);
      clock.t += durations[k++];
      return { kind: 'exit', cycles, exitCode: 0 };
    },
  };
}

describe('abRounds', () => {
  test('both sides in every round, the order alternating, warm-up rounds not timed', () => {
    const clock = { t: 0 };
    const log: string[] = [];
    const base = fakeSide('base', [100, 100, 10, 20, 30], clock, log);
    const head = fakeSide('head', [100, 100, 5, 30, 15], clock, log);
    const result = abRounds(base, head, new Uint8Array(), { rounds: 3, warmUp: 2, now: () => clock.t });
    expect(log).toEqual(['base', 'head', 'head', 'base', 'base', 'head', 'head', 'base', 'base', 'head']);
    expect(result.base.ms).toEqual([10, 20, 30]);
    expect(result.head.ms).toEqual([5, 30, 15]);
    // per round: 0.5, 1.5, 0.5
    expect(result.ratio).toEqual({ q1: 0.5, median: 0.5, q3: 1.5 });
    expect(result.base.median).toBe(20);
    expect(result.base.min).toBe(10);
    expect(result.base.mips).toBeCloseTo(1000 / 20 / 1000);
  });

  test('two builds that end differently are no speed comparison', () => {
    const clock = { t: 0 };
    const base = fakeSide('base', [1, 1], clock, [], 1000);
    const head = fakeSide('head', [1, 1], clock, [], 1001);
    expect(() => abRounds(base, head, new Uint8Array(), { rounds: 1, warmUp: 0, now: () => clock.t })).toThrow(/end differently.*exit after 1000 cycles.*exit after 1001 cycles/);
  });

  test('at least one round', () => {
    const clock = { t: 0 };
    const side = fakeSide('x', [], clock, []);
    expect(() => abRounds(side, side, new Uint8Array(), { rounds: 0, warmUp: 0 })).toThrow(RangeError);
  });

  test('quantiles and the report', () => {
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(3);
    expect(quantile([3, 1, 2, 4], 1)).toBe(4);
    const clock = { t: 0 };
    const result = abRounds(fakeSide('abc1234', [20], clock, [], 2_000_000), fakeSide('working tree', [10], clock, [], 2_000_000), new Uint8Array(), {
      rounds: 1,
      warmUp: 0,
      now: () => clock.t,
    });
    const text = formatAb('sieve', result, 1);
    expect(text).toContain('sieve: 1 rounds');
    expect(text).toMatch(/abc1234 +median 20\.0 ms .* = 100 MIPS/);
    expect(text).toContain('working tree/abc1234 per round: median 0.500');
  });
});

describe('scripts/ab.mjs', () => {
  const root = join(import.meta.dirname, '..');
  const ab = (...args: string[]) => spawnSync(process.execPath, [join(root, 'scripts', 'ab.mjs'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const isRepo = existsSync(join(root, '.git'));

  test.skipIf(!isRepo)('HEAD against the working tree on one sample: both sides timed, a ratio, the worktree removed', () => {
    const before = spawnSync('git', ['worktree', 'list'], { cwd: root, encoding: 'utf8' }).stdout;
    const r = ab('HEAD', '--sample', 'fib', '--rounds', '2', '--warm-up', '0', '--json');
    expect(r.status, r.stderr).toBe(0);
    const [result] = JSON.parse(r.stdout);
    expect(result.program).toBe('fib');
    expect(result.base.ms).toHaveLength(2);
    expect(result.head.ms).toHaveLength(2);
    expect(result.head.name).toBe('working tree');
    expect(result.cycles).toBeGreaterThan(1_000_000);
    expect(result.ratio.median).toBeGreaterThan(0);
    expect(spawnSync('git', ['worktree', 'list'], { cwd: root, encoding: 'utf8' }).stdout).toBe(before);
    expect(readdirSync(join(root, 'build', 'ab')).filter((f) => f.startsWith(`ab-`))).toEqual([]);
  });

  test('a ref that is no commit, an unknown sample: a clear error, status 2', () => {
    const bad = ab('no-such-ref-zkos', '--sample', 'fib');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("'no-such-ref-zkos' is no commit");
    const sample = ab('HEAD', '--sample', 'nope');
    expect(sample.status).toBe(2);
    expect(sample.stderr).toContain("unknown sample 'nope'");
    const missing = ab('HEAD', '--elf', join(root, 'no-such.elf'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });

  test.skipIf(!isRepo)('a malformed ELF: what is wrong with it, status 2, no stack trace', () => {
    const r = ab('HEAD', '--elf', join(root, 'package.json'), '--rounds', '1', '--warm-up', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ab: .*package\.json: not an ELF file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
