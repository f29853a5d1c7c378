// The bootloader end to end (guest/bootloader/main.ts with the System, the runner and the EVM), run
// natively on blocks built here: valid transactions of every type, a creation, a refund, a revert,
// calls to precompiles and transactions rejected for each reason the reference can express. The
// reference is @ethereumjs/vm (oracle/reference/ethereumjs.ts): per-transaction status, gas used,
// created address and the post-state root must agree. Blob transactions and malformed bytes (which
// the reference cannot decode) are checked against values computed here.
import { Common, Hardfork, Mainnet, createCustomCommon } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { createAccessList2930Tx, createBlob4844Tx, createFeeMarket1559Tx, createLegacyTx } from '@ethereumjs/tx';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { blockFromJson } from '../oracle/block/format';
import { runBlock } from '../oracle/block/run';
import { runReference, type ReferenceBlockFile } from '../oracle/reference/ethereumjs';

type Hex = `0x${string}`;
const hex = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString('hex')}`;
const be32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const addressOf = (sk: Uint8Array): Hex => hex(keccak_256(secp256k1.getPublicKey(sk, false).slice(1)).slice(12));

const [KA, KB, KC, KD] = [be32(0xa11cen), be32(0xb0bn), be32(0xc4a5en), be32(0xdeadn)];
const [A, B, C, D] = [addressOf(KA), addressOf(KB), addressOf(KC), addressOf(KD)];
const rep = (byte: string, n: number): Hex => `0x${byte.repeat(n)}`;
const REFUNDER = rep('10', 20); // SSTORE(0, 0) on a non-zero slot: a refund
const REVERTER = rep('20', 20);
const LOGGER = rep('30', 20); // LOG1 then STOP
const COINBASE = rep('c0', 20);
const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
const otherChain = createCustomCommon({ chainId: 5 }, Mainnet, { hardfork: Hardfork.Cancun });
const blobCommon = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun, customCrypto: { kzg: {} as never } });

function context(gasLimit = 1_000_000n) {
  return {
    number: '0x10',
    timestamp: '0x65000000',
    coinbase: COINBASE,
    gasLimit: '0x' + gasLimit.toString(16),
    baseFee: '0x7',
    chainId: '0x1',
    prevrandao: '0x' + '11'.repeat(32),
    blobBaseFee: '0x3',
    parentHash: '0x' + '22'.repeat(32),
  };
}

const PRE = {
  [A]: { balance: '0x' + (10n ** 20n).toString(16), nonce: '0x0' },
  [B]: { balance: '0x' + (10n ** 20n).toString(16), nonce: '0x5' },
  [C]: { balance: '0x' + (21_000n * 7n).toString(16), nonce: '0x0' }, // exactly one plain transfer at 7 wei/gas
  [D]: { balance: '0x' + (10n ** 20n).toString(16), nonce: '0x0', code: '0x00' }, // a sender with code (EIP-3607)
  [REFUNDER]: { balance: '0x0', code: '0x600060005500', storage: { '0x0': '0x1' } },
  [REVERTER]: { balance: '0x0', code: '0x60006000fd' },
  [LOGGER]: { balance: '0x0', code: '0x7f' + 'ab'.repeat(32) + '60206000a100' },
};

/** A legacy transaction without EIP-155 (v = 27/28), signed here. */
function preEip155(fields: { nonce: bigint; gasPrice: bigint; gasLimit: bigint; to: Hex; value: bigint; data?: Hex }, key: Uint8Array): Uint8Array {
  const big = (x: bigint) => (x === 0n ? new Uint8Array(0) : Buffer.from(x.toString(16).padStart(Math.ceil(x.toString(16).length / 2) * 2, '0'), 'hex'));
  const list = [big(fields.nonce), big(fields.gasPrice), big(fields.gasLimit), Buffer.from(fields.to.slice(2), 'hex'), big(fields.value), Buffer.from((fields.data ?? '0x').slice(2), 'hex')];
  const sig = secp256k1.sign(keccak_256(RLP.encode(list)), key, { prehash: false, format: 'recovered' });
  return RLP.encode([...list, big(27n + BigInt(sig[0]!)), sig.slice(1, 33), sig.slice(33, 65)]);
}

/** A blob transaction signed here (ethereumjs refuses zero hashes and other versions). */
function rawBlob(nonce: bigint, hashes: Hex[], key: Uint8Array): Uint8Array {
  const big = (x: bigint) => (x === 0n ? new Uint8Array(0) : Buffer.from(x.toString(16).padStart(Math.ceil(x.toString(16).length / 2) * 2, '0'), 'hex'));
  const fields = [big(1n), big(nonce), big(1n), big(10n), big(21_000n), Buffer.from(B.slice(2), 'hex'), big(0n), new Uint8Array(0), [], big(3n), hashes.map((h) => Buffer.from(h.slice(2), 'hex'))];
  const payload = Uint8Array.from([3, ...RLP.encode(fields)]);
  const sig = secp256k1.sign(keccak_256(payload), key, { prehash: false, format: 'recovered' });
  return Uint8Array.from([3, ...RLP.encode([...fields, big(BigInt(sig[0]!)), sig.slice(1, 33), sig.slice(33, 65)])]);
}

const INIT_CODE: Hex = '0x60fe60005360016000f3'; // deploys the one-byte code 0xfe
const ECRECOVER_INPUT: Hex = `0x${[
  '456e9aea5e197a1f1af7a3e85a3212fa4049a3ba34c2289b4c860fc0b0c64ef3',
  '000000000000000000000000000000000000000000000000000000000000001c',
  '9242685bf161793cc25603c231bc2f568eb630ea16aa137d2664ac8038825608',
  '4f8ae3bd7535248d0bd448298cc2e2071e56992d0774dc340c368ae950852ada',
].join('')}`;

describe('guest/bootloader/main.ts against @ethereumjs/vm', () => {
  it('one block: every type, create, refund, revert, logs, precompiles and rejections', async () => {
    const legacy = (nonce: bigint, to: Hex | undefined, extra: Record<string, unknown> = {}, key = KA, c = common) =>
      createLegacyTx({ nonce, gasPrice: 10n, gasLimit: 100_000n, to, value: 1000n, ...extra }, { common: c }).sign(key).serialize();
    const txs: [Uint8Array, string | undefined][] = [
      [preEip155({ nonce: 0n, gasPrice: 9n, gasLimit: 21_000n, to: B, value: 5n }, KA), undefined],
      [legacy(1n, B), undefined],
      [createAccessList2930Tx({ chainId: 1n, nonce: 2n, gasPrice: 8n, gasLimit: 60_000n, to: REFUNDER, accessList: [{ address: REFUNDER, storageKeys: [rep('00', 32)] }, { address: C, storageKeys: [] }] }, { common }).sign(KA).serialize(), undefined],
      [createFeeMarket1559Tx({ nonce: 3n, maxFeePerGas: 20n, maxPriorityFeePerGas: 2n, gasLimit: 100_000n, data: INIT_CODE, value: 77n }, { common }).sign(KA).serialize(), undefined],
      [createFeeMarket1559Tx({ nonce: 4n, maxFeePerGas: 8n, maxPriorityFeePerGas: 5n, gasLimit: 50_000n, to: REVERTER }, { common }).sign(KA).serialize(), undefined],
      [createFeeMarket1559Tx({ nonce: 5n, maxFeePerGas: 100n, maxPriorityFeePerGas: 100n, gasLimit: 50_000n, to: LOGGER, value: 3n }, { common }).sign(KA).serialize(), undefined],
      [legacy(6n, '0x0000000000000000000000000000000000000002', { data: '0x616263' }), undefined],
      [legacy(7n, '0x0000000000000000000000000000000000000003', { data: '0x616263' }), undefined],
      [legacy(8n, '0x0000000000000000000000000000000000000001', { data: ECRECOVER_INPUT }), undefined],
      [legacy(9n, '0x0000000000000000000000000000000000000004', { data: '0x0102', gasLimit: 21_049n }), undefined], // 17 gas left: identity needs 18
      [createFeeMarket1559Tx({ nonce: 5n, maxFeePerGas: 7n, maxPriorityFeePerGas: 0n, gasLimit: 21_000n, to: A, value: 1n }, { common }).sign(KB).serialize(), undefined],
      // rejections
      [legacy(11n, B), 'NONCE_TOO_HIGH'],
      [legacy(4n, B, {}, KB), 'NONCE_TOO_LOW'],
      [legacy(0n, A, { gasLimit: 21_000n }, KC), 'INSUFFICIENT_FUNDS'],
      [legacy(10n, B, { gasLimit: 20_999n }), 'INTRINSIC_GAS_TOO_LOW'],
      [legacy(0n, B, {}, KD), 'SENDER_NOT_EOA'],
      [legacy(10n, B, { gasLimit: 2_000_000n }), 'GAS_LIMIT_EXCEEDS_BLOCK'],
      [legacy(10n, B, { gasPrice: 6n }), 'FEE_CAP_BELOW_BASE_FEE'],
      // after the rejections, A's nonce is still 10
      [legacy(10n, C, { value: 0n, gasLimit: 21_000n }), undefined],
      [legacy(0n, A, { value: 0n, gasLimit: 21_000n, gasPrice: 7n }, KC), undefined], // C spends exactly its balance
    ];
    const file: ReferenceBlockFile = { context: context(), transactions: txs.map(([t]) => hex(t)), pre: PRE };
    const [ours, ref] = await Promise.all([runBlock(blockFromJson(file, 'test block'), { target: 'native' }), runReference(file)]);
    expect(ours.problem).toBeUndefined();
    expect(ours.ok).toBe(true);
    const status = ['failed', 'succeeded', 'rejected'];
    for (const [i, [, reason]] of txs.entries()) {
      const [a, b] = [ours.transactions[i]!, ref.txs[i]!];
      const label = `tx ${i} (reference: ${b.error ?? 'ok'})`;
      expect(a.status, label).toBe(status[b.status]);
      expect(a.gasUsed, label).toBe(b.gasUsed);
      expect(a.created, label).toBe(b.status === 1 ? b.created : undefined);
      expect(a.reason, label).toBe(reason);
      if (b.status === 1) expect(a.logs.length, label).toBe(b.logs.length);
    }
    // the block exercises what it says: a creation, a revert, a log, an out-of-gas precompile, 7 rejections
    expect(ref.txs[3]!.created).toMatch(/^0x[0-9a-f]{40}$/);
    expect([ref.txs[4]!.status, ref.txs[9]!.status, ref.txs[5]!.logs.length]).toEqual([0, 0, 1]);
    expect(ref.txs.filter((t) => t.status === 2).length).toBe(7);
    expect(ours.gasUsed).toBe(ref.gasUsed);
    expect(hex(ours.stateRoot)).toBe(ref.stateRoot);
  }, 300_000);
});

describe('guest/bootloader/main.ts against @ethereumjs/vm: random blocks', () => {
  /** xorshift64* so failures reproduce */
  function rng(seed: bigint) {
    let x = seed;
    const next = () => {
      x ^= x >> 12n;
      x ^= (x << 25n) & 0xffffffffffffffffn;
      x ^= x >> 27n;
      return (x * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
    };
    return { int: (n: number) => Number(next() % BigInt(n)), big: (n: bigint) => next() % n };
  }

  it('random fees, values, nonces, gas limits and data: statuses, gas and the state root agree', async () => {
    for (const seed of [1n, 2n, 3n]) {
      const r = rng(seed * 7919n);
      const keys = [KA, KB];
      const nonces = new Map<Uint8Array, bigint>([[KA, 0n], [KB, 5n]]);
      const txs: Uint8Array[] = [];
      for (let i = 0; i < 14; i++) {
        const key = keys[r.int(2)]!;
        // one in four is made invalid on purpose (and does not use up its nonce)
        const bad = r.int(4) === 0 ? ['nonce+1', 'nonce-1', 'fee', 'gas', 'value'][r.int(5)]! : '';
        let nonce = nonces.get(key)!;
        if (bad === 'nonce+1') nonce += 1n;
        if (bad === 'nonce-1') nonce = nonce === 0n ? 1n : nonce - 1n;
        const to = ([B, REFUNDER, REVERTER, LOGGER, undefined, '0x0000000000000000000000000000000000000002'] as const)[r.int(6)];
        const data: Hex = to === undefined ? (r.int(2) ? INIT_CODE : '0x00') : `0x${Array.from({ length: r.int(40) }, () => (r.int(3) ? '00' : 'a5')).join('')}`;
        const value = bad === 'value' ? 10n ** 21n : [0n, 1n, r.big(10n ** 18n)][r.int(3)]!;
        const fee = bad === 'fee' ? 6n : [7n, 8n, 30n, 7n + r.big(1000n)][r.int(4)]!;
        const type = r.int(3);
        const accessList = r.int(2) ? [{ address: REFUNDER, storageKeys: [rep('00', 32)] }] : [];
        const tip = r.big(fee + 1n);
        const make = (gasLimit: bigint) =>
          type === 0
            ? createLegacyTx({ nonce, gasPrice: fee, gasLimit, to, value, data }, { common })
            : type === 1
              ? createAccessList2930Tx({ chainId: 1n, nonce, gasPrice: fee, gasLimit, to, value, data, accessList }, { common })
              : createFeeMarket1559Tx({ nonce, maxFeePerGas: fee, maxPriorityFeePerGas: tip, gasLimit, to, value, data }, { common });
        const intrinsic = make(1_000_000n).getIntrinsicGas();
        const gasLimit = bad === 'gas' ? intrinsic - 1n : intrinsic + [0n, 100n, 5_000n, 60_000n][r.int(4)]!;
        txs.push(make(gasLimit).sign(key).serialize());
        if (!bad) nonces.set(key, nonce + 1n);
      }
      const file: ReferenceBlockFile = { context: context(30_000_000n), transactions: txs.map(hex), pre: PRE };
      const [ours, ref] = await Promise.all([runBlock(blockFromJson(file, `random block ${seed}`), { target: 'native' }), runReference(file)]);
      expect(ours.problem, `seed ${seed}`).toBeUndefined();
      const status = ['failed', 'succeeded', 'rejected'];
      for (let i = 0; i < txs.length; i++) {
        const [a, b] = [ours.transactions[i]!, ref.txs[i]!];
        const label = `seed ${seed} tx ${i} (reference: ${b.error ?? 'ok'}; ours: ${a.reason ?? a.status})`;
        expect(a.status, label).toBe(status[b.status]);
        expect(a.gasUsed, label).toBe(b.gasUsed);
      }
      expect(hex(ours.stateRoot), `seed ${seed}`).toBe(ref.stateRoot);
      // a mix: most transactions included, some rejected
      expect(ref.txs.filter((t) => t.status !== 2).length, `seed ${seed}`).toBeGreaterThan(7);
    }
  }, 300_000);
});

describe('guest/bootloader/main.ts: what the reference cannot decode', () => {
  it('malformed bytes and unknown types are rejected, blob transactions charge blob gas', async () => {
    const blob = (nonce: bigint, hashes: Hex[], to: Hex = B, maxFeePerBlobGas = 3n) =>
      createBlob4844Tx({ nonce, to, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n, gasLimit: 21_000n, maxFeePerBlobGas, blobVersionedHashes: hashes }, { common: blobCommon }).sign(KA).serialize();
    const H: Hex = `0x01${'33'.repeat(31)}`;
    const good = createFeeMarket1559Tx({ nonce: 1n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n, gasLimit: 21_000n, to: B }, { common }).sign(KA).serialize();
    const txs: [Uint8Array, string, string | undefined][] = [
      [Uint8Array.from([0x12, 0x34]), 'rejected', 'UNSUPPORTED_TYPE'],
      [Uint8Array.from([0xc0]), 'rejected', 'MALFORMED'],
      [good.slice(0, good.length - 2), 'rejected', 'MALFORMED'],
      [blob(0n, [H, H]), 'succeeded', undefined],
      [blob(1n, [H], B, 2n), 'rejected', 'BLOB_FEE_CAP_TOO_LOW'],
      [rawBlob(1n, [], KA), 'rejected', 'INVALID_BLOBS'],
      [rawBlob(1n, [`0x02${'33'.repeat(31)}`], KA), 'rejected', 'INVALID_BLOBS'],
      [rawBlob(1n, Array(7).fill(H), KA), 'rejected', 'INVALID_BLOBS'],
      [createLegacyTx({ nonce: 1n, gasPrice: 10n, gasLimit: 21_000n, to: B }, { common: otherChain }).sign(KA).serialize(), 'rejected', 'WRONG_CHAIN_ID'],
      [good, 'succeeded', undefined],
      [blob(2n, [H, H, H, H]), 'succeeded', undefined], // 6 blobs in the block: full
      [blob(3n, [H]), 'rejected', 'INVALID_BLOBS'],
    ];
    const file = { context: context(), transactions: txs.map(([t]) => hex(t)), pre: PRE };
    const ours = await runBlock(blockFromJson(file, 'test block'), { target: 'native' });
    expect(ours.problem).toBeUndefined();
    for (const [i, [, st, reason]] of txs.entries()) {
      expect(ours.transactions[i]!.status, `tx ${i}`).toBe(st);
      expect(ours.transactions[i]!.reason, `tx ${i}`).toBe(reason);
    }
    // A paid: 3 × 21000 gas at min(10, 7 + 1) = 8, 6 × 131072 blob gas at 3, no value
    const a = ours.postState.account(A)!;
    expect(a.nonce).toBe(3n);
    expect(a.balance).toBe(10n ** 20n - 3n * 21_000n * 8n - 6n * 131_072n * 3n);
    // the coinbase got the priority fee 1 per gas of all three
    expect(ours.postState.account(COINBASE)!.balance).toBe(3n * 21_000n);
  }, 300_000);
});
