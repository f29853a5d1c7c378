// `zkos statetest <file|dir>`: runs Ethereum state tests (Cancun cases) through the guest OS and
// prints a pass table per category and totals; --jobs N splits the files over N child processes.
import { spawn } from 'node:child_process';
import { Command, Option } from 'commander';
import { DEFAULT_MAX_CYCLES } from '../../emulator/execute';
import { nativeOs, riscvOs } from '../../oracle/block/os';
import type { Target } from '../../oracle/block/run';
import { loadStateTestFile, stateTestFiles, StateTestFormatError } from '../../oracle/statetest/load';
import { runStateCase, summarize, type CaseResult, type CategorySummary } from '../../oracle/statetest/run';
import { EXIT, UserError } from '../errors';
import { parseCount } from '../inputs';
import { commas, parseTarget, withOsBuild } from './block-common';

interface StateTestOptions {
  target: Target;
  filter?: string;
  json?: boolean;
  jobs: number;
  maxCycles: number;
  failures?: boolean;
  guest?: string;
  shard?: string;
}

/** The JSON report of a run. */
export interface StateTestReport {
  readonly target: Target;
  readonly total: number;
  readonly passed: number;
  readonly seconds: number;
  readonly categories: readonly CategorySummary[];
  readonly cases: readonly CaseResult[];
}

export function statetestCommand(): Command {
  return new Command('statetest')
    .description('run Ethereum state tests (post.Cancun cases) through the guest OS; a pass table per category')
    .argument('<path>', 'a state-test .json file or a folder of them (e.g. ../shared/conformance/ethereum-tests/GeneralStateTests)')
    .addOption(new Option('--target <target>', 'native (V8) or riscv (the emulator)').argParser(parseTarget).default('native'))
    .option('--filter <regex>', 'only cases whose id ("<category>/<test>[d0,g0,v0]") matches')
    .option('--json', 'print one JSON object (totals, categories, every case)')
    .option('--jobs <n>', 'run in n processes (default 1)', parseCount, 1)
    .option('--max-cycles <n>', `RISC-V cycle limit per case (default ${DEFAULT_MAX_CYCLES})`, parseCount, DEFAULT_MAX_CYCLES)
    .option('--failures', 'list every failing case (default: the first 20)')
    .option('--guest <entry.ts>', 'the block guest to run (default guest/bootloader/main.ts)')
    .addOption(new Option('--shard <k/n>', 'run only the k-th of n shards of the files, printing one JSON line per case (used by --jobs)').hideHelp())
    .addHelpText(
      'after',
      `
Each case becomes a one-transaction block; it passes when the state root rebuilt from the post state
and the logs hash equal the test's, or, for an expectException case, when the guest rejects the
transaction. Exit status 0 only when every selected case passes, 1 otherwise, ${EXIT.BAD_INPUT} for bad input.`,
    )
    .action(async (path: string, opts: StateTestOptions) => {
      process.exitCode = await statetestAction(path, opts);
    });
}

function parseFilter(text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text);
  } catch (e) {
    throw new UserError(`--filter: ${(e as Error).message}`);
  }
}

function parseShard(text: string | undefined): { k: number; n: number } | undefined {
  if (!text) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m || +m[1] >= +m[2]) throw new UserError(`--shard ${text}: expected k/n with k < n`);
  return { k: +m[1], n: +m[2] };
}

function listFiles(path: string): string[] {
  try {
    return stateTestFiles(path);
  } catch (e) {
    if (e instanceof StateTestFormatError) throw new UserError(e.message);
    throw e;
  }
}

/** Runs the cases of `files` in this process. */
async function runHere(files: readonly string[], opts: StateTestOptions, filter: RegExp | undefined, onCase: (r: CaseResult) => void): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  if (files.length > 0) await withOsBuild<unknown>(() => (opts.target === 'native' ? nativeOs(opts.guest) : riscvOs(opts.guest))); // once, with a clear error
  for (const file of files) {
    let cases;
    try {
      cases = loadStateTestFile(file, filter);
    } catch (e) {
      if (e instanceof StateTestFormatError) throw new UserError(e.message);
      throw e;
    }
    for (const c of cases) {
      const r = await runStateCase(c, { target: opts.target, maxCycles: opts.maxCycles, guest: opts.guest });
      results.push(r);
      onCase(r);
    }
  }
  return results;
}

