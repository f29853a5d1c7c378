// The bootloader's transaction code (guest/bootloader/tx/*) against independent references: random
// transactions of every type signed by @ethereumjs/tx (decoded fields, sender, intrinsic gas), raw
// transactions built here with @ethereumjs/rlp and signed with @noble/curves for the edge cases
// (malformed encodings, bad signatures, each validation rule at its boundary, in geth's order).
// Natively through the exports of programs/as/tests/boot-exports.ts.
import { readFileSync, existsSync } from 'node:fs';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import {
  createAccessList2930Tx,
  createBlob4844Tx,
  createFeeMarket1559Tx,
  createLegacyTx,
  createLegacyTxFromRLP,
} from '@ethereumjs/tx';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from './helpers/rng';
import { loadExportGuest } from './helpers/export-guest';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const M = 1n << 256n;

// ---- the rejection reasons (docs/guest-os.md's table) ----
const REASONS = {
  MALFORMED: 1, UNSUPPORTED_TYPE: 2, INVALID_SIGNATURE: 3, WRONG_CHAIN_ID: 4, NONCE_TOO_LOW: 5,
  NONCE_TOO_HIGH: 6, NONCE_OVERFLOW: 7, INSUFFICIENT_FUNDS: 8, INTRINSIC_GAS_TOO_LOW: 9,
  GAS_LIMIT_EXCEEDS_BLOCK: 10, FEE_CAP_BELOW_BASE_FEE: 11, PRIORITY_FEE_ABOVE_FEE_CAP: 12,
  SENDER_NOT_EOA: 13, INIT_CODE_TOO_LARGE: 14, BLOB_FEE_CAP_TOO_LOW: 15, INVALID_BLOBS: 16,
  BLOB_CREATE: 17, VALUE_OVERFLOW: 18,
} as const;

interface Guest {
  mem: () => Uint8Array;
  fn: Record<string, (...args: (number | bigint | boolean)[]) => number & bigint>;
  buf: number;
  info: number;
}

let g: Guest;
beforeAll(async () => {
  const { mem, fn } = await loadExportGuest<Guest['fn']>('programs/as/tests/boot-exports.ts');
  g = { mem, fn, buf: Number(fn.buf!()) >>> 0, info: Number(fn.info!()) >>> 0 };
}, 60_000);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
type Hex = `0x${string}`;
const hex0x = (b: Uint8Array): Hex => `0x${hex(b)}`;
const word = (x: bigint) => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
};
const fromWord = (b: Uint8Array) => b.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
const be32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const addressOfKey = (sk: Uint8Array) => hex(keccak_256(secp256k1.getPublicKey(sk, false).slice(1)).slice(12));

interface Decoded {
  reason: number;
  type: number;
  hasChainId: boolean;
  hasTo: boolean;
  nonce: bigint;
  gasLimit: bigint;
  dataLength: number;
  accessAddresses: number;
  accessKeys: number;
  blobCount: number;
  intrinsic: bigint;
  chainId: bigint;
  maxFee: bigint;
  maxPriorityFee: bigint;
  to: string;
  value: bigint;
  maxFeePerBlobGas: bigint;
  sender: string;
}

function decode(raw: Uint8Array): Decoded {
  g.mem().set(raw, g.buf);
  const reason = Number(g.fn.decode!(g.buf, raw.length));
  const m = g.mem();
  const at = g.info;
  const dv = new DataView(m.buffer, at, 512);
  const w = (o: number) => fromWord(m.slice(at + o, at + o + 32));
  return {
    reason,
    type: dv.getUint32(0, true),
    hasChainId: dv.getUint32(4, true) === 1,
    hasTo: dv.getUint32(12, true) === 1,
    nonce: dv.getBigUint64(16, true),
    gasLimit: dv.getBigUint64(24, true),
    dataLength: dv.getUint32(32, true),
    accessAddresses: dv.getUint32(36, true),
    accessKeys: dv.getUint32(40, true),
    blobCount: dv.getUint32(44, true),
    intrinsic: dv.getBigUint64(48, true),
    chainId: w(64),
    maxFee: w(96),
    maxPriorityFee: w(128),
    to: w(160).toString(16).padStart(40, '0'),
    value: w(192),
    maxFeePerBlobGas: w(224),
    sender: w(256).toString(16).padStart(40, '0'),
  };
}

