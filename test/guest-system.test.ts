// guest/system against independent expectations: a small fixture answers the block protocol's input
// queries (oracle/schema/queries.ts) and captures every report; the test drives the System through
// the exports of programs/as/tests/system-exports.ts natively. Expected values come from the fixture
// and the Ethereum rules (geth's Cancun behaviour), digests from @noble/hashes.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstDifference, recordNative, recordRiscv } from '../oracle/diff';
import { hostStopOutcome, wasmImports } from '../oracle/host';
import { QueryRegistry } from '../oracle/query';
import { OracleSession } from '../oracle/session';
import { compileAssemblyScript } from '../toolchain/asc';
import { buildGuest } from '../toolchain/build';
import { hasTool } from '../toolchain/llvm';

// ---- encodings (docs/guest-os.md "The block protocol") ----

const toLimbs = (x: bigint): Uint8Array => {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn);
  return out;
};
const fromLimbs = (b: Uint8Array): bigint => b.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
const bytesToWords = (b: Uint8Array): number[] => {
  const padded = new Uint8Array(Math.ceil(b.length / 4) * 4);
  padded.set(b);
  return Array.from(new Uint32Array(padded.buffer));
};
const wordsToBytes = (w: ArrayLike<number>): Uint8Array => new Uint8Array(Uint32Array.from(w).buffer);
const u256Words = (x: bigint) => bytesToWords(toLimbs(x));
const u64Words = (x: bigint) => [Number(x & 0xffffffffn), Number(x >> 32n)];
const addrWords = (a: bigint) => u256Words(a).slice(0, 5);
const wordsToBig = (w: ArrayLike<number>) => fromLimbs(wordsToBytes(w));
const beBytes = (x: bigint): Uint8Array => toLimbs(x).reverse();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const EMPTY_HASH = keccak_256(new Uint8Array(0));

// ---- the fixture: a pre-state and a block context, served by a QueryRegistry ----

interface Account {
  nonce?: bigint;
  balance?: bigint;
  code?: Uint8Array;
  storage?: Record<string, bigint>;
}
interface Fixture {
  accounts: Record<string, Account>; // key: address as 0x hex (bigint string)
  number?: bigint;
  transactions?: Uint8Array[];
  /** bytecode answers replaced (hash hex → bytes) to test the hash check */
  forgedCode?: Record<string, Uint8Array>;
}
interface Report {
  name: string;
  payload: Uint32Array;
}

const COINBASE = 0xc0ffee00000000000000000000000000000000c0n;
const PREVRANDAO = keccak_256(new TextEncoder().encode('prevrandao'));
const blockHashOf = (n: bigint) => keccak_256(new TextEncoder().encode(`block ${n}`));

function registry(f: Fixture, reports: Report[], asked: Map<string, number>) {
  const count = (name: string) => asked.set(name, (asked.get(name) ?? 0) + 1);
  const account = (a: bigint) => f.accounts['0x' + a.toString(16)];
  const codes = new Map<string, Uint8Array>();
  for (const acc of Object.values(f.accounts)) if (acc.code) codes.set(hex(keccak_256(acc.code)), acc.code);
  const txs = [...(f.transactions ?? [])];
  const reg = new QueryRegistry()
    .register('block_metadata', () => {
      count('block_metadata');
      return [
        ...u64Words(f.number ?? 1000n),
        ...u64Words(1_700_000_000n),
        ...addrWords(COINBASE),
        ...u64Words(30_000_000n),
        ...u256Words(7n),
        ...u64Words(1n),
        ...bytesToWords(PREVRANDAO),
        ...u256Words(3n),
        ...bytesToWords(blockHashOf((f.number ?? 1000n) - 1n)),
      ];
    })
    .register('next_transaction', () => {
      count('next_transaction');
      const t = txs.shift();
      return t ? [t.length, ...bytesToWords(t)] : [0];
    })
    .register('account_properties', (p) => {
      count('account_properties');
      const a = account(wordsToBig(p));
      if (!a) return [0, 0, 0, ...u256Words(0n), ...bytesToWords(EMPTY_HASH), 0];
      const flags = 1 | (a.storage && Object.values(a.storage).some((v) => v !== 0n) ? 2 : 0);
      const code = a.code ?? new Uint8Array(0);
      return [flags, ...u64Words(a.nonce ?? 0n), ...u256Words(a.balance ?? 0n), ...bytesToWords(keccak_256(code)), code.length];
    })
    .register('storage_initial', (p) => {
      count('storage_initial');
      const a = account(wordsToBig(p.subarray(0, 5)));
      const key = wordsToBig(p.subarray(5, 13));
      return u256Words(a?.storage?.['0x' + key.toString(16)] ?? 0n);
    })
    .register('bytecode', (p) => {
      count('bytecode');
      const h = hex(wordsToBytes(p));
      const code = f.forgedCode?.[h] ?? codes.get(h);
      if (!code) throw new Error(`fixture has no code with hash ${h}`);
      return [code.length, ...bytesToWords(code)];
    })
    .register('block_hash', (p) => {
      count('block_hash');
      return bytesToWords(blockHashOf(BigInt(p[0]) | (BigInt(p[1]) << 32n)));
    });
  for (const name of ['report_transaction', 'report_log', 'report_account', 'report_storage', 'report_code', 'report_block'] as const) {
    reg.register(name, (payload) => {
      reports.push({ name, payload: payload.slice() });
      return [];
    });
  }
  return reg;
}

