// Runs state-test cases through the guest OS (oracle/block/run.ts) and judges each: the state root
// rebuilt from the post state and the transaction's logs hash against the test's `hash` and `logs`;
// an expectException case passes when the guest rejects the transaction. Summaries per category.
import { runBlock, type Target } from '../block/run';
import { toHex } from '../block/words';
import type { StateTestCase } from './load';

export type FailureKind = 'root mismatch' | 'logs mismatch' | 'expected rejection' | 'unexpected rejection' | 'trap' | 'cycle limit' | 'no result' | 'error';

export interface CaseResult {
  readonly id: string;
  readonly category: string;
  readonly pass: boolean;
  readonly failure?: FailureKind;
  /** what went wrong, in words */
  readonly message?: string;
  /** the transaction's status and, when rejected, the reason name */
  readonly status?: string;
  readonly reason?: string;
  readonly gasUsed?: string;
  readonly cycles?: number;
  readonly ms: number;
}

export interface StateTestOptions {
  readonly target: Target;
  readonly maxCycles?: number;
  /** the guest to run instead of guest/bootloader/main.ts */
  readonly guest?: string;
}

/** Runs one case; never throws for the guest's failures (a host error becomes failure 'error'). */
export async function runStateCase(c: StateTestCase, options: StateTestOptions): Promise<CaseResult> {
  const started = performance.now();
  const done = (r: Omit<CaseResult, 'id' | 'category' | 'ms'>): CaseResult => ({ id: c.id, category: c.category, ...r, ms: performance.now() - started });
  let r;
  try {
    r = await runBlock(c.block, { target: options.target, maxCycles: options.maxCycles, guest: options.guest });
  } catch (e) {
    return done({ pass: false, failure: 'error', message: (e as Error).message });
  }
  const extra = r.cycles === undefined ? {} : { cycles: r.cycles };
  if (!r.ok) return done({ pass: false, failure: r.outcome?.kind === 'cycle-limit' ? 'cycle limit' : 'trap', message: r.problem, ...extra });
  const tx = r.transactions[0];
  if (!tx) return done({ pass: false, failure: 'no result', message: 'the guest reported no result for the transaction', ...extra });
  const facts = { status: tx.status, ...(tx.reason ? { reason: tx.reason } : {}), gasUsed: tx.gasUsed.toString(), ...extra };
  if (c.expectException !== undefined) {
    if (tx.status === 'rejected') return done({ pass: true, ...facts });
    return done({ pass: false, failure: 'expected rejection', message: `expected a rejection (${c.expectException}), the transaction ${tx.status}`, ...facts });
  }
  if (tx.status === 'rejected') return done({ pass: false, failure: 'unexpected rejection', message: `the guest rejected it (${tx.reason})`, ...facts });
  const root = toHex(r.stateRoot);
  if (root !== c.hash) return done({ pass: false, failure: 'root mismatch', message: `state root ${root}, expected ${c.hash}`, ...facts });
  const logs = toHex(tx.logsHash);
  if (logs !== c.logs) return done({ pass: false, failure: 'logs mismatch', message: `logs hash ${logs} (${tx.logs.length} logs), expected ${c.logs}`, ...facts });
  return done({ pass: true, ...facts });
}

export interface CategorySummary {
  readonly category: string;
  readonly total: number;
  readonly passed: number;
  /** failure kind → count */
  readonly failures: Readonly<Record<string, number>>;
}

/** Per-category counts, sorted by category. */
export function summarize(results: readonly CaseResult[]): CategorySummary[] {
  const by = new Map<string, { total: number; passed: number; failures: Record<string, number> }>();
  for (const r of results) {
    const s = by.get(r.category) ?? { total: 0, passed: 0, failures: {} };
    s.total++;
    if (r.pass) s.passed++;
    else s.failures[r.failure!] = (s.failures[r.failure!] ?? 0) + 1;
    by.set(r.category, s);
  }
  return [...by.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, s]) => ({ category, ...s }));
}
