// The oracle's block handlers: answer the guest OS's input queries (block_metadata, next_transaction,
// account_properties, storage_initial, bytecode, block_hash) from a block file and a StateStore, and
// collect its report_* outputs into a typed BlockOutput, keeping the running report digest the guest
// commits (keccak256 over every report payload word as 4 little-endian bytes, in order).
import { keccak_256 } from '@noble/hashes/sha3.js';
import { Keccak256Words } from '../accelerators/keccak';
import { standardQueries } from '../handlers';
import { QueryError, type QueryRegistry } from '../query';
import type { QueryName } from '../schema/queries';
import { EMPTY_CODE_HASH, type AccountChange, type CodeEntry, type StateDiff, type StateStore, type StorageChange } from '../state/store';
import type { Block } from './format';
import { reasonName } from './reasons';
import { addressAt, addressWords, bytes32Words, bytesWords, packBytes, pushPacked, pushU256, pushU64, readBytes32, readU256, readU64, toHex, u256Words, u64Words, unpackBytes } from './words';

export type TxStatus = 'failed' | 'succeeded' | 'rejected';
const STATUS: readonly TxStatus[] = ['failed', 'succeeded', 'rejected'];

export interface LogEntry {
  readonly address: string;
  readonly topics: readonly Uint8Array[];
  readonly data: Uint8Array;
}

export interface TxResult {
  readonly index: number;
  readonly status: TxStatus;
  /** rejection reason code (0 when not rejected) and its name */
  readonly reasonCode: number;
  readonly reason?: string;
  readonly gasUsed: bigint;
  /** the created contract's address, when the transaction deployed one */
  readonly created?: string;
  readonly logs: readonly LogEntry[];
}

export interface BlockOutput {
  readonly transactions: readonly TxResult[];
  readonly diff: StateDiff;
  /** report_block's totals; undefined when the guest never sent it */
  readonly totals?: { readonly transactionCount: number; readonly gasUsed: bigint };
  /** keccak256 over every report payload so far */
  readonly digest: Uint8Array;
  /** how many queries the guest asked (all kinds) */
  readonly queryCount: number;
}

/** One query as asked and answered (kept when `record` is set, for comparing runs). */
export interface QueryRecord {
  readonly name: string;
  readonly payload: readonly number[];
  readonly answer: readonly number[];
}

export interface BlockQueries {
  readonly registry: QueryRegistry;
  /** the outputs collected so far */
  output(): BlockOutput;
  /** every query in order, when created with record: true */
  readonly records?: QueryRecord[];
}

/** geth's state-test block hash: keccak256 of the number's decimal string. */
export function defaultBlockHash(n: bigint): Uint8Array {
  return keccak_256(new TextEncoder().encode(n.toString()));
}

