// Precompile 0x01, ecrecover: input hash ‖ v ‖ r ‖ s (32 bytes each, zero-padded on the right when
// shorter, extra bytes ignored); output the signer's address left-padded to 32 bytes, or empty output
// (still success) when v is not 27/28 as a 32-byte number or the signature recovers no key. High s is
// accepted here (EIP-2 applies to transactions only). Gas 3000. AssemblyScript.
import { CallResult } from "../../ee/interface";
import { ecrecover as recover } from "../../common/secp256k1";
import { failure, success } from "./gas";

export const ECRECOVER_GAS: u64 = 3000;

const INPUT: usize = memory.data(128, 16);
const ADDRESS: usize = memory.data(20, 16);

export function ecrecover(input: Uint8Array, gas: u64): CallResult {
  if (gas < ECRECOVER_GAS) return failure();
  const gasLeft = gas - ECRECOVER_GAS;
  memory.fill(INPUT, 0, 128);
  const n = input.length < 128 ? <usize>input.length : 128;
  memory.copy(INPUT, input.dataStart, n);
  // v: the top 31 bytes of its word must be zero and the last byte 27 or 28
  for (let i: usize = 32; i < 63; i++) if (load<u8>(INPUT + i) != 0) return success(new Uint8Array(0), gasLeft);
  const v = <u32>load<u8>(INPUT + 63);
  if (!recover(INPUT, v, INPUT + 64, INPUT + 96, ADDRESS)) return success(new Uint8Array(0), gasLeft);
  const out = new Uint8Array(32);
  memory.copy(out.dataStart + 12, ADDRESS, 20);
  return success(out, gasLeft);
}