// ---- the guest ----

let wasmModule: WebAssembly.Module;
beforeAll(async () => {
  const { wasm } = await compileAssemblyScript('programs/as/tests/system-exports.ts', { memoryPages: 1024 });
  wasmModule = new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
}, 120_000);

type Fn = (...args: number[]) => number;

/** One guest instance over a fixture, with word helpers over its exchange buffer. */
class Sys {
  readonly reports: Report[] = [];
  readonly asked = new Map<string, number>();
  readonly session: OracleSession;
  readonly fn: Record<string, Fn>;
  private memory: WebAssembly.Memory;
  private readonly buf: number;
  private ring = 0;

  constructor(fixture: Fixture) {
    this.session = new OracleSession({ kind: 'live', queries: registry(fixture, this.reports, this.asked) });
    let memory: WebAssembly.Memory | undefined;
    const mem = () => (memory ? new Uint8Array(memory.buffer) : new Uint8Array(0));
    const imports = wasmImports({ sink: { write: () => undefined } as never, oracle: this.session }, mem);
    const instance = new WebAssembly.Instance(wasmModule, imports as WebAssembly.Imports);
    memory = instance.exports.memory as WebAssembly.Memory;
    this.memory = memory;
    this.fn = instance.exports as unknown as Record<string, Fn>;
    this.buf = this.fn.buf!() >>> 0;
    this.fn.initBlock!();
  }

  mem(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }
  /** a fresh word in the exchange buffer holding x */
  word(x = 0n): number {
    const p = this.buf + 32 * (this.ring++ % 128);
    this.mem().set(toLimbs(x), p);
    return p;
  }
  read(p: number): bigint {
    return fromLimbs(this.mem().slice(p, p + 32));
  }
  /** bytes into the data area of the buffer */
  bytes(b: Uint8Array): number {
    const p = this.buf + 8192;
    this.mem().set(b, p);
    return p;
  }
  out(f: string, ...args: bigint[]): bigint {
    const o = this.word();
    this.fn[f]!(...args.map((a) => this.word(a)), o);
    return this.read(o);
  }
  balance = (a: bigint) => this.out('getBalance', a);
  nonce = (a: bigint) => BigInt.asUintN(64, BigInt(this.fn.getNonce!(this.word(a))));
  codeHash = (a: bigint) => this.out('getCodeHash', a);
  sload = (a: bigint, k: bigint) => this.out('sload', a, k);
  original = (a: bigint, k: bigint) => this.out('originalStorage', a, k);
  tload = (a: bigint, k: bigint) => this.out('tload', a, k);
  sstore = (a: bigint, k: bigint, v: bigint) => this.fn.sstore!(this.word(a), this.word(k), this.word(v));
  tstore = (a: bigint, k: bigint, v: bigint) => this.fn.tstore!(this.word(a), this.word(k), this.word(v));
  add = (a: bigint, v: bigint) => this.fn.addBalance!(this.word(a), this.word(v));
  sub = (a: bigint, v: bigint) => this.fn.subBalance!(this.word(a), this.word(v)) === 1;
  transfer = (a: bigint, b: bigint, v: bigint) => this.fn.transfer!(this.word(a), this.word(b), this.word(v)) === 1;
  exists = (a: bigint) => this.fn.accountExists!(this.word(a)) === 1;
  empty = (a: bigint) => this.fn.isEmpty!(this.word(a)) === 1;
  warm = (a: bigint) => this.fn.warmAccount!(this.word(a)) === 1;
  warmSlot = (a: bigint, k: bigint) => this.fn.warmSlot!(this.word(a), this.word(k)) === 1;
  touch = (a: bigint) => this.fn.touch!(this.word(a));
  setNonce = (a: bigint, n: bigint) => this.fn.setNonce!(this.word(a), n as unknown as number);
  code(a: bigint): Uint8Array {
    const dst = this.buf + 32768;
    const n = this.fn.getCodeTo!(this.word(a), dst);
    return this.mem().slice(dst, dst + n);
  }
  setCode = (a: bigint, code: Uint8Array) => this.fn.setCode!(this.word(a), this.bytes(code), code.length);
  log(a: bigint, topics: bigint[], data: Uint8Array): void {
    const t = this.buf + 4096;
    topics.forEach((x, i) => this.mem().set(toLimbs(x), t + 32 * i));
    this.fn.emitLog!(this.word(a), t, topics.length, this.bytes(data), data.length);
  }
  begin(origin = 0n, gasPrice = 0n, blobs: Uint8Array[] = []): void {
    const b = new Uint8Array(32 * blobs.length);
    blobs.forEach((h, i) => b.set(h, 32 * i));
    this.fn.beginTransaction!(this.word(origin), this.word(gasPrice), this.bytes(b), b.length);
  }
  /** endTransaction then heap.reset(), as the bootloader does */
  end(): void {
    this.fn.endTransaction!();
    this.fn.heapReset!();
  }
  report(index: number, status: number, gasUsed = 21000n, created = 0n): void {
    this.fn.reportTransaction!(index, status, 0, gasUsed as unknown as number, created === 0n ? 0 : this.word(created));
  }
  finish(txCount: number, gasUsed: bigint): void {
    this.fn.finishBlock!(txCount, gasUsed as unknown as number);
  }
  byName(name: string): Uint32Array[] {
    return this.reports.filter((r) => r.name === name).map((r) => r.payload);
  }
  /** report_account payloads decoded */
  accounts(): Map<bigint, { flags: number; nonce: bigint; balance: bigint; codeHash: string }> {
    return new Map(
      this.byName('report_account').map((p) => [
        wordsToBig(p.subarray(0, 5)),
        { flags: p[5], nonce: wordsToBig(p.subarray(6, 8)), balance: wordsToBig(p.subarray(8, 16)), codeHash: hex(wordsToBytes(p.subarray(16, 24))) },
      ]),
    );
  }
  storageReports(): Map<string, bigint> {
    return new Map(this.byName('report_storage').map((p) => [`${wordsToBig(p.subarray(0, 5)).toString(16)}:${wordsToBig(p.subarray(5, 13)).toString(16)}`, wordsToBig(p.subarray(13, 21))]));
  }
}