/** The registry answering `block`'s queries from `store` (the state at the start of the block). */
export function blockQueries(block: Block, store: StateStore, options: { record?: boolean } = {}): BlockQueries {
  const registry = standardQueries();
  const digest = new Keccak256Words();
  const txs = new Map<number, { index: number; status: number; reason: number; gasUsed: bigint; created?: string }>();
  const logs = new Map<number, LogEntry[]>();
  const accounts: AccountChange[] = [];
  const storage: StorageChange[] = [];
  const code: CodeEntry[] = [];
  let totals: BlockOutput['totals'];
  let queryCount = 0;
  let nextTx = 0;
  const records: QueryRecord[] | undefined = options.record ? [] : undefined;

  const on = (name: QueryName, handler: (p: Uint32Array) => ArrayLike<number>) =>
    registry.register(name, (payload) => {
      queryCount++;
      const answer = handler(payload);
      records?.push({ name, payload: Array.from(payload), answer: Array.from(answer) });
      return answer;
    });
  const report = (name: QueryName, handler: (p: Uint32Array) => void) =>
    on(name, (payload) => {
      if (totals) throw new QueryError('a report after report_block');
      handler(payload);
      digest.update(payload);
      return [];
    });

  const c = block.context;
  on('block_metadata', () => [
    ...u64Words(c.number),
    ...u64Words(c.timestamp),
    ...addressWords(c.coinbase),
    ...u64Words(c.gasLimit),
    ...u256Words(c.baseFee),
    ...u64Words(c.chainId),
    ...bytes32Words(c.prevrandao),
    ...u256Words(c.blobBaseFee),
    ...bytes32Words(c.parentHash),
  ]);
  on('next_transaction', () => {
    if (nextTx >= block.transactions.length) return [0];
    const tx = block.transactions[nextTx++];
    const out = [tx.length];
    pushPacked(out, tx);
    return out;
  });
  on('account_properties', (p) => {
    const account = store.account(addressAt(p, 0));
    const out: number[] = [];
    if (!account) {
      out.push(0, 0, 0);
      pushU256(out, 0n);
      pushPacked(out, EMPTY_CODE_HASH);
      out.push(0);
      return out;
    }
    let flags = 1;
    for (const v of account.storage.values()) {
      if (v !== 0n) {
        flags |= 2;
        break;
      }
    }
    out.push(flags);
    pushU64(out, account.nonce);
    pushU256(out, account.balance);
    pushPacked(out, account.codeHash);
    out.push(account.code.length);
    return out;
  });
  on('storage_initial', (p) => {
    const out: number[] = [];
    pushU256(out, store.storage(addressAt(p, 0), readU256(p, 5)));
    return out;
  });
  on('bytecode', (p) => {
    const hash = readBytes32(p, 0);
    const bytes = store.codeByHash(hash);
    if (!bytes) throw new QueryError(`no code with hash ${toHex(hash)} is known`);
    return bytesWords(bytes);
  });
  on('block_hash', (p) => {
    const n = readU64(p, 0);
    return bytes32Words(block.blockHashes.get(n) ?? defaultBlockHash(n));
  });

  report('report_transaction', (p) => {
    const [index, status, reason] = [p[0], p[1], p[2]];
    if (status > 2) throw new QueryError(`transaction ${index}: status ${status} is not 0, 1 or 2`);
    if (txs.has(index)) throw new QueryError(`transaction ${index} reported twice`);
    if (index >= block.transactions.length) throw new QueryError(`transaction ${index} reported, the block has ${block.transactions.length}`);
    const created = readU256(p, 5, 5);
    txs.set(index, { index, status, reason, gasUsed: readU64(p, 3), created: created === 0n ? undefined : addressAt(p, 5) });
  });
  report('report_log', (p) => {
    const index = p[0];
    const topicCount = p[6];
    if (topicCount > 4) throw new QueryError(`transaction ${index}: a log with ${topicCount} topics`);
    const dataLength = p[39];
    const dataWords = p.length - 40;
    if (dataWords !== Math.ceil(dataLength / 4)) throw new QueryError(`transaction ${index}: log data of ${dataLength} bytes sent in ${dataWords} words`);
    const topics = Array.from({ length: topicCount }, (_, i) => readBytes32(p, 7 + 8 * i));
    const list = logs.get(index) ?? [];
    list.push({ address: addressAt(p, 1), topics, data: unpackBytes(p, 40, dataLength) });
    logs.set(index, list);
  });
  report('report_account', (p) => {
    const flags = p[5];
    accounts.push({
      address: addressAt(p, 0),
      deleted: (flags & 1) !== 0,
      storageReset: (flags & 2) !== 0,
      nonce: readU64(p, 6),
      balance: readU256(p, 8),
      codeHash: readBytes32(p, 16),
    });
  });
  report('report_storage', (p) => storage.push({ address: addressAt(p, 0), key: readU256(p, 5), value: readU256(p, 13) }));
  report('report_code', (p) => {
    const hash = readBytes32(p, 0);
    const length = p[8];
    if (p.length - 9 !== Math.ceil(length / 4)) throw new QueryError(`code of ${length} bytes sent in ${p.length - 9} words`);
    const bytes = unpackBytes(p, 9, length);
    if (toHex(keccak_256(bytes)) !== toHex(hash)) throw new QueryError(`code hash ${toHex(hash)} is not keccak256 of the ${length} bytes sent`);
    code.push({ hash, code: bytes });
  });
  report('report_block', (p) => {
    totals = { transactionCount: p[0], gasUsed: readU64(p, 1) };
  });

  const output = (): BlockOutput => ({
    transactions: [...txs.values()]
      .sort((a, b) => a.index - b.index)
      .map((t) => ({
        index: t.index,
        status: STATUS[t.status],
        reasonCode: t.reason,
        ...(t.status === 2 ? { reason: reasonName(t.reason) } : {}),
        gasUsed: t.gasUsed,
        ...(t.created ? { created: t.created } : {}),
        logs: logs.get(t.index) ?? [],
      })),
    diff: { accounts: [...accounts], storage: [...storage], code: [...code] },
    totals,
    digest: digest.digest(),
    queryCount,
  });
  return { registry, output, records };
}

/** The public output the guest should commit for `output`: block number u64, then the report digest. */
export function expectedPublicOutput(blockNumber: bigint, digest: Uint8Array): number[] {
  return [...u64Words(blockNumber), ...packBytes(digest)];
}
