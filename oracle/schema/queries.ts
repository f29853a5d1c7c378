// The oracle's query schema, defined once: each query's id, name and payload and answer layouts.
// guest/lib/queries.ts (AssemblyScript) is rendered from this table; a test checks they agree.

/**
 * A field of words: a fixed count, or (last field only) up to `maxWords` words, as many as the
 * payload field `lengthFrom` says when given.
 */
export type Field = { readonly name: string; readonly words: number } | { readonly name: string; readonly maxWords: number; readonly lengthFrom?: string };

export interface QuerySpec {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly payload: readonly Field[];
  readonly answer: readonly Field[];
}

/** Every query a guest may ask. Ids are u32; 0 is never used. */
export const QUERIES = [
  {
    id: 0x0001,
    name: 'input_size',
    description: "the size of the run's input in bytes",
    payload: [],
    answer: [{ name: 'bytes', words: 1 }],
  },
  {
    id: 0x0002,
    name: 'input_read',
    description: "`count` words of the run's input from word `offset` (the last word zero-padded); the range must lie within the input",
    payload: [
      { name: 'offset', words: 1 },
      { name: 'count', words: 1 },
    ],
    answer: [{ name: 'words', maxWords: 4096, lengthFrom: 'count' }],
  },
] as const satisfies readonly QuerySpec[];

export type QueryName = (typeof QUERIES)[number]['name'];

/** A layout's word count: exact, or a range for a variable last field. */
export function layoutWords(fields: readonly Field[]): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const f of fields) {
    if ('words' in f) {
      min += f.words;
      max += f.words;
    } else max += f.maxWords;
  }
  return { min, max };
}

/** The answer's word count for `payload` (checked already): exact when its length comes from the payload. */
export function answerWords(spec: QuerySpec, payload: ArrayLike<number>): { min: number; max: number } {
  const layout = layoutWords(spec.answer);
  const last = spec.answer.at(-1);
  if (!last || !('lengthFrom' in last) || last.lengthFrom === undefined) return layout;
  let at = 0;
  for (const f of spec.payload) {
    if (f.name === last.lengthFrom) {
      const words = layout.min + payload[at];
      return { min: words, max: words };
    }
    at += 'words' in f ? f.words : 0;
  }
  throw new Error(`schema: query ${spec.name}: answer field ${last.name} takes its length from ${last.lengthFrom}, which is not a payload field`);
}

/** "2 words", "1 to 4097 words". */
export function describeWords({ min, max }: { min: number; max: number }): string {
  const plural = (n: number) => `${n} word${n === 1 ? '' : 's'}`;
  return min === max ? plural(min) : `${min} to ${plural(max)}`;
}

/** "input_read (0x0002)": how errors name a query. */
export function queryLabel(id: number, name?: string): string {
  const hex = `0x${(id >>> 0).toString(16).padStart(4, '0')}`;
  return name ? `${name} (${hex})` : `id ${hex}`;
}
