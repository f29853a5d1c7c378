// The state-test runner itself (oracle/statetest/, `zkos statetest`) on a small handmade test file,
// with the echo guest (programs/as/tests/block-echo.ts: an odd-length transaction "succeeds" with one
// log and the coinbase gets +1 wei, an even-length one is rejected). Expected roots and logs hashes
// come from @ethereumjs/mpt and @ethereumjs/rlp, so a pass means the runner compares the right things.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobBaseFeeOf } from '../oracle/block/format';
import { loadStateTests, StateTestFormatError } from '../oracle/statetest/load';
import { runStateCase } from '../oracle/statetest/run';
import { hex, referenceLogsHash, referenceStateRoot } from './helpers/ethereumjs-state';

const ECHO = 'programs/as/tests/block-echo.ts';
const COINBASE = '0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba';
const SENDER = '0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b';
const dir = mkdtempSync(join(tmpdir(), 'zkos-statetest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const folder = join(dir, 'GeneralStateTests', 'stHandmade');

const pre = { [SENDER]: { balance: '0x0de0b6b3a7640000', code: '0x', nonce: '0x00', storage: { '0x01': '0x02' } } };
const env = {
  currentBaseFee: '0x0a',
  currentCoinbase: COINBASE,
  currentDifficulty: '0x020000',
  currentExcessBlobGas: '0x00',
  currentGasLimit: '0xff112233445566',
  currentNumber: '0x01',
  currentRandom: '0x0000000000000000000000000000000000000000000000000000000000020000',
  currentTimestamp: '0x03e8',
};

beforeAll(async () => {
  // the post state the echo guest produces: the pre-state plus the coinbase with 1 wei
  const post = await referenceStateRoot([
    [SENDER, { nonce: 0n, balance: 10n ** 18n, code: new Uint8Array(0), storage: new Map([[1n, 2n]]) }],
    [COINBASE, { nonce: 0n, balance: 1n, code: new Uint8Array(0), storage: new Map() }],
  ]);
  const tx = Uint8Array.of(0xab, 0xcd, 0xef);
  const logs = referenceLogsHash([{ address: COINBASE, topics: [keccak_256(tx)], data: tx }]);
  const test = {
    echo: {
      env,
      pre,
      transaction: {},
      post: {
        Shanghai: [{ hash: '0x00', indexes: { data: 0, gas: 0, value: 0 }, logs: '0x00', txbytes: '0x01' }],
        Cancun: [
          { hash: hex(post), indexes: { data: 0, gas: 0, value: 0 }, logs: hex(logs), txbytes: hex(tx) },
          { hash: hex(post), indexes: { data: 1, gas: 0, value: 0 }, logs: hex(logs), txbytes: '0xabcd', expectException: 'TransactionException.INTRINSIC_GAS_TOO_LOW' },
          { hash: '0x' + '00'.repeat(32), indexes: { data: 0, gas: 1, value: 0 }, logs: hex(logs), txbytes: hex(tx) },
          { hash: hex(post), indexes: { data: 0, gas: 0, value: 1 }, logs: '0x' + '00'.repeat(32), txbytes: hex(tx) },
          { hash: hex(post), indexes: { data: 0, gas: 0, value: 2 }, logs: hex(logs), txbytes: '0xabcd' },
          { hash: hex(post), indexes: { data: 0, gas: 0, value: 3 }, logs: hex(logs), txbytes: hex(tx), expectException: 'TransactionException.NONCE_IS_MAX' },
        ],
      },
    },
  };
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'echo.json'), JSON.stringify(test));
  mkdirSync(join(dir, 'jobs'));
  for (const name of ['a.json', 'b.json', 'c.json']) writeFileSync(join(dir, 'jobs', name), JSON.stringify(test));
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ t: { env, pre: { '0x12': {} }, post: { Cancun: [{ hash: '0x00', logs: '0x00', txbytes: '0x01', indexes: { data: 0, gas: 0, value: 0 } }] } } }));
});

