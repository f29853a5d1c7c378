// The EVM execution environment (guest/ee/evm) and the runner (guest/bootloader/runner.ts) against
// @ethereumjs/evm (Cancun): each case runs the same bytecode on the same pre-state through both, and
// the test compares success, gas used, the refund counter, return data, logs and storage afterwards.
// The guest side is programs/as/tests/evm-harness.ts, fed by an in-test QueryRegistry that serves
// block_metadata, account_properties, storage_initial, bytecode and block_hash from the case.
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM } from '@ethereumjs/evm';
import { Account, createAddressFromString } from '@ethereumjs/util';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectingSink } from '../emulator/ecall';
import { compileNative, runNativeModule, type NativeModule } from '../oracle/native';
import { standardQueries } from '../oracle/handlers';
import { OracleSession } from '../oracle/session';
import { compileAssemblyScript } from '../toolchain/asc';

// ---- a tiny assembler (mnemonics → bytes; independent of the guest's opcode table) ----

const OPS: Record<string, number> = {
  STOP: 0x00, ADD: 0x01, MUL: 0x02, SUB: 0x03, DIV: 0x04, SDIV: 0x05, MOD: 0x06, SMOD: 0x07, ADDMOD: 0x08, MULMOD: 0x09, EXP: 0x0a, SIGNEXTEND: 0x0b,
  LT: 0x10, GT: 0x11, SLT: 0x12, SGT: 0x13, EQ: 0x14, ISZERO: 0x15, AND: 0x16, OR: 0x17, XOR: 0x18, NOT: 0x19, BYTE: 0x1a, SHL: 0x1b, SHR: 0x1c, SAR: 0x1d,
  KECCAK256: 0x20, ADDRESS: 0x30, BALANCE: 0x31, ORIGIN: 0x32, CALLER: 0x33, CALLVALUE: 0x34, CALLDATALOAD: 0x35, CALLDATASIZE: 0x36, CALLDATACOPY: 0x37,
  CODESIZE: 0x38, CODECOPY: 0x39, GASPRICE: 0x3a, EXTCODESIZE: 0x3b, EXTCODECOPY: 0x3c, RETURNDATASIZE: 0x3d, RETURNDATACOPY: 0x3e, EXTCODEHASH: 0x3f,
  BLOCKHASH: 0x40, COINBASE: 0x41, TIMESTAMP: 0x42, NUMBER: 0x43, PREVRANDAO: 0x44, GASLIMIT: 0x45, CHAINID: 0x46, SELFBALANCE: 0x47, BASEFEE: 0x48, BLOBHASH: 0x49, BLOBBASEFEE: 0x4a,
  POP: 0x50, MLOAD: 0x51, MSTORE: 0x52, MSTORE8: 0x53, SLOAD: 0x54, SSTORE: 0x55, JUMP: 0x56, JUMPI: 0x57, PC: 0x58, MSIZE: 0x59, GAS: 0x5a, JUMPDEST: 0x5b,
  TLOAD: 0x5c, TSTORE: 0x5d, MCOPY: 0x5e, PUSH0: 0x5f, LOG0: 0xa0, LOG1: 0xa1, LOG2: 0xa2, LOG3: 0xa3, LOG4: 0xa4,
  CREATE: 0xf0, CALL: 0xf1, CALLCODE: 0xf2, RETURN: 0xf3, DELEGATECALL: 0xf4, CREATE2: 0xf5, STATICCALL: 0xfa, REVERT: 0xfd, INVALID: 0xfe, SELFDESTRUCT: 0xff,
};
for (let i = 1; i <= 16; i++) {
  OPS[`DUP${i}`] = 0x7f + i;
  OPS[`SWAP${i}`] = 0x8f + i;
}

/** Assembles "PUSH1 0x01 PUSH 0x1234 ADD ..." (PUSH picks the smallest size; "0x.." alone is raw bytes via RAW). */
function asm(src: string): string {
  const out: number[] = [];
  const toks = src.trim().split(/\s+/);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!.toUpperCase();
    const push = /^PUSH(\d*)$/.exec(t);
    if (push && t !== 'PUSH0') {
      let hex = toks[++i]!.replace(/^0x/i, '');
      if (/^\d+$/.test(toks[i]!) && !toks[i]!.startsWith('0x')) hex = BigInt(toks[i]!).toString(16);
      if (hex.length % 2) hex = '0' + hex;
      const n = push[1] ? Number(push[1]) : Math.max(1, hex.length / 2);
      hex = hex.padStart(2 * n, '0');
      out.push(0x5f + n, ...Buffer.from(hex, 'hex'));
    } else if (t === 'RAW') {
      out.push(...Buffer.from(toks[++i]!.replace(/^0x/i, ''), 'hex'));
    } else if (t in OPS) {
      out.push(OPS[t]!);
    } else {
      throw new Error(`asm: unknown token ${toks[i]}`);
    }
  }
  return Buffer.from(out).toString('hex');
}

