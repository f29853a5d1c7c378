// The host side of the block protocol end to end with the echo guest (programs/as/tests/block-echo.ts):
// query answers, report collection, the report digest against the committed public output, per-tx
// logs hashes (against @ethereumjs/rlp) and the post-state root (against @ethereumjs/mpt); the
// `zkos block` and `zkos diff --block` commands on it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { afterAll, describe, expect, it } from 'vitest';
import { blockDifferences } from '../cli/commands/block';
import { parseBlockFile } from '../oracle/block/format';
import { nativeOs } from '../oracle/block/os';
import { runBlock } from '../oracle/block/run';
import { hasTool } from '../toolchain/llvm';
import { hex, referenceLogsHash, referenceStateRoot, type RefAccount } from './helpers/ethereumjs-state';

const ECHO = 'programs/as/tests/block-echo.ts';
const COINBASE = '0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba';
const OTHER = '0x095e7baea6a6c7c4c2dfeb977efac326af552d87';

const blockJson = {
  context: {
    number: '0x1234567890',
    timestamp: '1000',
    coinbase: COINBASE,
    gasLimit: '0xff112233445566',
    baseFee: '10',
    chainId: '1',
    prevrandao: '0x' + '00'.repeat(31) + '02',
    excessBlobGas: '0',
    parentHash: '0x' + '00'.repeat(32),
  },
  transactions: ['0x01', '0x0203', '0xaabbcc'],
  pre: {
    [COINBASE]: { balance: '0xffffffff', nonce: '5', code: '0x', storage: {} },
    [OTHER]: { balance: '1000000', nonce: '0', code: '0x600160005500', storage: { '0x00': '0x01', '0x01': '0x00' } },
  },
};

const txBytes = [Uint8Array.of(1), Uint8Array.of(2, 3), Uint8Array.of(0xaa, 0xbb, 0xcc)];

function expectedPost(): [string, RefAccount][] {
  return [
    [COINBASE, { nonce: 5n, balance: 0x1_0000_0000n, code: new Uint8Array(0), storage: new Map() }],
    [OTHER, { nonce: 0n, balance: 1000000n, code: Uint8Array.from([0x60, 1, 0x60, 0, 0x55, 0]), storage: new Map([[0n, 1n]]) }],
  ];
}

async function checkRun(target: 'native' | 'riscv') {
  const block = parseBlockFile(JSON.stringify(blockJson), 'echo.json');
  const r = await runBlock(block, { target, guest: ECHO, record: true });
  expect(r.problem).toBeUndefined();
  expect(r.ok).toBe(true);
  expect(r.transactions.map((t) => [t.index, t.status, t.reason, t.gasUsed])).toEqual([
    [0, 'succeeded', undefined, 21000n],
    [1, 'rejected', 'MALFORMED', 0n],
    [2, 'succeeded', undefined, 21000n],
  ]);
  for (const [i, t] of r.transactions.entries()) {
    const logs = t.status === 'succeeded' ? [{ address: COINBASE, topics: [keccak_256(txBytes[i])], data: txBytes[i] }] : [];
    expect(t.logs.map((l) => ({ ...l, topics: l.topics.map(hex), data: hex(l.data) }))).toEqual(logs.map((l) => ({ ...l, topics: l.topics.map(hex), data: hex(l.data) })));
    expect(hex(t.logsHash)).toBe(hex(referenceLogsHash(logs)));
  }
  expect(r.gasUsed).toBe(42000n);
  expect(r.output.totals).toEqual({ transactionCount: 3, gasUsed: 42000n });
  // the committed block number (u64, low word first) and the digest the host recomputed
  expect(r.publicOutput.slice(0, 2)).toEqual([0x34567890, 0x12]);
  expect(r.publicOutput).toEqual(r.expectedPublicOutput);
  expect(hex(r.stateRoot)).toBe(hex(await referenceStateRoot(expectedPost())));
  // the queries: metadata, the coinbase's properties, 4 next_transaction, 3 + 2 logs + account + block reports
  expect(r.queries!.map((q) => q.name)).toEqual([
    'block_metadata', 'account_properties',
    'next_transaction', 'report_transaction', 'report_log',
    'next_transaction', 'report_transaction',
    'next_transaction', 'report_transaction', 'report_log',
    'next_transaction', 'report_account', 'report_block',
  ]);
  expect(r.queryCount).toBe(13);
  const props = r.queries![1].answer;
  expect(props[0]).toBe(1); // exists, no storage
  expect(props.slice(1, 3)).toEqual([5, 0]);
  expect(props.slice(3, 5)).toEqual([0xffffffff, 0]);
  return r;
}

