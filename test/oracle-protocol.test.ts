// The oracle's query protocol and tape through both host bindings: answers, the tape as it is
// recorded, public output; and every protocol and tape error, checking that the message says
// what and where (unknown id, malformed payload, duplicate registration, tape runs out, answer
// length mismatch, left-over answers, truncated or corrupted tape file).
import { describe, expect, test } from 'vitest';
import { standardQueries } from '../oracle/handlers';
import { QueryRegistry } from '../oracle/query';
import { OracleSession } from '../oracle/session';
import { decodeTape, encodeTape, TapeError } from '../oracle/tape';
import { Binding, BINDINGS } from './helpers/zk-bindings';

const PAYLOAD = 0x100;
const ANSWER = 0x200;
const INPUT = Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0, 3, 0]); // 10 bytes: words 1, 2, 3 (padded)

const live = () => new OracleSession({ kind: 'live', queries: standardQueries({ input: INPUT }) });
const replay = (...tape: number[]) => new OracleSession({ kind: 'replay', tape: Uint32Array.from(tape) });

/** query(id, payload) through `b`, then answer_read of everything; the answer words or the error. */
function ask(b: Binding, id: number, payload: number[]): { words?: number[]; error?: string } {
  b.setWords(PAYLOAD, payload);
  const q = b.invoke('query', id, PAYLOAD, payload.length);
  if (q.error) return { error: q.error };
  const r = b.invoke('answer_read', ANSWER, 4096);
  if (r.error) return { error: r.error };
  expect(r.value).toBe(q.value);
  return { words: Array.from(b.words(ANSWER, r.value!)) };
}

describe.each(BINDINGS)('the query protocol through the %s binding', (kind) => {
  test('answers, read in parts; every answer on the tape as length then words', () => {
    const b = new Binding(kind, live());
    expect(ask(b, 1, [])).toEqual({ words: [10] });
    b.setWords(PAYLOAD, [1, 2]);
    expect(b.invoke('query', 2, PAYLOAD, 2)).toEqual({ value: 2 });
    expect(b.invoke('answer_read', ANSWER, 1)).toEqual({ value: 1 });
    expect(b.invoke('answer_read', ANSWER + 4, 5)).toEqual({ value: 1 });
    expect(b.invoke('answer_read', ANSWER + 8, 5)).toEqual({ value: 0 });
    expect(Array.from(b.words(ANSWER, 2))).toEqual([2, 3]);
    expect(b.oracle.tape).toEqual([1, 10, 2, 2, 3]);
    const query = b.log.find((c) => c.name === 'query' && c.args[0] === 2)!;
    expect(query.data).toEqual({ input: [2, 1, 2], output: [2, 3] });
  });

  test('commit appends to the public output, logged with its words', () => {
    const b = new Binding(kind);
    b.setWords(PAYLOAD, [7, 8, 9]);
    expect(b.invoke('commit', PAYLOAD, 3)).toEqual({});
    expect(b.invoke('commit', PAYLOAD + 8, 1)).toEqual({});
    expect(b.oracle.publicOutput).toEqual([7, 8, 9, 9]);
    expect(b.log.at(-1)).toMatchObject({ name: 'commit', data: { input: [9], output: [] } });
  });

  test('replay answers from the tape alone and records the same tape', () => {
    const b = new Binding(kind, replay(1, 10, 2, 2, 3));
    expect(ask(b, 1, [])).toEqual({ words: [10] });
    expect(ask(b, 2, [1, 2])).toEqual({ words: [2, 3] });
    expect(b.oracle.tape).toEqual([1, 10, 2, 2, 3]);
    expect(() => b.oracle.finish()).not.toThrow();
  });

  const ERRORS: readonly [string, () => OracleSession, number, number[], string][] = [
    ['unknown query id', live, 0x99, [], 'unknown query id 0x0099: no handler is registered for it (known: input_size (0x0001), input_read (0x0002))'],
    ['payload of the wrong length', live, 1, [5], 'query input_size (0x0001): malformed payload: expected 0 words, got 1'],
    ['payload outside the input', live, 2, [2, 5], 'query input_read (0x0002): malformed payload: words [2, 7) are outside the input of 3 words'],
    ['payload asking too much', live, 2, [0, 5000], 'query input_read (0x0002): malformed payload: count 5000 is more than the 4096 words'],
    ['unknown query id on replay', () => replay(1, 10), 0x99, [], 'unknown query id 0x0099'],
    ['malformed payload on replay', () => replay(1, 10), 2, [1], 'query input_read (0x0002): malformed payload: expected 2 words, got 1'],
    ['a tape that runs out', () => replay(), 1, [], 'the tape runs out at tape word 0 (query #0, input_size (0x0001)): the guest asks a query, the tape (0 words) has no answer left'],
    ['a tape that runs out inside an answer', () => replay(3, 1), 2, [0, 3], 'the tape runs out at tape word 0 (query #0, input_read (0x0002)): the answer has 3 words, the tape has 1 left'],
    ['an answer of the wrong length', () => replay(2, 10, 11), 1, [], 'tape answer does not fit at tape word 0 (query #0, input_size (0x0001)): the tape gives 2 answer words, the query answers 1 word'],
    ['an answer of another length than the payload asks', () => replay(3, 1, 2, 3), 2, [0, 2], 'tape answer does not fit at tape word 0 (query #0, input_read (0x0002)): the tape gives 3 answer words, the query answers 2 words'],
  ];

  test.each(ERRORS)('%s stops the run with a message naming the query', (_what, session, id, payload, message) => {
    const b = new Binding(kind, session());
    const { error } = ask(b, id, payload);
    expect(error).toContain(message);
    expect(b.log.at(-1)).toMatchObject({ name: 'query', outcome: { kind: 'fault' } });
  });

  test('a mismatch later on the tape says which query and tape word', () => {
    const b = new Binding(kind, replay(1, 10, 2, 7));
    expect(ask(b, 1, [])).toEqual({ words: [10] });
    expect(ask(b, 2, [0, 2]).error).toContain('the tape runs out at tape word 2 (query #1, input_read (0x0002)): the answer has 2 words, the tape has 1 left');
  });

  test('answer_read and commit reject buffers outside memory or misaligned', () => {
    const b = new Binding(kind, live());
    ask(b, 1, []);
    b.invoke('query', 1, PAYLOAD, 0);
    expect(b.invoke('answer_read', 0xfffe, 1).error).toBe('answer_read: buffer 0xfffe is not 4-byte aligned');
    expect(b.invoke('answer_read', 0x10000, 1).error).toBe('answer_read: buffer 0x10000 of 1 words is outside guest memory [0, 0x10000)');
    expect(b.invoke('commit', 0xfff8, 3).error).toBe('commit: buffer 0xfff8 of 3 words is outside guest memory [0, 0x10000)');
    expect(b.invoke('query', 1, PAYLOAD, 1 << 20).error).toBe('query payload: 1048576 words is more than 65536');
  });
});