/** Code that returns `runtime` (hex) as deployed code: CODECOPY of the tail. */
function initCodeFor(runtime: string, prefix = ''): string {
  const len = runtime.length / 2;
  const pre = asm(prefix);
  // PUSH2 len DUP1 PUSH2 off PUSH0 CODECOPY PUSH0 RETURN  (12 bytes)
  const headLen = pre.length / 2 + 12;
  const h = (v: number) => v.toString(16).padStart(4, '0');
  return pre + asm(`PUSH2 ${h(len)} DUP1 PUSH2 ${h(headLen)} PUSH0 CODECOPY PUSH0 RETURN`) + runtime;
}

// ---- cases ----

const CALLER = '0x' + 'aa'.repeat(20);
const TARGET = '0x' + 'cc'.repeat(19) + '01';
const OTHER = '0x' + 'cc'.repeat(19) + '02';
const EMPTY = '0x' + 'ee'.repeat(20);
const COINBASE = '0x' + 'c0'.repeat(20);
const BLOCK = { number: 100n, timestamp: 1_700_000_000n, gasLimit: 30_000_000n, baseFee: 7n, chainId: 1n, prevrandao: 0x1234567890abcdefn, blobBaseFee: 1n };

interface Acct {
  balance?: bigint;
  nonce?: bigint;
  code?: string;
  storage?: Record<string, bigint>;
}
interface Case {
  name: string;
  code?: string; // the target's code (hex)
  data?: string;
  value?: bigint;
  gas?: bigint;
  accounts?: Record<string, Acct>;
  /** slots to compare afterwards: [address, key] */
  slots?: [string, bigint][];
  /** deploy `data` as init code instead of calling TARGET */
  deploy?: boolean;
}

function preState(c: Case): Map<string, Acct> {
  const m = new Map<string, Acct>();
  m.set(CALLER, { balance: 10n ** 20n });
  if (c.code !== undefined) m.set(TARGET, { code: c.code, balance: 1000n });
  for (const [a, acct] of Object.entries(c.accounts ?? {})) m.set(a.toLowerCase(), { ...m.get(a.toLowerCase()), ...acct });
  return m;
}

// ---- the reference: @ethereumjs/evm ----

interface Outcome {
  success: boolean;
  gasUsed: bigint;
  refund: bigint;
  returnData: string;
  slots: string[];
  /** address, topics and data of every log, hex */
  logs: string[];
}