/** Runs `f` expecting the guest to stop; returns the stop message. */
function stopMessage(f: () => void): string {
  try {
    f();
  } catch (e) {
    const stop = hostStopOutcome(e);
    if (stop && 'message' in stop) return stop.message;
    if (e instanceof WebAssembly.RuntimeError) return `trap: ${e.message}`;
    throw e;
  }
  throw new Error('the guest did not stop');
}

const A = 0xaaaa000000000000000000000000000000000001n;
const B = 0xbbbb000000000000000000000000000000000002n;
const C = 0xcccc000000000000000000000000000000000003n;
const NEW = 0x1111000000000000000000000000000000000009n;
const EMPTY = 0xeeee00000000000000000000000000000000000en; // exists, empty
const RIPEMD = 3n;
const CODE = Uint8Array.from([0x60, 0x01, 0x60, 0x02, 0x01, 0x00, 0xfe, 0x5b, 0x33]);

const base = (): Fixture => ({
  accounts: {
    ['0x' + A.toString(16)]: { nonce: 5n, balance: 1000n },
    ['0x' + B.toString(16)]: { nonce: 1n, balance: 10n, code: CODE, storage: { '0x1': 11n, '0x2': 22n } },
    ['0x' + C.toString(16)]: { balance: 0n, nonce: 0n, code: Uint8Array.from([0x00]) },
    ['0x' + EMPTY.toString(16)]: {},
    '0x3': {},
  },
});

// ---- tests ----

describe('block context', () => {
  it('reads block_metadata once and serves every field', () => {
    const s = new Sys({ ...base(), number: 1000n });
    expect(BigInt(s.fn.blockNumber!())).toBe(1000n);
    expect(BigInt(s.fn.blockTimestamp!())).toBe(1_700_000_000n);
    expect(BigInt(s.fn.blockGasLimit!())).toBe(30_000_000n);
    expect(BigInt(s.fn.chainId!())).toBe(1n);
    expect(s.out('coinbase')).toBe(COINBASE);
    expect(s.out('baseFee')).toBe(7n);
    expect(s.out('blobBaseFee')).toBe(3n);
    expect(s.out('prevrandao')).toBe(BigInt('0x' + hex(PREVRANDAO)));
    expect(s.asked.get('block_metadata')).toBe(1);
  });

  it('BLOCKHASH: only the 256 blocks before the current one, via block_hash', () => {
    const s = new Sys({ ...base(), number: 1000n });
    const bh = (n: bigint) => {
      const o = s.word();
      s.fn.blockHash!(n as unknown as number, o);
      return s.read(o);
    };
    expect(bh(999n)).toBe(BigInt('0x' + hex(blockHashOf(999n))));
    expect(bh(744n)).toBe(BigInt('0x' + hex(blockHashOf(744n))));
    expect(bh(743n)).toBe(0n);
    expect(bh(1000n)).toBe(0n);
    expect(bh(5000n)).toBe(0n);
    expect(s.asked.get('block_hash')).toBe(2);
  });

  it('nextTransaction returns the bytes, then null when sealed', () => {
    const t1 = Uint8Array.from({ length: 37 }, (_, i) => i * 7);
    const s = new Sys({ ...base(), transactions: [t1, Uint8Array.from([0xc0])] });
    const dst = s.fn.buf!() + 40000;
    expect(s.fn.nextTransactionTo!(dst)).toBe(37);
    expect(s.mem().slice(dst, dst + 37)).toEqual(t1);
    expect(s.fn.nextTransactionTo!(dst)).toBe(1);
    expect(s.fn.nextTransactionTo!(dst)).toBe(-1);
  });
});

