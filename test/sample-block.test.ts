// The sample blocks (programs/blocks/*.json, made by scripts/make-sample-block.mjs from
// programs/solidity/Token.sol): the files are up to date and well formed, @ethereumjs/vm runs them
// with the expected statuses, gas, logs, balances and a pinned state root, and — once the guest OS
// runs blocks — the guest's results equal the reference's on all three blocks.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { createTxFromRLP } from '@ethereumjs/tx';
import { describe, expect, it } from 'vitest';
import { hasTool } from '../toolchain/llvm';
import { runReference, type ReferenceBlockFile, type ReferenceResult } from '../oracle/reference/ethereumjs';
import { parseBlockFile } from '../oracle/block/format';
import { runBlock } from '../oracle/block/run';

const ROOT = join(__dirname, '..');
const BLOCKS = ['sample', 'transfers', 'erc20'] as const;
const blockText = (name: string) => readFileSync(join(ROOT, `programs/blocks/${name}.json`), 'utf8');
const blockFile = (name: string) => JSON.parse(blockText(name)) as ReferenceBlockFile;

// ---- independent helpers (@noble only) ---------------------------------------------------------

const ETH = 10n ** 18n;
const GWEI = 10n ** 9n;
const keyOf = (i: number) => keccak_256(utf8ToBytes(`zkos-ts test key ${i}`));
const addressOfKey = (key: Uint8Array) => '0x' + bytesToHex(keccak_256(secp256k1.getPublicKey(key, false).slice(1)).slice(12));
const pad32 = (hex: string) => hex.replace(/^0x/, '').padStart(64, '0');
const slotOf = (...words: string[]) => '0x' + bytesToHex(keccak_256(hexToBytes(words.map(pad32).join(''))));
const balanceSlot = (owner: string) => slotOf(owner, '1');
const allowanceSlot = (owner: string, spender: string) => slotOf(spender, slotOf(owner, '2'));
/** keccak256(rlp([sender, nonce]))[12..] for a nonce below 128 (one RLP byte, 0x80 for zero). */
const createdAddress = (sender: string, nonce: number) =>
  '0x' + bytesToHex(keccak_256(hexToBytes('d694' + sender.slice(2) + (nonce === 0 ? '80' : nonce.toString(16).padStart(2, '0')))).slice(12));
const TRANSFER_TOPIC = '0x' + bytesToHex(keccak_256(utf8ToBytes('Transfer(address,address,uint256)')));
const APPROVAL_TOPIC = '0x' + bytesToHex(keccak_256(utf8ToBytes('Approval(address,address,uint256)')));

const [alice, bob, carol, dave] = [0, 1, 2, 3].map((i) => addressOfKey(keyOf(i)));

describe('sample block files', () => {
  it('Token.json was compiled from the committed Token.sol with solc 0.8.28, optimizer on, cancun', () => {
    const token = JSON.parse(readFileSync(join(ROOT, 'programs/solidity/Token.json'), 'utf8'));
    const source = readFileSync(join(ROOT, 'programs/solidity/Token.sol'));
    expect(token.sourceKeccak256).toBe('0x' + bytesToHex(keccak_256(source)));
    expect(token.compiler).toMatch(/^solc 0\.8\.28\+commit\./);
    expect(token.settings).toEqual({ optimizer: { enabled: true, runs: 200 }, evmVersion: 'cancun' });
    expect(token.runtimeBytecode.length).toBeGreaterThan(100);
    expect(token.creationBytecode).toContain(token.runtimeBytecode.slice(2));
    expect(token.abi.map((e: { name?: string }) => e.name)).toEqual(expect.arrayContaining(['transfer', 'approve', 'transferFrom', 'Transfer', 'Approval']));
  });

  it('the script regenerates every committed file byte for byte (deterministic and up to date)', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'scripts/make-sample-block.mjs'), '--check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain('all files up to date');
  });

  it.each(BLOCKS)('%s.json parses with the block-file parser (oracle/block/format.ts)', (name) => {
    const block = parseBlockFile(blockText(name), `${name}.json`);
    expect(block.transactions.length).toBe(name === 'sample' ? 11 : 50);
    expect(block.context.chainId).toBe(1n);
  });

  it('sample.json has legacy EIP-155, EIP-2930 and EIP-1559 transactions from funded test keys', () => {
    const file = blockFile('sample');
    const txs = file.transactions.map((raw) => createTxFromRLP(hexToBytes(raw.slice(2))));
    expect(new Set(txs.map((t) => t.type))).toEqual(new Set([0, 1, 2]));
    const legacy = txs.find((t) => t.type === 0)!;
    expect(legacy.v).toBeGreaterThanOrEqual(37n); // EIP-155: v = chainId * 2 + 35 + parity
    const senders = txs.map((t) => t.getSenderAddress().toString());
    expect(new Set(senders)).toEqual(new Set([alice, bob, carol, dave]));
    for (const a of [alice, bob, carol]) expect(BigInt(file.pre[a].balance!)).toBe(100n * ETH);
    expect(file.pre[dave]).toBeUndefined(); // dave is paid in the block before he sends
  });
});

