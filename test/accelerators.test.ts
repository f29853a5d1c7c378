// The accelerators through both host bindings (ecall and WebAssembly imports), with a call log (the
// generic path) and without one (the allocation-free fast path), and the emulator/accel cores alone,
// against independent references on seeded random inputs: keccak-f via Keccak-256 and BLAKE2s F via
// BLAKE2s-256 (@noble/hashes), 256-bit operations via BigInt (with edge values: 0, 2^256 - 1, carry
// and borrow chains, out overlapping an operand); bad arguments stop the call with a clear fault.
import { blake2s } from '@noble/hashes/blake2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { collectingSink } from '../emulator/ecall';
import { blake2sCompress } from '../emulator/accel/blake2s';
import { keccakF } from '../emulator/accel/keccak';
import { add256, cmp256, mul256, mulHalf256, sub256 } from '../emulator/accel/u256';
import { Machine } from '../emulator/machine';
import { Memory } from '../emulator/memory';
import { keccak256 } from '../oracle/accelerators/keccak';
import { ecallHost, hostStopOutcome, wasmImports } from '../oracle/host';
import { OracleSession } from '../oracle/session';
import { effectiveCycles } from '../oracle/accelerators/weights';
import { outputCommitment } from '../oracle/session';
import { HOST_IMPORTS, U256_CARRY_IN, U256_OP } from '../toolchain/wasm/abi';
import { Rng } from './helpers/random-program';
import { Binding, BINDINGS } from './helpers/zk-bindings';

const STATE = 0x100;
const H = 0x400;
const M = 0x500;
const A = 0x600;
const B = 0x640;
const OUT = 0x680;

const randomBytes = (rng: Rng, n: number) => Uint8Array.from({ length: n }, () => rng.next() & 0xff);

/** Keccak-256 computed by the guest's algorithm (guest/lib/accel.ts) with keccak_f through `binding`. */
function keccak256Via(binding: Binding, data: Uint8Array): Uint8Array {
  const state = binding.memory.subarray(STATE, STATE + 200);
  state.fill(0);
  const padded = new Uint8Array(Math.floor(data.length / 136 + 1) * 136);
  padded.set(data);
  padded[data.length] ^= 1;
  padded[padded.length - 1] ^= 0x80;
  for (let at = 0; at < padded.length; at += 136) {
    for (let i = 0; i < 136; i++) state[i] ^= padded[at + i];
    expect(binding.invoke('keccak_f', STATE)).toEqual({});
  }
  return state.slice(0, 32);
}