async function reference(c: Case, createdOut: { address?: string }): Promise<Outcome> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
  const evm = await createEVM({ common });
  const sm = evm.stateManager;
  for (const [a, acct] of preState(c)) {
    const addr = createAddressFromString(a);
    await sm.putAccount(addr, new Account(acct.nonce ?? 0n, acct.balance ?? 0n));
    if (acct.code) await sm.putCode(addr, Buffer.from(acct.code, 'hex'));
    for (const [k, v] of Object.entries(acct.storage ?? {})) {
      await sm.putStorage(addr, Buffer.from(BigInt(k).toString(16).padStart(64, '0'), 'hex'), Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));
    }
  }
  const warm = [CALLER, COINBASE, ...(c.deploy ? [] : [TARGET]), ...Array.from({ length: 10 }, (_, i) => '0x' + (i + 1).toString(16).padStart(40, '0'))];
  for (const w of warm) evm.journal.addAlwaysWarmAddress(w);
  const block = {
    header: {
      number: BLOCK.number,
      coinbase: createAddressFromString(COINBASE),
      timestamp: BLOCK.timestamp,
      difficulty: 0n,
      prevRandao: Buffer.from(BLOCK.prevrandao.toString(16).padStart(64, '0'), 'hex'),
      gasLimit: BLOCK.gasLimit,
      baseFeePerGas: BLOCK.baseFee,
      getBlobGasPrice: () => BLOCK.blobBaseFee,
    },
  };
  const gasLimit = c.gas ?? 1_000_000n;
  const res = await evm.runCall({
    caller: createAddressFromString(CALLER),
    origin: createAddressFromString(CALLER),
    to: c.deploy ? undefined : createAddressFromString(TARGET),
    value: c.value ?? 0n,
    data: Buffer.from(c.data ?? '', 'hex'),
    gasLimit,
    gasPrice: 10n,
    skipNonceIncrement: true,
    block: block as never,
  });
  const er = res.execResult;
  if (c.deploy) createdOut.address = res.createdAddress?.toString();
  const slots: string[] = [];
  for (const [a, k] of c.slots ?? []) {
    const v = await sm.getStorage(createAddressFromString(a === 'created' ? createdOut.address! : a), Buffer.from(k.toString(16).padStart(64, '0'), 'hex'));
    slots.push(Buffer.from(v).toString('hex').padStart(64, '0'));
  }
  return {
    success: er.exceptionError === undefined,
    gasUsed: er.executionGasUsed,
    refund: er.gasRefund ?? 0n,
    returnData: c.deploy && er.exceptionError === undefined ? '' : Buffer.from(er.returnValue).toString('hex'),
    slots,
    logs: er.exceptionError === undefined ? (er.logs ?? []).map(([a, topics, data]) => [a, ...topics, data].map((b) => Buffer.from(b).toString('hex')).join(':')) : [],
  };
}

// ---- the guest ----

const M32 = 0xffffffffn;
const u256Words = (x: bigint) => Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(32 * i)) & M32));
const u64Words = (x: bigint) => [Number(x & M32), Number((x >> 32n) & M32)];
const imageWords = (b: Uint8Array) => {
  const w = new Uint32Array(Math.ceil(b.length / 4));
  new Uint8Array(w.buffer).set(b);
  return [...w];
};
const wordsToBig = (p: ArrayLike<number>, from: number, n: number) => {
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 32n) | BigInt(p[from + i]! >>> 0);
  return x;
};
const addrHex = (x: bigint) => '0x' + x.toString(16).padStart(40, '0');
const be32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');

function queriesFor(state: Map<string, Acct>, input: Uint8Array, logs: string[]) {
  const codes = new Map<string, Uint8Array>();
  const reg = standardQueries({ input });
  reg.register('report_transaction', () => []);
  reg.register('report_log', (p) => {
    const address = wordsToBig(p, 1, 5).toString(16).padStart(40, '0');
    const count = p[6]!;
    const image = (from: number, bytes: number) => Buffer.from(new Uint32Array(Array.from(p).slice(from, from + Math.ceil(bytes / 4))).buffer).subarray(0, bytes).toString('hex');
    const topics = Array.from({ length: count }, (_, i) => image(7 + 8 * i, 32));
    const len = p[39]!;
    logs.push([address, ...topics, image(40, len)].join(':'));
    return [];
  });
  reg.register('block_metadata', () => [
    ...u64Words(BLOCK.number),
    ...u64Words(BLOCK.timestamp),
    ...u256Words(BigInt(COINBASE)).slice(0, 5),
    ...u64Words(BLOCK.gasLimit),
    ...u256Words(BLOCK.baseFee),
    ...u64Words(BLOCK.chainId),
    ...imageWords(be32(BLOCK.prevrandao)),
    ...u256Words(BLOCK.blobBaseFee),
    ...new Array(8).fill(0),
  ]);
  reg.register('account_properties', (p) => {
    const a = state.get(addrHex(wordsToBig(p, 0, 5)));
    if (!a) return [0, 0, 0, ...new Array(8).fill(0), ...imageWords(keccak_256(new Uint8Array(0))), 0];
    const code = Buffer.from(a.code ?? '', 'hex');
    const hash = keccak_256(code);
    codes.set(Buffer.from(hash).toString('hex'), code);
    const hasStorage = Object.values(a.storage ?? {}).some((v) => v !== 0n);
    return [1 | (hasStorage ? 2 : 0), ...u64Words(a.nonce ?? 0n), ...u256Words(a.balance ?? 0n), ...imageWords(hash), code.length];
  });
  reg.register('storage_initial', (p) => {
    const a = state.get(addrHex(wordsToBig(p, 0, 5)));
    const key = wordsToBig(p, 5, 8);
    const hit = Object.entries(a?.storage ?? {}).find(([k]) => BigInt(k) === key);
    return u256Words(hit ? hit[1] : 0n);
  });
  reg.register('bytecode', (p) => {
    const hash = Buffer.from(new Uint32Array(Array.from(p)).buffer).toString('hex');
    const code = hash === Buffer.from(keccak_256(new Uint8Array(0))).toString('hex') ? new Uint8Array(0) : codes.get(hash);
    if (!code) throw new Error(`bytecode: unknown hash ${hash}`);
    return [code.length, ...imageWords(code)];
  });
  reg.register('block_hash', () => new Array(8).fill(0));
  return reg;
}