/** Runs the files in `jobs` child processes (`--shard k/jobs`: one JSON line per case), merging their results. */
async function runInChildren(path: string, opts: StateTestOptions, onCase: (r: CaseResult) => void): Promise<CaseResult[]> {
  const script = process.argv[1];
  const args = (k: number) => [
    script, 'statetest', path, '--target', opts.target, '--max-cycles', String(opts.maxCycles), '--shard', `${k}/${opts.jobs}`,
    ...(opts.filter ? ['--filter', opts.filter] : []), ...(opts.guest ? ['--guest', opts.guest] : []),
  ];
  const shards = await Promise.all(
    Array.from({ length: opts.jobs }, (_, k) =>
      new Promise<CaseResult[]>((resolve, reject) => {
        const child = spawn(process.execPath, args(k), { stdio: ['ignore', 'pipe', 'pipe'] });
        const cases: CaseResult[] = [];
        let pending = '';
        let err = '';
        let bad: Error | undefined;
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          const lines = (pending + d).split('\n');
          pending = lines.pop()!;
          for (const line of lines) {
            if (!line) continue;
            try {
              const r = JSON.parse(line) as CaseResult;
              cases.push(r);
              onCase(r);
            } catch (e) {
              bad ??= new Error(`shard ${k}/${opts.jobs}: unreadable result line: ${(e as Error).message}`);
            }
          }
        });
        child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
        child.on('close', (code) => {
          if (code !== 0 && code !== 1) return reject(new UserError(`shard ${k}/${opts.jobs} failed (exit ${code}): ${err.trim().split('\n').pop()}`, code ?? 1));
          if (bad) return reject(bad);
          resolve(cases);
        });
      }),
    ),
  );
  return shards.flat().sort((a, b) => a.id.localeCompare(b.id));
}

/** The pass table: one row per category, then the totals. */
export function formatTable(categories: readonly CategorySummary[]): string {
  const width = Math.max(8, ...categories.map((c) => c.category.length));
  const row = (name: string, total: number, passed: number, failures: string) =>
    `${name.padEnd(width)}  ${String(total).padStart(6)}  ${String(passed).padStart(6)}  ${String(total - passed).padStart(6)}  ${failures}`.trimEnd();
  const lines = [`${'category'.padEnd(width)}   cases  passed  failed  failures`];
  for (const c of categories) {
    const failures = Object.entries(c.failures).map(([k, n]) => `${k} ${n}`).join(', ');
    lines.push(row(c.category, c.total, c.passed, failures));
  }
  const total = categories.reduce((s, c) => s + c.total, 0);
  const passed = categories.reduce((s, c) => s + c.passed, 0);
  lines.push(row('total', total, passed, total ? `${((100 * passed) / total).toFixed(1)}% pass` : ''));
  return lines.join('\n') + '\n';
}

async function statetestAction(path: string, opts: StateTestOptions): Promise<number> {
  const filter = parseFilter(opts.filter);
  const shard = parseShard(opts.shard);
  if (opts.jobs < 1) throw new UserError('--jobs must be at least 1');
  let files = listFiles(path);
  if (files.length === 0) throw new UserError(`${path}: no .json state-test files`);
  if (shard) files = files.filter((_, i) => i % shard.n === shard.k);
  const started = performance.now();
  const tty = !opts.json && process.stderr.isTTY === true;
  let done = 0;
  let passed = 0;
  let lastDraw = 0;
  const onCase = (r: CaseResult) => {
    done++;
    if (r.pass) passed++;
    const now = performance.now();
    if (tty && now - lastDraw > 200) {
      lastDraw = now;
      process.stderr.write(`\r\x1b[K  ${done} cases, ${passed} passed (${((now - started) / 1000).toFixed(0)} s): ${r.id.slice(0, 80)}`);
    }
  };
  const jobs = Math.min(opts.jobs, files.length);
  if (shard) {
    // a worker of --jobs: one JSON line per case, as it finishes
    const results = await runHere(files, opts, filter, (r) => process.stdout.write(JSON.stringify(r) + '\n'));
    return results.every((r) => r.pass) ? 0 : 1;
  }
  const results = jobs > 1 ? await runInChildren(path, { ...opts, jobs }, onCase) : await runHere(files, opts, filter, onCase);
  if (tty) process.stderr.write('\r\x1b[K');
  if (results.length === 0) throw new UserError(`${path}: no ${opts.filter ? `case matches --filter ${opts.filter}` : 'Cancun cases'}`);
  const categories = summarize(results);
  const total = results.length;
  const passedCount = results.filter((r) => r.pass).length;
  const seconds = (performance.now() - started) / 1000;
  if (opts.json) {
    const report: StateTestReport = { target: opts.target, total, passed: passedCount, seconds, categories, cases: results };
    process.stdout.write(JSON.stringify(report) + '\n');
  } else {
    const failing = results.filter((r) => !r.pass);
    const shown = opts.failures ? failing : failing.slice(0, 20);
    for (const r of shown) process.stdout.write(`FAIL ${r.id}: ${r.failure}${r.message ? `: ${r.message}` : ''}\n`);
    if (shown.length < failing.length) process.stdout.write(`... and ${commas(failing.length - shown.length)} more failures (--failures lists all)\n`);
    if (shown.length) process.stdout.write('\n');
    process.stdout.write(formatTable(categories));
    process.stdout.write(`${commas(passedCount)} of ${commas(total)} cases passed on ${opts.target} in ${seconds.toFixed(1)} s\n`);
  }
  return passedCount === total ? 0 : 1;
}
