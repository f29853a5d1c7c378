// The trace-recording executor: its own copy of the interpreter loop (emulator/interpreter.ts, same
// exact semantics) that, per chunk of N cycles, keeps the start state, the memory pages the chunk
// touches (copied at its first touch of each) and the host's answers to its ecalls — the minimal
// trace (docs/trace-format.md). No I/O.
// By default the block compiler runs the chunk, with the recording emitted into its code
// (emulator/compiler/recording.ts), and this loop steps only what compiled code leaves (ecalls,
// traps, the last cycles of a chunk); both give byte-identical chunks (test/trace-compiled.test.ts).
// Airbender mode (options.mode, docs/airbender.md): FENCE and ECALL are illegal, every Zicsr word goes
// to the host's `csr` (recorded like an ecall: registers, memory written, typed record), and an
// instruction that leaves pc unchanged (`j .`) retires and ends the run (an exit with code 0).
import { IMAGE_WINDOW_PAGES } from '../memory';
import { CodeCache } from '../compiler/cache';
import type { RecordingHooks } from '../compiler/recording';
import { runCompiledWith, type Fallback } from '../compiler/run';
import type { EcallResult, Host, MemoryRange } from '../host';
import { ecallTrap, mulh, mulhsu, mulhu } from '../interpreter';
import type { Machine } from '../machine';
import { type RunResult, type TrapKind, trapMessage } from '../trap';
import { CHUNK_HEAD_WORDS, chunkHead, decodeEcallWords, HOST_FIRST, PAGE_RECORD, PAGE_SHIFT, PAGE_WORDS, pageIndex, pageRange, withPayload, WordBuffer, type Chunk, type EcallRecord } from './chunk';
import type { TraceMode } from './format';

/** What the host did on the last ecall beyond its registers: memory written, and its typed record. */
export interface EcallEffects {
  /** word ranges the host wrote (4-aligned addresses) */
  readonly writes: readonly { readonly address: number; readonly count: number }[];
  /** the call's typed record (its words may be views the host reuses on its next call) */
  readonly record?: { readonly kind: number; readonly input: Uint32Array; readonly output: Uint32Array };
}

/** A Host that can say what its last ecall wrote to memory: what a traced run needs of its host. */
export interface TraceHost extends Host {
  /** The last ecall's effects, valid until the host's next call (a host may reuse the objects). */
  lastEffects(): EcallEffects;
  /**
   * Airbender mode: executes the Zicsr word `inst` at machine.pc (machine.cycles retired before it):
   * `continue` when it retires, `trap` (with a message) when it stops the run without retiring.
   */
  csr?(machine: Machine, inst: number): EcallResult;
}

const NO_EFFECTS: EcallEffects = Object.freeze({ writes: [] });

/** A TraceHost over a host that never writes guest memory (the base ABI: write, exit). */
export function registerOnlyHost(host: Host): TraceHost {
  return { ecall: (m) => host.ecall(m), lastEffects: () => NO_EFFECTS };
}

/** Default chunk size: 2^22 cycles. */
export const DEFAULT_CHUNK_SIZE = 1 << 22;
/** Largest chunk: 2^26 cycles (its rows, 32 bytes each, stay under 4 GiB). */
export const MAX_CHUNK_SIZE = 1 << 26;

export interface RecordOptions {
  readonly chunkSize?: number;
  /** absolute cycle limit, as `run`'s maxCycles */
  readonly maxCycles: number;
  /** 'airbender': Airbender's machine rules (the host must implement `csr`) */
  readonly mode?: TraceMode;
  /**
   * 'compiled' (default): compiled code with the recording built in; 'interpreter': this file's loop
   * alone (the simple path). Airbender mode always interprets.
   */
  readonly engine?: 'compiled' | 'interpreter';
}

/**
 * The image window, spill and ecall buffers of the last recorder whose run ended, for the next one to take: a
 * process that records run after run (a sequencer, the bench, the tests) then writes into memory
 * it has written before instead of growing new buffers (fresh pages cost the kernel a fault each:
 * ~250 ns of a ~1.1 us ecall record, measured on a probe of 300k ecalls).
 */