function harnessInput(c: Case, created?: string): Uint8Array {
  const data = Buffer.from(c.data ?? '', 'hex');
  const slots = c.slots ?? [];
  const head = Buffer.alloc(20);
  head.writeUInt32LE(c.deploy ? 1 : 0, 0);
  const gas = c.gas ?? 1_000_000n;
  head.writeUInt32LE(Number(gas & M32), 4);
  head.writeUInt32LE(Number(gas >> 32n), 8);
  head.writeUInt32LE(data.length, 12);
  head.writeUInt32LE(slots.length, 16);
  const to = c.deploy ? created ?? '0x' + '00'.repeat(20) : TARGET;
  const pad = Buffer.alloc((4 - (data.length % 4)) % 4);
  const slotBytes = slots.map(([a, k]) => Buffer.concat([be32(BigInt(a === 'created' ? created! : a)), be32(k)]));
  return Buffer.concat([head, be32(BigInt(CALLER)), be32(BigInt(to)), be32(c.value ?? 0n), be32(10n), data, pad, ...slotBytes]);
}

let harness: NativeModule;
beforeAll(async () => {
  const { wasm } = await compileAssemblyScript('programs/as/tests/evm-harness.ts', { memoryPages: 1024 });
  harness = compileNative(wasm);
}, 120_000);

function guest(c: Case, created?: string): Outcome {
  const input = harnessInput(c, created);
  const out = collectingSink();
  const logs: string[] = [];
  const oracle = new OracleSession({ kind: 'live', queries: queriesFor(preState(c), input, logs) });
  const r = runNativeModule(harness, { sink: out.sink, oracle });
  const text = Buffer.from(out.stdout()).toString();
  if (r.kind !== 'exit' || r.exitCode !== 0) throw new Error(`harness failed for ${c.name}: ${JSON.stringify(r)}\n${text}`);
  const lines = text.trim().split('\n');
  const [, ok, gasLeft, refund] = lines[0]!.split(' ');
  return {
    success: ok === '1',
    gasUsed: (c.gas ?? 1_000_000n) - BigInt(gasLeft!),
    refund: BigInt(refund!),
    returnData: (lines[1] ?? 'D ').slice(2).trim(),
    slots: lines.filter((l) => l.startsWith('S ')).map((l) => l.slice(2)),
    logs,
  };
}

/** Cases meant to end in failure at the top level; every other case must succeed in the reference too. */
const FAILING = new Set(['badjump', 'underflow', 'invalid', 'fe', 'oog', 'huge-offset', 'overflow', 'overflow-1025', 'revert', 'rdc-oob', 'initcode-limit']);

/** Runs both; also pins the reference's own outcome, so a case cannot pass by failing on both sides. */
async function check(c: Case) {
  const created: { address?: string } = {};
  const want = await reference(c, created);
  expect(want.success, `${c.name}: reference outcome`).toBe(!FAILING.has(c.name));
  const got = guest(c, created.address);
  expect(got, c.name).toEqual(want);
  return got;
}

// ---- the cases ----

const EDGE = [0n, 1n, 2n, 31n, 32n, 255n, 256n, (1n << 64n) - 1n, 1n << 128n, (1n << 255n) - 1n, 1n << 255n, (1n << 256n) - 1n, (1n << 256n) - 2n, 0x8000n, 0xff00n];
const BINARY = ['ADD', 'MUL', 'SUB', 'DIV', 'SDIV', 'MOD', 'SMOD', 'EXP', 'SIGNEXTEND', 'LT', 'GT', 'SLT', 'SGT', 'EQ', 'AND', 'OR', 'XOR', 'BYTE', 'SHL', 'SHR', 'SAR'];

