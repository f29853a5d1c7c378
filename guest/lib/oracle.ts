// Guest side of the oracle (docs/oracle.md): ask a query, read its answer, commit public output;
// typed helpers for the standard queries. AssemblyScript; ids and sizes come from ./queries.
import { QUERY_INPUT_READ, QUERY_INPUT_SIZE } from "./queries";

// @ts-ignore: decorator
@external("zkos", "query")
declare function zkQuery(id: u32, payload: usize, words: u32): u32;

// @ts-ignore: decorator
@external("zkos", "answer_read")
declare function zkAnswerRead(ptr: usize, maxWords: u32): u32;

// @ts-ignore: decorator
@external("zkos", "commit")
declare function zkCommit(ptr: usize, words: u32): void;

/** Asks query `id` with `words` payload words at `payload` (4-byte aligned); returns the answer's length in words. */
export function query(id: u32, payload: usize, words: u32): u32 {
  return zkQuery(id, payload, words);
}

/** Copies up to `maxWords` words of the current answer to `ptr` (4-byte aligned); returns how many. */
export function readAnswer(ptr: usize, maxWords: u32): u32 {
  return zkAnswerRead(ptr, maxWords);
}

/** Appends `words` words at `ptr` (4-byte aligned) to the run's public output. */
export function commit(ptr: usize, words: u32): void {
  zkCommit(ptr, words);
}

const SCRATCH: usize = memory.data(16, 16);

/** Appends one word to the public output. */
export function commitWord(word: u32): void {
  store<u32>(SCRATCH, word);
  zkCommit(SCRATCH, 1);
}

/** The size of the run's input in bytes (query input_size). */
export function inputSize(): u32 {
  zkQuery(QUERY_INPUT_SIZE, SCRATCH, 0);
  zkAnswerRead(SCRATCH, 1);
  return load<u32>(SCRATCH);
}

/** Reads `count` words of the input from word `offset` to `dest` (query input_read); returns the count read. */
export function inputRead(offset: u32, count: u32, dest: usize): u32 {
  store<u32>(SCRATCH, offset);
  store<u32>(SCRATCH, count, 4);
  const words = zkQuery(QUERY_INPUT_READ, SCRATCH, 2);
  return zkAnswerRead(dest, words);
}