const spare: { image?: Int32Array; ecalls?: Uint32Array; spilled?: Uint32Array } = {};


/** Runs a machine chunk by chunk, returning each chunk's minimal trace; `result` says how the run ended. */
export class Recorder implements Fallback {
  readonly chunkSize: number;
  /** set once the run has ended (exit, trap or the cycle limit) */
  result: RunResult | undefined;
  /** per page of guest memory: the generation (1..255) of the last chunk that copied it into its image */
  private readonly stamp: Uint8Array;
  private readonly airbender: boolean;
  private gen = 0;
  /**
   * the compiled code's view of the recording; `hooks.image` holds the chunk's pages (page
   * records), reused chunk after chunk: a chunk's payload is a copy (see next).
   */
  private readonly hooks: RecordingHooks;
  /** this chunk's ecall part, encoded as the ecalls happen: word 0 for the count, then the records */
  private readonly ecallTail = new WordBuffer(spare.ecalls);
  private index = 0;
  private readonly saved = new Int32Array(32);
  /** the compiled engine's code cache and the chunk generation its code reads (undefined: interpreter) */
  private readonly cache: CodeCache | undefined;
  /** [0]: the chunk's generation (as `gen`), [1]: words used in the image window; shared with compiled code */
  private readonly state: Int32Array;
  /** the chunk's page records moved out of a full window, in order (the window's follow them) */
  private readonly spilled = new WordBuffer(spare.spilled);
  /** what the last ecall wrote (its effects), for the compiled engine's code checks */
  private lastEcallWrites: readonly { readonly address: number; readonly count: number }[] | undefined;
  /** the cycle count at the start of the chunk being run */
  private chunkFirst = 0;