/** A program that applies `op` to pairs of operands and returns all results. */
function arithProgram(op: string, pairs: [bigint, bigint][], ternary?: bigint): string {
  let src = '';
  pairs.forEach(([a, b], i) => {
    if (ternary !== undefined) src += `PUSH32 ${ternary.toString(16).padStart(64, '0')} `;
    src += `PUSH32 ${b.toString(16).padStart(64, '0')} PUSH32 ${a.toString(16).padStart(64, '0')} ${op} PUSH ${(32 * i).toString(16)} MSTORE `;
  });
  src += `PUSH ${(32 * pairs.length).toString(16)} PUSH0 RETURN`;
  return asm(src);
}

const pairs: [bigint, bigint][] = [];
for (const a of EDGE) for (const b of [0n, 1n, 31n, (1n << 255n), (1n << 256n) - 1n, 0x1234567890n, 256n]) pairs.push([a, b]);

describe('EVM arithmetic and bitwise opcodes vs @ethereumjs/evm', () => {
  for (const op of BINARY) it(op, () => check({ name: op, code: arithProgram(op, pairs), gas: 10_000_000n }));
  it('ADDMOD and MULMOD', async () => {
    for (const m of [0n, 7n, (1n << 256n) - 1n, 1n << 200n]) {
      await check({ name: `ADDMOD ${m}`, code: arithProgram('ADDMOD', pairs.slice(0, 40), m), gas: 10_000_000n });
      await check({ name: `MULMOD ${m}`, code: arithProgram('MULMOD', pairs.slice(0, 40), m), gas: 10_000_000n });
    }
  });
  it('ISZERO, NOT', async () => {
    const src = EDGE.map((a, i) => `PUSH32 ${a.toString(16).padStart(64, '0')} DUP1 ISZERO PUSH ${(64 * i).toString(16)} MSTORE NOT PUSH ${(64 * i + 32).toString(16)} MSTORE`).join(' ');
    await check({ name: 'iszero-not', code: asm(src + ` PUSH ${(64 * EDGE.length).toString(16)} PUSH0 RETURN`) });
  });
});

describe('EVM memory, stack and flow', () => {
  it('MSTORE8, MLOAD, MSIZE, MCOPY, KECCAK256 and expansion', () =>
    check({
      name: 'memory',
      code: asm(
        'PUSH 0xab PUSH 0x45 MSTORE8 PUSH 0x40 MLOAD PUSH 0x100 MSTORE MSIZE PUSH 0x120 MSTORE ' +
          'PUSH 0x50 PUSH 0x20 PUSH 0x200 MCOPY PUSH 0x10 PUSH 0x30 PUSH 0x38 MCOPY ' +
          'PUSH 0x33 PUSH 0x07 KECCAK256 PUSH 0x300 MSTORE PUSH0 PUSH 0x5000 KECCAK256 PUSH 0x320 MSTORE MSIZE PUSH 0x340 MSTORE PUSH 0x360 PUSH0 RETURN',
      ),
    }));
  it('CALLDATALOAD, CALLDATACOPY and CODECOPY past the end', () =>
    check({
      name: 'calldata',
      data: '0102030405060708090a0b0c0d0e0f10111213141516171819',
      code: asm('PUSH 0x05 CALLDATALOAD PUSH0 MSTORE PUSH 0x40 PUSH 0x03 PUSH 0x20 CALLDATACOPY CALLDATASIZE PUSH 0x60 MSTORE PUSH 0x30 PUSH 0x05 PUSH 0x80 CODECOPY CODESIZE PUSH 0xb0 MSTORE PUSH32 0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff CALLDATALOAD PUSH 0xd0 MSTORE PUSH 0xf0 PUSH0 RETURN'),
    }));
  it('DUP, SWAP, PUSH at the end of code, PC, GAS', () =>
    check({ name: 'stack', code: asm('PUSH 1 PUSH 2 PUSH 3 DUP3 DUP2 SWAP3 SWAP1 PC GAS PUSH0 MSTORE PUSH 0x20 MSTORE PUSH 0x40 MSTORE PUSH 0x60 MSTORE PUSH 0x80 MSTORE PUSH 0xa0 PUSH0 RETURN') }));
  it('PUSH32 truncated by the end of the code', () => check({ name: 'push-trunc', code: asm('PUSH 0x01 POP') + '7f1122' }));
  it('JUMP and JUMPI to a JUMPDEST', () =>
    check({ name: 'jump', code: asm('PUSH 0x01 PUSH 0x07 JUMPI INVALID INVALID JUMPDEST PUSH 0x0d JUMP INVALID INVALID JUMPDEST PUSH 0x2a PUSH0 MSTORE PUSH 0x20 PUSH0 RETURN') }));
  it('JUMP into PUSH data is an exceptional halt', () => check({ name: 'badjump', code: asm('PUSH 0x03 JUMP PUSH1 0x5b STOP') }));
  it('stack underflow, invalid opcode, 0xFE, out of gas', async () => {
    await check({ name: 'underflow', code: asm('PUSH 1 ADD') });
    await check({ name: 'invalid', code: asm('PUSH 1') + '0c' });
    await check({ name: 'fe', code: asm('PUSH 1 INVALID') });
    await check({ name: 'oog', code: asm('PUSH 0xffffff MLOAD'), gas: 100_000n });
    await check({ name: 'huge-offset', code: asm('PUSH 1 PUSH32 0x0100000000000000000000000000000000000000000000000000000000000000 MSTORE') });
  });
  it('stack overflow at 1025 items', async () => {
    await check({ name: 'overflow', code: asm('JUMPDEST PUSH0 PUSH0 JUMP'), gas: 100_000n });
    await check({ name: 'no-overflow', code: asm('PUSH0 '.repeat(1024)) });
    await check({ name: 'overflow-1025', code: asm('PUSH0 '.repeat(1025)) });
  });
  it('REVERT keeps gas and returns data', () => check({ name: 'revert', code: asm('PUSH 0xdead PUSH0 MSTORE PUSH 0x20 PUSH0 REVERT') }));
});

