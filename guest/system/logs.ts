// Logs (LOGn) of the transaction, on the heap: appended by emitLog, cut back by a reverted frame
// (frames.ts keeps the count at each frame's start), reported by reportTransaction (report_log, one
// per log, when the transaction succeeded) and dropped with the transaction.
import { tx, Log } from "./tx-state";
import { toBytesBE } from "../common/u256";
import { sendReport } from "./oracle-io";
import { QUERY_REPORT_LOG } from "../lib/queries";

/** Records a log: `topics` points to `count` (0..4) consecutive words, `data` is copied. */
export function logEmit(addr: usize, topics: usize, count: i32, data: Uint8Array): void {
  if (count < 0 || count > 4) throw new Error("system: emitLog with " + count.toString() + " topics (0..4)");
  const a = heap.alloc(32);
  memory.copy(a, addr, 20);
  memory.fill(a + 20, 0, 12);
  const t = heap.alloc(128);
  memory.fill(t, 0, 128);
  for (let k = 0; k < count; k++) toBytesBE(t + (<usize>k << 5), topics + (<usize>k << 5));
  const copy = new Uint8Array(data.length);
  memory.copy(copy.dataStart, data.dataStart, data.length);
  tx().logs.push(new Log(a, count, t, copy));
}

export function logCount(): i32 {
  return tx().logs.length;
}

/** report_log for each log of transaction `index`. */
export function reportLogs(index: u32): void {
  const logs = tx().logs;
  for (let n = 0; n < logs.length; n++) {
    const log = logs[n];
    const len = <u32>log.data.length;
    const words = 40 + ((len + 3) >> 2);
    const p = heap.alloc(<usize>words << 2);
    memory.fill(p, 0, <usize>words << 2);
    store<u32>(p, index);
    memory.copy(p + 4, log.address, 20);
    store<u32>(p, <u32>log.topicCount, 24);
    memory.copy(p + 28, log.topics, 128);
    store<u32>(p, len, 156);
    memory.copy(p + 160, log.data.dataStart, len);
    sendReport(QUERY_REPORT_LOG, p, words);
  }
}