/** BLAKE2s-256 (unkeyed) with the compression through `binding` (RFC 7693 §3.3). */
function blake2sVia(binding: Binding, data: Uint8Array): Uint8Array {
  binding.setWords(H, [0x6a09e667 ^ 0x01010020, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const blocks = Math.max(1, Math.ceil(data.length / 64));
  for (let i = 0; i < blocks; i++) {
    const block = new Uint8Array(64);
    block.set(data.subarray(i * 64, i * 64 + 64));
    binding.setBytes(M, block);
    const last = i === blocks - 1;
    const t = last ? data.length : (i + 1) * 64;
    expect(binding.invoke('blake2s_compress', H, M, t, 0, last ? 1 : 0)).toEqual({});
  }
  return binding.memory.slice(H, H + 32);
}

const toWords = (x: bigint) => Uint32Array.from({ length: 8 }, (_, i) => Number((x >> BigInt(32 * i)) & 0xffffffffn));
const fromWords = (w: ArrayLike<number>) => Array.from(w).reduceRight((acc, v) => (acc << 32n) | BigInt(v >>> 0), 0n);
const MOD = 1n << 256n;

/** Values where carries and borrows run far: 0, 1, 2^256 - 1, powers of two and their neighbours, all-ones words. */
const EDGES: readonly bigint[] = [0n, 1n, 2n, MOD - 1n, MOD - 2n, 1n << 255n, (1n << 255n) - 1n, (1n << 32n) - 1n, 1n << 32n, (1n << 128n) - 1n, 1n << 128n, (1n << 224n) - 1n, MOD - (1n << 32n)];

function randomU256(rng: Rng): bigint {
  const kind = rng.below(8);
  if (kind === 0) return 0n;
  if (kind === 1) return MOD - 1n - BigInt(rng.below(3));
  if (kind === 2) return BigInt(rng.next());
  if (kind === 3) return rng.pick(EDGES);
  // words mostly all-ones or zero: long carry and borrow chains
  if (kind === 4) return fromWords(Uint32Array.from({ length: 8 }, () => rng.pick([0, 0xffffffff, 0xffffffff, rng.next()])));
  return fromWords(Uint32Array.from({ length: 8 }, () => rng.next()));
}

/** What each op should give: the out value (undefined: nothing written) and the flag. */
const U256_REFERENCE: readonly { op: number; ref: (a: bigint, b: bigint) => { out?: bigint; flag: number } }[] = [
  { op: U256_OP.ADD, ref: (a, b) => ({ out: (a + b) % MOD, flag: a + b >= MOD ? 1 : 0 }) },
  { op: U256_OP.ADD | U256_CARRY_IN, ref: (a, b) => ({ out: (a + b + 1n) % MOD, flag: a + b + 1n >= MOD ? 1 : 0 }) },
  { op: U256_OP.SUB, ref: (a, b) => ({ out: (a - b + MOD) % MOD, flag: a < b ? 1 : 0 }) },
  { op: U256_OP.SUB | U256_CARRY_IN, ref: (a, b) => ({ out: (((a - b - 1n) % MOD) + MOD) % MOD, flag: a < b + 1n ? 1 : 0 }) },
  { op: U256_OP.MUL_LO, ref: (a, b) => ({ out: (a * b) % MOD, flag: a * b >= MOD ? 1 : 0 }) },
  { op: U256_OP.MUL_HI, ref: (a, b) => ({ out: (a * b) >> 256n, flag: a * b >= MOD ? 1 : 0 }) },
  { op: U256_OP.CMP, ref: (a, b) => ({ flag: a < b ? -1 : a > b ? 1 : 0 }) },
];

describe.each(BINDINGS)('accelerators through the %s binding', (kind) => {
  test('keccak_f: Keccak-256 built on it equals @noble/hashes keccak_256 on random inputs', () => {
    const rng = new Rng(0x5eed01);
    const binding = new Binding(kind);
    for (const length of [0, 1, 135, 136, 137, 272, ...Array.from({ length: 30 }, () => rng.below(600))]) {
      const data = randomBytes(rng, length);
      expect(Buffer.from(keccak256Via(binding, data)).toString('hex'), `length ${length}`).toBe(Buffer.from(keccak_256(data)).toString('hex'));
    }
    expect(binding.oracle.acceleratorCalls.keccak_f).toBeGreaterThan(36);
    const call = binding.log.at(-1)!;
    expect(call).toMatchObject({ name: 'keccak_f', args: [STATE], outcome: { kind: 'return' } });
    expect(call.data?.input).toHaveLength(50);
    expect(call.data?.output).toEqual(Array.from(binding.words(STATE, 50)));
  });

  test('blake2s_compress: BLAKE2s-256 built on it equals @noble/hashes blake2s on random inputs', () => {
    const rng = new Rng(0x5eed02);
    const binding = new Binding(kind);
    for (const length of [0, 1, 63, 64, 65, 128, ...Array.from({ length: 30 }, () => rng.below(400))]) {
      const data = randomBytes(rng, length);
      expect(Buffer.from(blake2sVia(binding, data)).toString('hex'), `length ${length}`).toBe(Buffer.from(blake2s(data)).toString('hex'));
    }
    const call = binding.log.at(-1)!;
    expect(call.name).toBe('blake2s_compress');
    expect(call.data?.input).toHaveLength(8 + 16 + 3);
    expect(call.data?.output).toEqual(Array.from(binding.words(H, 8)));
  });

  test('u256_op: every operation equals BigInt on random operands, out aliasing an operand too', () => {
    const rng = new Rng(0x5eed03);
    const binding = new Binding(kind);
    for (let i = 0; i < 300; i++) {
      const [a, b] = [randomU256(rng), randomU256(rng)];
      for (const { op, ref } of U256_REFERENCE) {
        const out = rng.chance(0.2) ? A : OUT; // out = a in place
        binding.setWords(A, toWords(a));
        binding.setWords(B, toWords(b));
        binding.setWords(OUT, toWords(0xdeadn));
        const expected = ref(a, b);
        const { value } = binding.invoke('u256_op', op, A, B, out);
        expect(value, `op ${op} flag`).toBe(expected.flag);
        const written = fromWords(binding.words(out, 8));
        expect(written, `op 0x${op.toString(16)} of ${a} and ${b}`).toBe(expected.out ?? (out === A ? a : 0xdeadn));
      }
    }
    expect(binding.oracle.acceleratorCalls.u256_op).toBe(300 * U256_REFERENCE.length);
    const last = binding.log.at(-1)!;
    expect(last.data?.input).toHaveLength(17);
  });

  test.each([
    ['keccak_f', [0x102], 'keccak_f: state 0x102 is not 4-byte aligned'],
    ['keccak_f', [0xfff0], 'keccak_f: state 0xfff0 of 50 words is outside guest memory [0, 0x10000)'],
    ['blake2s_compress', [H, M, 0, 0, 2], 'blake2s_compress: last must be 0 or 1, got 2'],
    ['blake2s_compress', [H, 0x10000, 0, 0, 0], 'blake2s_compress: m 0x10000 of 16 words is outside guest memory'],
    ['u256_op', [9, A, B, OUT], 'u256_op: unknown operation 0x9'],
    ['u256_op', [U256_OP.MUL_LO | U256_CARRY_IN, A, B, OUT], 'u256_op: operation mul_lo takes no carry in'],
    ['u256_op', [U256_OP.ADD, A, B, 0x1000e], 'u256_op: out 0x1000e is not 4-byte aligned'],
  ] as const)('%s(%j) stops the run: %s', (name, args, message) => {
    const binding = new Binding(kind);
    const result = binding.invoke(name, ...args);
    expect(result.error).toContain(message);
    expect(binding.log.at(-1)).toMatchObject({ name, outcome: { kind: 'fault' } });
  });
});

/**
 * A binding WITHOUT a call log: the accelerators' fast path (positional arguments, no CallData), on
 * the same memory layout as Binding. Returns the value (ecall: a0) or the fault message.
 */
function fastBinding(kind: 'ecall' | 'wasm') {
  const oracle = new OracleSession();
  const machine = new Machine(new Memory(1 << 16));
  const memory = kind === 'ecall' ? machine.memory.u8 : new Uint8Array(1 << 16);
  const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  let invoke: (name: string, ...args: number[]) => { value?: number; error?: string };
  if (kind === 'ecall') {
    const registry = ecallHost({ sink: collectingSink().sink, oracle });
    invoke = (name, ...args) => {
      args.forEach((a, i) => (machine.regs[10 + i] = a));
      machine.regs[17] = HOST_IMPORTS.find((h) => h.name === name)!.ecall;
      const result = registry.ecall(machine);
      return result.kind === 'continue' ? { value: machine.regs[10] } : { error: 'message' in result ? result.message : result.kind };
    };
  } else {
    const imports = wasmImports({ sink: collectingSink().sink, oracle }, () => memory);
    invoke = (name, ...args) => {
      try {
        return { value: imports.zkos[name](...args) };
      } catch (e) {
        const stop = hostStopOutcome(e);
        if (!stop) throw e;
        return { error: 'message' in stop ? stop.message : stop.kind };
      }
    };
  }
  return {
    oracle,
    memory,
    invoke,
    setWords: (ptr: number, words: ArrayLike<number>) => Array.from(words).forEach((w, i) => view.setUint32(ptr + 4 * i, w, true)),
    words: (ptr: number, count: number) => Uint32Array.from({ length: count }, (_, i) => view.getUint32(ptr + 4 * i, true)),
  };
}

describe.each(BINDINGS)('the fast path (no call log) through the %s binding', (kind) => {
  test('u256_op equals BigInt on seeded random and edge operands, out aliasing or overlapping an operand', () => {
    const rng = new Rng(0x5eed04);
    const binding = fastBinding(kind);
    const pairs: [bigint, bigint][] = [];
    for (const a of EDGES) for (const b of EDGES) pairs.push([a, b]);
    for (let i = 0; i < 400; i++) pairs.push([randomU256(rng), randomU256(rng)]);
    for (const [a, b] of pairs) {
      for (const { op, ref } of U256_REFERENCE) {
        // out at its own place, on a, on b, or overlapping a by half
        const out = rng.pick([OUT, A, B, A + 16]);
        binding.setWords(A, toWords(a));
        binding.setWords(B, toWords(b));
        binding.setWords(OUT, toWords(0xdeadn));
        const expected = ref(a, b);
        const { value, error } = binding.invoke('u256_op', op, A, B, out);
        expect(error).toBeUndefined();
        expect(value, `op 0x${op.toString(16)} flag of ${a} and ${b}`).toBe(expected.flag);
        if (expected.out !== undefined) expect(fromWords(binding.words(out, 8)), `op 0x${op.toString(16)} of ${a} and ${b} into ${out}`).toBe(expected.out);
        else expect(fromWords(binding.words(OUT, 8))).toBe(0xdeadn); // compare writes nothing
      }
    }
    expect(binding.oracle.acceleratorCalls.u256_op).toBe(pairs.length * U256_REFERENCE.length);
  });

  test('keccak_f and blake2s_compress equal @noble/hashes; faults are the logged path\'s', () => {
    const rng = new Rng(0x5eed05);
    const binding = fastBinding(kind);
    for (const length of [0, 135, 136, 300]) {
      const data = randomBytes(rng, length);
      const state = binding.memory.subarray(STATE, STATE + 200);
      state.fill(0);
      const padded = new Uint8Array(Math.floor(length / 136 + 1) * 136);
      padded.set(data);
      padded[length] ^= 1;
      padded[padded.length - 1] ^= 0x80;
      for (let at = 0; at < padded.length; at += 136) {
        for (let i = 0; i < 136; i++) state[i] ^= padded[at + i];
        expect(binding.invoke('keccak_f', STATE).error).toBeUndefined();
      }
      expect(Buffer.from(state.slice(0, 32)).toString('hex')).toBe(Buffer.from(keccak_256(data)).toString('hex'));
    }
    const data = randomBytes(rng, 64);
    binding.setWords(H, [0x6a09e667 ^ 0x01010020, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    binding.memory.set(data, M);
    expect(binding.invoke('blake2s_compress', H, M, 64, 0, 1).error).toBeUndefined();
    expect(Buffer.from(binding.memory.slice(H, H + 32)).toString('hex')).toBe(Buffer.from(blake2s(data)).toString('hex'));
    expect(binding.invoke('keccak_f', 0x102).error).toContain('keccak_f: state 0x102 is not 4-byte aligned');
    expect(binding.invoke('u256_op', 9, A, B, OUT).error).toContain('u256_op: unknown operation 0x9');
    expect(binding.invoke('u256_op', U256_OP.ADD, A, B, 0xfffc).error).toContain('u256_op: out 0xfffc of 8 words is outside guest memory');
    expect(binding.invoke('blake2s_compress', H, M, 0, 0, 2).error).toContain('blake2s_compress: last must be 0 or 1, got 2');
  });
});

test('the fast path follows a guest memory that grows (a new buffer): operands come from the current one', () => {
  let memory = new Uint8Array(1 << 16);
  const imports = wasmImports({ sink: collectingSink().sink }, () => memory);
  const put = (ptr: number, x: bigint) => new DataView(memory.buffer).setBigUint64(ptr, x, true);
  const get = (ptr: number) => new DataView(memory.buffer).getBigUint64(ptr, true);
  put(A, 5n);
  put(B, 7n);
  expect(imports.zkos.u256_op(U256_OP.ADD, A, B, OUT)).toBe(0);
  expect(get(OUT)).toBe(12n);
  memory = new Uint8Array(1 << 17); // memory.grow: a new, larger buffer
  put(A, 40n);
  put(B, 2n);
  expect(imports.zkos.u256_op(U256_OP.ADD, A, B, 0x18000)).toBe(0);
  expect(get(0x18000)).toBe(42n);
  expect(() => imports.zkos.u256_op(U256_OP.ADD, A, B, 0x20000)).toThrow();
});

describe('emulator/accel cores equal BigInt and @noble/hashes', () => {
  test('add256, sub256, mul256, mulHalf256, cmp256 at word offsets, on random and edge operands', () => {
    const rng = new Rng(0x5eed06);
    const memory = new Uint32Array(64);
    for (let i = 0; i < 2000; i++) {
      const [a, b] = i < EDGES.length ** 2 ? [EDGES[i % EDGES.length], EDGES[Math.floor(i / EDGES.length)]] : [randomU256(rng), randomU256(rng)];
      const carry = rng.below(2);
      const [aAt, bAt] = [1 + rng.below(8), 20 + rng.below(8)];
      memory.set(toWords(a), aAt);
      memory.set(toWords(b), bAt);
      const context = `${a} and ${b}`;
      expect(add256(memory, aAt, memory, bAt, carry, memory, 40), `add ${context}`).toBe(a + b + BigInt(carry) >= MOD ? 1 : 0);
      expect(fromWords(memory.subarray(40, 48))).toBe((a + b + BigInt(carry)) % MOD);
      expect(sub256(memory, aAt, memory, bAt, carry, memory, 40), `sub ${context}`).toBe(a < b + BigInt(carry) ? 1 : 0);
      expect(fromWords(memory.subarray(40, 48))).toBe((((a - b - BigInt(carry)) % MOD) + MOD) % MOD);
      expect(mul256(memory, aAt, memory, bAt, memory, 40), `mul ${context}`).toBe(a * b >= MOD ? 1 : 0);
      expect(fromWords(memory.subarray(40, 56))).toBe(a * b);
      mulHalf256(memory, aAt, memory, bAt, true, memory, aAt); // out = a in place
      expect(fromWords(memory.subarray(aAt, aAt + 8))).toBe((a * b) >> 256n);
      memory.set(toWords(a), aAt);
      expect(cmp256(memory, aAt, memory, bAt)).toBe(a < b ? -1 : a > b ? 1 : 0);
    }
  });

  test('keccakF at a word offset equals the permutation of @noble/hashes (via Keccak-256 of one block)', () => {
    const rng = new Rng(0x5eed07);
    const words = new Uint32Array(60);
    const block = randomBytes(rng, 100);
    const padded = new Uint8Array(136);
    padded.set(block);
    padded[100] = 1;
    padded[135] |= 0x80;
    new Uint8Array(words.buffer, 7 * 4, 136).set(padded);
    keccakF(words, 7);
    expect(Buffer.from(words.buffer, 7 * 4, 32).toString('hex')).toBe(Buffer.from(keccak_256(block)).toString('hex'));
    expect(() => keccakF(words, 20)).toThrow('keccakF: 50 words at 20 run past a state of 60 words');
  });

  test.each(['keccak-rounds', 'u256-mul'])('emulator/accel/%s.ts is what its generator writes', (name) => {
    const generator = join(__dirname, '..', 'emulator', 'accel', `gen-${name}.mjs`);
    const generated = execFileSync(process.execPath, [generator], { encoding: 'utf8' });
    expect(readFileSync(join(__dirname, '..', 'emulator', 'accel', `${name}.ts`), 'utf8')).toBe(generated);
  });

  test('blake2sCompress checks its operand sizes', () => {
    expect(() => blake2sCompress(new Uint32Array(7), new Uint32Array(16), 0, 0, false)).toThrow('h must be 8 words and m 16, got 7 and 16');
  });
});

describe('host-side hashes', () => {
  test('keccak256 (oracle/accelerators/keccak.ts) equals @noble/hashes', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 20; i++) {
      const data = randomBytes(rng, rng.below(500));
      expect(keccak256(data)).toEqual(keccak_256(data));
    }
  });

  test('the output commitment is keccak256 of the words as u32 LE bytes', () => {
    const words = [1, 0xdeadbeef, 0];
    expect(Buffer.from(outputCommitment(words)).toString('hex')).toBe(Buffer.from(keccak_256(Buffer.from('01000000efbeadde00000000', 'hex'))).toString('hex'));
  });

  test('effective cycles = cycles + weight x calls', () => {
    expect(effectiveCycles(1000, { keccak_f: 2, blake2s_compress: 3, u256_op: 5 })).toBe(1000 + 2 * 1536 + 3 * 160 + 5 * 4);
  });
});
