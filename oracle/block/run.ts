// Runs a block through the guest OS (natively on V8 or on the RISC-V emulator) with the block's query
// handlers, and turns the reports into results: per-transaction status, gas and logs (with the logs
// hash), the post state (pre-state with the diff applied) and its state root, the public output
// (checked against the digest the host recomputes), cycles and oracle query count.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { collectingSink } from '../../emulator/ecall';
import { DEFAULT_MAX_CYCLES, execute } from '../../emulator/execute';
import { parseProgram } from '../../emulator/loader';
import { effectiveCycles } from '../accelerators/weights';
import type { Outcome } from '../diff';
import { ecallHost } from '../host';
import { OracleSession } from '../session';
import { stateRoot } from '../state/mpt';
import { rlpEncode } from '../state/rlp';
import { MemoryStateStore } from '../state/store';
import type { Block } from './format';
import { nativeOs, riscvOs } from './os';
import { loadU256Kernel } from '../u256-kernel';
import { blockQueries, expectedPublicOutput, type BlockOutput, type LogEntry, type QueryRecord, type TxResult } from './queries';
import { toHex } from './words';
import { commas } from '../../emulator/commas';

export type Target = 'native' | 'riscv';

export interface RunBlockOptions {
  readonly target: Target;
  /** RISC-V cycle limit (default DEFAULT_MAX_CYCLES) */
  readonly maxCycles?: number;
  /** RISC-V only: write the prover's execution trace (minimal) to this file */
  readonly trace?: string;
  /** keep every query and answer in order (BlockRunResult.queries), for comparing runs */
  readonly record?: boolean;
  /** the guest to run instead of guest/bootloader/main.ts (tests use a small echo guest) */
  readonly guest?: string;
  /** the pre-state store to use instead of one built from block.pre */
  readonly store?: MemoryStateStore;
  /** native only: run in a new guest memory instead of the pooled one (oracle/native.ts reuseMemory); for comparisons */
  readonly freshMemory?: boolean;
}

export interface TxRunResult extends TxResult {
  /** keccak256(rlp(logs)), logs as [address, [topics], data] */
  readonly logsHash: Uint8Array;
}

export interface BlockRunResult {
  readonly target: Target;
  /** how the guest ended; a block is complete only on exit code 0 */
  readonly outcome: Outcome;
  /** exit 0, report_block received and the public output as expected */
  readonly ok: boolean;
  /** why ok is false (trap message, missing report_block, public output mismatch) */
  readonly problem?: string;
  readonly transactions: readonly TxRunResult[];
  /** report_block's gas (the sum over transactions when missing) */
  readonly gasUsed: bigint;
  readonly output: BlockOutput;
  readonly postState: MemoryStateStore;
  readonly stateRoot: Uint8Array;
  readonly publicOutput: readonly number[];
  readonly expectedPublicOutput: readonly number[];
  readonly queryCount: number;
  readonly queries?: readonly QueryRecord[];
  /** RISC-V: instructions retired, and plus the accelerator weights */
  readonly cycles?: number;
  readonly effectiveCycles?: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
}

/** keccak256 of the RLP list of logs, as the state tests' `logs` field. */
export function logsHash(logs: readonly LogEntry[]): Uint8Array {
  return keccak_256(rlpEncode(logs.map((l) => [Buffer.from(l.address.slice(2), 'hex'), [...l.topics], l.data])));
}

function sameWords(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((w, i) => w >>> 0 === b[i] >>> 0);
}

/** Runs `block` and collects the result; the guest's failures are in the result, not thrown. */
export async function runBlock(block: Block, options: RunBlockOptions): Promise<BlockRunResult> {
  const pre = options.store ?? MemoryStateStore.fromPre(block.pre);
  const handlers = blockQueries(block, pre, { record: options.record });
  const oracle = new OracleSession({ kind: 'live', queries: handlers.registry });
  const out = collectingSink();
  let outcome: Outcome;
  let cycles: number | undefined;
  let started = performance.now();
  if (options.target === 'native') {
    const os = await nativeOs(options.guest);
    const { runNativeModule } = await import('../native');
    if (options.trace) throw new Error('a trace needs the RISC-V target (--target riscv)');
    started = performance.now();
    const r = runNativeModule(os.module, { sink: out.sink, oracle, reuseMemory: !options.freshMemory });
    outcome = r.kind === 'exit' ? { kind: 'exit', code: r.exitCode } : r;
  } else {
    const { elf } = await riscvOs(options.guest);
    const program = parseProgram(elf);
    await loadU256Kernel(); // the guest's Montgomery products in WebAssembly (oracle/u256-kernel.ts)
    started = performance.now();
    const maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
    let result;
    if (options.trace) {
      const { captureTrace } = await import('../trace/capture');
      result = (await captureTrace({ program, programBytes: elf, path: options.trace, oracle, sink: out.sink, maxCycles })).result;
    } else {
      const memoryBytes = Math.min(...program.segments.map((s) => s.address));
      const host = ecallHost({ sink: out.sink, oracle }, { memoryBytes });
      result = execute(program, { sink: out.sink, host, maxCycles }).result;
    }
    cycles = result.cycles;
    outcome =
      result.kind === 'exit'
        ? { kind: 'exit', code: result.exitCode }
        : result.kind === 'trap'
          ? { kind: 'trap', code: result.trap.code ?? null, message: `${result.trap.kind}: ${result.trap.message}` }
          : { kind: 'cycle-limit' };
  }
  const wallMs = performance.now() - started;

  const output = handlers.output();
  const expected = expectedPublicOutput(block.context.number, output.digest);
  let problem: string | undefined;
  if (outcome.kind === 'trap') problem = `trap: ${outcome.message}`;
  else if (outcome.kind === 'cycle-limit') problem = `cycle limit (${commas(options.maxCycles ?? DEFAULT_MAX_CYCLES)}) reached`;
  else if (outcome.code !== 0) problem = `the guest exited with code ${outcome.code}`;
  else if (!output.totals) problem = 'the guest sent no report_block';
  else if (!sameWords(oracle.publicOutput, expected)) {
    problem = `public output [${oracle.publicOutput.map((w) => w >>> 0).join(', ')}] is not the block number and report digest ${toHex(output.digest)}`;
  }
  const post = pre.clone();
  if (!problem) post.apply(output.diff);
  const transactions = output.transactions.map((t) => ({ ...t, logsHash: logsHash(t.logs) }));
  return {
    target: options.target,
    outcome,
    ok: problem === undefined,
    ...(problem ? { problem } : {}),
    transactions,
    gasUsed: output.totals?.gasUsed ?? transactions.reduce((sum, t) => sum + t.gasUsed, 0n),
    output,
    postState: post,
    stateRoot: stateRoot(post),
    publicOutput: [...oracle.publicOutput],
    expectedPublicOutput: expected,
    queryCount: output.queryCount,
    ...(handlers.records ? { queries: handlers.records } : {}),
    ...(cycles === undefined ? {} : { cycles, effectiveCycles: effectiveCycles(cycles, oracle.acceleratorCalls) }),
    stdout: new TextDecoder().decode(out.stdout()),
    stderr: new TextDecoder().decode(out.stderr()),
    wallMs,
  };
}

