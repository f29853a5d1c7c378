// `zkos block <block.json>`: runs one block through the guest OS (natively or on the RISC-V emulator)
// and prints each transaction's result, the block gas, the state root, cycles and the public output;
// `blockDiffAction` is `zkos diff --block`: both targets, compared result by result.
import { Command, Option } from 'commander';
import { DEFAULT_MAX_CYCLES } from '../../emulator/execute';
import { runBlock, type BlockRunResult, type Target } from '../../oracle/block/run';
import { toHex } from '../../oracle/block/words';
import { EXIT, UserError } from '../errors';
import { parseCount } from '../inputs';
import { commas, jsonValue, parseTarget, readBlockFile, withOsBuild } from './block-common';

interface BlockOptions {
  target: Target;
  maxCycles: number;
  trace?: string;
  json?: boolean;
  guest?: string;
}

export function blockCommand(): Command {
  return new Command('block')
    .description('run a block (docs/block-format.md) through the guest OS and print the results')
    .argument('<block.json>', 'the block file: context, signed transactions, pre-state')
    .addOption(new Option('--target <target>', 'native (V8) or riscv (the emulator)').argParser(parseTarget).default('native'))
    .option('--max-cycles <n>', `RISC-V cycle limit (default ${DEFAULT_MAX_CYCLES})`, parseCount, DEFAULT_MAX_CYCLES)
    .option('--trace <file>', "write the prover's execution trace (RISC-V only)")
    .option('--json', 'print one JSON object')
    .option('--guest <entry.ts>', 'the block guest to run (default guest/bootloader/main.ts)')
    .addHelpText(
      'after',
      `
Exit status 0 when the guest ran the block to the end (report_block sent, public output matching the
reports), ${EXIT.TRAP} when it trapped, ${EXIT.CYCLE_LIMIT} at the cycle limit, 1 for another failure, ${EXIT.BAD_INPUT} for bad input.`,
    )
    .action(async (file: string, opts: BlockOptions) => {
      process.exitCode = await blockAction(file, opts);
    });
}

function statusOf(r: BlockRunResult): number {
  if (r.ok) return 0;
  if (r.outcome.kind === 'trap') return EXIT.TRAP;
  if (r.outcome.kind === 'cycle-limit') return EXIT.CYCLE_LIMIT;
  return 1;
}

/** The per-transaction lines and the block summary, for people. */
export function formatBlockResult(r: BlockRunResult, blockNumber: bigint, txCount: number): string {
  const lines = [`block ${blockNumber} (${txCount} transaction${txCount === 1 ? '' : 's'}) on ${r.target}`];
  for (const t of r.transactions) {
    const parts = [t.status === 'rejected' ? `rejected (${t.reason})` : t.status, `gas ${commas(t.gasUsed)}`];
    if (t.logs.length) parts.push(`${t.logs.length} log${t.logs.length === 1 ? '' : 's'}`);
    if (t.created) parts.push(`created ${t.created}`);
    lines.push(`  tx ${t.index}: ${parts.join(', ')}`);
  }
  if (r.transactions.length < txCount) lines.push(`  (${txCount - r.transactions.length} transaction(s) without a report)`);
  const d = r.output.diff;
  lines.push(`block gas ${commas(r.gasUsed)}; state diff: ${d.accounts.length} accounts, ${d.storage.length} slots, ${d.code.length} codes`);
  lines.push(`state root ${toHex(r.stateRoot)}`);
  lines.push(`public output: block ${blockNumber}, report digest ${toHex(r.output.digest)}${r.ok ? ' (matches the reports)' : ''}`);
  const cycles = r.cycles === undefined ? '' : `; ${commas(r.cycles)} cycles (effective ${commas(r.effectiveCycles!)})`;
  lines.push(`${commas(r.queryCount)} oracle queries${cycles}; ${(r.wallMs / 1000).toFixed(3)} s`);
  if (r.problem) lines.push(`zkos: block failed: ${r.problem}`);
  return lines.join('\n') + '\n';
}

async function blockAction(file: string, opts: BlockOptions): Promise<number> {
  const block = readBlockFile(file);
  if (opts.trace && opts.target !== 'riscv') throw new UserError('--trace needs --target riscv');
  const r = await withOsBuild(() => runBlock(block, { target: opts.target, maxCycles: opts.maxCycles, trace: opts.trace, guest: opts.guest }));
  if (r.stdout) process.stderr.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  if (opts.json) {
    const { postState, output, ...rest } = r;
    void postState;
    const report = { ...rest, diff: output.diff, totals: output.totals, digest: output.digest };
    process.stdout.write(JSON.stringify(report, jsonValue, 2) + '\n');
  } else process.stdout.write(formatBlockResult(r, block.context.number, block.transactions.length));
  return statusOf(r);
}

