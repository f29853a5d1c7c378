// The zk host functions (docs/abi.md, docs/oracle.md): query, answer_read, commit and the
// accelerators keccak_f, blake2s_compress, u256_op, over a guest memory view and an OracleSession.
// One implementation serves both bindings (oracle/host.ts). The accelerators are allocation-free:
// they work on the guest memory in place through one cached u32 view per memory buffer, and write
// a call's words (for the call log and the trace) only when given a CallWords to write them into.
import { blake2sCompressAt } from '../emulator/accel/blake2s';
import { keccakF } from '../emulator/accel/keccak';
import { u256ModulusPtr, u256OpAt, u256OpError, u256OpName, u256OperandError, u256OpWrites } from './accelerators/u256';
import { U256_MOD_OPERATIONS, U256_MONT_MUL_OPERATIONS } from './accelerators/weights';
import { U256_OP } from '../toolchain/wasm/abi';
import { checkWritable, HostFault } from './guest-words';
import { montMulAt } from './u256-kernel';
import type { OracleSession } from './session';

export type ZkFunctionName = 'query' | 'answer_read' | 'commit' | 'keccak_f' | 'blake2s_compress' | 'u256_op';

/** A call's words in and out, for the call log (and later the trace). */
export interface CallData {
  readonly input: readonly number[];
  readonly output: readonly number[];
}

/** Receives a call's words; passed only when someone keeps them (a call log), so the fast path builds none. */
export type CallRecorder = (data: CallData) => void;

/**
 * An accelerator call's words, written in place (no arrays built): the input in words [0,
 * inputLength), the output from OUTPUT_AT on. One instance serves call after call (the trace host
 * reads it right after each call); `data()` makes the call log's arrays.
 */
export class CallWords {
  /** where the output starts (the longest input, keccak_f's 50 words, fits before it) */
  static readonly OUTPUT_AT = 64;
  readonly words = new Uint32Array(2 * CallWords.OUTPUT_AT);
  inputLength = 0;
  outputLength = 0;

  /** Starts a call: no words yet. */
  start(): this {
    this.inputLength = 0;
    this.outputLength = 0;
    return this;
  }

  /** Appends `from[at .. at + count)` to the input. */
  input(from: Uint32Array, at: number, count: number): this {
    const w = this.words;
    const n = this.inputLength;
    for (let i = 0; i < count; i++) w[n + i] = from[at + i];
    this.inputLength = n + count;
    return this;
  }

  inputWord(v: number): this {
    this.words[this.inputLength++] = v;
    return this;
  }

  /** Appends `from[at .. at + count)` to the output. */
  output(from: Uint32Array, at: number, count: number): this {
    const w = this.words;
    const n = CallWords.OUTPUT_AT + this.outputLength;
    for (let i = 0; i < count; i++) w[n + i] = from[at + i];
    this.outputLength += count;
    return this;
  }

  outputWord(v: number): this {
    this.words[CallWords.OUTPUT_AT + this.outputLength++] = v;
    return this;
  }

  /** The words as the call log keeps them. */
  data(): CallData {
    const o = CallWords.OUTPUT_AT;
    return { input: Array.from(this.words.subarray(0, this.inputLength)), output: Array.from(this.words.subarray(o, o + this.outputLength)) };
  }
}

/** A zk function on normalised arguments: returns the value for a0 (0 when it has none) or throws a HostFault. */
export type ZkFunction = (session: OracleSession, memory: Uint8Array, args: readonly number[], record?: CallRecorder) => number;

/** Longest payload (or commit) one call may pass, in words. */
export const MAX_CALL_WORDS = 1 << 16;

function wordCount(count: number, what: string): number {
  if (count > MAX_CALL_WORDS) throw new HostFault(`${what}: ${count} words is more than ${MAX_CALL_WORDS}`);
  return count;
}

const list = (...parts: ArrayLike<number>[]) => parts.flatMap((p) => Array.from(p));

// ---- guest memory as u32 words, without copies ----

let viewBuffer: ArrayBufferLike | undefined;
let viewOffset = -1;
let viewWords: Uint32Array = new Uint32Array(0);

