// The compiled mode: a dispatcher that enters compiled regions by pc and hands the rare cases
// (ecalls, traps, the last few cycles before the limit) to the plain interpreter, one step at a time.
import type { Host, MemoryRange } from '../host';
import { run } from '../interpreter';
import type { Machine } from '../machine';
import type { RunResult } from '../trap';
import { cacheOf, type CodeCache, COMPILER_TUNING, HOT_THRESHOLD } from './cache';
import { EXIT } from './emit';
import { immS } from '../isa/decode';

/**
 * Instructions one call of a region may run; a longer run re-enters the dispatcher. A call ends
 * where its budget runs out, at a loop header or the region's entry, and the dispatcher goes on
 * with whichever region starts there: often a smaller one, which soon leaves for another. With
 * 2^20, `sieve` did that 33 times a run and took 1.2x the time it takes with 2^24 (the other
 * samples: no difference). The bound is still needed: WebAssembly has no on-stack replacement,
 * so a call that began in V8's baseline code (Liftoff) stays there until it returns, and this
 * bounds that to 2^24 instructions. Small integers for V8 either way.
 */
const MAX_BUDGET = 1 << 24;
/**
 * The first calls of a new function get short budgets, so that its exit path (register write-back)
 * runs in V8's interpreter, with type feedback, before a long loop in it is optimised by on-stack
 * replacement: optimised code that reaches an exit with no feedback deoptimises, and V8 re-entered
 * the same OSR code after every such deoptimisation (`mulloop`: 200 per run).
 */
const RAMP_CALLS = 24;
const RAMP_BUDGET = 256;
const ECALL = 0x00000073;
/** the major opcode of sb, sh, sw */
const STORE = 0x23;
/** major opcodes after which a block ends: branch, jal, jalr, system (ecall, csr), misc-mem (fence.i) */
const ENDS_BLOCK = new Uint8Array(128);
for (const op of [0x63, 0x6f, 0x67, 0x73, 0x0f]) ENDS_BLOCK[op] = 1;
/** ... and the major opcodes a cold block's instructions are stepped one at a time for: those and stores */
const STEP_ALONE = Uint8Array.from(ENDS_BLOCK);
STEP_ALONE[STORE] = 1;
/** ... and of those, the ones a cold block's plain run takes in as its last instruction: branch, jal, jalr, store */
const ENDS_PLAIN_RUN = new Uint8Array(128);
for (const op of [0x63, 0x6f, 0x67, STORE]) ENDS_PLAIN_RUN[op] = 1;
/** instructions of a cold block run in one interpreter call at most */
const PLAIN_RUN_MAX = 64;

/**
 * What the dispatcher hands the rare cases to: the instructions compiled code leaves (ecalls, traps,
 * uncompiled words), cold blocks, and the last cycles before the limit. One object per run, of a
 * class: V8's optimised dispatcher checks the class's methods, which live as long as the process,
 * where a closure made per run was a call target that changed each run (each change deoptimised
 * the dispatcher, and re-optimising it took V8 20-50 ms on the main thread).
 */
export interface Fallback {
  /** an interpreter with `run`'s contract (for the recorder: the recording interpreter) */
  interpret(machine: Machine, limit: number): RunResult;
  /** one ecall instruction at machine.pc (same contract, one cycle) */
  ecall(machine: Machine): RunResult;
  /**
   * what memory the last ecall may have written (Host.lastWrites): only compiled code there is
   * re-checked; undefined: all code is, before it next runs
   */
  ecallWrites(): readonly MemoryRange[] | undefined;
}

/** The plain interpreter over a host. */
class HostFallback implements Fallback {
  constructor(private readonly host: Host) {}
  interpret(machine: Machine, limit: number): RunResult {
    return run(machine, this.host, limit);
  }
  ecall(machine: Machine): RunResult {
    return run(machine, this.host, machine.cycles + 1);
  }
  ecallWrites(): readonly MemoryRange[] | undefined {
    return this.host.lastWrites?.();
  }
}

/**
 * Same contract as `run` in interpreter.ts: runs until the guest exits, traps, or `machine.cycles`
 * reaches `maxCycles`; a trapping instruction does not retire. Compiled code is cached per machine;
 * code the caller or a host call changed in memory is recompiled (a region's code words are compared
 * with memory before it first runs after an ecall or in a new call of runCompiled).
 */
export function runCompiled(machine: Machine, host: Host, maxCycles: number): RunResult {
  return runCompiledWith(machine, cacheOf(machine), maxCycles, new HostFallback(host));
}