describe('accounts', () => {
  it('reads properties once per account and code once per block (checked against its hash)', () => {
    const s = new Sys(base());
    s.begin();
    expect(s.balance(A)).toBe(1000n);
    expect(s.nonce(A)).toBe(5n);
    expect(s.exists(A)).toBe(true);
    expect(s.codeHash(A)).toBe(BigInt('0x' + hex(EMPTY_HASH)));
    expect(s.exists(NEW)).toBe(false);
    expect(s.empty(NEW)).toBe(true);
    expect(s.empty(EMPTY)).toBe(true);
    expect(s.exists(EMPTY)).toBe(true);
    expect(s.empty(C)).toBe(false);
    expect(s.fn.getCodeSize!(s.word(B))).toBe(CODE.length);
    expect(s.codeHash(B)).toBe(BigInt('0x' + hex(keccak_256(CODE))));
    expect(s.code(B)).toEqual(CODE);
    expect(s.code(B)).toEqual(CODE);
    s.end();
    s.begin();
    expect(s.code(B)).toEqual(CODE); // block-lifetime code survives heap.reset
    expect(s.asked.get('account_properties')).toBe(5);
    expect(s.asked.get('bytecode')).toBe(1);
  });

  it('stops the run with the hash when the oracle answers bytecode that does not match', () => {
    const f = base();
    f.forgedCode = { [hex(keccak_256(CODE))]: Uint8Array.from([0x60, 0x02, 0x60, 0x02, 0x01, 0x00, 0xfe, 0x5b, 0x33]) };
    const s = new Sys(f);
    s.begin();
    const msg = stopMessage(() => s.code(B));
    expect(msg).toContain(hex(keccak_256(CODE)));
    expect(msg).toMatch(/does not hash/);
  });

  it('balances, nonces, transfers', () => {
    const s = new Sys(base());
    s.begin();
    expect(s.sub(A, 1001n)).toBe(false);
    expect(s.balance(A)).toBe(1000n);
    expect(s.sub(A, 100n)).toBe(true);
    expect(s.transfer(A, B, 900n)).toBe(true);
    expect(s.transfer(A, B, 1n)).toBe(false);
    s.add(C, 5n);
    s.setNonce(A, 6n);
    expect([s.balance(A), s.balance(B), s.balance(C), s.nonce(A)]).toEqual([0n, 910n, 5n, 6n]);
  });

  it('hasCollision: nonce, code or storage (pre-existing or written in the block)', () => {
    const s = new Sys(base());
    const col = (a: bigint) => s.fn.hasCollision!(s.word(a)) === 1;
    s.begin();
    expect(col(A)).toBe(true); // nonce 5
    expect(col(C)).toBe(true); // code
    expect(col(EMPTY)).toBe(false);
    expect(col(NEW)).toBe(false);
    s.sstore(NEW, 1n, 0n);
    expect(col(NEW)).toBe(false);
    s.sstore(NEW, 1n, 9n);
    expect(col(NEW)).toBe(true);
    const f = base();
    f.accounts['0x' + EMPTY.toString(16)] = { storage: { '0x5': 1n } };
    const s2 = new Sys(f);
    s2.begin();
    expect(s2.fn.hasCollision!(s2.word(EMPTY))).toBe(1);
  });
});

describe('journal and frames', () => {
  it('undoes every kind of change at several depths', () => {
    const s = new Sys(base());
    s.begin();
    const state = () => [s.balance(A), s.nonce(A), s.sload(B, 1n), s.tload(B, 7n), BigInt(s.fn.refundCounter!()), s.codeHash(NEW)];
    s.fn.startFrame!(); // depth 1
    s.add(A, 1n);
    s.sstore(B, 1n, 100n);
    s.fn.addRefund!(10n as never);
    const d1 = state();
    s.fn.startFrame!(); // depth 2
    s.setNonce(A, 77n);
    s.tstore(B, 7n, 5n);
    s.setCode(NEW, CODE);
    s.fn.addRefund!(-3n as never);
    const d2 = state();
    s.fn.startFrame!(); // depth 3
    s.sub(A, 500n);
    s.sstore(B, 1n, 300n);
    s.tstore(B, 7n, 6n);
    s.fn.addRefund!(1000n as never);
    s.fn.startFrame!(); // depth 4, committed into 3
    s.sstore(B, 2n, 1n);
    s.fn.finishFrame!(0);
    expect(s.sload(B, 2n)).toBe(1n);
    expect(s.fn.depth!()).toBe(3);
    s.fn.finishFrame!(1); // revert 3 (and the committed 4 inside it)
    expect(state()).toEqual(d2);
    expect(s.sload(B, 2n)).toBe(22n);
    s.fn.finishFrame!(1); // revert 2
    expect(state()).toEqual(d1);
    expect(d1).toEqual([1001n, 5n, 100n, 0n, 10n, BigInt('0x' + hex(EMPTY_HASH))]);
    s.fn.finishFrame!(0); // commit 1
    expect(state()).toEqual(d1);
    expect(s.exists(NEW)).toBe(false); // setCode undone: NEW not created
  });

  it('warm sets per transaction, cold again after a revert and in the next transaction', () => {
    const s = new Sys(base());
    s.begin();
    expect(s.warm(A)).toBe(true);
    expect(s.warm(A)).toBe(false);
    expect(s.warmSlot(B, 1n)).toBe(true);
    expect(s.warmSlot(B, 1n)).toBe(false);
    s.fn.startFrame!();
    expect(s.warm(C)).toBe(true);
    expect(s.warmSlot(B, 2n)).toBe(true);
    expect(s.warmSlot(B, 1n)).toBe(false);
    s.fn.finishFrame!(1);
    expect(s.warm(C)).toBe(true);
    expect(s.warmSlot(B, 2n)).toBe(true);
    s.end();
    s.begin();
    expect(s.warm(A)).toBe(true);
    expect(s.warmSlot(B, 1n)).toBe(true);
  });

  it('original storage is the value at the start of the transaction', () => {
    const s = new Sys(base());
    s.begin();
    s.sstore(B, 1n, 5n);
    expect([s.sload(B, 1n), s.original(B, 1n)]).toEqual([5n, 11n]);
    s.sstore(B, 1n, 6n);
    expect(s.original(B, 1n)).toBe(11n);
    expect(s.original(B, 9n)).toBe(0n);
    s.end();
    s.begin();
    expect([s.sload(B, 1n), s.original(B, 1n)]).toEqual([6n, 6n]);
    s.sstore(B, 1n, 7n);
    expect(s.original(B, 1n)).toBe(6n);
    expect(s.asked.get('storage_initial')).toBe(2); // B's slots 1 and 9, once each
  });

  it('a transaction that ends without endTransaction (rejected) leaves nothing for the next one', () => {
    const s = new Sys({ ...base(), transactions: [Uint8Array.from([1]), Uint8Array.from([2])] });
    const dst = s.fn.buf!() + 40000;
    s.fn.nextTransactionTo!(dst);
    s.warm(A); // opens the transaction state implicitly; then rejected: no endTransaction
    s.fn.heapReset!();
    s.fn.nextTransactionTo!(dst);
    s.begin();
    expect(s.warm(A)).toBe(true);
  });

  it('transient storage is cleared at the end of every transaction', () => {
    const s = new Sys(base());
    s.begin();
    s.tstore(B, 1n, 42n);
    expect(s.tload(B, 1n)).toBe(42n);
    expect(s.tload(A, 1n)).toBe(0n);
    s.end();
    s.begin();
    expect(s.tload(B, 1n)).toBe(0n);
  });
});

