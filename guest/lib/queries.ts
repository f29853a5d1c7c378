// Query ids and layout sizes of the zkos oracle, for AssemblyScript guests. GENERATED from
// oracle/schema/queries.ts by oracle/schema/guest-queries.ts: do not edit; see docs/oracle.md.

/** the size of the run's input in bytes */
export const QUERY_INPUT_SIZE: u32 = 0x0001;
export const QUERY_INPUT_SIZE_PAYLOAD_WORDS: u32 = 0;
export const QUERY_INPUT_SIZE_ANSWER_WORDS: u32 = 1;

/** `count` words of the run's input from word `offset` (the last word zero-padded); the range must lie within the input */
export const QUERY_INPUT_READ: u32 = 0x0002;
export const QUERY_INPUT_READ_PAYLOAD_WORDS: u32 = 2;
export const QUERY_INPUT_READ_ANSWER_MAX_WORDS: u32 = 4096;
