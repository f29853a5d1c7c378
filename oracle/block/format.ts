// The block file (docs/block-format.md): JSON with the block context, the signed transactions and
// the pre-state. parseBlockFile checks every field and names the file and field path on error.
import type { AccountInit } from '../state/store';

export interface BlockContext {
  readonly number: bigint;
  readonly timestamp: bigint;
  /** lowercase 0x-prefixed address */
  readonly coinbase: string;
  readonly gasLimit: bigint;
  readonly baseFee: bigint;
  readonly chainId: bigint;
  /** 32 bytes */
  readonly prevrandao: Uint8Array;
  readonly blobBaseFee: bigint;
  /** 32 bytes */
  readonly parentHash: Uint8Array;
}

export interface Block {
  readonly context: BlockContext;
  /** raw signed transactions (legacy RLP list, or type byte || RLP) */
  readonly transactions: readonly Uint8Array[];
  /** address → account */
  readonly pre: ReadonlyMap<string, AccountInit>;
  /** block number → hash (32 bytes) */
  readonly blockHashes: ReadonlyMap<bigint, Uint8Array>;
}

/** A block file is malformed: `path` is the field (e.g. "pre.0x12…: balance"). */
export class BlockFormatError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${reason}`);
    this.name = 'BlockFormatError';
  }
}

const U64_MAX = (1n << 64n) - 1n;
const U256_MAX = (1n << 256n) - 1n;

/** EIP-4844: MIN_BASE_FEE_PER_BLOB_GAS and BLOB_BASE_FEE_UPDATE_FRACTION (Cancun). */
export const MIN_BLOB_BASE_FEE = 1n;
export const BLOB_BASE_FEE_UPDATE_FRACTION = 3338477n;

/** EIP-4844's fake_exponential(factor, numerator, denominator): factor · e^(numerator/denominator), in integers. */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let accum = factor * denominator;
  while (accum > 0n) {
    output += accum;
    accum = (accum * numerator) / (denominator * i);
    i++;
  }
  return output / denominator;
}

/** The blob base fee for a block with `excessBlobGas` (EIP-4844). */
export function blobBaseFeeOf(excessBlobGas: bigint): bigint {
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, BLOB_BASE_FEE_UPDATE_FRACTION);
}

/** Field readers that throw BlockFormatError with the path. */
export class FieldReader {
  constructor(readonly file: string) {}

  fail(path: string, reason: string): never {
    throw new BlockFormatError(this.file, path, reason);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(path, `expected an object, got ${describe(value)}`);
    return value as Record<string, unknown>;
  }

  field(obj: Record<string, unknown>, name: string, path: string): unknown {
    if (!(name in obj) || obj[name] === undefined) this.fail(join(path, name), 'missing');
    return obj[name];
  }

  /** A quantity: 0x-hex, decimal string, or a non-negative safe JSON integer; at most `max`. */
  quantity(value: unknown, path: string, max = U256_MAX): bigint {
    let n: bigint;
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value) || value < 0) this.fail(path, `not a non-negative integer: ${value}`);
      n = BigInt(value);
    } else if (typeof value === 'string') {
      if (/^0x[0-9a-fA-F]+$/.test(value)) n = BigInt(value);
      else if (/^[0-9]+$/.test(value)) n = BigInt(value);
      else this.fail(path, `not a hex quantity or decimal number: ${JSON.stringify(clip(value))}`);
    } else this.fail(path, `not a hex quantity or decimal number: ${describe(value)}`);
    if (n > max) this.fail(path, `${clip(String(value))} is too large (at most ${max === U64_MAX ? '2^64 - 1' : '2^256 - 1'})`);
    return n;
  }

  u64(value: unknown, path: string): bigint {
    return this.quantity(value, path, U64_MAX);
  }

  /** 0x-prefixed hex bytes ("0x" or "" is empty); `length` when the size is fixed. */
  bytes(value: unknown, path: string, length?: number): Uint8Array {
    if (typeof value !== 'string') this.fail(path, `expected hex bytes, got ${describe(value)}`);
    const body = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
    if (!/^[0-9a-fA-F]*$/.test(body)) this.fail(path, `not hex bytes: ${JSON.stringify(clip(value))}`);
    if (body.length % 2) this.fail(path, `odd number of hex digits (${body.length})`);
    const bytes = Uint8Array.from(Buffer.from(body, 'hex'));
    if (length !== undefined && bytes.length !== length) this.fail(path, `expected ${length} bytes, got ${bytes.length}`);
    return bytes;
  }

  /** A 32-byte hash given as 0x + 64 hex digits (shorter quantities are left-padded). */
  hash(value: unknown, path: string): Uint8Array {
    if (typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value)) return this.bytes(value, path, 32);
    const n = this.quantity(value, path);
    return Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));
  }

  address(value: unknown, path: string): string {
    if (typeof value !== 'string' || !/^(0x)?[0-9a-fA-F]{40}$/.test(value)) this.fail(path, `not an address (0x + 40 hex digits): ${describe(value)}`);
    return ('0x' + value.replace(/^0x/, '')).toLowerCase();
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

function clip(s: string): string {
  return s.length > 66 ? s.slice(0, 63) + '…' : s;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(clip(value));
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

const CONTEXT_FIELDS = ['number', 'timestamp', 'coinbase', 'gasLimit', 'baseFee', 'chainId', 'prevrandao', 'blobBaseFee', 'excessBlobGas', 'parentHash'];

function parseContext(r: FieldReader, value: unknown): BlockContext {
  const c = r.object(value, 'context');
  for (const key of Object.keys(c)) if (!CONTEXT_FIELDS.includes(key)) r.fail(`context.${key}`, `unknown field (known: ${CONTEXT_FIELDS.join(', ')})`);
  const get = (name: string) => r.field(c, name, 'context');
  let blobBaseFee: bigint;
  if ('blobBaseFee' in c && 'excessBlobGas' in c) r.fail('context', 'give blobBaseFee or excessBlobGas, not both');
  if ('blobBaseFee' in c) blobBaseFee = r.quantity(c.blobBaseFee, 'context.blobBaseFee');
  else if ('excessBlobGas' in c) blobBaseFee = blobBaseFeeOf(r.u64(c.excessBlobGas, 'context.excessBlobGas'));
  else r.fail('context.blobBaseFee', 'missing (give blobBaseFee or excessBlobGas)');
  return {
    number: r.u64(get('number'), 'context.number'),
    timestamp: r.u64(get('timestamp'), 'context.timestamp'),
    coinbase: r.address(get('coinbase'), 'context.coinbase'),
    gasLimit: r.u64(get('gasLimit'), 'context.gasLimit'),
    baseFee: r.quantity(get('baseFee'), 'context.baseFee'),
    chainId: r.u64(get('chainId'), 'context.chainId'),
    prevrandao: r.hash(get('prevrandao'), 'context.prevrandao'),
    blobBaseFee,
    parentHash: r.hash(get('parentHash'), 'context.parentHash'),
  };
}

const ACCOUNT_FIELDS = ['balance', 'nonce', 'code', 'storage'];

function parseAccount(r: FieldReader, value: unknown, path: string): AccountInit {
  const a = r.object(value, path);
  for (const key of Object.keys(a)) if (!ACCOUNT_FIELDS.includes(key)) r.fail(`${path}.${key}`, `unknown field (known: ${ACCOUNT_FIELDS.join(', ')})`);
  const storage = new Map<bigint, bigint>();
  const s = a.storage === undefined ? {} : r.object(a.storage, `${path}.storage`);
  for (const [key, v] of Object.entries(s)) {
    const slot = r.quantity(key, `${path}.storage.${clip(key)}`);
    if (storage.has(slot)) r.fail(`${path}.storage.${clip(key)}`, `slot ${slot} given twice`);
    storage.set(slot, r.quantity(v, `${path}.storage.${clip(key)}`));
  }
  return {
    balance: a.balance === undefined ? 0n : r.quantity(a.balance, `${path}.balance`),
    nonce: a.nonce === undefined ? 0n : r.u64(a.nonce, `${path}.nonce`),
    code: a.code === undefined ? new Uint8Array(0) : r.bytes(a.code, `${path}.code`),
    storage,
  };
}

/** Parses block-file text; `fileName` prefixes every error. */
export function parseBlockFile(json: string, fileName: string): Block {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new BlockFormatError(fileName, '', `not valid JSON: ${(e as Error).message}`);
  }
  return blockFromJson(data, fileName);
}

/** Checks an already-parsed block-file object. */
export function blockFromJson(data: unknown, fileName: string): Block {
  const r: FieldReader = new FieldReader(fileName);
  const top = r.object(data, '');
  for (const key of Object.keys(top)) if (!['context', 'transactions', 'pre', 'blockHashes'].includes(key)) r.fail(key, 'unknown field (known: context, transactions, pre, blockHashes)');
  const context = parseContext(r, r.field(top, 'context', ''));
  const txs = r.field(top, 'transactions', '');
  if (!Array.isArray(txs)) r.fail('transactions', `expected an array of hex strings, got ${describe(txs)}`);
  const transactions = txs.map((t, i) => {
    const bytes = r.bytes(t, `transactions[${i}]`);
    if (bytes.length === 0) r.fail(`transactions[${i}]`, 'empty transaction');
    return bytes;
  });
  const preObj = r.object(r.field(top, 'pre', ''), 'pre');
  const pre = new Map<string, AccountInit>();
  for (const [key, value] of Object.entries(preObj)) {
    const path = `pre.${clip(key)}`;
    const address = r.address(key, path);
    if (pre.has(address)) r.fail(path, 'address given twice');
    pre.set(address, parseAccount(r, value, path));
  }
  const blockHashes = new Map<bigint, Uint8Array>();
  if (top.blockHashes !== undefined) {
    for (const [key, value] of Object.entries(r.object(top.blockHashes, 'blockHashes'))) {
      blockHashes.set(r.u64(key, `blockHashes.${clip(key)}`), r.hash(value, `blockHashes.${clip(key)}`));
    }
  }
  return { context, transactions, pre, blockHashes };
}