describe('reference (@ethereumjs/vm) on the sample block', async () => {
  const file = blockFile('sample');
  const ref = await runReference(file);
  const token = createdAddress(alice, 1);

  it('statuses: everything succeeds but the over-balance ERC-20 transfer (index 9), which reverts', () => {
    expect(ref.txs.map((t) => t.status)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1]);
    expect(ref.txs[9].error).toBe('revert');
    expect(ref.txs[9].logs).toEqual([]);
  });

  it('gas: plain transfers 21,000, the EIP-2930 transfer 21,000 + 2,400 per listed address, the rest pinned', () => {
    expect([0, 2, 10].map((i) => ref.txs[i].gasUsed)).toEqual([21_000n, 21_000n, 21_000n]);
    expect(ref.txs[1].gasUsed).toBe(23_400n);
    for (const i of [4, 5, 6, 7, 8]) {
      expect(ref.txs[i].gasUsed).toBeGreaterThan(21_000n);
      expect(ref.txs[i].gasUsed).toBeLessThan(80_000n);
    }
    expect(ref.txs.map((t) => Number(t.gasUsed))).toEqual([21000, 23400, 21000, 418439, 51533, 51533, 36633, 46163, 40355, 24454, 21000]);
    expect(ref.gasUsed).toBe(ref.txs.reduce((s, t) => s + t.gasUsed, 0n));
  });

  it('the deployment creates the contract at keccak256(rlp([alice, 1])) and logs the mint', () => {
    expect(ref.txs[3].created).toBe(token);
    expect(ref.txs[3].logs).toEqual([{ address: token, topics: [TRANSFER_TOPIC, '0x' + pad32('0'), '0x' + pad32(alice)], data: '0x' + pad32((1_000_000n * ETH).toString(16)) }]);
  });

  it('ERC-20 logs: Transfer(from, to, value) and Approval(owner, spender, value)', () => {
    const transfer = (from: string, to: string, v: bigint) => ({ address: token, topics: [TRANSFER_TOPIC, '0x' + pad32(from), '0x' + pad32(to)], data: '0x' + pad32(v.toString(16)) });
    expect(ref.txs[4].logs).toEqual([transfer(alice, bob, 1000n * ETH)]);
    expect(ref.txs[5].logs).toEqual([transfer(alice, carol, 500n * ETH)]);
    expect(ref.txs[6].logs).toEqual([transfer(bob, carol, 100n * ETH)]);
    expect(ref.txs[7].logs).toEqual([{ address: token, topics: [APPROVAL_TOPIC, '0x' + pad32(bob), '0x' + pad32(dave)], data: '0x' + pad32((300n * ETH).toString(16)) }]);
    expect(ref.txs[8].logs).toEqual([transfer(bob, alice, 200n * ETH)]);
  });

  it('ERC-20 state after the block, read from the mapping slots computed with keccak', async () => {
    expect(await ref.storage(token, 0n)).toBe(1_000_000n * ETH);
    expect(await ref.storage(token, balanceSlot(alice))).toBe((1_000_000n - 1000n - 500n + 200n) * ETH);
    expect(await ref.storage(token, balanceSlot(bob))).toBe((1000n - 100n - 200n) * ETH);
    expect(await ref.storage(token, balanceSlot(carol))).toBe(600n * ETH);
    expect(await ref.storage(token, balanceSlot(dave))).toBe(0n);
    expect(await ref.storage(token, allowanceSlot(bob, dave))).toBe(100n * ETH);
  });

  it('ETH balances: value moved, fees at the effective gas price (2 gwei), priority fee (1 gwei/gas) to the coinbase', async () => {
    const fee = (i: number) => ref.txs[i].gasUsed * 2n * GWEI;
    const balance = async (a: string) => (await ref.account(a))!.balance;
    expect(await balance(alice)).toBe(100n * ETH - ETH + ETH / 4n - [0, 3, 4, 5].reduce((s, i) => s + fee(i), 0n));
    expect(await balance(bob)).toBe(100n * ETH - ETH / 2n - [1, 6, 7].reduce((s, i) => s + fee(i), 0n));
    expect(await balance(carol)).toBe(100n * ETH + ETH / 2n - ETH / 4n - fee(2) - fee(9));
    expect(await balance(dave)).toBe(ETH - fee(8) - ETH / 10n - fee(10));
    expect(await balance(file.context.coinbase)).toBe(ref.gasUsed * GWEI);
    expect((await ref.account(alice))!.nonce).toBe(4n);
  });

  it('the post-state root is stable (pinned) and the same on a second run', async () => {
    expect(ref.stateRoot).toBe('0x293f724f2430439f86b667dc6b75b1ec06f2a206c47ec6c420871678d5938411');
    expect((await runReference(file)).stateRoot).toBe(ref.stateRoot);
  });
});