interface BlockCtx {
  chainId: bigint;
  gasLimit: bigint;
  baseFee: bigint;
  blobBaseFee: bigint;
}
interface Account {
  nonce: bigint;
  balance: bigint;
  hasCode?: boolean;
}
const BLOCK: BlockCtx = { chainId: 1n, gasLimit: 30_000_000n, baseFee: 10n, blobBaseFee: 1n };
const RICH: Account = { nonce: 0n, balance: 10n ** 30n };

/** The bootloader's full check; [reason, effective gas price]. */
function check(raw: Uint8Array, block: BlockCtx = BLOCK, account: Account = RICH): [number, bigint] {
  const m = g.mem();
  const base = g.buf + 0x10000;
  m.set(raw, g.buf);
  m.set(word(block.baseFee), base);
  m.set(word(block.blobBaseFee), base + 32);
  m.set(word(account.balance), base + 64);
  const reason = Number(
    g.fn.check!(g.buf, raw.length, block.chainId, block.gasLimit, base, base + 32, account.nonce, base + 64, account.hasCode ? 1 : 0),
  );
  return [reason, fromWord(g.mem().slice(g.info + 384, g.info + 416))];
}

// ---- raw transactions built and signed here ----

const KEY = be32(0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318n);
const SENDER = addressOfKey(KEY);
type Field = Uint8Array | bigint | string | Field[];
const enc = (f: Field): unknown => {
  if (typeof f === 'bigint') return f === 0n ? new Uint8Array(0) : Buffer.from(f.toString(16).padStart(Math.ceil(f.toString(16).length / 2) * 2, '0'), 'hex');
  if (typeof f === 'string') return Buffer.from(f.replace(/^0x/, ''), 'hex');
  if (Array.isArray(f)) return f.map(enc);
  return f;
};
const rlp = (f: Field) => RLP.encode(enc(f) as never);

interface SignOptions {
  /** override the signature fields */
  yParity?: bigint;
  r?: bigint;
  s?: bigint;
  highS?: boolean;
}

/** A typed transaction: type || rlp([...fields, yParity, r, s]), signed over type || rlp(fields). */
function signTyped(type: number, fields: Field[], key = KEY, opt: SignOptions = {}): Uint8Array {
  const payload = Uint8Array.from([type, ...rlp(fields)]);
  const sig = secp256k1.sign(keccak_256(payload), key, { prehash: false, format: 'recovered' });
  let [rec, r, s] = [BigInt(sig[0]!), BigInt('0x' + hex(sig.slice(1, 33))), BigInt('0x' + hex(sig.slice(33, 65)))];
  if (opt.highS) [rec, s] = [1n - rec, N - s];
  const body = rlp([...fields, opt.yParity ?? rec, opt.r ?? r, opt.s ?? s]);
  return Uint8Array.from([type, ...body]);
}

/** A legacy transaction; chainId undefined: pre-EIP-155 (v = 27/28). */
function signLegacy(fields: Field[], chainId: bigint | undefined, key = KEY, opt: SignOptions & { v?: bigint } = {}): Uint8Array {
  const unsigned = chainId === undefined ? fields : [...fields, chainId, 0n, 0n];
  const sig = secp256k1.sign(keccak_256(rlp(unsigned)), key, { prehash: false, format: 'recovered' });
  const [rec, r, s] = [BigInt(sig[0]!), BigInt('0x' + hex(sig.slice(1, 33))), BigInt('0x' + hex(sig.slice(33, 65)))];
  const v = opt.v ?? (chainId === undefined ? 27n + rec : chainId * 2n + 35n + rec);
  return rlp([...fields, v, opt.r ?? r, opt.s ?? s]);
}

const TO = '0x' + '5a'.repeat(20);
const HASH1 = '0x01' + 'ab'.repeat(31);
/** a 1559 transaction's fields */
const f1559 = (o: { chainId?: bigint; nonce?: bigint; tip?: bigint; maxFee?: bigint; gas?: bigint; to?: string; value?: bigint; data?: string; al?: Field[] } = {}): Field[] => [
  o.chainId ?? 1n, o.nonce ?? 0n, o.tip ?? 1n, o.maxFee ?? 20n, o.gas ?? 100_000n, o.to ?? TO, o.value ?? 5n, o.data ?? '0x', o.al ?? [],
];
/** a blob transaction's fields */
const f4844 = (o: { to?: string; hashes?: string[]; blobFee?: bigint; maxFee?: bigint } = {}): Field[] => [
  1n, 0n, 1n, o.maxFee ?? 20n, 100_000n, o.to ?? TO, 0n, '0x', [], o.blobFee ?? 3n, o.hashes ?? [HASH1],
];