/** The u32 view of `memory`'s buffer from its first byte; rebuilt only when the buffer (or offset) changes. */
function wordsOf(memory: Uint8Array): Uint32Array {
  if (memory.buffer !== viewBuffer || memory.byteOffset !== viewOffset) {
    if (memory.byteOffset % 4 !== 0) throw new Error(`zk host functions: the guest memory view starts at byte offset ${memory.byteOffset}, not 4-byte aligned`);
    viewWords = new Uint32Array(memory.buffer, memory.byteOffset, (memory.buffer.byteLength - memory.byteOffset) >>> 2);
    viewBuffer = memory.buffer;
    viewOffset = memory.byteOffset;
  }
  return viewWords;
}

/** Checks `count` words at `ptr` (aligned, inside memory) without allocating; the fault names `what`. */
function checkWords(memory: Uint8Array, ptr: number, count: number, what: string): void {
  if ((ptr & 3) !== 0 || ptr + 4 * count > memory.length) checkWritable(memory, ptr, count, what); // throws the HostFault
}

// ---- the accelerators, on positional arguments (the bindings' fast path calls these directly) ----

/** keccak_f(ptr): keccak-f[1600] on the 50 words at ptr, in place. */
export function keccakFCall(session: OracleSession, memory: Uint8Array, ptr: number, record?: CallWords): number {
  ptr >>>= 0;
  checkWords(memory, ptr, 50, 'keccak_f: state');
  const words = wordsOf(memory);
  const at = ptr >>> 2;
  record?.start().input(words, at, 50);
  keccakF(words, at);
  session.countCall('keccak_f');
  record?.output(words, at, 50);
  return 0;
}

/** blake2s_compress(hPtr, mPtr, tLo, tHi, last): BLAKE2s F on the 8 words at hPtr, in place. */
export function blake2sCompressCall(
  session: OracleSession,
  memory: Uint8Array,
  hPtr: number,
  mPtr: number,
  tLo: number,
  tHi: number,
  last: number,
  record?: CallWords,
): number {
  hPtr >>>= 0;
  mPtr >>>= 0;
  tLo >>>= 0;
  tHi >>>= 0;
  last >>>= 0;
  if (last !== 0 && last !== 1) throw new HostFault(`blake2s_compress: last must be 0 or 1, got ${last}`);
  checkWords(memory, hPtr, 8, 'blake2s_compress: h');
  checkWords(memory, mPtr, 16, 'blake2s_compress: m');
  const words = wordsOf(memory);
  const h = hPtr >>> 2;
  const m = mPtr >>> 2;
  record?.start().input(words, h, 8).input(words, m, 16).inputWord(tLo).inputWord(tHi).inputWord(last);
  blake2sCompressAt(words, h, words, m, tLo, tHi, last === 1);
  session.countCall('blake2s_compress');
  record?.output(words, h, 8);
  return 0;
}

/** u256_op(op, aPtr, bPtr, outPtr): the 256-bit operation op on a and b (and m at op's address bits for the modular operations); returns its flag. */
export function u256OpCall(session: OracleSession, memory: Uint8Array, op: number, aPtr: number, bPtr: number, outPtr: number, record?: CallWords): number {
  op >>>= 0;
  aPtr >>>= 0;
  bPtr >>>= 0;
  outPtr >>>= 0;
  const error = u256OpError(op);
  if (error !== undefined) throw new HostFault(`u256_op: ${error}`);
  checkWords(memory, aPtr, 8, 'u256_op: a');
  checkWords(memory, bPtr, 8, 'u256_op: b');
  const writes = u256OpWrites(op);
  if (writes) checkWords(memory, outPtr, 8, 'u256_op: out');
  const mPtr = u256ModulusPtr(op); // the modular operations' modulus, -1 for the others
  if (mPtr >= 0) checkWords(memory, mPtr, 8, 'u256_op: m');
  const words = wordsOf(memory);
  const a = aPtr >>> 2;
  const b = bPtr >>> 2;
  const out = outPtr >>> 2;
  if (mPtr >= 0) {
    const operandError = u256OperandError(op, words, a, b, mPtr >>> 2);
    if (operandError !== undefined) throw new HostFault(`u256_op: ${u256OpName(op)}: ${operandError}`);
  }
  // input: op, a, b (and m for the modular operations)
  record?.start().inputWord(op).input(words, a, 8).input(words, b, 8).input(words, mPtr >>> 2, mPtr >= 0 ? 8 : 0);
  const flag = (op & 0xff) === U256_OP.MONT_MUL ? montMulAt(op, words, a, b, mPtr >>> 2, out) : u256OpAt(op, words, a, b, out, mPtr >>> 2);
  session.countCall('u256_op', mPtr < 0 ? 1 : (op & 0xff) === U256_OP.MONT_MUL ? U256_MONT_MUL_OPERATIONS : U256_MOD_OPERATIONS);
  record?.output(words, out, writes ? 8 : 0).outputWord(flag >>> 0);
  return flag;
}