describe('reference (@ethereumjs/vm) on the benchmark blocks', () => {
  it('transfers.json: 50 ETH transfers of 21,000 gas each, every recipient paid', async () => {
    const file = blockFile('transfers');
    const ref = await runReference(file);
    expect(ref.txs.map((t) => [t.status, t.gasUsed])).toEqual(Array.from({ length: 50 }, () => [1, 21_000n]));
    const txs = file.transactions.map((raw) => createTxFromRLP(hexToBytes(raw.slice(2))));
    for (const t of txs) expect((await ref.account(t.to!.toString()))!.balance).toBe(t.value);
    expect(ref.stateRoot).toBe('0xb485dc0558cae6cf4a9e4f177698b7852f1d7b76421eefe259f9df5580552b96');
  });

  it('erc20.json: 50 ERC-20 transfers succeed; each recipient balance and each holder balance is right', async () => {
    const file = blockFile('erc20');
    const ref = await runReference(file);
    expect(ref.txs.every((t) => t.status === 1 && t.logs.length === 1)).toBe(true);
    const tokenAddr = Object.keys(file.pre).find((a) => file.pre[a].code && file.pre[a].code !== '0x')!;
    const sent = new Map<string, bigint>();
    for (const raw of file.transactions) {
      const t = createTxFromRLP(hexToBytes(raw.slice(2)));
      const data = bytesToHex(t.data);
      expect(data.slice(0, 8)).toBe(bytesToHex(keccak_256(utf8ToBytes('transfer(address,uint256)')).slice(0, 4)));
      const to = '0x' + data.slice(8 + 24, 8 + 64);
      const value = BigInt('0x' + data.slice(8 + 64));
      expect(await ref.storage(tokenAddr, balanceSlot(to))).toBe(value);
      const from = t.getSenderAddress().toString();
      sent.set(from, (sent.get(from) ?? 0n) + value);
    }
    expect(sent.size).toBe(10);
    for (const [from, total] of sent) expect(await ref.storage(tokenAddr, balanceSlot(from))).toBe(1000n * ETH - total);
    expect(ref.stateRoot).toBe('0xfd3efcbb05af9eede872c1821f0d750838feb575b27e73ead4a3ad7099e4a3f1');
  });
});