describe('EVM environment and block opcodes', () => {
  it('context values', () =>
    check({
      name: 'env',
      value: 12345n,
      accounts: { [OTHER]: { code: '6001600255', balance: 77n } },
      code: asm(
        `ADDRESS CALLER ORIGIN CALLVALUE GASPRICE COINBASE TIMESTAMP NUMBER PREVRANDAO GASLIMIT CHAINID SELFBALANCE BASEFEE BLOBBASEFEE PUSH0 BLOBHASH ` +
          `PUSH20 ${OTHER.slice(2)} BALANCE PUSH20 ${OTHER.slice(2)} BALANCE PUSH20 ${OTHER.slice(2)} EXTCODESIZE PUSH20 ${OTHER.slice(2)} EXTCODEHASH PUSH20 ${EMPTY.slice(2)} EXTCODEHASH ` +
          `PUSH20 ${EMPTY.slice(2)} EXTCODESIZE PUSH 0x05 BLOCKHASH ` +
          Array.from({ length: 22 }, (_, i) => `PUSH ${(32 * i).toString(16)} MSTORE`).join(' ') +
          ` PUSH 0x08 PUSH 0x01 PUSH 0x10 PUSH20 ${OTHER.slice(2)} EXTCODECOPY PUSH 0x300 PUSH0 RETURN`,
      ),
    }));
});

describe('EVM storage, transient storage and logs', () => {
  const S = (k: number) => [TARGET, BigInt(k)] as [string, bigint];
  it('SSTORE gas and refunds (EIP-2200/2929/3529)', () =>
    check({
      name: 'sstore',
      accounts: { [TARGET]: { storage: { 1: 5n, 3: 7n, 4: 11n, 7: 1n } } },
      code: asm(
        // slot 1 (orig 5): reset to 0 (refund), back to 5 (restore); slot 2 (orig 0): set, then clear; slot 3 (orig 7): set to 9, then 9 again; slot 4 read cold and warm
        'PUSH0 PUSH 1 SSTORE PUSH 5 PUSH 1 SSTORE PUSH 9 PUSH 2 SSTORE PUSH0 PUSH 2 SSTORE PUSH 9 PUSH 3 SSTORE PUSH 9 PUSH 3 SSTORE PUSH 4 SLOAD PUSH 4 SLOAD ADD PUSH 5 SSTORE PUSH0 PUSH 6 SSTORE PUSH 3 PUSH 7 SSTORE PUSH0 PUSH 7 SSTORE',
      ),
      slots: [S(1), S(2), S(3), S(4), S(5), S(6), S(7)],
    }));
  it('TSTORE and TLOAD', () => check({ name: 'transient', code: asm('PUSH 0x42 PUSH 1 TSTORE PUSH 1 TLOAD PUSH 2 TLOAD ADD PUSH 1 SSTORE'), slots: [S(1)] }));
  it('LOG0..LOG4: gas, topics and data; a reverted frame drops its logs', async () => {
    const got = await check({ name: 'logs', accounts: { [OTHER]: { code: asm('PUSH 7 PUSH 0x20 PUSH0 LOG1 PUSH0 PUSH0 REVERT') } }, code: asm('PUSH32 0x00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff PUSH 0x10 MSTORE ' + callSeq('CALL', OTHER) + 'PUSH 0x10 PUSH 0x20 LOG0 PUSH 1 PUSH 0x10 PUSH 0x20 LOG1 PUSH 1 PUSH 2 PUSH 0x10 PUSH 0x20 LOG2 PUSH 1 PUSH 2 PUSH 3 PUSH 0x45 PUSH0 LOG3 PUSH 1 PUSH 2 PUSH 3 PUSH 4 PUSH0 PUSH0 LOG4') });
    expect(got.logs.length).toBe(5);
  });
});

