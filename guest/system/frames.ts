// Frames (snapshots) over every journal: startFrame records the journal length and the log count;
// finishFrame(true) pops the frame's undo records newest first, restoring each (account properties,
// storage, transient storage, warm marks, touches, created/destructed marks, the refund counter) and
// drops the frame's logs; finishFrame(false) keeps the changes (the records stay for outer frames).
import { tx, J_ACCOUNT, J_STORAGE, J_TRANSIENT, J_WARM_ACCOUNT, J_WARM_SLOT, J_TOUCH, J_CREATED, J_DESTRUCT, J_REFUND, journalRecordBytes } from "./tx-state";
import { undoChange, undoStamp } from "./accounts";
import { undoStorage, undoTransient, undoWarmSlot } from "./storage";

export function frameStart(): void {
  const t = tx();
  const f = t.frames.push(8);
  store<u32>(f, t.journal.len);
  store<u32>(f, <u32>t.logs.length, 4);
}

export function frameFinish(revert: bool): void {
  const t = tx();
  if (t.frames.len < 8) throw new Error("system: finishFrame without a matching startFrame");
  t.frames.len -= 8;
  if (!revert) return;
  const f = t.frames.ptr + t.frames.len;
  const mark = load<u32>(f);
  const logs = load<u32>(f, 4);
  const j = t.journal;
  while (j.len > mark) {
    const end = j.ptr + j.len;
    const kind = load<u32>(end - 4);
    const entry = load<u32>(end - 8);
    j.len -= journalRecordBytes(kind);
    const payload = j.ptr + j.len;
    if (kind == J_ACCOUNT) undoChange(entry, payload);
    else if (kind == J_STORAGE) undoStorage(entry, payload);
    else if (kind == J_TRANSIENT) undoTransient(entry, payload);
    else if (kind == J_WARM_SLOT) undoWarmSlot(entry, payload);
    else if (kind == J_REFUND) t.refund = load<i64>(payload);
    else if (kind == J_WARM_ACCOUNT || kind == J_TOUCH || kind == J_CREATED || kind == J_DESTRUCT) undoStamp(entry, kind, payload);
    else throw new Error("system: corrupt journal record kind " + kind.toString());
  }
  if (<u32>t.logs.length > logs) t.logs.length = <i32>logs;
}

/** The frame depth (open frames). */
export function frameDepth(): u32 {
  return tx().frames.len >> 3;
}
