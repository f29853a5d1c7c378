// Precompile 0x02, SHA-256 (FIPS 180-4) of the input; output the 32-byte digest. Gas 60 + 12 per
// 32-byte word. The hashing is guest/common/sha256.ts. AssemblyScript.
import { CallResult } from "../../ee/interface";
import { sha256 as sha256Digest } from "../../common/sha256";
import { failure, success, wordGas } from "./gas";

export function sha256(input: Uint8Array, gas: u64): CallResult {
  const cost = wordGas(60, 12, <usize>input.length);
  if (gas < cost) return failure();
  const out = new Uint8Array(32);
  sha256Digest(input.dataStart, <usize>input.length, out.dataStart);
  return success(out, gas - cost);
}