// ---- tests ----

const COMMON = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun, customCrypto: { kzg: {} as never } });
const KEYS = [1n, 2n, 0xdeadbeefn, N - 1n, 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318n].map(be32);

describe('reasons.ts', () => {
  it('agrees with the table of docs/guest-os.md (and oracle/block/reasons.ts when present)', () => {
    const src = readFileSync('guest/bootloader/tx/reasons.ts', 'utf8');
    const fromAs = Object.fromEntries([...src.matchAll(/export const ([A-Z_]+): u32 = (\d+);/g)].map((m) => [m[1]!, Number(m[2])]));
    delete fromAs.OK;
    delete fromAs.MAX_REASON;
    const doc = readFileSync('docs/guest-os.md', 'utf8');
    const fromDoc = Object.fromEntries([...doc.matchAll(/\| (\d+) \| `([A-Z_]+)`/g)].map((m) => [m[2]!, Number(m[1])]));
    expect(Object.keys(fromDoc).length).toBe(18);
    expect(fromAs).toEqual(fromDoc);
    expect(fromAs).toEqual(REASONS);
    if (existsSync('oracle/block/reasons.ts')) {
      const host = readFileSync('oracle/block/reasons.ts', 'utf8');
      for (const [name, code] of Object.entries(fromDoc)) {
        expect(host, name).toMatch(new RegExp(`\\b${code}\\b[^\\n]{0,8}\\b${name}\\b|\\b${name}\\b[^\\n]{0,8}\\b${code}\\b`));
      }
    }
  });
});

describe('decoding and sender recovery against @ethereumjs/tx', () => {
  const r = rng(6n);
  const randomFields = (create: boolean) => {
    const dataLen = r.int(3) === 0 ? 0 : r.int(200);
    const data = r.bytes(dataLen).map((b) => (b < 100 ? 0 : b)); // zero bytes too
    return {
      nonce: r.int(4) === 0 ? 0n : r.big(r.int(64) + 1),
      gasLimit: 21_000n + r.big(24),
      to: create ? undefined : hex0x(r.bytes(20)),
      value: r.int(3) === 0 ? 0n : r.big(r.int(256) + 1),
      data,
    };
  };
  const accessList = () =>
    Array.from({ length: r.int(4) }, () => ({
      address: hex0x(r.bytes(20)),
      storageKeys: Array.from({ length: r.int(4) }, () => hex0x(r.bytes(32))),
    }));

  function compare(raw: Uint8Array, ref: { getSenderAddress(): { toString(): string }; getIntrinsicGas(): bigint }, fields: ReturnType<typeof randomFields>, type: number, label: string) {
    const d = decode(raw);
    expect(d.reason, label).toBe(0);
    expect(d.type, label).toBe(type);
    expect('0x' + d.sender, label).toBe(ref.getSenderAddress().toString());
    expect(d.nonce, label).toBe(fields.nonce);
    expect(d.gasLimit, label).toBe(fields.gasLimit);
    expect(d.value, label).toBe(fields.value);
    expect(d.hasTo, label).toBe(fields.to !== undefined);
    if (fields.to) expect('0x' + d.to, label).toBe(fields.to);
    expect(d.dataLength, label).toBe(fields.data.length);
    expect(d.intrinsic, label).toBe(ref.getIntrinsicGas());
    return d;
  }

  it('legacy with EIP-155 (chain 1) and without (v = 27/28)', () => {
    for (let i = 0; i < 4; i++) {
      const fields = randomFields(i % 2 === 1);
      const gasPrice = r.big(r.int(100) + 1);
      const key = KEYS[i % KEYS.length]!;
      const tx = createLegacyTx({ ...fields, gasPrice }, { common: COMMON }).sign(key);
      const d = compare(tx.serialize(), tx, fields, 0, `155 #${i}`);
      expect(d.hasChainId).toBe(true);
      expect(d.chainId).toBe(1n);
      expect(d.maxFee).toBe(gasPrice);
      expect(d.maxPriorityFee).toBe(gasPrice);
      // pre-155: signed here, parsed by ethereumjs for the reference sender
      const raw = signLegacy([fields.nonce, gasPrice, fields.gasLimit, fields.to ?? '0x', fields.value, fields.data], undefined, key);
      const ref = createLegacyTxFromRLP(raw, { common: COMMON });
      const p = compare(raw, ref, fields, 0, `pre-155 #${i}`);
      expect(p.hasChainId).toBe(false);
      expect('0x' + p.sender).toBe('0x' + addressOfKey(key));
    }
  }, 120_000);

  it('EIP-2930 (type 1) with access lists', () => {
    for (let i = 0; i < 4; i++) {
      const fields = randomFields(i === 3);
      const al = accessList();
      const tx = createAccessList2930Tx({ ...fields, gasPrice: r.big(40), accessList: al, chainId: 1n }, { common: COMMON }).sign(KEYS[i]!);
      const d = compare(tx.serialize(), tx, fields, 1, `2930 #${i}`);
      expect(d.accessAddresses).toBe(al.length);
      expect(d.accessKeys).toBe(al.reduce((n, e) => n + e.storageKeys.length, 0));
    }
  }, 120_000);

  it('EIP-1559 (type 2)', () => {
    for (let i = 0; i < 4; i++) {
      const fields = randomFields(i === 0);
      const maxFee = r.big(60);
      const tip = maxFee >> BigInt(r.int(8));
      const tx = createFeeMarket1559Tx({ ...fields, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip, accessList: accessList() }, { common: COMMON }).sign(KEYS[(i + 1) % KEYS.length]!);
      const d = compare(tx.serialize(), tx, fields, 2, `1559 #${i}`);
      expect(d.maxFee).toBe(maxFee);
      expect(d.maxPriorityFee).toBe(tip);
    }
  }, 120_000);

  it('EIP-4844 (type 3)', () => {
    for (let i = 0; i < 3; i++) {
      const fields = randomFields(false);
      const hashes = Array.from({ length: 1 + i * 2 }, (): Hex => `0x01${hex(r.bytes(31))}`);
      const tx = createBlob4844Tx(
        { ...fields, maxFeePerGas: 100n, maxPriorityFeePerGas: 3n, maxFeePerBlobGas: r.big(40), blobVersionedHashes: hashes, accessList: accessList() },
        { common: COMMON },
      ).sign(KEYS[(i + 2) % KEYS.length]!);
      const d = compare(tx.serialize(), tx, fields, 3, `4844 #${i}`);
      expect(d.blobCount).toBe(hashes.length);
      expect(d.maxFeePerBlobGas).toBe(tx.maxFeePerBlobGas);
    }
  }, 120_000);
});