describe('EIP-161 touches and EIP-6780 self-destruct', () => {
  it('deletes touched empty accounts at the end of the transaction; a reverted touch is undone', () => {
    const s = new Sys(base());
    s.begin();
    expect(s.transfer(A, NEW, 0n)).toBe(true);
    expect(s.exists(NEW)).toBe(true); // as geth: the zero transfer creates it for the rest of the transaction
    s.fn.startFrame!();
    s.touch(EMPTY);
    s.fn.finishFrame!(1);
    s.end();
    s.begin();
    expect(s.exists(NEW)).toBe(false);
    expect(s.exists(EMPTY)).toBe(true);
    s.touch(EMPTY);
    s.end();
    s.begin();
    expect(s.exists(EMPTY)).toBe(false);
    s.end();
    s.finish(3, 0n);
    const acc = s.accounts();
    expect(acc.get(EMPTY)?.flags).toBe(3); // deleted, storage reset
    expect(acc.has(NEW)).toBe(false); // never existed at a transaction's end
  });

  it("RIPEMD-160's touch survives a revert (geth)", () => {
    const s = new Sys(base());
    s.begin();
    s.fn.startFrame!();
    s.touch(RIPEMD);
    s.touch(EMPTY);
    s.fn.finishFrame!(1);
    s.end();
    s.begin();
    expect(s.exists(RIPEMD)).toBe(false);
    expect(s.exists(EMPTY)).toBe(true);
  });

  it('a reverted credit of value to 0x03 is undone with its touch (only a zero-value touch is kept)', () => {
    const s = new Sys(base());
    s.begin();
    s.fn.startFrame!();
    expect(s.transfer(A, RIPEMD, 5n)).toBe(true);
    s.fn.finishFrame!(1);
    s.end();
    s.begin();
    expect(s.exists(RIPEMD)).toBe(true);
    s.fn.startFrame!();
    expect(s.transfer(A, RIPEMD, 0n)).toBe(true);
    s.fn.finishFrame!(1);
    s.end();
    s.begin();
    expect(s.exists(RIPEMD)).toBe(false);
  });

  it('code loaded inside a reverted frame stays loaded (one bytecode query)', () => {
    const s = new Sys(base());
    s.begin();
    s.fn.startFrame!();
    s.transfer(A, B, 1n);
    expect(s.code(B)).toEqual(CODE);
    s.fn.finishFrame!(1);
    expect(s.code(B)).toEqual(CODE);
    expect(s.balance(B)).toBe(10n);
    expect(s.asked.get('bytecode')).toBe(1);
  });

  it('self-destruct of an account created in the transaction: deleted with storage and code, balance moved', () => {
    const s = new Sys(base());
    s.begin();
    s.fn.markCreated!(s.word(NEW));
    expect(s.fn.createdInTransaction!(s.word(NEW))).toBe(1);
    s.setNonce(NEW, 1n);
    s.add(NEW, 50n);
    s.setCode(NEW, CODE);
    s.sstore(NEW, 1n, 9n);
    s.fn.selfDestruct!(s.word(NEW), s.word(C));
    expect(s.balance(NEW)).toBe(0n);
    expect(s.balance(C)).toBe(50n);
    expect(s.code(NEW)).toEqual(CODE); // still there until the end of the transaction
    s.end();
    s.begin();
    expect(s.exists(NEW)).toBe(false);
    expect(s.sload(NEW, 1n)).toBe(0n);
    expect(s.fn.getCodeSize!(s.word(NEW))).toBe(0);
    expect(s.fn.createdInTransaction!(s.word(NEW))).toBe(0);
    s.end();
    s.finish(2, 0n);
    expect(s.accounts().has(NEW)).toBe(false);
    expect(s.byName('report_code')).toHaveLength(0);
    expect(s.storageReports().size).toBe(0);
  });

  it('self-destruct to itself: burned when created in the transaction, kept otherwise', () => {
    const s = new Sys(base());
    s.begin();
    s.fn.markCreated!(s.word(NEW));
    s.add(NEW, 50n);
    s.setNonce(NEW, 1n);
    s.fn.selfDestruct!(s.word(NEW), s.word(NEW));
    expect(s.balance(NEW)).toBe(0n);
    s.fn.selfDestruct!(s.word(B), s.word(B)); // B not created here: nothing moves, nothing deleted
    expect(s.balance(B)).toBe(10n);
    s.fn.selfDestruct!(s.word(A), s.word(C)); // A not created here: balance moves, A stays
    expect([s.balance(A), s.balance(C)]).toEqual([0n, 1000n]);
    s.end();
    s.begin();
    expect([s.exists(NEW), s.exists(B), s.exists(A)]).toEqual([false, true, true]);
    expect(s.nonce(A)).toBe(5n);
  });

  it('a reverted self-destruct and a reverted creation leave the account alone', () => {
    const s = new Sys(base());
    s.begin();
    s.fn.startFrame!();
    s.fn.markCreated!(s.word(NEW));
    s.add(NEW, 50n);
    s.fn.finishFrame!(1);
    expect(s.fn.createdInTransaction!(s.word(NEW))).toBe(0);
    s.fn.startFrame!();
    s.fn.markCreated!(s.word(C));
    s.fn.selfDestruct!(s.word(C), s.word(A));
    s.fn.finishFrame!(1);
    s.end();
    s.begin();
    expect(s.exists(C)).toBe(true);
    expect(s.code(C)).toEqual(Uint8Array.from([0]));
  });
});