/** Runs until `fallback.interpret` runs the rest (see Fallback for what it is handed). */
export function runCompiledWith(machine: Machine, cache: CodeCache, maxCycles: number, fallback: Fallback): RunResult {
  cache.distrust(); // the caller may have written memory since the last run
  const st = cache.st;
  const env = cache.env;
  const i32 = machine.memory.i32;
  const size = machine.memory.size;
  let pc = machine.pc | 0;
  let cycles = machine.cycles;
  /** interpreting a cold block: no lookups until it ends (see COMPILER_TUNING.coldRuns) */
  let stepping = false;
  const coldRuns = COMPILER_TUNING.coldRuns;
  for (;;) {
    const remaining = maxCycles - cycles;
    if (remaining <= 0) break;
    if (!stepping && pc >>> 0 < size) {
      let entry = cache.lookup(pc);
      if (entry !== undefined && !cache.check(entry.compiled)) entry = undefined;
      if (entry === undefined) {
        if (cache.visit(pc) <= coldRuns) stepping = true;
        else entry = cache.compile(pc, false);
      }
      if (entry !== undefined && !entry.hot && ++entry.count >= HOT_THRESHOLD) entry = cache.compile(pc, true);
      if (entry !== undefined) {
        const cap = entry.compiled.calls++ < RAMP_CALLS ? RAMP_BUDGET : MAX_BUDGET;
        const budget = remaining < cap ? remaining : cap;
        cache.dispatches++;
        pc = entry.fn(entry.index, pc, budget, env);
        cycles += budget - st.bud;
        const ex = st.ex;
        if (ex === EXIT.NEXT) {
          if (entry.hot) cache.noteExit(entry.compiled, pc);
          continue;
        }
        if (ex === EXIT.CODE_WRITE) {
          cache.invalidateWord(st.addr);
          continue;
        }
        if (ex === EXIT.FINISH) {
          if (cycles + st.bud < maxCycles) continue; // the budget was clamped: refill it
          break; // fewer cycles remain than the next block needs: the interpreter finishes exactly
        }
        // EXIT.STEP: the instruction at pc is the interpreter's
      }
    }
    // one instruction under the interpreter: an ecall, a trap, an uncompiled instruction, a fetch fault
    if (cycles >= maxCycles) break;
    machine.pc = pc;
    machine.cycles = cycles;
    if (stepping) {
      // the instructions up to the block's next store, ecall or jump in one interpreter call (none
      // of them can write memory or leave the line), and that store, branch or jump too: its
      // address is read from its base register afterwards (a store does not write registers)
      let n = 0;
      const most = Math.min(maxCycles - cycles - 1, PLAIN_RUN_MAX);
      let a = pc >>> 2;
      for (; n < most && a < size >>> 2 && !STEP_ALONE[i32[a] & 0x7f]; a++) n++;
      const last = a < size >>> 2 ? i32[a] : 0;
      const taken = ENDS_PLAIN_RUN[last & 0x7f];
      // one path for both kinds of plain run (with the last instruction or without): a path first
      // taken after V8 optimised the dispatcher deoptimises it, and the benchmark's empty program
      // (a plain run up to an ecall) took the other one between two runs of a sample
      if (n + taken > 0) {
        const plain = fallback.interpret(machine, cycles + n + taken);
        if (plain.kind !== 'cycle-limit') return plain;
        pc = machine.pc;
        cycles = machine.cycles;
        if (taken === 1) {
          stepping = pc === ((4 * a + 4) | 0) && !ENDS_BLOCK[last & 0x7f];
          if ((last & 0x7f) === STORE) cache.invalidateWord((machine.regs[(last >>> 15) & 31] + immS(last)) | 0);
          continue;
        }
      }
    }
    const word = pc >>> 0 < size ? i32[pc >>> 2] : 0;
    // a store the interpreter executes (compiled code left before it: a failed check) may hit code
    const stored = (word & 0x7f) === STORE ? (machine.regs[(word >>> 15) & 31] + immS(word)) | 0 : undefined;
    const result = word === ECALL ? fallback.ecall(machine) : fallback.interpret(machine, cycles + 1);
    if (result.kind !== 'cycle-limit') return result;
    // a cold block is stepped to its end: the next instruction in line, unless this one may jump
    if (stepping) stepping = machine.pc === ((pc + 4) | 0) && !ENDS_BLOCK[word & 0x7f];
    pc = machine.pc;
    cycles = machine.cycles;
    if (word === ECALL) {
      // the host may have written memory, code included
      const written = fallback.ecallWrites();
      if (written === undefined) cache.distrust();
      else for (let k = 0; k < written.length; k++) cache.invalidateRange(written[k].address, written[k].count);
    }
    else if (stored !== undefined) cache.invalidateWord(stored);
  }
  machine.pc = pc;
  machine.cycles = cycles;
  return fallback.interpret(machine, maxCycles);
}