describe('malformed transactions and bad signatures', () => {
  const good = signTyped(2, f1559());

  it('a well-formed reference transaction decodes', () => {
    const d = decode(good);
    expect(d.reason).toBe(0);
    expect(d.sender).toBe(SENDER);
  }, 30_000);

  it('encoding errors give MALFORMED, unknown types UNSUPPORTED_TYPE', () => {
    expect(good[1]).toBe(0xf8);
    const cases: [string, Uint8Array, number][] = [
      ['empty', new Uint8Array(0), REASONS.MALFORMED],
      ['truncated', good.slice(0, good.length - 1), REASONS.MALFORMED],
      ['trailing byte', Uint8Array.from([...good, 0]), REASONS.MALFORMED],
      ['type byte only', Uint8Array.from([2]), REASONS.MALFORMED],
      ['an RLP string', Uint8Array.from([0x83, 1, 2, 3]), REASONS.MALFORMED],
      ['type 0x04', Uint8Array.from([4, ...good.slice(1)]), REASONS.UNSUPPORTED_TYPE],
      ['type 0x00', Uint8Array.from([0, ...good.slice(1)]), REASONS.UNSUPPORTED_TYPE],
      ['type 0x7f', Uint8Array.from([0x7f, 0xc0]), REASONS.UNSUPPORTED_TYPE],
      ['too few fields', Uint8Array.from([2, ...rlp(f1559().slice(0, 8))]), REASONS.MALFORMED],
      ['too many fields', Uint8Array.from([2, ...rlp([...f1559(), 0n, 1n, 1n, 5n])]), REASONS.MALFORMED],
      ['to of 19 bytes', signTyped(2, f1559({ to: '0x' + '11'.repeat(19) })), REASONS.MALFORMED],
      ['nonce with a leading zero', signTyped(2, [1n, '0x0001', ...f1559().slice(2)]), REASONS.MALFORMED],
      ['nonce over 8 bytes', signTyped(2, f1559({ nonce: 1n << 64n })), REASONS.MALFORMED],
      ['gas limit over 8 bytes', signTyped(2, f1559({ gas: 1n << 64n })), REASONS.MALFORMED],
      ['value over 32 bytes', signTyped(2, [...f1559().slice(0, 6), 1n << 256n, '0x', []]), REASONS.MALFORMED],
      ['access list not a list', signTyped(2, [...f1559().slice(0, 8), '0x01']), REASONS.MALFORMED],
      ['access list entry with a short key', signTyped(2, f1559({ al: [[TO, ['0x' + '00'.repeat(31)]]] })), REASONS.MALFORMED],
      ['access list entry with 3 items', signTyped(2, f1559({ al: [[TO, [], []]] })), REASONS.MALFORMED],
      ['legacy with 8 fields', rlp([0n, 1n, 21000n, TO, 0n, '0x', 27n, 1n]), REASONS.MALFORMED],
      ['legacy, list of lists', rlp([[0n], 1n, 21000n, TO, 0n, '0x', 27n, 1n, 1n]), REASONS.MALFORMED],
      ['blob hash of 31 bytes', signTyped(3, f4844({ hashes: ['0x01' + '00'.repeat(30)] })), REASONS.MALFORMED],
      // good is 2 || 0xf8 len payload: the same length with a leading zero byte, and a short list in long form
      ['non-canonical length', Uint8Array.from([2, 0xf9, 0, good[2]!, ...good.slice(3)]), REASONS.MALFORMED],
      ['short list in long form', Uint8Array.from([0xf8, 3, 0x80, 0x80, 0x80]), REASONS.MALFORMED],
    ];
    for (const [name, raw, want] of cases) expect(decode(raw).reason, name).toBe(want);
  }, 60_000);

  it('random byte strings and corrupted transactions never trap', () => {
    const r = rng(99n);
    for (let i = 0; i < 300; i++) {
      const raw = i < 100 ? r.bytes(r.int(80)) : Uint8Array.from(good);
      if (i >= 100) for (let k = 0; k < 1 + r.int(3); k++) raw[r.int(raw.length)] = r.int(256);
      const reason = decode(raw).reason;
      expect(reason >= 0 && reason <= 18, `case ${i}`).toBe(true);
    }
  }, 600_000);

  it('signature errors give INVALID_SIGNATURE', () => {
    const cases: [string, Uint8Array][] = [
      ['y-parity 2', signTyped(2, f1559(), KEY, { yParity: 2n })],
      ['high s (EIP-2)', signTyped(2, f1559(), KEY, { highS: true })],
      ['r = 0', signTyped(2, f1559(), KEY, { r: 0n })],
      ['s = 0', signTyped(2, f1559(), KEY, { s: 0n })],
      ['r = n', signTyped(2, f1559(), KEY, { r: N })],
      ['r with no curve point (x = 5)', signTyped(2, f1559(), KEY, { r: 5n })],
      ['legacy v = 29', signLegacy([0n, 20n, 100_000n, TO, 0n, '0x'], undefined, KEY, { v: 29n })],
      ['legacy v = 0', signLegacy([0n, 20n, 100_000n, TO, 0n, '0x'], undefined, KEY, { v: 0n })],
      ['legacy v = 34', signLegacy([0n, 20n, 100_000n, TO, 0n, '0x'], undefined, KEY, { v: 34n })],
    ];
    for (const [name, raw] of cases) expect(decode(raw).reason, name).toBe(REASONS.INVALID_SIGNATURE);
    // a valid signature of other contents recovers some other sender: not an error here
    const other = signTyped(2, f1559({ nonce: 1n }));
    const tampered = signTyped(2, f1559(), KEY, { r: BigInt('0x' + hex(other.slice(-65, -33))), s: BigInt('0x' + hex(other.slice(-32))) });
    const d = decode(tampered);
    if (d.reason === 0) expect(d.sender).not.toBe(SENDER);
  }, 120_000);
});