describe('destruction and re-creation within the block', () => {
  it('an account destroyed in one transaction and created again in a later one: storage reset, only new slots', () => {
    const s = new Sys(base());
    s.begin();
    s.fn.markCreated!(s.word(NEW));
    s.setNonce(NEW, 1n);
    s.sstore(NEW, 1n, 5n);
    s.fn.selfDestruct!(s.word(NEW), s.word(A));
    s.end();
    s.begin();
    expect(s.sload(NEW, 1n)).toBe(0n);
    s.fn.markCreated!(s.word(NEW));
    s.setNonce(NEW, 1n);
    s.sstore(NEW, 2n, 7n);
    s.end();
    s.finish(2, 0n);
    expect(s.accounts().get(NEW)).toEqual({ flags: 2, nonce: 1n, balance: 0n, codeHash: hex(EMPTY_HASH) });
    expect(Object.fromEntries(s.storageReports())).toEqual({ [`${NEW.toString(16)}:2`]: 7n });
  });

  it('an empty pre-state account with storage deleted by a touch: reported deleted; its old slots read 0 afterwards', () => {
    const f = base();
    f.accounts['0x' + EMPTY.toString(16)] = { storage: { '0x5': 55n } };
    const s = new Sys(f);
    s.begin();
    expect(s.sload(EMPTY, 5n)).toBe(55n);
    s.touch(EMPTY);
    s.end();
    s.begin();
    expect(s.exists(EMPTY)).toBe(false);
    expect(s.sload(EMPTY, 5n)).toBe(0n);
    expect(s.sload(EMPTY, 6n)).toBe(0n);
    s.end();
    s.finish(2, 0n);
    expect(s.accounts().get(EMPTY)?.flags).toBe(3);
    expect(s.storageReports().size).toBe(0);
    expect(s.asked.get('storage_initial')).toBe(1); // slot 6 of a destroyed account is not asked for
  });

  it('the same, credited again in a later transaction: exists with storage reset, no slots', () => {
    const f = base();
    f.accounts['0x' + EMPTY.toString(16)] = { storage: { '0x5': 55n } };
    const s = new Sys(f);
    s.begin();
    s.touch(EMPTY);
    s.end();
    s.begin();
    s.add(EMPTY, 3n);
    s.end();
    s.finish(2, 0n);
    expect(s.accounts().get(EMPTY)).toEqual({ flags: 2, nonce: 0n, balance: 3n, codeHash: hex(EMPTY_HASH) });
    expect(s.storageReports().size).toBe(0);
  });
});

