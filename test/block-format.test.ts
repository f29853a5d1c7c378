// The block file (docs/block-format.md): what parses, and bad input — malformed JSON, bad hex, a
// missing field, a value out of range — giving one clear error naming the file and the field path;
// `zkos block` reports it on one line with exit status 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobBaseFeeOf, BlockFormatError, parseBlockFile } from '../oracle/block/format';
import { hex } from './helpers/ethereumjs-state';

const ADDR = '0x095e7baea6a6c7c4c2dfeb977efac326af552d87';
const good = () => ({
  context: {
    number: '0x10',
    timestamp: 1000,
    coinbase: '0x2ADC25665018AA1FE0E6BC666DAC8FC2697FF9BA',
    gasLimit: '30000000',
    baseFee: '0x0a',
    chainId: '1',
    prevrandao: '0x' + '11'.repeat(32),
    blobBaseFee: '1',
    parentHash: '0x' + '22'.repeat(32),
  },
  transactions: ['0xf86b', '0x02aa'],
  pre: { [ADDR]: { balance: '0x0de0b6b3a7640000', nonce: '0x01', code: '0x6001', storage: { '0x00': '0x01', '2': '0x0100' } } },
  blockHashes: { '15': '0x' + '33'.repeat(32) },
});

function errorOf(data: unknown): string {
  try {
    parseBlockFile(typeof data === 'string' ? data : JSON.stringify(data), 'block.json');
  } catch (e) {
    expect(e).toBeInstanceOf(BlockFormatError);
    return (e as Error).message;
  }
  throw new Error('expected a BlockFormatError');
}

describe('parseBlockFile', () => {
  it('reads every field (hex and decimal numbers, mixed-case addresses)', () => {
    const b = parseBlockFile(JSON.stringify(good()), 'block.json');
    expect(b.context.number).toBe(16n);
    expect(b.context.timestamp).toBe(1000n);
    expect(b.context.coinbase).toBe('0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba');
    expect(b.context.gasLimit).toBe(30_000_000n);
    expect(b.context.baseFee).toBe(10n);
    expect(hex(b.context.prevrandao)).toBe('0x' + '11'.repeat(32));
    expect(b.transactions.map(hex)).toEqual(['0xf86b', '0x02aa']);
    const a = b.pre.get(ADDR)!;
    expect([a.balance, a.nonce, hex(a.code)]).toEqual([10n ** 18n, 1n, '0x6001']);
    expect([...a.storage].sort((x, y) => Number(x[0] - y[0]))).toEqual([[0n, 1n], [2n, 256n]]);
    expect(hex(b.blockHashes.get(15n)!)).toBe('0x' + '33'.repeat(32));
  });

  it('computes the blob base fee from excessBlobGas by EIP-4844 fake_exponential', () => {
    const j = good() as Record<string, any>;
    delete j.context.blobBaseFee;
    j.context.excessBlobGas = '0x0';
    expect(parseBlockFile(JSON.stringify(j), 'b').context.blobBaseFee).toBe(1n);
    // worked values: e^(x / 3338477) floored, for x = 10 * 3338477 → 22026 (e^10 = 22026.47)
    expect(blobBaseFeeOf(10n * 3338477n)).toBe(22026n);
    expect(blobBaseFeeOf(3338477n)).toBe(2n); // e = 2.718
  });

  it('names the file and reason for malformed JSON', () => {
    expect(errorOf('{ "context": ')).toMatch(/^block\.json: not valid JSON: /);
  });

  it('names the field path for bad hex, a bad quantity, a missing field, out-of-range numbers', () => {
    const j = good() as Record<string, any>;
    j.pre[ADDR].balance = '0xzz';
    expect(errorOf(j)).toBe(`block.json: pre.${ADDR}.balance: not a hex quantity or decimal number: "0xzz"`);
    const k = good() as Record<string, any>;
    k.pre[ADDR].code = '0x123';
    expect(errorOf(k)).toBe(`block.json: pre.${ADDR}.code: odd number of hex digits (3)`);
    const m = good() as Record<string, any>;
    delete m.context.gasLimit;
    expect(errorOf(m)).toBe('block.json: context.gasLimit: missing');
    const n = good() as Record<string, any>;
    n.context.number = '0x10000000000000000';
    expect(errorOf(n)).toMatch(/^block\.json: context\.number: .* is too large \(at most 2\^64 - 1\)$/);
    const t = good() as Record<string, any>;
    t.transactions[1] = '0xgg';
    expect(errorOf(t)).toBe('block.json: transactions[1]: not hex bytes: "0xgg"');
    const s = good() as Record<string, any>;
    s.pre[ADDR].storage = { '0x01': -1 };
    expect(errorOf(s)).toBe(`block.json: pre.${ADDR}.storage.0x01: not a non-negative integer: -1`);
    const p = good() as Record<string, any>;
    p.pre = { '0x1234': {} };
    expect(errorOf(p)).toBe('block.json: pre.0x1234: not an address (0x + 40 hex digits): "0x1234"');
    const h = good() as Record<string, any>;
    h.context.parentHash = '0x' + '22'.repeat(33);
    expect(errorOf(h)).toMatch(/^block\.json: context\.parentHash: .* is too large/);
    expect(errorOf([])).toBe('block.json: expected an object, got an array');
    const u = good() as Record<string, any>;
    u.context.gas_limit = 1;
    expect(errorOf(u)).toMatch(/^block\.json: context\.gas_limit: unknown field/);
  });
});

describe('zkos block on bad input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkos-block-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');
  const zkos = (...args: string[]) => spawnSync(process.execPath, [ZKOS, ...args], { encoding: 'utf8' });

  it('exits 2 with one line naming the file and field; never a stack trace', () => {
    const j = good() as Record<string, any>;
    j.pre[ADDR].nonce = 'one';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(j));
    const r = zkos('block', file);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`zkos: error: ${file}: pre.${ADDR}.nonce: not a hex quantity or decimal number: "one"`);
    const missing = zkos('block', join(dir, 'nothing.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    expect(missing.stderr).toContain('no such file');
    writeFileSync(join(dir, 'broken.json'), '{');
    const broken = zkos('block', join(dir, 'broken.json'));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json: not valid JSON/);
    expect(zkos('block', file, '--target', 'x86').status).toBe(2);
    expect(zkos('statetest', dir, '--filter', '(').status).toBe(2);
    for (const x of [r, missing, broken]) expect(x.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  }, 120_000);
});