  constructor(
    readonly machine: Machine,
    private readonly host: TraceHost,
    private readonly options: RecordOptions,
  ) {
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1 || this.chunkSize > MAX_CHUNK_SIZE) {
      throw new RangeError(`chunk size ${this.chunkSize} is not between 1 and ${MAX_CHUNK_SIZE}`);
    }
    this.airbender = options.mode === 'airbender';
    if (this.airbender && !host.csr) throw new TypeError('Recorder: Airbender mode needs a host with csr()');
    if (machine.memory.size % (1 << PAGE_SHIFT) !== 0) throw new RangeError(`memory of ${machine.memory.size} bytes is not a whole number of ${1 << PAGE_SHIFT}-byte pages`);
    // in the memory's WebAssembly header when it has one (the wasm tier records there), else arrays;
    // the image is a window of IMAGE_WINDOW_PAGES page records: a chunk that touches more pages
    // moves its records to the spill buffer and starts it again (a `sieve` chunk of 2^22 cycles copies ~13k pages)
    const claimed = machine.memory.claimRecorder();
    const pages = machine.memory.size >>> PAGE_SHIFT;
    this.stamp = claimed?.stamp ?? new Uint8Array(pages);
    this.state = claimed?.state ?? new Int32Array(2);
    const watch = (claimed?.watch ?? new Uint8Array(pages)).fill(1);
    const image = claimed?.image ?? (spare.image?.length === IMAGE_WINDOW_PAGES * PAGE_RECORD ? spare.image : new Int32Array(IMAGE_WINDOW_PAGES * PAGE_RECORD));
    if (claimed === undefined) spare.image = undefined;
    spare.ecalls = spare.spilled = undefined;
    this.hooks = { stamp: this.stamp, watch, state: this.state, image };
    if (!this.airbender && options.engine !== 'interpreter') this.cache = new CodeCache(machine, this.hooks);
  }

  /** The compiled engine's statistics (calls into compiled code, regions compiled); undefined for the interpreter. */
  get compiledStats(): { readonly dispatches: number; readonly compiled: number; readonly hot: number; readonly wasm: number } | undefined {
    const c = this.cache;
    return c && { dispatches: c.dispatches, compiled: c.stats.compiled, hot: c.stats.hot, wasm: c.stats.wasm };
  }

  /** Which executor runs the chunks. */
  get engine(): 'compiled' | 'interpreter' {
    return this.cache ? 'compiled' : 'interpreter';
  }

  /** Runs the next chunk; undefined once the run has ended (a chunk always retires at least one instruction). */
  next(): Chunk | undefined {
    if (this.result) return undefined;
    const m = this.machine;
    const first = m.cycles;
    const pc = m.pc >>> 0;
    m.regs[0] = 0;
    const regs = Int32Array.from(m.regs);
    if (++this.gen > 255) {
      this.stamp.fill(0); // one byte per page: 4 MiB for a 1 GiB Airbender memory, every 255 chunks
      this.gen = 1;
    }
    // no page is in the new chunk's image yet: the watch bytes generated code cleared (only pages of
    // the last chunk's image, which are still in the buffer) go back to 1
    const { image, watch } = this.hooks;
    const spilled = this.spilled;
    for (let k = 0; k < spilled.length; k += PAGE_RECORD) watch[pageIndex(spilled.words[k])] = 1;
    for (let k = 0; k < this.state[1]; k += PAGE_RECORD) watch[pageIndex(image[k])] = 1;
    spilled.length = 0;
    this.state[0] = this.gen;
    this.state[1] = 0;
    this.ecallTail.length = 1; // word 0: the count
    this.ecallTail.words[0] = 0;
    const limit = Math.min(first + this.chunkSize, this.options.maxCycles);
    const cache = this.cache;
    this.chunkFirst = first;
    const r = cache ? runCompiledWith(m, cache, limit, this) : this.runTo(limit, first);
    if (r.kind !== 'cycle-limit' || m.cycles >= this.options.maxCycles) this.result = r;
    if (m.cycles === first) return undefined;
    // the payload, exactly its size: head, pages, ecall part (both buffers stay with the recorder)
    const inWindow = this.state[1];
    const n = spilled.length + inWindow;
    const tail = this.ecallTail;
    const payload = new Int32Array(CHUNK_HEAD_WORDS + n + tail.length);
    const fields = { index: this.index++, firstCycle: first, cycles: m.cycles - first, pc, regs };
    payload.set(chunkHead(fields, n / PAGE_RECORD));
    payload.set(new Int32Array(spilled.words.buffer, 0, spilled.length), CHUNK_HEAD_WORDS);
    payload.set(image.subarray(0, inWindow), CHUNK_HEAD_WORDS + spilled.length);
    const ecallWords = new Uint32Array(payload.buffer, 4 * (CHUNK_HEAD_WORDS + n), tail.length);
    ecallWords.set(tail.words.subarray(0, tail.length));
    if (this.result !== undefined) {
      // the run is over: the buffers go to the next recorder
      if (image.buffer !== this.machine.memory.wasm?.memory.buffer) spare.image = image;
      spare.ecalls = tail.words;
      spare.spilled = spilled.words;
    }
    let ecalls: EcallRecord[] | undefined;
    const chunk: Chunk = {
      ...fields,
      pages: payload.subarray(CHUNK_HEAD_WORDS, CHUNK_HEAD_WORDS + n),
      get ecalls(): EcallRecord[] {
        return (ecalls ??= decodeEcallWords(ecallWords));
      },
    };
    return withPayload(chunk, new Uint8Array(payload.buffer));
  }

  /** Moves the window's page records (its first state[1] words) to the spill buffer: the window starts again. */
  private spill(): void {
    const n = this.state[1];
    const spilled = this.spilled;
    spilled.room(n);
    new Int32Array(spilled.words.buffer).set(this.hooks.image.subarray(0, n), spilled.length);
    spilled.length += n;
    this.state[1] = 0;
  }

  /**
   * Copies page `p` (its words now) into the chunk's image: the chunk's first touch of it (`flag`
   * HOST_FIRST when that was a host write, the copy made after it), spilling the window when full.
   */
  private touchPage(p: number, flag = 0): void {
    this.stamp[p] = this.gen;
    const state = this.state;
    if (state[1] + PAGE_RECORD > this.hooks.image.length) this.spill();
    const n = state[1];
    const img = this.hooks.image;
    img[n] = (p | flag) | 0;
    const first = p << (PAGE_SHIFT - 2);
    img.set(this.machine.memory.i32.subarray(first, first + PAGE_WORDS), n + 1);
    state[1] = n + PAGE_RECORD;
  }

  /** Appends the ecall's record to the chunk's encoded ecall part (layout: docs/trace-format.md). */
  private noteEcall(m: Machine, offset: number, outcome: EcallResult, before: Int32Array): void {
    const effects = this.host.lastEffects();
    const writes = effects.writes;
    const record = effects.record;
    this.lastEcallWrites = writes;
    // the whole record is written in one go: offset, outcome, exit code, registers, writes, call record
    let size = 4 + 62 + 1 + (record === undefined ? 1 : 3 + record.input.length + record.output.length);
    for (const { count } of writes) size += 2 + count;
    const t = this.ecallTail;
    t.room(size);
    const w = t.words;
    let n = t.length;
    const exit = outcome.kind === 'exit';
    w[0]++;
    w[n++] = offset;
    w[n++] = exit ? 1 : 0;
    w[n++] = exit ? outcome.code | 0 : 0;
    const listAt = n++; // the register list's length, set below
    const regs = m.regs;
    regs[0] = 0;
    for (let r = 1; r < 32; r++) {
      if (regs[r] === before[r]) continue;
      w[n++] = r;
      w[n++] = regs[r];
    }
    w[listAt] = n - listAt - 1;
    const i32 = m.memory.i32;
    w[n++] = writes.length;
    for (const { address, count } of writes) {
      w[n++] = address;
      w[n++] = count;
      const at = address >>> 2;
      for (let k = 0; k < count; k++) w[n++] = i32[at + k];
    }
    if (record === undefined) {
      w[n++] = 0xffffffff;
    } else {
      w[n++] = record.kind;
      const { input, output } = record;
      w[n++] = input.length;
      w.set(input, n);
      n += input.length;
      w[n++] = output.length;
      w.set(output, n);
      n += output.length;
    }
    t.length = n;
    // a page the chunk had not touched before the host wrote it: copied now, after the write (the
    // replay host writes the same words again before the guest can read them)
    for (const { address, count } of writes) {
      const [first, last] = pageRange(address, count);
      for (let p = first; p <= last; p++) if (this.stamp[p] !== this.gen) this.touchPage(p, HOST_FIRST);
    }
  }


  /**
   * The ecall at pc (its word fetched and recorded), `cycles` retired before it in a chunk that
   * began at cycle `first`: the host's call, recorded unless it stops the run without retiring.
   */
  private hostEcall(machine: Machine, pc: number, cycles: number, first: number): EcallResult {
    machine.pc = pc;
    machine.cycles = cycles;
    machine.regs[0] = 0;
    this.saved.set(machine.regs);
    const outcome = this.host.ecall(machine);
    if (outcome.kind === 'continue' || outcome.kind === 'exit') this.noteEcall(machine, cycles - first, outcome, this.saved);
    return outcome;
  }

  /** How the run ends after an ecall that did not continue: an exit (it retired) or a trap (it did not). */
  private ecallEnd(machine: Machine, outcome: Exclude<EcallResult, { kind: 'continue' }>, pc: number, cycles: number): RunResult {
    if (outcome.kind === 'exit') {
      machine.pc = pc;
      machine.cycles = cycles + 1;
      machine.regs[0] = 0;
      return { kind: 'exit', exitCode: outcome.code | 0, cycles: cycles + 1 };
    }
    machine.cycles = cycles;
    return { kind: 'trap', cycles, trap: ecallTrap(outcome, pc >>> 0, 0x73) };
  }

  // The compiled engine's Fallback (runCompiledWith): the recording interpreter for the chunk being run.
  interpret(_machine: Machine, limit: number): RunResult {
    return this.runTo(limit, this.chunkFirst);
  }
  ecall(machine: Machine): RunResult {
    return this.stepEcall(machine, this.chunkFirst);
  }
  ecallWrites(): readonly MemoryRange[] | undefined {
    return this.lastEcallWrites;
  }

  /**
   * One ecall instruction at machine.pc for the compiled engine (Fallback.ecall): what
   * runTo(cycles + 1) does for it, without setting up the interpreter loop.
   */
  private stepEcall(machine: Machine, first: number): RunResult {
    const pc = machine.pc | 0;
    const cycles = machine.cycles;
    if (this.stamp[pc >>> PAGE_SHIFT] !== this.gen) this.touchPage(pc >>> PAGE_SHIFT);
    const outcome = this.hostEcall(machine, pc, cycles, first);
    if (outcome.kind !== 'continue') return this.ecallEnd(machine, outcome, pc, cycles);
    machine.pc = (pc + 4) | 0;
    machine.cycles = cycles + 1;
    machine.regs[0] = 0;
    return { kind: 'cycle-limit', cycles: cycles + 1 };
  }

  /** The interpreter loop with recording; same contract as `run` (interpreter.ts). */
  private runTo(maxCycles: number, first: number): RunResult {
    const machine = this.machine;
    const host = this.host;
    const saved = this.saved;
    const stamp = this.stamp;
    const gen = this.gen;
    const airbender = this.airbender;
    let halted = false;
    const x = machine.regs;
    const memory = machine.memory;
    const u8 = memory.u8;
    const i8 = memory.i8;
    const u16 = memory.u16;
    const i16 = memory.i16;
    const i32 = memory.i32;
    const size = memory.size;
    let pc = machine.pc | 0;
    let cycles = machine.cycles;
    const limit = maxCycles;
    let trap: TrapKind = 'illegal-instruction';
    let address = 0;
    let inst = 0;

    loop: while (cycles < limit) {
      inst = i32[pc >>> 2] | 0;
      x[0] = 0;
      if (pc >>> 0 < size && stamp[pc >>> PAGE_SHIFT] !== gen) this.touchPage(pc >>> PAGE_SHIFT);
      switch (inst & 0x7f) {
        case 0x33: {
          // OP: key = funct7 << 3 | funct3
          const a = x[(inst >>> 15) & 31];
          const b = x[(inst >>> 20) & 31];
          const rd = (inst >>> 7) & 31;
          switch (((inst >>> 22) & 0x3f8) | ((inst >>> 12) & 7)) {
            case 0: x[rd] = a + b; break; // add
            case 256: x[rd] = a - b; break; // sub
            case 1: x[rd] = a << b; break; // sll (JS masks the count to 5 bits, as RISC-V does)
            case 2: x[rd] = a < b ? 1 : 0; break; // slt
            case 3: x[rd] = a >>> 0 < b >>> 0 ? 1 : 0; break; // sltu
            case 4: x[rd] = a ^ b; break; // xor
            case 5: x[rd] = a >>> b; break; // srl
            case 261: x[rd] = a >> b; break; // sra
            case 6: x[rd] = a | b; break; // or
            case 7: x[rd] = a & b; break; // and
            case 8: x[rd] = Math.imul(a, b); break; // mul
            case 9: x[rd] = mulh(a, b); break; // mulh
            case 10: x[rd] = mulhsu(a, b); break; // mulhsu
            case 11: x[rd] = mulhu(a, b); break; // mulhu
            case 12: x[rd] = b === 0 ? -1 : (a / b) | 0; break; // div (INT_MIN / -1 wraps to INT_MIN)
            case 13: x[rd] = b === 0 ? -1 : (a >>> 0) / (b >>> 0); break; // divu (Int32Array truncates)
            case 14: x[rd] = b === 0 ? a : a % b; break; // rem (INT_MIN % -1 is -0, stored as 0)
            case 15: x[rd] = b === 0 ? a : (a >>> 0) % (b >>> 0); break; // remu
            default: break loop;
          }
          break;
        }
        case 0x13: {
          // OP-IMM
          const a = x[(inst >>> 15) & 31];
          const imm = inst >> 20;
          const rd = (inst >>> 7) & 31;
          switch ((inst >>> 12) & 7) {
            case 0: x[rd] = a + imm; break; // addi
            case 2: x[rd] = a < imm ? 1 : 0; break; // slti
            case 3: x[rd] = a >>> 0 < imm >>> 0 ? 1 : 0; break; // sltiu (immediate sign-extended, compared unsigned)
            case 4: x[rd] = a ^ imm; break; // xori
            case 6: x[rd] = a | imm; break; // ori
            case 7: x[rd] = a & imm; break; // andi
            case 1: // slli
              if (inst >>> 25 !== 0) break loop;
              x[rd] = a << imm;
              break;
            case 5: // srli / srai
              if (inst >>> 25 === 0) x[rd] = a >>> imm;
              else if (inst >>> 25 === 0x20) x[rd] = a >> imm;
              else break loop;
              break;
          }
          break;
        }
        case 0x03: {
          // LOAD: illegal funct3 first, then alignment, then bounds (docs/abi.md: trap priority)
          const addr = (x[(inst >>> 15) & 31] + (inst >> 20)) | 0;
          const rd = (inst >>> 7) & 31;
          switch ((inst >>> 12) & 7) {
            case 0: // lb
              if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
              if (stamp[addr >>> PAGE_SHIFT] !== gen) this.touchPage(addr >>> PAGE_SHIFT);
              x[rd] = i8[addr];
              break;
            case 4: // lbu
              if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
              if (stamp[addr >>> PAGE_SHIFT] !== gen) this.touchPage(addr >>> PAGE_SHIFT);
              x[rd] = u8[addr];
              break;
            case 1: // lh
              if (addr & 1) { trap = 'load-misaligned'; address = addr; break loop; }
              if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
              if (stamp[addr >>> PAGE_SHIFT] !== gen) this.touchPage(addr >>> PAGE_SHIFT);
              x[rd] = i16[addr >>> 1];
              break;
            case 5: // lhu
              if (addr & 1) { trap = 'load-misaligned'; address = addr; break loop; }
              if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
              if (stamp[addr >>> PAGE_SHIFT] !== gen) this.touchPage(addr >>> PAGE_SHIFT);
              x[rd] = u16[addr >>> 1];
              break;
            case 2: // lw
              if (addr & 3) { trap = 'load-misaligned'; address = addr; break loop; }
              if (addr >>> 0 >= size) { trap = 'load-fault'; address = addr; break loop; }
              if (stamp[addr >>> PAGE_SHIFT] !== gen) this.touchPage(addr >>> PAGE_SHIFT);
              x[rd] = i32[addr >>> 2];
              break;
            default: break loop;
          }
          break;
        }
        case 0x23: {
          // STORE: illegal funct3 first, then alignment, then bounds
          const addr = (x[(inst >>> 15) & 31] + (((inst >> 20) & ~31) | ((inst >>> 7) & 31))) | 0;
          const v = x[(inst >>> 20) & 31];
          switch ((inst >>> 12) & 7) {
            case 2: // sw
              if (addr & 3) { trap = 'store-misaligned'; address = addr; break loop; }
              if (addr >>> 0 >= size) { trap = 'store-fault'; address = addr; break loop; }
              if (stamp[addr >>> PAGE_SHIFT] !== gen) this.touchPage(addr >>> PAGE_SHIFT);
              i32[addr >>> 2] = v;
              break;
            case 0: // sb
              if (addr >>> 0 >= size) { trap = 'store-fault'; address = addr; break loop; }
              if (stamp[addr >>> PAGE_SHIFT] !== gen) this.touchPage(addr >>> PAGE_SHIFT);
              u8[addr] = v;
              break;
            case 1: // sh
              if (addr & 1) { trap = 'store-misaligned'; address = addr; break loop; }
              if (addr >>> 0 >= size) { trap = 'store-fault'; address = addr; break loop; }
              if (stamp[addr >>> PAGE_SHIFT] !== gen) this.touchPage(addr >>> PAGE_SHIFT);
              u16[addr >>> 1] = v;
              break;
            default: break loop;
          }
          break;
        }
        case 0x63: {
          // BRANCH
          const a = x[(inst >>> 15) & 31];
          const b = x[(inst >>> 20) & 31];
          let taken: boolean;
          switch ((inst >>> 12) & 7) {
            case 0: taken = a === b; break; // beq
            case 1: taken = a !== b; break; // bne
            case 4: taken = a < b; break; // blt
            case 5: taken = a >= b; break; // bge
            case 6: taken = a >>> 0 < b >>> 0; break; // bltu
            case 7: taken = a >>> 0 >= b >>> 0; break; // bgeu
            default: break loop;
          }
          if (taken) {
            const offset =
              ((inst >> 19) & ~0xfff) | ((inst << 4) & 0x800) | ((inst >>> 20) & 0x7e0) | ((inst >>> 7) & 0x1e);
            const target = (pc + offset) | 0;
            if (target & 3) {
              trap = 'instruction-misaligned';
              address = target;
              break loop;
            }
            cycles++;
            if (airbender && target === pc) { halted = true; break loop; }
            pc = target;
            continue;
          }
          break;
        }
        case 0x37: // LUI
          x[(inst >>> 7) & 31] = inst & 0xfffff000;
          break;
        case 0x17: // AUIPC
          x[(inst >>> 7) & 31] = pc + (inst & 0xfffff000);
          break;
        case 0x6f: {
          // JAL
          const offset =
            ((inst >> 11) & ~0xfffff) | (inst & 0xff000) | ((inst >>> 9) & 0x800) | ((inst >>> 20) & 0x7fe);
          const target = (pc + offset) | 0;
          if (target & 3) {
            trap = 'instruction-misaligned';
            address = target;
            break loop;
          }
          x[(inst >>> 7) & 31] = pc + 4;
          cycles++;
          if (airbender && target === pc) { halted = true; break loop; }
          pc = target;
          continue;
        }
        case 0x67: {
          // JALR: the target is computed before rd is written (rd may equal rs1)
          if (inst & 0x7000) break loop;
          const target = (x[(inst >>> 15) & 31] + (inst >> 20)) & ~1;
          if (target & 2) {
            trap = 'instruction-misaligned';
            address = target;
            break loop;
          }
          x[(inst >>> 7) & 31] = pc + 4;
          cycles++;
          if (airbender && target === pc) { halted = true; break loop; }
          pc = target;
          continue;
        }
        case 0x0f: // MISC-MEM: FENCE is a no-op on one hart; FENCE.I (Zifencei) is not RV32IM; Airbender has neither
          if (inst & 0x7000 || airbender) break loop;
          break;
        case 0x73: {
          // SYSTEM
          if (airbender) {
            // only the Zicsr forms reach the host's CSR table; ECALL, EBREAK, MRET, WFI are illegal
            if ((inst & 0x3000) === 0) break loop;
            x[0] = 0;
            machine.pc = pc;
            machine.cycles = cycles;
            saved.set(x);
            const outcome = host.csr!(machine, inst);
            if (outcome.kind === 'continue') {
              this.noteEcall(machine, cycles - first, outcome, saved);
              break;
            }
            machine.cycles = cycles;
            if (outcome.kind === 'exit') return { kind: 'trap', cycles, trap: { kind: 'illegal-instruction', pc: pc >>> 0, instruction: inst >>> 0, message: 'a CSR cannot exit' } };
            return { kind: 'trap', cycles, trap: ecallTrap(outcome, pc >>> 0, inst >>> 0) };
          }
          if (inst === 0x73) {
            const outcome = this.hostEcall(machine, pc, cycles, first);
            if (outcome.kind === 'continue') break;
            return this.ecallEnd(machine, outcome, pc, cycles);
          }
          if (inst === 0x100073) trap = 'ebreak';
          break loop;
        }
        default:
          break loop;
      }
      pc = (pc + 4) | 0;
      cycles++;
    }

    x[0] = 0;
    machine.pc = pc;
    machine.cycles = cycles;
    if (halted) return { kind: 'exit', exitCode: 0, cycles };
    if (cycles >= limit) return { kind: 'cycle-limit', cycles };
    if (pc >>> 0 >= size) return fault('instruction-fault', pc, 0, undefined, cycles);
    const isAddressed = trap !== 'illegal-instruction' && trap !== 'ebreak';
    return fault(trap, pc, inst >>> 0, isAddressed ? address >>> 0 : undefined, cycles);
  }
}

function fault(kind: TrapKind, pc: number, instruction: number, address: number | undefined, cycles: number): RunResult {
  const message = trapMessage(kind, pc >>> 0, address);
  const trap = address === undefined ? { kind, pc: pc >>> 0, instruction, message } : { kind, pc: pc >>> 0, instruction, address, message };
  return { kind: 'trap', trap, cycles };
}
