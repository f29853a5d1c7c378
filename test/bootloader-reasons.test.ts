// The bootloader's rejection reasons against the Ethereum state tests' exception names: every
// expectException case of the transaction-validation categories must be rejected, and with a reason
// the test's `TransactionException.*` alternatives name (the mapping below). Natively; skipped with
// a message when ../shared/conformance is absent.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadStateTests } from '../oracle/statetest/load';
import { runStateCase } from '../oracle/statetest/run';

const ROOT = '../shared/conformance/ethereum-tests/GeneralStateTests';
const CATEGORIES = ['stTransactionTest', 'stEIP3607', 'stInitCodeTest', 'Cancun/stEIP4844-blobtransactions', 'Shanghai/stEIP3860-limitmeterinitcode', 'stEIP2930'];

/** ethereum/tests' TransactionException names → our reason names (docs/guest-os.md). */
const EXCEPTIONS: Record<string, string> = {
  INSUFFICIENT_ACCOUNT_FUNDS: 'INSUFFICIENT_FUNDS',
  INTRINSIC_GAS_TOO_LOW: 'INTRINSIC_GAS_TOO_LOW',
  GASLIMIT_PRICE_PRODUCT_OVERFLOW: 'VALUE_OVERFLOW',
  NONCE_IS_MAX: 'NONCE_OVERFLOW',
  NONCE_MISMATCH_TOO_LOW: 'NONCE_TOO_LOW',
  NONCE_MISMATCH_TOO_HIGH: 'NONCE_TOO_HIGH',
  SENDER_NOT_EOA: 'SENDER_NOT_EOA',
  INITCODE_SIZE_EXCEEDED: 'INIT_CODE_TOO_LARGE',
  RLP_INVALID_VALUE: 'MALFORMED',
  TYPE_3_TX_CONTRACT_CREATION: 'BLOB_CREATE',
  TYPE_3_TX_ZERO_BLOBS: 'INVALID_BLOBS',
  TYPE_3_TX_BLOB_COUNT_EXCEEDED: 'INVALID_BLOBS',
  TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH: 'INVALID_BLOBS',
  INSUFFICIENT_MAX_FEE_PER_BLOB_GAS: 'BLOB_FEE_CAP_TOO_LOW',
  INSUFFICIENT_MAX_FEE_PER_GAS: 'FEE_CAP_BELOW_BASE_FEE',
  PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS: 'PRIORITY_FEE_ABOVE_FEE_CAP',
  GAS_ALLOWANCE_EXCEEDED: 'GAS_LIMIT_EXCEEDS_BLOCK',
};

describe.skipIf(!existsSync(ROOT))('rejection reasons against the state tests (skipped without ../shared)', () => {
  it('every expectException case is rejected with the reason its exception names', async () => {
    let checked = 0;
    for (const category of CATEGORIES) {
      const cases = loadStateTests(`${ROOT}/${category}`).filter((c) => c.expectException !== undefined);
      for (const c of cases) {
        const r = await runStateCase(c, { target: 'native' });
        const wanted = c.expectException!.split('|').map((e) => EXCEPTIONS[e.replace(/^TransactionException\./, '')] ?? `unmapped ${e}`);
        expect(r.status, c.id).toBe('rejected');
        expect(wanted, `${c.id}: ${c.expectException}`).toContain(r.reason);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  }, 600_000);
});