// ---- zkos diff --block ----

interface Mismatch {
  readonly what: 'outcome' | 'transaction' | 'query' | 'state' | 'public output';
  readonly where: string;
  readonly native: unknown;
  readonly riscv: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a, jsonValue) === JSON.stringify(b, jsonValue);

function firstMismatch<T>(what: Mismatch['what'], a: readonly T[], b: readonly T[], label: (i: number, x: T | undefined) => string): Mismatch | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (!same(a[i], b[i])) return { what, where: label(i, a[i] ?? b[i]), native: a[i], riscv: b[i] };
  }
  return undefined;
}

/** Every kind of difference between the two runs (the first of each kind). */
export function blockDifferences(n: BlockRunResult, r: BlockRunResult): Mismatch[] {
  const out: (Mismatch | undefined)[] = [];
  const outcome = (x: BlockRunResult) => (x.outcome.kind === 'trap' ? { kind: 'trap', code: x.outcome.code } : x.outcome);
  if (!same(outcome(n), outcome(r))) out.push({ what: 'outcome', where: 'how the run ended', native: n.outcome, riscv: r.outcome });
  const txs = (x: BlockRunResult) => x.transactions.map(({ logsHash, ...t }) => (void logsHash, t));
  out.push(firstMismatch('transaction', txs(n), txs(r), (i, t) => `transaction ${(t as { index?: number })?.index ?? i}`));
  out.push(firstMismatch('query', n.queries ?? [], r.queries ?? [], (i, q) => `query #${i} (${q?.name})`));
  const entries = (x: BlockRunResult) => [
    ...x.output.diff.accounts.map((a) => ({ kind: 'account', ...a })),
    ...x.output.diff.storage.map((s) => ({ kind: 'storage', ...s })),
    ...x.output.diff.code.map((c) => ({ kind: 'code', ...c })),
  ];
  out.push(
    firstMismatch('state', entries(n), entries(r), (i, e) => {
      const x = e as { kind: string; address?: string; key?: bigint; hash?: Uint8Array } | undefined;
      if (!x) return `state entry #${i}`;
      return x.kind === 'storage' ? `storage ${x.address} slot ${x.key}` : x.kind === 'account' ? `account ${x.address}` : `code ${toHex(x.hash!)}`;
    }),
  );
  if (!same(n.publicOutput, r.publicOutput)) out.push({ what: 'public output', where: 'the committed words', native: n.publicOutput, riscv: r.publicOutput });
  return out.filter((m): m is Mismatch => m !== undefined);
}

/** `zkos diff --block <file>`: 0 when both targets agree on everything, 1 when they differ. */
export async function blockDiffAction(file: string, opts: { maxCycles: number; json?: boolean; guest?: string }): Promise<number> {
  const block = readBlockFile(file);
  const [native, riscv] = await withOsBuild(async () => [
    await runBlock(block, { target: 'native', record: true, guest: opts.guest }),
    await runBlock(block, { target: 'riscv', record: true, maxCycles: opts.maxCycles, guest: opts.guest }),
  ]);
  const differences = blockDifferences(native, riscv);
  if (opts.json) {
    const report = {
      identical: differences.length === 0,
      differences,
      native: { ok: native.ok, problem: native.problem, transactions: native.transactions.length, queries: native.queryCount },
      riscv: { ok: riscv.ok, problem: riscv.problem, transactions: riscv.transactions.length, queries: riscv.queryCount, cycles: riscv.cycles },
    };
    process.stdout.write(JSON.stringify(report, jsonValue, 2) + '\n');
  } else if (differences.length === 0) {
    process.stdout.write(
      `identical: ${native.transactions.length} transaction results, ${commas(native.queryCount)} queries, ${native.output.diff.accounts.length + native.output.diff.storage.length + native.output.diff.code.length} state entries` +
        ` (riscv: ${commas(riscv.cycles ?? 0)} cycles)\n`,
    );
  } else {
    for (const d of differences) {
      process.stdout.write(`first difference in ${d.what === 'query' ? 'the oracle queries' : d.what}: ${d.where}\n`);
      process.stdout.write(`  native: ${JSON.stringify(d.native, jsonValue) ?? '(nothing)'}\n  riscv:  ${JSON.stringify(d.riscv, jsonValue) ?? '(nothing)'}\n`);
    }
  }
  return differences.length === 0 ? 0 : 1;
}
