// The guest OS's entry (docs/guest-os.md, "The block protocol"): reads the block metadata, runs every
// transaction the oracle hands out (tx/execute.ts: decode, recover, validate, execute, report), resets
// the heap after each one, and ends the block with finishBlock (state diff, report_block, public
// output). The loop keeps its state in primitive locals only: nothing on the heap survives a
// transaction. AssemblyScript.
import { initBlock, nextTransaction, finishBlock } from "../system/system";
import { executeTransaction, lastGasUsed, loadBlockContext } from "./tx/execute";

export function main(): i32 {
  initBlock();
  loadBlockContext();
  let count: u32 = 0;
  let gasUsed: u64 = 0;
  while (true) {
    const raw = nextTransaction();
    if (raw == null) break;
    executeTransaction(raw, count, gasUsed);
    gasUsed += lastGasUsed;
    count++;
    heap.reset();
  }
  finishBlock(count, gasUsed);
  return 0;
}
