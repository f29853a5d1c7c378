// Fee arithmetic on u256 words: the effective gas price (EIP-1559), the balance a transaction must
// have (gas limit × fee cap + value + blob gas × blob fee cap, with overflow detection), what is
// charged up front, the refund (EIP-3529) and the coinbase's priority fee. AssemblyScript.
import * as U from "../../common/u256";
import { GAS_PER_BLOB, Transaction, TX_ACCESS_LIST, TX_LEGACY } from "./transaction";

const WIDE: usize = memory.data(64, 16);
const K: usize = memory.data(32, 16);
const T: usize = memory.data(32, 16);

/** out = a × k; true when the product overflows 256 bits (out is then the low half). */
export function mulU64(out: usize, a: usize, k: u64): bool {
  U.setU64(K, k);
  U.mulWide(WIDE, a, K);
  U.copy(out, WIDE);
  return !U.isZero(WIDE + 32);
}

/** out += a × k; true on overflow. */
export function addMulU64(out: usize, a: usize, k: u64): bool {
  const over = mulU64(T, a, k);
  return (U.add(out, out, T) != 0) || over;
}

/** Blob gas of the transaction (0 unless type 3). */
export function blobGas(tx: Transaction): u64 {
  return <u64>tx.blobCount * GAS_PER_BLOB;
}

/**
 * The effective gas price: legacy/2930 the gas price; 1559/4844 min(max fee, base fee + priority fee).
 * Call after validation (max fee ≥ base fee).
 */
export function effectiveGasPrice(tx: Transaction, baseFee: usize, out: usize): void {
  if (tx.type == TX_LEGACY || tx.type == TX_ACCESS_LIST) {
    U.copy(out, tx.maxFee);
    return;
  }
  const carry = U.add(T, baseFee, tx.maxPriorityFee);
  if (carry != 0 || U.gt(T, tx.maxFee)) U.copy(out, tx.maxFee);
  else U.copy(out, T);
}

/** out = gas limit × max fee + value + blob gas × max blob fee; true when it does not fit 256 bits. */
export function maxCost(tx: Transaction, out: usize): bool {
  let over = mulU64(out, tx.maxFee, tx.gasLimit);
  over = (U.add(out, out, tx.value) != 0) || over;
  if (tx.blobCount > 0) over = addMulU64(out, tx.maxFeePerBlobGas, blobGas(tx)) || over;
  return over;
}

/** out = gas limit × effective price + blob gas × blob base fee: charged before execution. */
export function upfrontCharge(tx: Transaction, price: usize, blobBaseFee: usize, out: usize): void {
  mulU64(out, price, tx.gasLimit);
  if (tx.blobCount > 0) addMulU64(out, blobBaseFee, blobGas(tx));
}

/** The refund (EIP-3529): min(counter, gas used / 5); a negative counter counts as 0. */
export function refundGas(counter: i64, gasUsed: u64): u64 {
  if (counter <= 0) return 0;
  const cap = gasUsed / 5;
  return <u64>counter < cap ? <u64>counter : cap;
}

/** out = gas × price (gas returned to the sender, or paid). */
export function gasCost(gas: u64, price: usize, out: usize): void {
  mulU64(out, price, gas);
}

/** out = gas used × (effective price − base fee): the coinbase's priority fee. */
export function priorityFee(gasUsed: u64, price: usize, baseFee: usize, out: usize): void {
  U.sub(T, price, baseFee);
  mulU64(out, T, gasUsed);
}
