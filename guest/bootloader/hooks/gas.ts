// Shared by the precompile hooks: the word-priced gas formula and the result shapes.
// AssemblyScript.
import { CallResult } from "../../ee/interface";

/** base + perWord × ceil(len / 32) */
export function wordGas(base: u64, perWord: u64, len: usize): u64 {
  return base + perWord * ((<u64>len + 31) >> 5);
}

/** An exceptional halt: failure, no output, all gas consumed. */
export function failure(): CallResult {
  const r = new CallResult();
  r.success = false;
  r.gasLeft = 0;
  return r;
}

/** Success with `output` and `gasLeft`. */
export function success(output: Uint8Array, gasLeft: u64): CallResult {
  const r = new CallResult();
  r.success = true;
  r.returnData = output;
  r.gasLeft = gasLeft;
  return r;
}