describe('logs and reports', () => {
  it('drops reverted logs, reports the others of a successful transaction with big-endian topics', () => {
    const s = new Sys(base());
    s.begin();
    s.log(B, [1n, 0x0102n], Uint8Array.from([9, 8, 7]));
    s.fn.startFrame!();
    s.log(B, [], new Uint8Array(0));
    s.fn.finishFrame!(1);
    s.fn.startFrame!();
    s.log(C, [0xffn << 248n, 2n, 3n, 4n], Uint8Array.from({ length: 70 }, (_, i) => i));
    s.fn.finishFrame!(0);
    s.report(0, 1, 50000n, NEW);
    s.end();
    s.begin();
    s.log(B, [5n], Uint8Array.from([1]));
    s.report(1, 0, 30000n);
    s.end();
    const tx = s.byName('report_transaction');
    expect(tx.map((p) => Array.from(p))).toEqual([
      [0, 1, 0, 50000, 0, ...addrWords(NEW)],
      [1, 0, 0, 30000, 0, 0, 0, 0, 0, 0],
    ]);
    const logs = s.byName('report_log');
    expect(logs).toHaveLength(2);
    const topic = (p: Uint32Array, k: number) => hex(wordsToBytes(p.subarray(7 + 8 * k, 15 + 8 * k)));
    expect(wordsToBig(logs[0]!.subarray(1, 6))).toBe(B);
    expect(logs[0]![6]).toBe(2);
    expect(topic(logs[0]!, 1)).toBe(hex(beBytes(0x0102n)));
    expect(topic(logs[0]!, 2)).toBe('00'.repeat(32));
    expect(logs[0]![39]).toBe(3);
    expect(Array.from(wordsToBytes(logs[0]!.subarray(40)))).toEqual([9, 8, 7, 0]);
    expect(logs[1]![6]).toBe(4);
    expect(topic(logs[1]!, 0)).toBe('ff' + '00'.repeat(31));
    expect(wordsToBytes(logs[1]!.subarray(40)).slice(0, 70)).toEqual(Uint8Array.from({ length: 70 }, (_, i) => i));
  });

  it('reports changed accounts, slots and deployed code, then the block; commits the digest of every report', () => {
    const s = new Sys({ ...base(), number: 1234n });
    s.begin();
    s.transfer(A, B, 100n);
    s.sstore(B, 1n, 11n); // unchanged value
    s.sstore(B, 2n, 0n); // deleted
    s.sstore(B, 3n, 33n); // new
    s.fn.markCreated!(s.word(NEW));
    s.setNonce(NEW, 1n);
    s.setCode(NEW, CODE);
    s.sstore(NEW, 4n, 44n);
    s.report(0, 1, 21000n, NEW);
    s.end();
    s.begin();
    s.sstore(B, 3n, 34n);
    s.report(1, 1);
    s.end();
    s.finish(2, 42000n);
    const acc = s.accounts();
    expect([...acc.keys()].sort()).toEqual([A, B, NEW].sort());
    expect(acc.get(A)).toEqual({ flags: 0, nonce: 5n, balance: 900n, codeHash: hex(EMPTY_HASH) });
    expect(acc.get(B)).toEqual({ flags: 0, nonce: 1n, balance: 110n, codeHash: hex(keccak_256(CODE)) });
    expect(acc.get(NEW)).toEqual({ flags: 2, nonce: 1n, balance: 0n, codeHash: hex(keccak_256(CODE)) });
    const st = s.storageReports();
    expect(Object.fromEntries(st)).toEqual({
      [`${B.toString(16)}:2`]: 0n,
      [`${B.toString(16)}:3`]: 34n,
      [`${NEW.toString(16)}:4`]: 44n,
    });
    const code = s.byName('report_code');
    expect(code).toHaveLength(1);
    expect(hex(wordsToBytes(code[0]!.subarray(0, 8)))).toBe(hex(keccak_256(CODE)));
    expect(code[0]![8]).toBe(CODE.length);
    expect(wordsToBytes(code[0]!.subarray(9)).slice(0, CODE.length)).toEqual(CODE);
    expect(s.reports.at(-1)!.name).toBe('report_block');
    expect(Array.from(s.reports.at(-1)!.payload)).toEqual([2, 42000, 0]);
    // the public output: block number, then keccak256 of every report payload in order
    const all = s.reports.flatMap((r) => Array.from(r.payload));
    const digest = keccak_256(wordsToBytes(all));
    expect(s.session.publicOutput).toEqual([1234, 0, ...bytesToWords(digest)]);
  });
});

describe('tables', () => {
  it('tables across many chunk and index growths keep every entry', () => {
    const s = new Sys(base());
    s.begin();
    const N = 3000;
    for (let n = 0; n < N; n++) s.sstore(B, BigInt(n) * 0x10001n, BigInt(n + 1));
    for (let n = 0; n < N; n++) s.add(NEW + BigInt(n) * 0x1000n, BigInt(n + 1));
    s.fn.startFrame!();
    for (let n = 0; n < 2 * N; n++) s.tstore(C, BigInt(n), BigInt(n + 7));
    for (let n = 0; n < 2 * N; n += 97) expect(s.tload(C, BigInt(n))).toBe(BigInt(n + 7));
    s.fn.finishFrame!(1);
    for (let n = 0; n < 2 * N; n += 89) expect(s.tload(C, BigInt(n))).toBe(0n);
    for (let n = 0; n < N; n += 7) expect(s.sload(B, BigInt(n) * 0x10001n)).toBe(BigInt(n + 1));
    for (let n = 0; n < N; n += 7) expect(s.balance(NEW + BigInt(n) * 0x1000n)).toBe(BigInt(n + 1));
    s.end();
    s.finish(1, 0n);
    expect(s.accounts().size).toBe(N + 1); // the new accounts and B (storage)
    expect(s.storageReports().size).toBe(N); // every slot n·0x10001 changed (none is B's slot 1 or 2)
  });
});

