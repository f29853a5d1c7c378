// The oracle's standard query handlers over a run's input (bytes given to `zkos run --input`):
// input_size and input_read. Block, transaction and state queries will join them here.
import { QueryError, QueryRegistry } from './query';
import { layoutWords, QUERIES } from './schema/queries';

const MAX_READ_WORDS = layoutWords(QUERIES.find((q) => q.name === 'input_read')!.answer).max;

export interface OracleInput {
  /** the run's input; empty by default */
  readonly input?: Uint8Array;
}

/** A registry with every standard handler, answering from `options.input`. */
export function standardQueries(options: OracleInput = {}): QueryRegistry {
  const input = options.input ?? new Uint8Array(0);
  const words = new Uint32Array(Math.ceil(input.length / 4));
  new Uint8Array(words.buffer).set(input);
  return new QueryRegistry()
    .register('input_size', () => [input.length])
    .register('input_read', ([offset, count]) => {
      if (count > MAX_READ_WORDS) throw new QueryError(`malformed payload: count ${count} is more than the ${MAX_READ_WORDS} words one answer may hold`);
      if (offset + count > words.length) {
        throw new QueryError(`malformed payload: words [${offset}, ${offset + count}) are outside the input of ${words.length} words`);
      }
      return words.subarray(offset, offset + count);
    });
}