/** Calls `to` with op (CALL/CALLCODE/DELEGATECALL/STATICCALL), args = memory [0, 0x20), ret to [0x100, 0x140), stores success in slot `slot`. */
function callSeq(op: string, to: string, value = 0n, gas = '0xffff', slot = 0): string {
  const v = op === 'CALL' || op === 'CALLCODE' ? `PUSH ${value.toString(16) || '0'} ` : '';
  return `PUSH 0x40 PUSH 0x100 PUSH 0x20 PUSH0 ${v}PUSH20 ${to.slice(2)} PUSH ${gas} ${op} PUSH ${slot.toString(16)} SSTORE `;
}
const RET_STORE = asm('PUSH 0x77 PUSH 1 SSTORE CALLER PUSH 2 SSTORE CALLVALUE PUSH 3 SSTORE PUSH 0xbeef PUSH0 MSTORE PUSH 0x20 PUSH0 RETURN');
const REVERTER = asm('PUSH 0xbad PUSH0 MSTORE PUSH 0x20 PUSH0 REVERT');

describe('EVM calls through the runner', () => {
  const T = (k: number) => [TARGET, BigInt(k)] as [string, bigint];
  const O = (k: number) => [OTHER, BigInt(k)] as [string, bigint];
  const ret = 'RETURNDATASIZE PUSH 0x10 SSTORE PUSH 0x100 MLOAD PUSH 0x11 SSTORE';
  for (const op of ['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL']) {
    it(op, () =>
      check({
        name: op,
        value: 5n,
        accounts: { [OTHER]: { code: RET_STORE } },
        code: asm(callSeq(op, OTHER, 3n) + ret),
        slots: [T(0), T(1), T(2), T(3), T(0x10), T(0x11), O(1), O(2), O(3)],
      }));
  }
  it('CALL with value to an empty account (new account gas + stipend)', () => check({ name: 'call-new', code: asm(callSeq('CALL', EMPTY, 1n, '0')), slots: [T(0)] }));
  it('CALL with value to a cold existing account', () => check({ name: 'call-value', accounts: { [OTHER]: { balance: 1n } }, code: asm(callSeq('CALL', OTHER, 1n, '0x10000')), slots: [T(0)] }));
  it('CALL with more value than the balance fails and keeps gas', () => check({ name: 'call-poor', code: asm(callSeq('CALL', OTHER, 100000n)), slots: [T(0)] }));
  it('REVERT in the callee: status 0, return data kept', () =>
    check({ name: 'call-revert', accounts: { [OTHER]: { code: REVERTER } }, code: asm(callSeq('CALL', OTHER) + ret), slots: [T(0), T(0x10), T(0x11)] }));
  it('STATICCALL to a callee that writes storage fails', () =>
    check({ name: 'static-violation', accounts: { [OTHER]: { code: RET_STORE } }, code: asm(callSeq('STATICCALL', OTHER) + ret), slots: [T(0), O(1)] }));
  it('RETURNDATACOPY past the return data halts', () =>
    check({ name: 'rdc-oob', accounts: { [OTHER]: { code: RET_STORE } }, code: asm(callSeq('CALL', OTHER) + 'PUSH 0x21 PUSH0 PUSH0 RETURNDATACOPY') }));
  it('the identity precompile', () =>
    check({ name: 'identity', code: asm('PUSH 0x1234 PUSH0 MSTORE ' + callSeq('STATICCALL', '0x0000000000000000000000000000000000000004') + ret), slots: [T(0), T(0x10), T(0x11)] }));
  it('all gas forwarded (63/64) and OOG in the callee', () =>
    check({ name: '63/64', accounts: { [OTHER]: { code: asm('JUMPDEST PUSH0 JUMP') } }, code: asm(callSeq('CALL', OTHER, 0n, 'GAS') + 'GAS PUSH 0x20 SSTORE'), slots: [T(0)] }));
  it('recursion to the depth limit', () =>
    check({ name: 'depth', gas: 30_000_000n, code: asm('PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 ADDRESS GAS CALL PUSH0 SLOAD ADD PUSH0 SSTORE'), slots: [T(0)] }));
  it('SELFDESTRUCT to a cold empty beneficiary', () => check({ name: 'selfdestruct', code: asm(`PUSH20 ${EMPTY.slice(2)} SELFDESTRUCT`) }));
});

