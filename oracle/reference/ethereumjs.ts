// Reference runner: executes a block file (docs/block-format.md) with @ethereumjs/vm (Cancun) and
// returns what the guest reports: per transaction status, gas used, created address and logs, and
// the post-state root. For tests and the benchmark only (dev dependency): never used by the guest
// or by the CLI's normal paths. Transactions run one by one with runTx in the block's context, so
// a transaction the VM rejects becomes status 2 (rejected) instead of failing the whole block.
import { createBlock, type Block } from '@ethereumjs/block';
import { createCustomCommon, Hardfork, Mainnet, type Common } from '@ethereumjs/common';
import { MerkleStateManager } from '@ethereumjs/statemanager';
import { createTxFromRLP, type TypedTransaction } from '@ethereumjs/tx';
import { Account, Address, bigIntToBytes, bytesToHex, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { createVM, runTx, type VM } from '@ethereumjs/vm';

/** The block file's shape as this runner reads it (quantities as 0x-hex or decimal strings or numbers). */
export interface ReferenceBlockFile {
  readonly context: {
    readonly number: Quantity; readonly timestamp: Quantity; readonly coinbase: string;
    readonly gasLimit: Quantity; readonly baseFee: Quantity; readonly chainId: Quantity;
    readonly prevrandao: string; readonly parentHash: string;
    /** one of the two (docs/block-format.md) */
    readonly blobBaseFee?: Quantity; readonly excessBlobGas?: Quantity;
  };
  readonly transactions: readonly string[];
  readonly pre: Readonly<Record<string, {
    readonly balance?: Quantity; readonly nonce?: Quantity; readonly code?: string;
    readonly storage?: Readonly<Record<string, Quantity>>;
  }>>;
}
type Quantity = string | number | bigint;

export interface ReferenceLog {
  readonly address: string;
  readonly topics: readonly string[];
  readonly data: string;
}

export interface ReferenceTx {
  readonly index: number;
  /** 0 failed (reverted or out of gas), 1 succeeded, 2 rejected (not included) */
  readonly status: 0 | 1 | 2;
  readonly gasUsed: bigint;
  /** the deployed contract's address (lowercase 0x-hex) when the transaction created one */
  readonly created?: string;
  /** logs of a successful transaction (empty otherwise) */
  readonly logs: readonly ReferenceLog[];
  /** the VM's message for a failed or rejected transaction */
  readonly error?: string;
}

export interface ReferenceResult {
  readonly txs: readonly ReferenceTx[];
  /** gas used by the included transactions */
  readonly gasUsed: bigint;
  /** the post-state root, 0x-hex */
  readonly stateRoot: string;
  /** wall time of the transaction loop only (pre-state loading and root excluded), seconds */
  readonly seconds: number;
  /** reads the post state: a storage slot (0n when empty) */
  storage(address: string, slot: string | bigint): Promise<bigint>;
  /** reads the post state: an account (undefined when it does not exist) */
  account(address: string): Promise<{ nonce: bigint; balance: bigint; codeHash: string } | undefined>;
}

function quantity(v: Quantity | undefined, what: string): bigint {
  if (v === undefined) return 0n;
  let n: bigint;
  try {
    n = BigInt(v);
  } catch {
    throw new Error(`reference: ${what}: not a quantity: ${JSON.stringify(String(v).slice(0, 40))}`);
  }
  if (n < 0n) throw new Error(`reference: ${what}: negative: ${n}`);
  return n;
}

function bytes(v: string | undefined, what: string): Uint8Array {
  if (v === undefined || v === '' || v === '0x') return new Uint8Array(0);
  if (!/^0x([0-9a-fA-F]{2})*$/.test(v)) throw new Error(`reference: ${what}: not 0x-hex bytes: ${v.slice(0, 40)}`);
  return hexToBytes(v as `0x${string}`);
}

function address(v: string, what: string): Address {
  const b = bytes(v, what);
  if (b.length !== 20) throw new Error(`reference: ${what}: not a 20-byte address: ${v}`);
  return new Address(b);
}

const word = (n: bigint) => setLengthLeft(bigIntToBytes(n), 32);

/** EIP-4844's blob base fee for an excess blob gas: fake_exponential(MIN_BASE_FEE_PER_BLOB_GAS, excess, fraction). */
function computeBlobGasPrice(excess: bigint): bigint {
  const factor = 1n; // MIN_BASE_FEE_PER_BLOB_GAS
  const denominator = 3_338_477n; // BLOB_BASE_FEE_UPDATE_FRACTION (Cancun)
  let i = 1n;
  let output = 0n;
  let acc = factor * denominator;
  while (acc > 0n) {
    output += acc;
    acc = (acc * excess) / (denominator * i);
    i++;
  }
  return output / denominator;
}

/** The smallest excessBlobGas whose blob base fee is `fee` (the file gives the fee, the header needs the excess). */
function excessBlobGasFor(fee: bigint): bigint {
  if (fee < 1n) throw new Error(`reference: context.blobBaseFee: must be at least 1, got ${fee}`);
  let lo = 0n;
  let hi = 1n;
  while (computeBlobGasPrice(hi) < fee) hi *= 2n;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (computeBlobGasPrice(mid) < fee) lo = mid + 1n;
    else hi = mid;
  }
  if (computeBlobGasPrice(lo) !== fee) throw new Error(`reference: context.blobBaseFee ${fee} is not a value the EIP-4844 formula yields`);
  return lo;
}

