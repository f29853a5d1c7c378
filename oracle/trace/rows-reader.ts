// Rows of a cycle range from a trace file: decoded from its ROWS sections, or expanded on the fly
// from its CHUNK sections when the file holds the minimal trace only.
import { decodeRows, SECTION } from '../../emulator/trace/format';
import { decodeRow, ROW_WORDS, type Row } from '../../emulator/trace/rows';
import type { CallRecord } from '../../emulator/trace/chunk';
import { Expander } from './expand-job';
import { TraceReader } from './file';

export interface RowWithCalls extends Row {
  /** the host call's record, for an ecall row of a zk function */
  readonly call?: CallRecord;
}

/** Rows of cycles [from, from + count), checking every section read on the way. */
export function readRows(path: string, from: number, count: number): RowWithCalls[] {
  const reader = TraceReader.open(path);
  const { full, chunkSize, memorySize, mode } = reader.header;
  const out: RowWithCalls[] = [];
  const expander = new Expander();
  try {
    for (const s of reader.sections()) {
      const first = s.chunk * chunkSize;
      if (first >= from + count) break;
      if (first + chunkSize <= from) continue;
      if (s.kind === SECTION.CHUNK && full) continue;
      const payload = s.kind === SECTION.ROWS ? s.payload : expander.expand(s.payload, memorySize, mode).payload;
      const { rows, calls } = decodeRows(payload);
      const byRow = new Map(calls.map((c) => [c.row, c]));
      const n = rows.length / ROW_WORDS;
      for (let k = Math.max(0, from - first); k < n && first + k < from + count; k++) {
        const call = byRow.get(k);
        const row = decodeRow(rows, k * ROW_WORDS, first + k);
        out.push(call ? { ...row, call: { kind: call.kind, input: call.input, output: call.output } } : row);
      }
    }
  } finally {
    reader.close();
  }
  return out;
}
