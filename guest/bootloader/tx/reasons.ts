// Rejection reasons of a transaction (report_transaction status 2): the codes of docs/guest-os.md's
// table ("The block protocol"). oracle/block/reasons.ts holds the same table for the host; a test
// checks that the two agree. AssemblyScript.

export const OK: u32 = 0;
/** RLP or field encoding (incl. trailing bytes, wrong field count, wrong field sizes) */
export const MALFORMED: u32 = 1;
/** a typed transaction whose type is not 1, 2 or 3 */
export const UNSUPPORTED_TYPE: u32 = 2;
/** the signature does not recover a key (incl. EIP-2 high s, a bad v / y-parity) */
export const INVALID_SIGNATURE: u32 = 3;
export const WRONG_CHAIN_ID: u32 = 4;
export const NONCE_TOO_LOW: u32 = 5;
export const NONCE_TOO_HIGH: u32 = 6;
/** EIP-2681: the sender's nonce is 2^64 - 1 */
export const NONCE_OVERFLOW: u32 = 7;
export const INSUFFICIENT_FUNDS: u32 = 8;
export const INTRINSIC_GAS_TOO_LOW: u32 = 9;
export const GAS_LIMIT_EXCEEDS_BLOCK: u32 = 10;
export const FEE_CAP_BELOW_BASE_FEE: u32 = 11;
export const PRIORITY_FEE_ABOVE_FEE_CAP: u32 = 12;
/** EIP-3607: the sender has code */
export const SENDER_NOT_EOA: u32 = 13;
/** EIP-3860: init code over 49152 bytes */
export const INIT_CODE_TOO_LARGE: u32 = 14;
export const BLOB_FEE_CAP_TOO_LOW: u32 = 15;
/** no blob, more than 6, or a versioned hash not starting with 0x01 */
export const INVALID_BLOBS: u32 = 16;
/** a blob transaction (type 3) without `to` */
export const BLOB_CREATE: u32 = 17;
/** gas limit × fee cap + value (+ blob fees) ≥ 2^256 */
export const VALUE_OVERFLOW: u32 = 18;

/** The reason's name as in the table (for messages and the host test). */
export function reasonName(code: u32): string {
  switch (code) {
    case OK: return "OK";
    case MALFORMED: return "MALFORMED";
    case UNSUPPORTED_TYPE: return "UNSUPPORTED_TYPE";
    case INVALID_SIGNATURE: return "INVALID_SIGNATURE";
    case WRONG_CHAIN_ID: return "WRONG_CHAIN_ID";
    case NONCE_TOO_LOW: return "NONCE_TOO_LOW";
    case NONCE_TOO_HIGH: return "NONCE_TOO_HIGH";
    case NONCE_OVERFLOW: return "NONCE_OVERFLOW";
    case INSUFFICIENT_FUNDS: return "INSUFFICIENT_FUNDS";
    case INTRINSIC_GAS_TOO_LOW: return "INTRINSIC_GAS_TOO_LOW";
    case GAS_LIMIT_EXCEEDS_BLOCK: return "GAS_LIMIT_EXCEEDS_BLOCK";
    case FEE_CAP_BELOW_BASE_FEE: return "FEE_CAP_BELOW_BASE_FEE";
    case PRIORITY_FEE_ABOVE_FEE_CAP: return "PRIORITY_FEE_ABOVE_FEE_CAP";
    case SENDER_NOT_EOA: return "SENDER_NOT_EOA";
    case INIT_CODE_TOO_LARGE: return "INIT_CODE_TOO_LARGE";
    case BLOB_FEE_CAP_TOO_LOW: return "BLOB_FEE_CAP_TOO_LOW";
    case INVALID_BLOBS: return "INVALID_BLOBS";
    case BLOB_CREATE: return "BLOB_CREATE";
    case VALUE_OVERFLOW: return "VALUE_OVERFLOW";
    default: return "UNKNOWN";
  }
}

/** The highest code in the table. */
export const MAX_REASON: u32 = 18;