describe('reference (@ethereumjs/vm): bad input and rejected transactions', () => {
  it('a malformed pre-state field is an error naming the field', async () => {
    const file = blockFile('transfers');
    const [first] = Object.keys(file.pre);
    const bad = { ...file, pre: { ...file.pre, [first]: { ...file.pre[first], balance: 'lots' } } };
    await expect(runReference(bad)).rejects.toThrow(`reference: pre[${first}].balance: not a quantity: "lots"`);
    await expect(runReference({ ...file, transactions: ['0x12zz'] })).rejects.toThrow('reference: transactions[0]: not 0x-hex bytes');
  });

  it('a transaction the VM refuses (nonce too high) is status 2 and the rest of the block still runs', async () => {
    const file = blockFile('transfers');
    // transactions 10..19 are the senders' nonce-1 transfers: without 0..9 their nonces are too high
    const ref = await runReference({ ...file, transactions: [file.transactions[10], file.transactions[0]] });
    expect(ref.txs.map((t) => t.status)).toEqual([2, 1]);
    expect(ref.txs[0].error).toMatch(/nonce/);
    expect(ref.gasUsed).toBe(21_000n);
  });
});

// ---- the guest against the reference -----------------------------------------------------------


/** The guest's results in the reference's terms. */
interface Comparable {
  txs: { status: number; gasUsed: bigint; created?: string; logs: { address: string; topics: string[]; data: string }[] }[];
  gasUsed: bigint;
  stateRoot: string;
}

async function runGuest(name: string, target: 'native' | 'riscv'): Promise<Comparable> {
  const r = await runBlock(parseBlockFile(blockText(name), `${name}.json`), { target });
  expect(r.problem).toBeUndefined();
  expect(r.ok).toBe(true);
  const hex = (v: Uint8Array) => '0x' + bytesToHex(v);
  return {
    txs: r.transactions.map((t) => ({
      status: ['failed', 'succeeded', 'rejected'].indexOf(t.status),
      gasUsed: t.gasUsed,
      ...(t.created ? { created: t.created } : {}),
      logs: t.logs.map((l) => ({ address: l.address, topics: l.topics.map(hex), data: hex(l.data) })),
    })),
    gasUsed: r.gasUsed,
    stateRoot: hex(r.stateRoot),
  };
}

function fromReference(ref: ReferenceResult): Comparable {
  return {
    txs: ref.txs.map((t) => ({ status: t.status, gasUsed: t.gasUsed, ...(t.created ? { created: t.created } : {}), logs: t.logs.map((l) => ({ ...l, topics: [...l.topics] })) })),
    gasUsed: ref.gasUsed,
    stateRoot: ref.stateRoot,
  };
}

describe('the guest OS equals the reference', () => {
  it.each(BLOCKS)('%s.json natively: status, gas used, logs and state root', async (name) => {
    const ref = fromReference(await runReference(blockFile(name)));
    expect(await runGuest(name, 'native')).toEqual(ref);
  }, 300_000);
  it.skipIf(!hasTool('llc'))('sample.json on RISC-V (skipped without LLVM 14): status, gas used, logs and state root', async () => {
    const ref = fromReference(await runReference(blockFile('sample')));
    expect(await runGuest('sample', 'riscv')).toEqual(ref);
  }, 900_000);
});

describe('bench suite `block` (bench/suites/block.ts)', () => {
  it('a guest that did not finish the block becomes an error naming the block, the target and the problem', async () => {
    const { toGuestRun } = await import('../bench/suites/block');
    const failed = { ok: false, target: 'riscv', problem: 'trap: illegal-instruction: at pc 0x10', transactions: [], gasUsed: 0n, wallMs: 1 } as unknown as Parameters<typeof toGuestRun>[1];
    expect(() => toGuestRun('erc20', failed)).toThrow('erc20.json on riscv: the guest did not finish the block: trap: illegal-instruction: at pc 0x10');
    const ok = { ok: true, target: 'native', transactions: [{ status: 'succeeded', gasUsed: 21_000n }, { status: 'failed', gasUsed: 30_000n }, { status: 'rejected', gasUsed: 0n }], gasUsed: 51_000n, wallMs: 2 } as unknown as Parameters<typeof toGuestRun>[1];
    expect(toGuestRun('sample', ok)).toEqual({ statuses: [1, 0, 2], gasUsed: 51_000n, cycles: undefined, effectiveCycles: undefined, seconds: 0.002 });
  });
});