describe('registry and tape', () => {
  test('a query id registered twice is an error naming it', () => {
    expect(() => standardQueries().register('input_size', () => [0])).toThrow('query id 0x0001 is registered twice (input_size and input_size)');
    const spec = { id: 0x7000, name: 'extra', description: '', payload: [], answer: [] };
    expect(() => new QueryRegistry().register(spec, () => []).register({ ...spec, name: 'again' }, () => [])).toThrow('query id 0x7000 is registered twice (extra and again)');
  });

  test('a handler that breaks the schema is an oracle bug, not a guest error', () => {
    const registry = new QueryRegistry().register('input_size', () => [1, 2]);
    expect(() => registry.answer(1, new Uint32Array(0))).toThrow('oracle bug: the handler of query input_size (0x0001) answered 2 words, the schema says 1 word');
  });

  test('answers left on the tape after the run are an error', () => {
    const session = replay(1, 10, 1, 11);
    session.query(1, new Uint32Array(0));
    expect(() => session.finish()).toThrow('the tape has 2 unread words from word 2 after the run\'s 1 queries: it was recorded for another run');
  });

  const words = Uint32Array.of(1, 10, 2, 0xdeadbeef, 0);
  const file = encodeTape(words);

  test('the file round-trips: magic, version 1, word count, words, SHA-256', () => {
    expect(file.length).toBe(16 + 5 * 4 + 32);
    expect(Buffer.from(file.subarray(0, 16)).toString('hex')).toBe(Buffer.from('ZKOSTAPE').toString('hex') + '01000000' + '05000000');
    expect(decodeTape(file)).toEqual(words);
  });

  const damage: readonly [string, (f: Uint8Array) => Uint8Array, string][] = [
    ['empty', () => new Uint8Array(0), 'not a tape file: 0 bytes, shorter than the 16-byte header'],
    ['another file', (f) => Uint8Array.from(f, (b, i) => (i === 0 ? 0x7f : b)), 'not a tape file: it does not start with "ZKOSTAPE"'],
    ['a newer version', (f) => Uint8Array.from(f, (b, i) => (i === 8 ? 2 : b)), 'tape file version 2 is not supported (this zkos reads version 1)'],
    ['truncated', (f) => f.slice(0, f.length - 10), 'tape file truncated: the header says 5 words (68 bytes with the checksum), the file has 58 bytes'],
    ['truncated in the words', (f) => f.slice(0, 20), 'tape file truncated: the header says 5 words (68 bytes with the checksum), the file has 20 bytes'],
    ['with bytes appended', (f) => Uint8Array.from([...f, 0]), 'tape file has 1 bytes after its end (the header says 5 words, 68 bytes)'],
    ['a flipped word bit', (f) => Uint8Array.from(f, (b, i) => (i === 20 ? b ^ 1 : b)), 'tape file corrupted: its SHA-256 checksum does not match its contents'],
    ['a flipped checksum bit', (f) => Uint8Array.from(f, (b, i) => (i === f.length - 1 ? b ^ 0x80 : b)), 'tape file corrupted'],
  ];

  test.each(damage)('a tape file %s is rejected with a message that says so', (_what, change, message) => {
    expect(() => decodeTape(change(file))).toThrow(TapeError);
    expect(() => decodeTape(change(file))).toThrow(message);
  });
});