// ---- the oracle functions, on positional arguments (the fast path calls these directly) ----

/** query(id, ptr, words): asks query id with the payload words at ptr; returns the answer's length. */
export function queryCall(session: OracleSession, memory: Uint8Array, id: number, ptr: number, count: number, record?: CallRecorder): number {
  ptr >>>= 0;
  count = wordCount(count >>> 0, 'query payload');
  checkWords(memory, ptr, count, 'query: payload');
  const at = ptr >>> 2;
  const payload = wordsOf(memory).slice(at, at + count);
  const answer = session.query(id >>> 0, payload);
  record?.({ input: list([id >>> 0], payload), output: list(answer) });
  return answer.length;
}

/** answer_read(ptr, max): copies up to max words of the current answer to ptr; returns how many. */
export function answerReadCall(session: OracleSession, memory: Uint8Array, ptr: number, max: number, record?: CallRecorder): number {
  ptr >>>= 0;
  max >>>= 0;
  checkWords(memory, ptr, Math.min(max, session.answerWordsLeft()), 'answer_read: buffer');
  const words = session.readAnswer(max);
  wordsOf(memory).set(words, ptr >>> 2);
  record?.({ input: [], output: list(words) });
  return words.length;
}

/** commit(ptr, words): appends the words at ptr to the public output. */
export function commitCall(session: OracleSession, memory: Uint8Array, ptr: number, count: number, record?: CallRecorder): number {
  ptr >>>= 0;
  count = wordCount(count >>> 0, 'commit');
  checkWords(memory, ptr, count, 'commit: buffer');
  const at = ptr >>> 2;
  const output = wordsOf(memory).slice(at, at + count);
  session.commit(output);
  record?.({ input: list(output), output: [] });
  return 0;
}

// ---- every zk function on an argument list (the generic path, with the call log) ----

export const ZK_FUNCTIONS: Record<ZkFunctionName, ZkFunction> = {
  query: (session, memory, args, record) => queryCall(session, memory, args[0], args[1], args[2], record),
  answer_read: (session, memory, args, record) => answerReadCall(session, memory, args[0], args[1], record),
  commit: (session, memory, args, record) => commitCall(session, memory, args[0], args[1], record),
  keccak_f: (session, memory, args, record) => logged(record, (w) => keccakFCall(session, memory, args[0], w)),
  blake2s_compress: (session, memory, args, record) => logged(record, (w) => blake2sCompressCall(session, memory, args[0], args[1], args[2], args[3], args[4], w)),
  u256_op: (session, memory, args, record) => logged(record, (w) => u256OpCall(session, memory, args[0], args[1], args[2], args[3], w)),
};

/** An accelerator call for the call log: its words as CallData when it returns (none when it faults). */
function logged(record: CallRecorder | undefined, call: (words?: CallWords) => number): number {
  if (record === undefined) return call();
  const words = new CallWords();
  const value = call(words);
  record(words.data());
  return value;
}

export const ZK_FUNCTION_NAMES = Object.keys(ZK_FUNCTIONS) as ZkFunctionName[];
