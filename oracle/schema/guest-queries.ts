// Renders guest/lib/queries.ts, the AssemblyScript view of the query schema (schema/queries.ts):
// one constant per query id and per fixed layout size. test/query-schema.test.ts checks the file.
import { layoutWords, QUERIES, type QuerySpec } from './queries';

export const GUEST_QUERIES_FILE = 'guest/lib/queries.ts';

const constant = (name: string) => name.toUpperCase();

function renderQuery(q: QuerySpec): string[] {
  const hex = `0x${q.id.toString(16).padStart(4, '0')}`;
  const payload = layoutWords(q.payload);
  const answer = layoutWords(q.answer);
  const lines = [`/** ${q.description} */`, `export const QUERY_${constant(q.name)}: u32 = ${hex};`];
  const size = (what: string, words: { min: number; max: number }) =>
    `export const QUERY_${constant(q.name)}_${what}_${words.min === words.max ? '' : 'MAX_'}WORDS: u32 = ${words.max};`;
  lines.push(size('PAYLOAD', payload), size('ANSWER', answer));
  return lines;
}

/** The whole AssemblyScript file for `queries`. */
export function renderGuestQueries(queries: readonly QuerySpec[] = QUERIES): string {
  const header = [
    '// Query ids and layout sizes of the zkos oracle, for AssemblyScript guests. GENERATED from',
    '// oracle/schema/queries.ts by oracle/schema/guest-queries.ts: do not edit; see docs/oracle.md.',
  ];
  return [...header, ...queries.flatMap((q) => ['', ...renderQuery(q)]), ''].join('\n');
}
