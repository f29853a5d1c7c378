// Transaction rejection reasons (report_transaction status 2): code → name, as the table in
// docs/guest-os.md fixes them; guest/bootloader/tx/reasons.ts holds the same table (a test checks).

export const REJECTION_REASONS: Readonly<Record<number, string>> = {
  1: 'MALFORMED',
  2: 'UNSUPPORTED_TYPE',
  3: 'INVALID_SIGNATURE',
  4: 'WRONG_CHAIN_ID',
  5: 'NONCE_TOO_LOW',
  6: 'NONCE_TOO_HIGH',
  7: 'NONCE_OVERFLOW',
  8: 'INSUFFICIENT_FUNDS',
  9: 'INTRINSIC_GAS_TOO_LOW',
  10: 'GAS_LIMIT_EXCEEDS_BLOCK',
  11: 'FEE_CAP_BELOW_BASE_FEE',
  12: 'PRIORITY_FEE_ABOVE_FEE_CAP',
  13: 'SENDER_NOT_EOA',
  14: 'INIT_CODE_TOO_LARGE',
  15: 'BLOB_FEE_CAP_TOO_LOW',
  16: 'INVALID_BLOBS',
  17: 'BLOB_CREATE',
  18: 'VALUE_OVERFLOW',
};

/** The name of rejection reason `code` ("UNKNOWN_REASON_<n>" for a code outside the table). */
export function reasonName(code: number): string {
  return REJECTION_REASONS[code] ?? `UNKNOWN_REASON_${code}`;
}