describe('the state-test runner (echo guest)', () => {
  it('expands post.Cancun into blocks: env → context, txbytes → the transaction', () => {
    const cases = loadStateTests(folder);
    expect(cases.map((c) => c.id)).toEqual([
      'stHandmade/echo[d0,g0,v0]', 'stHandmade/echo[d1,g0,v0]', 'stHandmade/echo[d0,g1,v0]',
      'stHandmade/echo[d0,g0,v1]', 'stHandmade/echo[d0,g0,v2]', 'stHandmade/echo[d0,g0,v3]',
    ]);
    const ctx = cases[0].block.context;
    expect([ctx.number, ctx.timestamp, ctx.coinbase, ctx.gasLimit, ctx.baseFee, ctx.chainId]).toEqual([1n, 1000n, COINBASE, 0xff112233445566n, 10n, 1n]);
    expect(hex(ctx.prevrandao)).toBe(env.currentRandom);
    expect(ctx.blobBaseFee).toBe(blobBaseFeeOf(0n));
    expect(hex(ctx.parentHash)).toBe('0x' + '00'.repeat(32));
    expect(cases[0].block.transactions.map(hex)).toEqual(['0xabcdef']);
    expect(cases[1].expectException).toBe('TransactionException.INTRINSIC_GAS_TOO_LOW');
    expect(loadStateTests(folder, /g1/).map((c) => c.id)).toEqual(['stHandmade/echo[d0,g1,v0]']);
  });

  it('judges each case: pass, root mismatch, logs mismatch, unexpected and missing rejection', async () => {
    const results = [];
    for (const c of loadStateTests(folder)) results.push(await runStateCase(c, { target: 'native', guest: ECHO }));
    expect(results.map((r) => [r.pass, r.failure])).toEqual([
      [true, undefined],
      [true, undefined],
      [false, 'root mismatch'],
      [false, 'logs mismatch'],
      [false, 'unexpected rejection'],
      [false, 'expected rejection'],
    ]);
    expect(results[4].message).toBe('the guest rejected it (MALFORMED)');
    expect(results[5].message).toBe('expected a rejection (TransactionException.NONCE_IS_MAX), the transaction succeeded');
  }, 120_000);

  it('a malformed test file is an error naming the file, test and field', () => {
    expect(() => loadStateTests(join(dir, 'broken.json'))).toThrow(StateTestFormatError);
    expect(() => loadStateTests(join(dir, 'broken.json'))).toThrow(/broken\.json: t: pre\.0x12: not an address/);
  });

  it('zkos statetest prints the table, exits 1 on failures, 0 when all selected pass; --json', () => {
    const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');
    const zkos = (...args: string[]) => spawnSync(process.execPath, [ZKOS, 'statetest', ...args, '--guest', ECHO], { encoding: 'utf8' });
    const all = zkos(folder);
    expect(all.status).toBe(1);
    expect(all.stdout).toContain('FAIL stHandmade/echo[d0,g1,v0]: root mismatch: state root 0x');
    expect(all.stdout).toMatch(/stHandmade +6 +2 +4 +root mismatch 1, logs mismatch 1, unexpected rejection 1, expected rejection 1/);
    expect(all.stdout).toMatch(/total +6 +2 +4 +33\.3% pass/);
    const some = zkos(folder, '--filter', 'd1|v0\\]$', '--json');
    expect(some.status).toBe(1);
    const report = JSON.parse(some.stdout);
    expect([report.total, report.passed]).toEqual([3, 2]);
    expect(report.categories).toEqual([{ category: 'stHandmade', total: 3, passed: 2, failures: { 'root mismatch': 1 } }]);
    expect(zkos(folder, '--filter', 'g0,v0').status).toBe(0);
    const none = zkos(folder, '--filter', 'nothing');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('no case matches --filter nothing');
    const bad = zkos(join(dir, 'broken.json'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^zkos: error: .*broken\.json: t: pre\.0x12: not an address/);
    // three files over two processes: the same verdicts as in one
    const jobs = JSON.parse(zkos(join(dir, 'jobs'), '--jobs', '2', '--json').stdout);
    expect([jobs.total, jobs.passed]).toEqual([18, 6]);
    expect(jobs.categories[0].failures).toEqual({ 'root mismatch': 3, 'logs mismatch': 3, 'unexpected rejection': 3, 'expected rejection': 3 });
  }, 300_000);
});