/** Builds the VM with the pre-state loaded and the block (header only; transactions run one by one). */
export async function prepareReference(file: ReferenceBlockFile): Promise<{ vm: VM; block: Block; txs: TypedTransaction[]; common: Common }> {
  const ctx = file.context;
  if (!ctx) throw new Error('reference: the block file has no context');
  const chainId = quantity(ctx.chainId, 'context.chainId');
  const common = createCustomCommon({ chainId: Number(chainId) }, Mainnet, { hardfork: Hardfork.Cancun });
  const stateManager = new MerkleStateManager({ common });
  for (const [addr, acc] of Object.entries(file.pre ?? {})) {
    const a = address(addr, `pre[${addr}]`);
    await stateManager.putAccount(a, new Account(quantity(acc.nonce, `pre[${addr}].nonce`), quantity(acc.balance, `pre[${addr}].balance`)));
    const code = bytes(acc.code, `pre[${addr}].code`);
    if (code.length > 0) await stateManager.putCode(a, code);
    for (const [slot, value] of Object.entries(acc.storage ?? {})) {
      const v = quantity(value, `pre[${addr}].storage[${slot}]`);
      if (v !== 0n) await stateManager.putStorage(a, word(quantity(slot, `pre[${addr}].storage key`)), word(v));
    }
  }
  await stateManager.checkpoint();
  await stateManager.commit();
  const vm = await createVM({ common, stateManager });
  const block = createBlock({
    header: {
      number: quantity(ctx.number, 'context.number'),
      timestamp: quantity(ctx.timestamp, 'context.timestamp'),
      coinbase: address(ctx.coinbase, 'context.coinbase'),
      gasLimit: quantity(ctx.gasLimit, 'context.gasLimit'),
      baseFeePerGas: quantity(ctx.baseFee, 'context.baseFee'),
      mixHash: bytes(ctx.prevrandao, 'context.prevrandao'),
      parentHash: bytes(ctx.parentHash, 'context.parentHash'),
      excessBlobGas: ctx.excessBlobGas !== undefined ? quantity(ctx.excessBlobGas, 'context.excessBlobGas') : excessBlobGasFor(quantity(ctx.blobBaseFee, 'context.blobBaseFee')),
      blobGasUsed: 0n,
      parentBeaconBlockRoot: new Uint8Array(32),
    },
  }, { common, skipConsensusFormatValidation: true });
  const txs = (file.transactions ?? []).map((raw, i) => {
    try {
      return createTxFromRLP(bytes(raw, `transactions[${i}]`), { common });
    } catch (e) {
      throw new Error(`reference: transactions[${i}]: cannot decode: ${(e as Error).message}`);
    }
  });
  return { vm, block, txs, common };
}

/** Runs the block file through @ethereumjs/vm and returns per-transaction results and the state root. */
export async function runReference(file: ReferenceBlockFile): Promise<ReferenceResult> {
  const { vm, block, txs } = await prepareReference(file);
  const results: ReferenceTx[] = [];
  let gasUsed = 0n;
  const started = performance.now();
  for (let index = 0; index < txs.length; index++) {
    try {
      const r = await runTx(vm, { tx: txs[index], block, blockGasUsed: gasUsed });
      gasUsed += r.totalGasSpent;
      const failed = r.execResult.exceptionError !== undefined;
      results.push({
        index,
        status: failed ? 0 : 1,
        gasUsed: r.totalGasSpent,
        created: r.createdAddress ? r.createdAddress.toString() : undefined,
        logs: failed ? [] : (r.execResult.logs ?? []).map(([addr, topics, data]) => ({
          address: bytesToHex(addr),
          topics: topics.map((t) => bytesToHex(t)),
          data: bytesToHex(data),
        })),
        error: failed ? r.execResult.exceptionError!.error : undefined,
      });
    } catch (e) {
      results.push({ index, status: 2, gasUsed: 0n, logs: [], error: (e as Error).message });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const sm = vm.stateManager;
  return {
    txs: results,
    gasUsed,
    stateRoot: bytesToHex(await sm.getStateRoot()),
    seconds,
    async storage(addr, slot) {
      const key = word(typeof slot === 'bigint' ? slot : quantity(slot, 'storage slot'));
      const v = await sm.getStorage(address(addr, 'address'), key);
      return v.length === 0 ? 0n : BigInt(bytesToHex(v));
    },
    async account(addr) {
      const acc = await sm.getAccount(address(addr, 'address'));
      return acc ? { nonce: acc.nonce, balance: acc.balance, codeHash: bytesToHex(acc.codeHash) } : undefined;
    },
  };
}