describe('runBlock with the echo guest', () => {
  it('natively: results, logs hashes, public output and state root', async () => {
    await checkRun('native');
  }, 120_000);

  it('native runs reuse the compiled module: no WebAssembly.Module is built per block', async () => {
    const block = parseBlockFile(JSON.stringify(blockJson), 'echo.json');
    await runBlock(block, { target: 'native', guest: ECHO });
    expect(await nativeOs(ECHO)).toBe(await nativeOs(ECHO));
    const original = WebAssembly.Module;
    let compiled = 0;
    WebAssembly.Module = new Proxy(original, { construct: (target, args) => (compiled++, Reflect.construct(target, args)) });
    try {
      for (let i = 0; i < 3; i++) expect((await runBlock(block, { target: 'native', guest: ECHO })).ok).toBe(true);
    } finally {
      WebAssembly.Module = original;
    }
    expect(compiled).toBe(0);
  }, 120_000);

  it.skipIf(!hasTool('llc'))('on RISC-V: the same results, with cycles', async () => {
    const r = await checkRun('riscv');
    expect(r.cycles).toBeGreaterThan(0);
    expect(r.effectiveCycles).toBeGreaterThan(r.cycles!);
  }, 300_000);
});

describe('zkos block and zkos diff --block (echo guest)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkos-block-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');
  const zkos = (...args: string[]) => spawnSync(process.execPath, [ZKOS, ...args], { encoding: 'utf8' });
  const file = join(dir, 'echo.json');
  writeFileSync(file, JSON.stringify(blockJson));

  it('zkos block prints per-transaction results and exits 0; --json has the same facts', async () => {
    const r = zkos('block', file, '--guest', ECHO);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('block 78187493520 (3 transactions) on native');
    expect(r.stdout).toContain('  tx 0: succeeded, gas 21,000, 1 log');
    expect(r.stdout).toContain('  tx 1: rejected (MALFORMED), gas 0');
    expect(r.stdout).toContain('block gas 42,000');
    expect(r.stdout).toContain(`state root ${hex(await referenceStateRoot(expectedPost()))}`);
    expect(r.stdout).toContain('(matches the reports)');
    const j = JSON.parse(zkos('block', file, '--guest', ECHO, '--json').stdout);
    expect(j.ok).toBe(true);
    expect(j.transactions.map((t: { status: string }) => t.status)).toEqual(['succeeded', 'rejected', 'succeeded']);
    expect(j.gasUsed).toBe('42000');
    expect(j.publicOutput).toEqual(j.expectedPublicOutput);
  }, 120_000);

  it.skipIf(!hasTool('llc'))('zkos diff --block finds both targets identical', () => {
    const r = zkos('diff', '--block', file, '--guest', ECHO);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^identical: 3 transaction results, 13 queries, 1 state entries \(riscv: [\d,]+ cycles\)/);
    expect(r.status).toBe(0);
  }, 300_000);
});

describe('blockDifferences', () => {
  it('names the first transaction, query and state entry that differ', async () => {
    const block = parseBlockFile(JSON.stringify(blockJson), 'echo.json');
    const a = await runBlock(block, { target: 'native', guest: ECHO, record: true });
    expect(blockDifferences(a, a)).toEqual([]);
    const queries = a.queries!.map((q, i) => (i === 5 ? { ...q, answer: [...q.answer.slice(0, -1), 7] } : q));
    const transactions = a.transactions.map((t) => (t.index === 2 ? { ...t, gasUsed: 1n } : t));
    const accounts = a.output.diff.accounts.map((x) => ({ ...x, balance: x.balance + 5n }));
    const b = { ...a, queries, transactions, output: { ...a.output, diff: { ...a.output.diff, accounts } } };
    const found = blockDifferences(a, b);
    expect(found.map((d) => `${d.what}: ${d.where}`)).toEqual(['transaction: transaction 2', 'query: query #5 (next_transaction)', `state: account ${COINBASE}`]);
  }, 120_000);
});
