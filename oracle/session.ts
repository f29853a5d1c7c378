// One run's oracle state shared by both host bindings: where answers come from (live query handlers,
// or a tape on replay), the answer being read, the recorded tape, the public output, accelerator counts.
import { ACCELERATOR_NAMES, type AcceleratorName } from './accelerators/weights';
import { keccak256 } from './accelerators/keccak';
import { standardQueries } from './handlers';
import { checkPayload, querySpec, QueryError, unknownQuery, type QueryRegistry } from './query';
import { answerWords, QUERIES } from './schema/queries';
import { TapeReader } from './tape';

/** Most words a run may commit as public output. */
export const MAX_PUBLIC_OUTPUT_WORDS = 1 << 16;

export type OracleSource = { readonly kind: 'live'; readonly queries: QueryRegistry } | { readonly kind: 'replay'; readonly tape: Uint32Array };

export class OracleSession {
  /** the non-determinism tape so far: per query, its answer's length, then its words */
  readonly tape: number[] = [];
  readonly publicOutput: number[] = [];
  readonly acceleratorCalls: Record<AcceleratorName, number> = Object.fromEntries(ACCELERATOR_NAMES.map((n) => [n, 0])) as Record<AcceleratorName, number>;
  private readonly reader?: TapeReader;
  private readonly queries?: QueryRegistry;
  private answer: Uint32Array = new Uint32Array(0);
  private answerAt = 0;

  constructor(source: OracleSource = { kind: 'live', queries: standardQueries() }) {
    if (source.kind === 'live') this.queries = source.queries;
    else this.reader = new TapeReader(source.tape);
  }

  /** Asks query `id`; the answer becomes the one answer_read takes words from. Returns its length. */
  query(id: number, payload: Uint32Array): Uint32Array {
    let answer: Uint32Array;
    if (this.queries) answer = this.queries.answer(id, payload);
    else {
      const spec = querySpec(id);
      if (!spec) throw unknownQuery(id, QUERIES);
      checkPayload(spec, payload);
      answer = this.reader!.next(id, spec.name, answerWords(spec, payload));
    }
    const tape = this.tape;
    tape.push(answer.length);
    for (let i = 0; i < answer.length; i++) tape.push(answer[i]);
    this.answer = answer;
    this.answerAt = 0;
    return answer;
  }

  /** Takes up to `max` words of the current answer (fewer when fewer are left). */
  readAnswer(max: number): Uint32Array {
    const words = this.answer.subarray(this.answerAt, this.answerAt + max);
    this.answerAt += words.length;
    return words;
  }

  /** How many words answer_read(max) would take now. */
  answerWordsLeft(): number {
    return this.answer.length - this.answerAt;
  }

  commit(words: Uint32Array): void {
    if (this.publicOutput.length + words.length > MAX_PUBLIC_OUTPUT_WORDS) {
      throw new QueryError(`commit: the public output would exceed ${MAX_PUBLIC_OUTPUT_WORDS} words`);
    }
    this.publicOutput.push(...words);
  }

  /** Counts `count` calls of accelerator `name` (u256_op's mont_mul counts as several, weights.ts). */
  countCall(name: AcceleratorName, count = 1): void {
    this.acceleratorCalls[name] += count;
  }

  /** Checks, on replay, that the run read the whole tape. */
  finish(): void {
    this.reader?.finish();
  }
}

/** The 32-byte commitment to public output `words`: keccak256 of the words as u32 little-endian bytes. */
export function outputCommitment(words: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return keccak256(bytes);
}
