// Precompile 0x04, identity (datacopy): returns its input. Gas 15 + 3 per 32-byte word.
// AssemblyScript.
import { CallResult } from "../../ee/interface";
import { failure, success, wordGas } from "./gas";

export function identity(input: Uint8Array, gas: u64): CallResult {
  const cost = wordGas(15, 3, <usize>input.length);
  if (gas < cost) return failure();
  const out = new Uint8Array(input.length);
  memory.copy(out.dataStart, input.dataStart, <usize>input.length);
  return success(out, gas - cost);
}