describe('memory discipline', () => {
  it('the heap and the block region stay bounded over many transactions with heap.reset', () => {
    const s = new Sys(base());
    const marks: number[][] = [];
    for (let n = 0; n < 300; n++) {
      s.begin(A, 1n);
      s.warm(A);
      s.transfer(A, B, 1n);
      s.fn.startFrame!();
      s.sstore(B, BigInt(n % 4), BigInt(n));
      s.tstore(B, 1n, BigInt(n));
      s.log(B, [1n], new Uint8Array(100));
      s.code(B);
      if (n % 50 === 7) s.setCode(NEW + BigInt(n), CODE); // deployed code: on the heap until the end of the transaction
      s.fn.finishFrame!(n % 3 === 0 ? 1 : 0);
      s.report(n, 1);
      if (n % 50 === 7) expect(s.fn.heapPointers!()).toBe(n % 3 === 0 ? 0 : 1);
      const during = s.fn.heapTop!() >>> 0; // the transaction's heap high-water mark
      s.end(); // endTransaction + heap.reset
      expect(s.fn.heapPointers!()).toBe(0);
      marks.push([during, s.fn.heapTop!() >>> 0, s.fn.blockRegionUsed!() >>> 0]);
      s.fn.heapReset!();
    }
    // the heap: back to the same start after every reset; per-transaction use does not grow with n
    expect(new Set(marks.map((m) => m[1])).size).toBe(1);
    const peak = (from: number, to: number) => Math.max(...marks.slice(from, to).map((m) => m[0]));
    expect(peak(200, 300)).toBeLessThanOrEqual(peak(4, 100));
    // the region grows only by the code of the surviving deployments (n = 7, 107, 157, 257; 57 and 207 reverted)
    const regionSteps = marks.slice(4).map((m) => m[2]).filter((v, i, all) => i > 0 && v !== all[i - 1]);
    expect(regionSteps).toHaveLength(4);
    expect(s.balance(B)).toBe(310n);
  });
});

describe('the scripted block natively and on RISC-V', () => {
  /** Runs programs/as/tests/system-check.ts over the base fixture; returns the run and its reports. */
  const fixture = (): Fixture => {
    const f = base();
    // the check guest's addresses: tag in limb 4 (bits 128..159), low word in limb 0
    const at = (tag: number, low: number) => (BigInt(tag) << 128n) | BigInt(low);
    f.accounts = {
      ['0x' + at(0x010000aa, 1).toString(16)]: { nonce: 5n, balance: 100000n },
      ['0x' + at(0x020000bb, 2).toString(16)]: { nonce: 1n, balance: 10n, code: CODE, storage: { '0x1': 11n, '0x2': 22n } },
      ['0x' + at(0x030000cc, 3).toString(16)]: { code: Uint8Array.from([0x00]) },
      ['0x' + at(0x0e0000ee, 0x0e).toString(16)]: {},
    };
    return f;
  };

  it('reports, digest and memory', async () => {
    const { wasm } = await compileAssemblyScript('programs/as/tests/system-check.ts', { memoryPages: 256 });
    const reports: Report[] = [];
    const oracle = new OracleSession({ kind: 'live', queries: registry(fixture(), reports, new Map()) });
    const run = recordNative(wasm, { oracle });
    expect(run.outcome).toEqual({ kind: 'exit', code: 0 });
    const digest = keccak_256(wordsToBytes(reports.flatMap((r) => Array.from(r.payload))));
    expect(oracle.publicOutput).toEqual([1000, 0, ...bytesToWords(digest)]);
    // B: 10 + (1 + 2 + ... + 24)
    expect(new TextDecoder().decode(run.stdout)).toContain(`balance B ${hex(toLimbs(10n + 300n))}`);
    const storage = reports.filter((r) => r.name === 'report_storage').map((r) => [wordsToBig(r.payload.subarray(5, 13)), wordsToBig(r.payload.subarray(13, 21))]);
    // slot n&3 = 100 + n from committed frames (n % 3 != 0), the last write per slot wins; slot 9 always reverted
    const expected = new Map<bigint, bigint>([[1n, 11n], [2n, 22n]]);
    for (let n = 0; n < 24; n++) if (n % 3 !== 0) expected.set(BigInt(n & 3), BigInt(100 + n));
    const fromB = storage.filter(([k]) => k !== 4n);
    expect(new Map(fromB.map(([k, v]) => [k!, v!]))).toEqual(new Map([...expected].filter(([k, v]) => !(k === 1n && v === 11n) && !(k === 2n && v === 22n))));
    expect(storage.some(([k, v]) => k === 4n && v === 44n)).toBe(true);
    expect(reports.filter((r) => r.name === 'report_log')).toHaveLength(24 - 8 - 1); // committed frames, not the failed tx 5
  }, 120_000);

  it.skipIf(!hasTool('llc'))('RISC-V run matches the native run call by call (skipped without LLVM 14)', async () => {
    const built = await buildGuest('programs/as/tests/system-check.ts', { memoryPages: 256 });
    const session = () => new OracleSession({ kind: 'live', queries: registry(fixture(), [], new Map()) });
    const nativeOracle = session();
    const native = recordNative(built.wasm, { oracle: nativeOracle });
    const riscvOracle = session();
    const riscv = recordRiscv(built.elf, { oracle: riscvOracle });
    expect(riscv.outcome).toEqual({ kind: 'exit', code: 0 });
    expect(firstDifference(native, riscv)).toBeUndefined();
    expect(riscvOracle.publicOutput).toEqual(nativeOracle.publicOutput);
    console.log(`system-check on RISC-V: ${riscv.cycles} cycles, accelerators ${JSON.stringify(riscvOracle.acceleratorCalls)}`);
  }, 600_000);
});

