// Intrinsic gas of a transaction: what it costs before any code runs (Cancun): 21000, +32000 for a
// creation, calldata 4 per zero and 16 per non-zero byte (EIP-2028), the access list 2400 per address
// and 1900 per key (EIP-2930), and init code 2 per 32-byte word (EIP-3860). AssemblyScript.
import { Transaction } from "./transaction";

export const TX_BASE_GAS: u64 = 21000;
export const TX_CREATE_GAS: u64 = 32000;
export const TX_DATA_ZERO_GAS: u64 = 4;
export const TX_DATA_NONZERO_GAS: u64 = 16;
export const ACCESS_LIST_ADDRESS_GAS: u64 = 2400;
export const ACCESS_LIST_KEY_GAS: u64 = 1900;
export const INIT_CODE_WORD_GAS: u64 = 2;
/** EIP-3860: 2 × the EIP-170 code size limit */
export const MAX_INIT_CODE_SIZE: usize = 49152;

/** Gas for `len` bytes of calldata at `p` (EIP-2028). */
export function calldataGas(p: usize, len: usize): u64 {
  let zeros: u64 = 0;
  for (let i: usize = 0; i < len; i++) if (load<u8>(p + i) == 0) zeros++;
  return zeros * TX_DATA_ZERO_GAS + (<u64>len - zeros) * TX_DATA_NONZERO_GAS;
}

/** The transaction's intrinsic gas (never overflows: the data is shorter than 2^32 bytes). */
export function intrinsicGas(tx: Transaction): u64 {
  let gas = TX_BASE_GAS + calldataGas(tx.data, tx.dataLength);
  if (tx.isCreate()) gas += TX_CREATE_GAS + INIT_CODE_WORD_GAS * ((<u64>tx.dataLength + 31) >> 5);
  gas += <u64>tx.accessAddresses * ACCESS_LIST_ADDRESS_GAS + <u64>tx.accessKeys * ACCESS_LIST_KEY_GAS;
  return gas;
}
