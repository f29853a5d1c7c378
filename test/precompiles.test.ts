// The precompile hooks (guest/bootloader/hooks/) against independent references: SHA-256 and
// RIPEMD-160 from @noble/hashes, ecrecover against @noble/curves and go-ethereum's vector, identity;
// gas (base + per word) at the exact boundary, out-of-gas, short/long inputs, bad v, and the
// not-yet-implemented 0x05-0x0a. Natively through programs/as/tests/boot-exports.ts.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFeeMarket1559Tx } from '@ethereumjs/tx';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { firstDifference, recordNative, recordRiscv } from '../oracle/diff';
import { standardQueries } from '../oracle/handlers';
import { OracleSession } from '../oracle/session';
import { buildGuest } from '../toolchain/build';
import { hasTool } from '../toolchain/llvm';
import { loadExportGuest } from './helpers/export-guest';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

interface Guest {
  mem: () => Uint8Array;
  fn: Record<string, (...args: (number | bigint)[]) => number & bigint>;
  buf: number;
}
let g: Guest;
beforeAll(async () => {
  const { mem, fn } = await loadExportGuest<Guest['fn']>('programs/as/tests/boot-exports.ts');
  g = { mem, fn, buf: Number(fn.buf!()) >>> 0 };
}, 60_000);

interface Result {
  status: 'success' | 'failure' | 'not a precompile';
  output: string;
  gasLeft: bigint;
}

function call(n: number, input: Uint8Array, gas: bigint): Result {
  const out = g.buf + 0x10000;
  g.mem().set(input, g.buf);
  const s = Number(g.fn.precompile!(n, g.buf, input.length, gas, out));
  const len = Number(g.fn.precompileOutLength!());
  return {
    status: s === 1 ? 'success' : s === 0 ? 'failure' : 'not a precompile',
    output: s === 2 ? '' : Buffer.from(g.mem().slice(out, out + len)).toString('hex'),
    gasLeft: s === 2 ? 0n : BigInt(g.fn.precompileGasLeft!()),
  };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const words = (len: number) => BigInt(Math.ceil(len / 32));
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + seed * 17 + 7) & 0xff);
const be32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const LENGTHS = [0, 1, 31, 32, 33, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 200, 1000, 4096];

describe('0x02 sha256', () => {
  it('digests agree with @noble/hashes; gas 60 + 12/word', () => {
    for (const len of LENGTHS) {
      const input = bytes(len, len);
      const cost = 60n + 12n * words(len);
      expect(call(2, input, cost + 5n), `len ${len}`).toEqual({ status: 'success', output: hex(sha256(input)), gasLeft: 5n });
    }
  });
  it('out of gas: failure with gasLeft 0; exact gas succeeds with 0 left', () => {
    const input = bytes(33, 1);
    expect(call(2, input, 83n)).toEqual({ status: 'failure', output: '', gasLeft: 0n });
    expect(call(2, input, 84n)).toEqual({ status: 'success', output: hex(sha256(input)), gasLeft: 0n });
  });
});

