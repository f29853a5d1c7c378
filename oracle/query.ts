// The registry of typed query handlers: each handler serves one query of the schema; an id
// registered twice is an error; an unknown id or a malformed payload is a QueryError naming the query.
import { answerWords, describeWords, layoutWords, QUERIES, queryLabel, type QueryName, type QuerySpec } from './schema/queries';

/** A query could not be answered: the run stops with this message (an `ecall` trap). */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/** Answers one query: payload words (already checked against the layout) → answer words. */
export type QueryHandler = (payload: Uint32Array) => ArrayLike<number>;

const BY_NAME = new Map<string, QuerySpec>(QUERIES.map((q) => [q.name, q]));
const BY_ID = new Map<number, QuerySpec>(QUERIES.map((q) => [q.id, q]));

/** The schema entry of `id`, if the schema has one. */
export function querySpec(id: number): QuerySpec | undefined {
  return BY_ID.get(id >>> 0);
}

/** Throws a QueryError naming the query when `payload` does not fit its layout. */
export function checkPayload(spec: QuerySpec, payload: Uint32Array): void {
  const expected = layoutWords(spec.payload);
  if (payload.length < expected.min || payload.length > expected.max) {
    throw new QueryError(`query ${queryLabel(spec.id, spec.name)}: malformed payload: expected ${describeWords(expected)}, got ${payload.length}`);
  }
}

/** The QueryError for a query id that nothing answers. */
export function unknownQuery(id: number, known: readonly QuerySpec[]): QueryError {
  const names = known.map((q) => queryLabel(q.id, q.name)).join(', ');
  return new QueryError(`unknown query ${queryLabel(id)}: no handler is registered for it (known: ${names || 'none'})`);
}

export class QueryRegistry {
  private readonly handlers = new Map<number, { spec: QuerySpec; handler: QueryHandler }>();

  /** Registers the handler of schema query `name` (or of an ad-hoc spec, for tests and extensions). */
  register(query: QueryName | QuerySpec, handler: QueryHandler): this {
    const spec = typeof query === 'string' ? BY_NAME.get(query) : query;
    if (!spec) throw new Error(`query ${query as string} is not in the schema (oracle/schema/queries.ts)`);
    const existing = this.handlers.get(spec.id);
    if (existing) throw new Error(`query ${queryLabel(spec.id)} is registered twice (${existing.spec.name} and ${spec.name})`);
    this.handlers.set(spec.id, { spec, handler });
    return this;
  }

  /** The spec registered for `id`. */
  spec(id: number): QuerySpec | undefined {
    return this.handlers.get(id >>> 0)?.spec;
  }

  /** Answers query `id`: checks the payload against its layout, runs the handler, checks the answer. */
  answer(id: number, payload: Uint32Array): Uint32Array {
    const entry = this.handlers.get(id >>> 0);
    if (!entry) throw unknownQuery(id, [...this.handlers.values()].map((e) => e.spec));
    const { spec, handler } = entry;
    const label = queryLabel(spec.id, spec.name);
    checkPayload(spec, payload);
    let answer: Uint32Array;
    try {
      answer = Uint32Array.from(handler(payload));
    } catch (e) {
      if (e instanceof QueryError) throw new QueryError(`query ${label}: ${e.message}`);
      throw e;
    }
    const layout = answerWords(spec, payload);
    if (answer.length < layout.min || answer.length > layout.max) {
      throw new Error(`oracle bug: the handler of query ${label} answered ${answer.length} words, the schema says ${describeWords(layout)}`);
    }
    return answer;
  }
}
