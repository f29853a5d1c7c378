// System hooks: calls to special addresses (the precompiles) are served here, without a new EE.
// One file per precompile, named by address (01-ecrecover.ts, 02-sha256.ts, 03-ripemd160.ts,
// 04-identity.ts); 0x05-0x0a come with the state-commitment issue.
//
// CONTRACT (fixed signatures), used by the runner:
//
// 0x05 (modexp), 0x06-0x08 (bn254 add, mul, pairing), 0x09 (blake2f) and 0x0a (KZG point
// evaluation) are precompiles for isPrecompile (so they are warm from the start of every
// transaction, EIP-2929) but NOT implemented yet: runPrecompile returns failure with gasLeft 0 for
// them (a call to one behaves as an exceptional halt that consumes all the gas it was given).
import { CallResult } from '../../ee/interface';
import { ecrecover } from './01-ecrecover';
import { sha256 } from './02-sha256';
import { ripemd160 } from './03-ripemd160';
import { identity } from './04-identity';
import { failure } from './gas';

/** The highest precompile address of Cancun (0x0a: KZG point evaluation). */
export const LAST_PRECOMPILE: u32 = 0x0a;

/** The precompile number of an address word (0 when its upper 248 bits are not all zero). */
function precompileNumber(addr: usize): u32 {
  const low = load<u32>(addr);
  if (low > 0xff) return 0;
  if ((load<u32>(addr, 4) | load<u32>(addr, 8) | load<u32>(addr, 12) | load<u32>(addr, 16) |
    load<u32>(addr, 20) | load<u32>(addr, 24) | load<u32>(addr, 28)) != 0) return 0;
  return low;
}

/** Whether `addr` (an address word) is a precompile of the Cancun fork (0x01-0x0a). */
export function isPrecompile(addr: usize): bool {
  const n = precompileNumber(addr);
  return n >= 1 && n <= LAST_PRECOMPILE;
}

/**
 * Runs precompile `addr` on `input` with `gas`: on success the output and gas left; when gas is too
 * short or the input is invalid, failure with gasLeft 0 (as an exceptional halt).
 */
export function runPrecompile(addr: usize, input: Uint8Array, gas: u64): CallResult {
  switch (precompileNumber(addr)) {
    case 1: return ecrecover(input, gas);
    case 2: return sha256(input, gas);
    case 3: return ripemd160(input, gas);
    case 4: return identity(input, gas);
    default: return failure(); // 0x05-0x0a: not implemented yet (see above)
  }
}
