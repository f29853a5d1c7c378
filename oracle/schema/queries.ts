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

  // ---- the guest OS's block protocol (docs/block-format.md). Encodings: u64 = 2 words (low
  // first); u256 = 8 little-endian limbs; address = 5 words (the address as a u256's low 5 limbs);
  // bytes32 (hashes) = the 32 bytes in order, packed 4 per word little-endian (the memory image);
  // bytes = a length word (in bytes) then the memory image, the last word zero-padded.
  {
    id: 0x0101,
    name: 'block_metadata',
    description: 'the block context: number u64, timestamp u64, coinbase address, gas limit u64, base fee u256, chain id u64, prevrandao bytes32, blob base fee u256, parent hash bytes32',
    payload: [],
    answer: [
      { name: 'number', words: 2 },
      { name: 'timestamp', words: 2 },
      { name: 'coinbase', words: 5 },
      { name: 'gas_limit', words: 2 },
      { name: 'base_fee', words: 8 },
      { name: 'chain_id', words: 2 },
      { name: 'prevrandao', words: 8 },
      { name: 'blob_base_fee', words: 8 },
      { name: 'parent_hash', words: 8 },
    ],
  },
  {
    id: 0x0102,
    name: 'next_transaction',
    description: 'the next signed transaction as bytes (raw: a legacy RLP list or type byte || RLP); length 0 means the block is sealed',
    payload: [],
    answer: [
      { name: 'length', words: 1 },
      { name: 'bytes', maxWords: 1 << 16 },
    ],
  },
  {
    id: 0x0103,
    name: 'account_properties',
    description: "an account's properties at the start of the block: flags (bit 0: exists, bit 1: has non-empty storage), nonce u64, balance u256, code hash bytes32 (keccak256 of empty code when none), code length in bytes",
    payload: [{ name: 'address', words: 5 }],
    answer: [
      { name: 'flags', words: 1 },
      { name: 'nonce', words: 2 },
      { name: 'balance', words: 8 },
      { name: 'code_hash', words: 8 },
      { name: 'code_length', words: 1 },
    ],
  },
  {
    id: 0x0104,
    name: 'storage_initial',
    description: "a storage slot's value at the start of the block (u256; 0 when unset)",
    payload: [
      { name: 'address', words: 5 },
      { name: 'key', words: 8 },
    ],
    answer: [{ name: 'value', words: 8 }],
  },
  {
    id: 0x0105,
    name: 'bytecode',
    description: 'the code whose keccak256 is code_hash, as bytes; the guest checks the hash',
    payload: [{ name: 'code_hash', words: 8 }],
    answer: [
      { name: 'length', words: 1 },
      { name: 'bytes', maxWords: 1 << 15 },
    ],
  },
  {
    id: 0x0106,
    name: 'block_hash',
    description: 'the hash (bytes32) of an earlier block; the guest asks only for the 256 blocks before the current one',
    payload: [{ name: 'number', words: 2 }],
    answer: [{ name: 'hash', words: 8 }],
  },
  {
    id: 0x0110,
    name: 'report_transaction',
    description: "output: a transaction's result: index, status (0 failed, 1 succeeded, 2 rejected), rejection reason (0 when not rejected), gas used u64, created contract address (zero when none)",
    payload: [
      { name: 'index', words: 1 },
      { name: 'status', words: 1 },
      { name: 'reason', words: 1 },
      { name: 'gas_used', words: 2 },
      { name: 'created', words: 5 },
    ],
    answer: [],
  },
  {
    id: 0x0111,
    name: 'report_log',
    description: 'output: a log of a successful transaction: transaction index, address, topic count (0-4), 4 topics bytes32 (unused ones zero), data bytes',
    payload: [
      { name: 'index', words: 1 },
      { name: 'address', words: 5 },
      { name: 'topic_count', words: 1 },
      { name: 'topics', words: 32 },
      { name: 'data_length', words: 1 },
      { name: 'data', maxWords: 1 << 15 },
    ],
    answer: [],
  },
  {
    id: 0x0112,
    name: 'report_account',
    description: "output, at the end of the block: an account whose properties changed: address, flags (bit 0: deleted; bit 1: storage reset, i.e. the account was destroyed or created in the block, so every slot the host held for it is dropped before this block's report_storage entries apply), nonce u64, balance u256, code hash bytes32",
    payload: [
      { name: 'address', words: 5 },
      { name: 'flags', words: 1 },
      { name: 'nonce', words: 2 },
      { name: 'balance', words: 8 },
      { name: 'code_hash', words: 8 },
    ],
    answer: [],
  },
  {
    id: 0x0113,
    name: 'report_storage',
    description: 'output, at the end of the block: a storage slot whose value changed: address, key u256, value u256 (0 deletes it)',
    payload: [
      { name: 'address', words: 5 },
      { name: 'key', words: 8 },
      { name: 'value', words: 8 },
    ],
    answer: [],
  },
  {
    id: 0x0114,
    name: 'report_code',
    description: 'output, at the end of the block: code deployed in the block: code hash bytes32, then the code as bytes',
    payload: [
      { name: 'code_hash', words: 8 },
      { name: 'length', words: 1 },
      { name: 'bytes', maxWords: 1 << 15 },
    ],
    answer: [],
  },
  {
    id: 0x0115,
    name: 'report_block',
    description: 'output, last: the block totals: transaction count, gas used u64',
    payload: [
      { name: 'transaction_count', words: 1 },
      { name: 'gas_used', words: 2 },
    ],
    answer: [],
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