describe('validation (each rule at its boundary, geth order)', () => {
  const legacy = (o: { nonce?: bigint; price?: bigint; gas?: bigint; to?: string; value?: bigint; data?: string } = {}, chainId: bigint | undefined = 1n) =>
    signLegacy([o.nonce ?? 0n, o.price ?? 20n, o.gas ?? 100_000n, o.to ?? TO, o.value ?? 0n, o.data ?? '0x'], chainId);

  it('a valid transaction of each type passes, with the effective gas price', () => {
    expect(check(legacy())).toEqual([0, 20n]);
    expect(check(legacy({}, undefined))).toEqual([0, 20n]);
    expect(check(signTyped(1, [1n, 0n, 15n, 100_000n, TO, 0n, '0x', []]))).toEqual([0, 15n]);
    // min(maxFee, baseFee + tip) both ways
    expect(check(signTyped(2, f1559({ tip: 3n, maxFee: 20n })))).toEqual([0, 13n]);
    expect(check(signTyped(2, f1559({ tip: 15n, maxFee: 20n })))).toEqual([0, 20n]);
    expect(check(signTyped(3, f4844()))).toEqual([0, 11n]);
  }, 60_000);

  it('chain id: legacy pre-155 accepted, EIP-155 and typed checked', () => {
    expect(check(legacy({}, 5n))[0]).toBe(REASONS.WRONG_CHAIN_ID);
    expect(check(legacy({}, 5n), { ...BLOCK, chainId: 5n })[0]).toBe(0);
    expect(check(signTyped(2, f1559({ chainId: 2n })))[0]).toBe(REASONS.WRONG_CHAIN_ID);
    expect(check(signTyped(2, f1559({ chainId: (1n << 64n) + 1n })))[0]).toBe(REASONS.WRONG_CHAIN_ID);
  }, 60_000);

  it('nonce too low / too high / at 2^64 - 1 (EIP-2681), sender with code (EIP-3607)', () => {
    expect(check(legacy({ nonce: 4n }), BLOCK, { ...RICH, nonce: 5n })[0]).toBe(REASONS.NONCE_TOO_LOW);
    expect(check(legacy({ nonce: 6n }), BLOCK, { ...RICH, nonce: 5n })[0]).toBe(REASONS.NONCE_TOO_HIGH);
    expect(check(legacy({ nonce: 5n }), BLOCK, { ...RICH, nonce: 5n })[0]).toBe(0);
    const max = (1n << 64n) - 1n;
    expect(check(legacy({ nonce: max }), BLOCK, { ...RICH, nonce: max })[0]).toBe(REASONS.NONCE_OVERFLOW);
    expect(check(legacy(), BLOCK, { ...RICH, hasCode: true })[0]).toBe(REASONS.SENDER_NOT_EOA);
    // nonce is checked before the code (geth's preCheck)
    expect(check(legacy({ nonce: 1n }), BLOCK, { ...RICH, hasCode: true })[0]).toBe(REASONS.NONCE_TOO_HIGH);
  }, 60_000);

  it('fee caps: priority ≤ max fee, max fee ≥ base fee, legacy gas price ≥ base fee', () => {
    expect(check(signTyped(2, f1559({ tip: 21n, maxFee: 20n })))[0]).toBe(REASONS.PRIORITY_FEE_ABOVE_FEE_CAP);
    expect(check(signTyped(2, f1559({ tip: 0n, maxFee: 9n })))[0]).toBe(REASONS.FEE_CAP_BELOW_BASE_FEE);
    expect(check(signTyped(2, f1559({ tip: 0n, maxFee: 10n })))).toEqual([0, 10n]);
    expect(check(legacy({ price: 9n }))[0]).toBe(REASONS.FEE_CAP_BELOW_BASE_FEE);
    // priority above fee cap is reported before fee cap below base fee (geth)
    expect(check(signTyped(2, f1559({ tip: 9n, maxFee: 8n })))[0]).toBe(REASONS.PRIORITY_FEE_ABOVE_FEE_CAP);
  }, 60_000);

  it('balance ≥ gas limit × fee cap + value (+ blob gas × blob fee cap); overflow', () => {
    const need = 100_000n * 20n + 7n;
    const tx = signTyped(2, f1559({ value: 7n }));
    expect(check(tx, BLOCK, { nonce: 0n, balance: need })[0]).toBe(0);
    expect(check(tx, BLOCK, { nonce: 0n, balance: need - 1n })[0]).toBe(REASONS.INSUFFICIENT_FUNDS);
    const blobNeed = 100_000n * 20n + 131072n * 2n * 3n;
    const blob = signTyped(3, f4844({ hashes: [HASH1, HASH1] }));
    expect(check(blob, BLOCK, { nonce: 0n, balance: blobNeed })[0]).toBe(0);
    expect(check(blob, BLOCK, { nonce: 0n, balance: blobNeed - 1n })[0]).toBe(REASONS.INSUFFICIENT_FUNDS);
    const maxU = M - 1n;
    expect(check(signTyped(2, f1559({ maxFee: maxU / 50_000n })), BLOCK, { nonce: 0n, balance: maxU })[0]).toBe(REASONS.VALUE_OVERFLOW);
    expect(check(signTyped(2, f1559({ maxFee: 20n, value: maxU })), BLOCK, { nonce: 0n, balance: maxU })[0]).toBe(REASONS.VALUE_OVERFLOW);
    expect(check(legacy({ price: 1n << 255n }), BLOCK, { nonce: 0n, balance: maxU })[0]).toBe(REASONS.VALUE_OVERFLOW);
  }, 60_000);

  it('gas limit ≤ block gas limit; intrinsic gas; init code size (EIP-3860)', () => {
    expect(check(legacy({ gas: 30_000_001n }), BLOCK)[0]).toBe(REASONS.GAS_LIMIT_EXCEEDS_BLOCK);
    expect(check(legacy({ gas: 30_000_000n }), BLOCK)[0]).toBe(0);
    // 21000 + 2 zero bytes × 4 + 2 non-zero × 16 = 21040
    expect(check(legacy({ gas: 21_040n, data: '0x0000abcd' }))[0]).toBe(0);
    expect(check(legacy({ gas: 21_039n, data: '0x0000abcd' }))[0]).toBe(REASONS.INTRINSIC_GAS_TOO_LOW);
    // creation: + 32000 + 2 per word: 21000 + 32000 + 33 × 16 + 2 × 2 = 53532
    const code = '0x' + 'ff'.repeat(33);
    expect(check(legacy({ gas: 53_532n, to: '0x', data: code }))[0]).toBe(0);
    expect(check(legacy({ gas: 53_531n, to: '0x', data: code }))[0]).toBe(REASONS.INTRINSIC_GAS_TOO_LOW);
    // access list: 2400 per address, 1900 per key
    const al = [[TO, ['0x' + '00'.repeat(32), '0x' + '11'.repeat(32)]], ['0x' + '22'.repeat(20), []]];
    expect(check(signTyped(1, [1n, 0n, 15n, 21_000n + 4800n + 3800n, TO, 0n, '0x', al]))[0]).toBe(0);
    expect(check(signTyped(1, [1n, 0n, 15n, 21_000n + 4800n + 3799n, TO, 0n, '0x', al]))[0]).toBe(REASONS.INTRINSIC_GAS_TOO_LOW);
    // init code: 49152 bytes is allowed, 49153 is not
    const big = (n: number) => '0x' + '01'.repeat(n);
    expect(check(legacy({ gas: 10_000_000n, to: '0x', data: big(49152) }))[0]).toBe(0);
    expect(check(legacy({ gas: 10_000_000n, to: '0x', data: big(49153) }))[0]).toBe(REASONS.INIT_CODE_TOO_LARGE);
    // a call with that much data is fine
    expect(check(legacy({ gas: 10_000_000n, data: big(49153) }))[0]).toBe(0);
  }, 60_000);

  it('blobs: to present, 1..6 hashes with version 0x01, blob fee cap ≥ blob base fee', () => {
    expect(check(signTyped(3, f4844({ to: '0x' })))[0]).toBe(REASONS.BLOB_CREATE);
    expect(check(signTyped(3, f4844({ hashes: [] })))[0]).toBe(REASONS.INVALID_BLOBS);
    expect(check(signTyped(3, f4844({ hashes: Array(7).fill(HASH1) })))[0]).toBe(REASONS.INVALID_BLOBS);
    expect(check(signTyped(3, f4844({ hashes: Array(6).fill(HASH1) })))[0]).toBe(0);
    expect(check(signTyped(3, f4844({ hashes: [HASH1, '0x02' + '00'.repeat(31)] })))[0]).toBe(REASONS.INVALID_BLOBS);
    expect(check(signTyped(3, f4844({ blobFee: 3n })), { ...BLOCK, blobBaseFee: 4n })[0]).toBe(REASONS.BLOB_FEE_CAP_TOO_LOW);
    expect(check(signTyped(3, f4844({ blobFee: 4n })), { ...BLOCK, blobBaseFee: 4n })[0]).toBe(0);
  }, 60_000);
});
