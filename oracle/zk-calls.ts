// The zk host functions (docs/abi.md, docs/oracle.md): query, answer_read, commit and the
// accelerators keccak_f, blake2s_compress, u256_op, over a guest memory view and an OracleSession.
import { blake2sCompress } from './accelerators/blake2s';
import { keccakF } from './accelerators/keccak';
import { decodeU256Op } from './accelerators/u256';
import { checkWritable, HostFault, readWords, writeWords } from './guest-words';
import type { OracleSession } from './session';

export type ZkFunctionName = 'query' | 'answer_read' | 'commit' | 'keccak_f' | 'blake2s_compress' | 'u256_op';

/** A call's words in and out, for the call log (and later the trace). */
export interface CallData {
  readonly input: readonly number[];
  readonly output: readonly number[];
}

export interface ZkCallResult {
  /** returned in a0, when the function has a result */
  readonly value: number;
  readonly data: CallData;
}

type ZkFunction = (session: OracleSession, memory: Uint8Array, args: readonly number[]) => ZkCallResult;

/** Longest payload (or commit) one call may pass, in words. */
export const MAX_CALL_WORDS = 1 << 16;

function wordCount(count: number, what: string): number {
  if (count > MAX_CALL_WORDS) throw new HostFault(`${what}: ${count} words is more than ${MAX_CALL_WORDS}`);
  return count;
}

const list = (...parts: ArrayLike<number>[]) => parts.flatMap((p) => Array.from(p));

export const ZK_FUNCTIONS: Record<ZkFunctionName, ZkFunction> = {
  query(session, memory, [id, ptr, words]) {
    const payload = readWords(memory, ptr, wordCount(words, 'query payload'), 'query: payload');
    const answer = session.query(id, payload);
    return { value: answer.length, data: { input: list([id], payload), output: list(answer) } };
  },
  answer_read(session, memory, [ptr, max]) {
    checkWritable(memory, ptr, Math.min(max, session.answerWordsLeft()), 'answer_read: buffer');
    const words = session.readAnswer(max);
    writeWords(memory, ptr, words, 'answer_read: buffer');
    return { value: words.length, data: { input: [], output: list(words) } };
  },
  commit(session, memory, [ptr, words]) {
    const output = readWords(memory, ptr, wordCount(words, 'commit'), 'commit: buffer');
    session.commit(output);
    return { value: 0, data: { input: list(output), output: [] } };
  },
  keccak_f(session, memory, [ptr]) {
    const state = readWords(memory, ptr, 50, 'keccak_f: state');
    const input = list(state);
    keccakF(state);
    writeWords(memory, ptr, state, 'keccak_f: state');
    session.countCall('keccak_f');
    return { value: 0, data: { input, output: list(state) } };
  },
  blake2s_compress(session, memory, [hPtr, mPtr, tLo, tHi, last]) {
    if (last !== 0 && last !== 1) throw new HostFault(`blake2s_compress: last must be 0 or 1, got ${last}`);
    const h = readWords(memory, hPtr, 8, 'blake2s_compress: h');
    const m = readWords(memory, mPtr, 16, 'blake2s_compress: m');
    const input = list(h, m, [tLo, tHi, last]);
    blake2sCompress(h, m, tLo, tHi, last === 1);
    writeWords(memory, hPtr, h, 'blake2s_compress: h');
    session.countCall('blake2s_compress');
    return { value: 0, data: { input, output: list(h) } };
  },
  u256_op(session, memory, [op, aPtr, bPtr, outPtr]) {
    const decoded = decodeU256Op(op);
    if (typeof decoded === 'string') throw new HostFault(`u256_op: ${decoded}`);
    const a = readWords(memory, aPtr, 8, 'u256_op: a');
    const b = readWords(memory, bPtr, 8, 'u256_op: b');
    const { out, flag } = decoded.run(a, b, decoded.carryIn);
    if (out) writeWords(memory, outPtr, out, 'u256_op: out');
    session.countCall('u256_op');
    return { value: flag, data: { input: list([op], a, b), output: list(out ?? [], [flag >>> 0]) } };
  },
};

export const ZK_FUNCTION_NAMES = Object.keys(ZK_FUNCTIONS) as ZkFunctionName[];