describe('EVM deployments through the runner', () => {
  const T = (k: number) => [TARGET, BigInt(k)] as [string, bigint];
  const runtime = asm('PUSH 0x2a PUSH0 MSTORE PUSH 0x20 PUSH0 RETURN');
  const init = initCodeFor(runtime, 'PUSH 0x99 PUSH 1 SSTORE');
  const initHex = init.padEnd(64 * Math.ceil(init.length / 64), '0');
  /** stores init code in memory at 0 (whole words) */
  const storeInit = Array.from({ length: initHex.length / 64 }, (_, i) => `PUSH32 ${initHex.slice(64 * i, 64 * i + 64)} PUSH ${(32 * i).toString(16)} MSTORE`).join(' ');
  const n = (init.length / 2).toString(16);
  it('a creating call (runDeploy)', () => check({ name: 'deploy', deploy: true, data: init, value: 3n, accounts: { [CALLER]: { nonce: 1n } }, slots: [['created', 1n]] }));
  it('CREATE then call the new contract', () =>
    check({
      name: 'create',
      code: asm(`${storeInit} PUSH ${n} PUSH0 PUSH 0x07 CREATE DUP1 PUSH 0x30 SSTORE RETURNDATASIZE PUSH 0x31 SSTORE PUSH 0x20 PUSH 0x100 PUSH0 PUSH0 DUP5 GAS STATICCALL POP PUSH 0x100 MLOAD PUSH 0x32 SSTORE`),
      slots: [T(0x30), T(0x31), T(0x32)],
    }));
  it('CREATE2', () =>
    check({ name: 'create2', code: asm(`${storeInit} PUSH 0x5a17 PUSH ${n} PUSH0 PUSH0 CREATE2 PUSH 0x30 SSTORE PUSH 0x5a17 PUSH ${n} PUSH0 PUSH0 CREATE2 PUSH 0x31 SSTORE`), slots: [T(0x30), T(0x31)] }));
  it('a reverting constructor', () => {
    const rev = REVERTER.padEnd(64, '0');
    return check({ name: 'create-revert', code: asm(`PUSH32 ${rev} PUSH0 MSTORE PUSH ${(REVERTER.length / 2).toString(16)} PUSH0 PUSH0 CREATE PUSH 0x30 SSTORE RETURNDATASIZE PUSH 0x31 SSTORE`), slots: [T(0x30), T(0x31)] });
  });
  it('0xEF code and too-large init code', async () => {
    const ef = asm('PUSH 0xef PUSH0 MSTORE8 PUSH 1 PUSH0 RETURN').padEnd(64, '0');
    await check({ name: 'create-ef', code: asm(`PUSH32 ${ef} PUSH0 MSTORE PUSH 0x0a PUSH0 PUSH0 CREATE PUSH 0x30 SSTORE`), slots: [T(0x30)] });
    await check({ name: 'initcode-limit', code: asm(`PUSH 0xc001 PUSH0 PUSH0 CREATE PUSH 0x30 SSTORE`), gas: 5_000_000n });
    await check({ name: 'initcode-at-limit', code: asm(`PUSH 0xc000 PUSH0 PUSH0 CREATE PUSH 0x30 SSTORE`), gas: 5_000_000n, slots: [T(0x30)] });
  });
});