describe('0x03 ripemd160', () => {
  it('digests agree with @noble/hashes, left-padded to 32 bytes; gas 600 + 120/word', () => {
    for (const len of LENGTHS) {
      const input = bytes(len, len + 3);
      const cost = 600n + 120n * words(len);
      expect(call(3, input, cost + 1n), `len ${len}`).toEqual({ status: 'success', output: '00'.repeat(12) + hex(ripemd160(input)), gasLeft: 1n });
    }
    // the standard test vector
    expect(call(3, new TextEncoder().encode('abc'), 720n).output).toBe('00'.repeat(12) + '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
  });
  it('out of gas', () => {
    expect(call(3, new Uint8Array(0), 599n)).toEqual({ status: 'failure', output: '', gasLeft: 0n });
    expect(call(3, new Uint8Array(33), 839n).status).toBe('failure');
    expect(call(3, new Uint8Array(33), 840n).status).toBe('success');
  });
});

describe('0x04 identity', () => {
  it('returns its input; gas 15 + 3/word; out of gas', () => {
    for (const len of LENGTHS) {
      const input = bytes(len, 9);
      expect(call(4, input, 15n + 3n * words(len) + 100n), `len ${len}`).toEqual({ status: 'success', output: hex(input), gasLeft: 100n });
    }
    expect(call(4, bytes(64, 1), 20n)).toEqual({ status: 'failure', output: '', gasLeft: 0n });
    expect(call(4, bytes(64, 1), 21n).gasLeft).toBe(0n);
  });
});

describe('0x01 ecrecover', () => {
  const VECTOR = {
    hash: '456e9aea5e197a1f1af7a3e85a3212fa4049a3ba34c2289b4c860fc0b0c64ef3',
    v: '000000000000000000000000000000000000000000000000000000000000001c',
    r: '9242685bf161793cc25603c231bc2f568eb630ea16aa137d2664ac8038825608',
    s: '4f8ae3bd7535248d0bd448298cc2e2071e56992d0774dc340c368ae950852ada',
    out: '0000000000000000000000007156526fbd7a3c72969b54f64e42c10fbb768c8a',
  };
  const input = (h: string, v: string, r: string, s: string) => Buffer.from(h + v + r + s, 'hex');
  const EMPTY = { status: 'success', output: '', gasLeft: 0n };

  it("go-ethereum's vector; gas 3000", () => {
    expect(call(1, input(VECTOR.hash, VECTOR.v, VECTOR.r, VECTOR.s), 3000n)).toEqual({ status: 'success', output: VECTOR.out, gasLeft: 0n });
    expect(call(1, input(VECTOR.hash, VECTOR.v, VECTOR.r, VECTOR.s), 10_000n).gasLeft).toBe(7000n);
    expect(call(1, input(VECTOR.hash, VECTOR.v, VECTOR.r, VECTOR.s), 2999n)).toEqual({ status: 'failure', output: '', gasLeft: 0n });
  }, 30_000);

  it('signatures by fixed keys (low and high s) agree with @noble/curves; extra input ignored', () => {
    for (const k of [1n, 7n, 0xdeadbeefn, N - 2n]) {
      const sk = be32(k);
      const hash = keccak_256(be32(k * 3n));
      const sig = secp256k1.sign(hash, sk, { prehash: false, format: 'recovered' });
      const want = '00'.repeat(12) + hex(keccak_256(secp256k1.getPublicKey(sk, false).slice(1)).slice(12));
      const [rec, r, s] = [sig[0]!, hex(sig.slice(1, 33)), hex(sig.slice(33, 65))];
      expect(call(1, input(hex(hash), hex(be32(27n + BigInt(rec))), r, s), 3000n).output).toBe(want);
      const highS = hex(be32(N - BigInt('0x' + s)));
      expect(call(1, input(hex(hash), hex(be32(28n - BigInt(rec))), r, highS), 3000n).output).toBe(want);
      const long = Uint8Array.from([...input(hex(hash), hex(be32(27n + BigInt(rec))), r, s), 1, 2, 3]);
      expect(call(1, long, 3000n).output).toBe(want);
    }
  }, 60_000);

  it('short input is padded with zeros on the right', () => {
    // a signature whose s ends in a zero byte: dropping that byte changes nothing
    for (let k = 1n; ; k++) {
      const hash = keccak_256(be32(k));
      const sig = secp256k1.sign(hash, be32(5n), { prehash: false, format: 'recovered' });
      if (sig[64] !== 0) continue;
      const full = input(hex(hash), hex(be32(27n + BigInt(sig[0]!))), hex(sig.slice(1, 33)), hex(sig.slice(33, 65)));
      const want = call(1, full, 3000n);
      expect(want.output).toBe('00'.repeat(12) + hex(keccak_256(secp256k1.getPublicKey(be32(5n), false).slice(1)).slice(12)));
      expect(call(1, full.slice(0, 127), 3000n)).toEqual(want);
      break;
    }
    // nothing at all: v = 0 → empty output, still success
    expect(call(1, new Uint8Array(0), 3000n)).toEqual(EMPTY);
    expect(call(1, Buffer.from(VECTOR.hash, 'hex'), 3500n)).toEqual({ ...EMPTY, gasLeft: 500n });
  }, 60_000);

  it('bad v, r, s: success with empty output and 3000 gas used', () => {
    const bad = [
      input(VECTOR.hash, be32(29n).toString('hex'), VECTOR.r, VECTOR.s),
      input(VECTOR.hash, be32(0n).toString('hex'), VECTOR.r, VECTOR.s),
      input(VECTOR.hash, be32(1n).toString('hex'), VECTOR.r, VECTOR.s),
      input(VECTOR.hash, be32((1n << 8n) + 28n).toString('hex'), VECTOR.r, VECTOR.s), // 28 with a high byte set
      input(VECTOR.hash, '01' + VECTOR.v.slice(2), VECTOR.r, VECTOR.s),
      input(VECTOR.hash, VECTOR.v, be32(0n).toString('hex'), VECTOR.s),
      input(VECTOR.hash, VECTOR.v, VECTOR.r, be32(N).toString('hex')),
      input(VECTOR.hash, VECTOR.v, be32(5n).toString('hex'), VECTOR.s), // no curve point with x = 5
    ];
    for (const [i, b] of bad.entries()) expect(call(1, b, 3000n), `case ${i}`).toEqual(EMPTY);
  }, 60_000);
});

describe('isPrecompile / runPrecompile dispatch', () => {
  it('0x05-0x0a are precompiles but not implemented: failure with gasLeft 0', () => {
    for (let n = 5; n <= 10; n++) expect(call(n, bytes(64, n), 1_000_000n), `0x0${n.toString(16)}`).toEqual({ status: 'failure', output: '', gasLeft: 0n });
  });
  it('0x00, 0x0b and addresses with high bits are not precompiles', () => {
    expect(call(0, new Uint8Array(0), 100n).status).toBe('not a precompile');
    expect(call(11, new Uint8Array(0), 100n).status).toBe('not a precompile');
    expect(call(0x101, new Uint8Array(0), 100n).status).toBe('not a precompile');
    const at = g.buf + 0x18000;
    const w = new Uint8Array(32);
    w[0] = 1;
    w[19] = 1; // 0x01000…0001: top byte of the address set
    g.mem().set(w, at);
    expect(Number(g.fn.precompileAt!(at))).toBe(0);
    w[19] = 0;
    g.mem().set(w, at);
    expect(Number(g.fn.precompileAt!(at))).toBe(1);
  });
});

describe.skipIf(!hasTool('llc'))('on RISC-V (skipped without LLVM 14)', () => {
  it('programs/as/tests/boot-check.ts prints the same on both targets, matching @noble and @ethereumjs/tx', async () => {
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
    const tx = createFeeMarket1559Tx(
      { to: `0x${'42'.repeat(20)}`, gasLimit: 90_000n, maxFeePerGas: 30n, maxPriorityFeePerGas: 2n, data: '0x00ff0001', accessList: [{ address: `0x${'11'.repeat(20)}`, storageKeys: [`0x${'00'.repeat(32)}`] }] },
      { common },
    ).sign(be32(0xc0ffeen));
    const built = await buildGuest('programs/as/tests/boot-check.ts');
    const oracle = () => new OracleSession({ kind: 'live', queries: standardQueries({ input: tx.serialize() }) });
    const native = recordNative(built.wasm, { oracle: oracle() });
    const riscv = recordRiscv(built.elf, { oracle: oracle() });
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    const lines = [`tx 0 ${tx.getSenderAddress().toString().slice(2)} ${tx.getIntrinsicGas()}`];
    for (const n of [0, 3, 55, 56, 64, 119, 300]) lines.push(`sha256 ${n} ${hex(sha256(data.slice(0, n)))} ${1_000_000n - 60n - 12n * words(n)}`);
    for (const n of [0, 3, 55, 56, 64, 119, 300]) lines.push(`ripemd160 ${n} ${'00'.repeat(12)}${hex(ripemd160(data.slice(0, n)))} ${1_000_000n - 600n - 120n * words(n)}`);
    expect(Buffer.from(native.stdout).toString()).toBe(lines.join('\n') + '\n');
    expect(riscv.outcome).toEqual({ kind: 'exit', code: 0 });
    expect(firstDifference(native, riscv)).toBeUndefined();
    console.log(`boot-check on RISC-V: ${riscv.cycles} cycles`);
  }, 300_000);
});
