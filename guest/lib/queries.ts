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

/** the block context: number u64, timestamp u64, coinbase address, gas limit u64, base fee u256, chain id u64, prevrandao bytes32, blob base fee u256, parent hash bytes32 */
export const QUERY_BLOCK_METADATA: u32 = 0x0101;
export const QUERY_BLOCK_METADATA_PAYLOAD_WORDS: u32 = 0;
export const QUERY_BLOCK_METADATA_ANSWER_WORDS: u32 = 45;

/** the next signed transaction as bytes (raw: a legacy RLP list or type byte || RLP); length 0 means the block is sealed */
export const QUERY_NEXT_TRANSACTION: u32 = 0x0102;
export const QUERY_NEXT_TRANSACTION_PAYLOAD_WORDS: u32 = 0;
export const QUERY_NEXT_TRANSACTION_ANSWER_MAX_WORDS: u32 = 65537;

/** an account's properties at the start of the block: flags (bit 0: exists, bit 1: has non-empty storage), nonce u64, balance u256, code hash bytes32 (keccak256 of empty code when none), code length in bytes */
export const QUERY_ACCOUNT_PROPERTIES: u32 = 0x0103;
export const QUERY_ACCOUNT_PROPERTIES_PAYLOAD_WORDS: u32 = 5;
export const QUERY_ACCOUNT_PROPERTIES_ANSWER_WORDS: u32 = 20;

/** a storage slot's value at the start of the block (u256; 0 when unset) */
export const QUERY_STORAGE_INITIAL: u32 = 0x0104;
export const QUERY_STORAGE_INITIAL_PAYLOAD_WORDS: u32 = 13;
export const QUERY_STORAGE_INITIAL_ANSWER_WORDS: u32 = 8;

/** the code whose keccak256 is code_hash, as bytes; the guest checks the hash */
export const QUERY_BYTECODE: u32 = 0x0105;
export const QUERY_BYTECODE_PAYLOAD_WORDS: u32 = 8;
export const QUERY_BYTECODE_ANSWER_MAX_WORDS: u32 = 32769;

/** the hash (bytes32) of an earlier block; the guest asks only for the 256 blocks before the current one */
export const QUERY_BLOCK_HASH: u32 = 0x0106;
export const QUERY_BLOCK_HASH_PAYLOAD_WORDS: u32 = 2;
export const QUERY_BLOCK_HASH_ANSWER_WORDS: u32 = 8;

/** output: a transaction's result: index, status (0 failed, 1 succeeded, 2 rejected), rejection reason (0 when not rejected), gas used u64, created contract address (zero when none) */
export const QUERY_REPORT_TRANSACTION: u32 = 0x0110;
export const QUERY_REPORT_TRANSACTION_PAYLOAD_WORDS: u32 = 10;
export const QUERY_REPORT_TRANSACTION_ANSWER_WORDS: u32 = 0;

/** output: a log of a successful transaction: transaction index, address, topic count (0-4), 4 topics bytes32 (unused ones zero), data bytes */
export const QUERY_REPORT_LOG: u32 = 0x0111;
export const QUERY_REPORT_LOG_PAYLOAD_MAX_WORDS: u32 = 32808;
export const QUERY_REPORT_LOG_ANSWER_WORDS: u32 = 0;

/** output, at the end of the block: an account whose properties changed: address, flags (bit 0: deleted; bit 1: storage reset, i.e. the account was destroyed or created in the block, so every slot the host held for it is dropped before this block's report_storage entries apply), nonce u64, balance u256, code hash bytes32 */
export const QUERY_REPORT_ACCOUNT: u32 = 0x0112;
export const QUERY_REPORT_ACCOUNT_PAYLOAD_WORDS: u32 = 24;
export const QUERY_REPORT_ACCOUNT_ANSWER_WORDS: u32 = 0;

/** output, at the end of the block: a storage slot whose value changed: address, key u256, value u256 (0 deletes it) */
export const QUERY_REPORT_STORAGE: u32 = 0x0113;
export const QUERY_REPORT_STORAGE_PAYLOAD_WORDS: u32 = 21;
export const QUERY_REPORT_STORAGE_ANSWER_WORDS: u32 = 0;

/** output, at the end of the block: code deployed in the block: code hash bytes32, then the code as bytes */
export const QUERY_REPORT_CODE: u32 = 0x0114;
export const QUERY_REPORT_CODE_PAYLOAD_MAX_WORDS: u32 = 32777;
export const QUERY_REPORT_CODE_ANSWER_WORDS: u32 = 0;

/** output, last: the block totals: transaction count, gas used u64 */
export const QUERY_REPORT_BLOCK: u32 = 0x0115;
export const QUERY_REPORT_BLOCK_PAYLOAD_WORDS: u32 = 3;
export const QUERY_REPORT_BLOCK_ANSWER_WORDS: u32 = 0;
