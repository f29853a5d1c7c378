// bytecode: a tiny stack-machine interpreter (switch dispatch) running a bytecode program that
// sums the primes below 10,000 by trial division. Bench unit: runPrimes(limit) (returns the sum).
import { putString, putU32, putU64, putByte, flush } from "../../guest/lib/io";

// opcodes; each instruction is two i32 words: opcode, argument (0 when unused)
const PUSH = 0; // push arg
const LOAD = 1; // push slot[arg]
const STORE = 2; // slot[arg] = pop
const ADD = 3;
const SUB = 4;
const MUL = 5;
const REM = 6; // unsigned remainder
const LT = 7; // unsigned a < b
const JMP = 8; // pc = arg
const JZ = 9; // if pop == 0: pc = arg
const DUP = 10;
const HALT = 11;

// variable slots
const N = 0;
const D = 1;
const SUM = 2;
const COUNT = 3;

const CODE_WORDS = 128;
const STACK_SIZE = 64;
const code = new StaticArray<i32>(CODE_WORDS);
let codeLength = 0;
const stack = new StaticArray<u32>(STACK_SIZE);
const slots = new StaticArray<u32>(8);
/** instructions executed by the last run() */
let steps: u64 = 0;

/** Appends an instruction; returns its index (for patching jump targets). */
function emit(op: i32, arg: i32 = 0): i32 {
  const at = codeLength;
  code[at] = op;
  code[at + 1] = arg;
  codeLength += 2;
  return at;
}

function patch(at: i32, target: i32): void {
  code[at + 1] = target;
}

/** Assembles: for n in 2..limit-1: if no d with d*d <= n divides n: sum += n, count += 1. */
function assemblePrimes(limit: i32): void {
  codeLength = 0;
  emit(PUSH, 2);
  emit(STORE, N);
  emit(PUSH, 0);
  emit(STORE, SUM);
  emit(PUSH, 0);
  emit(STORE, COUNT);
  const outer = codeLength; // while n < limit
  emit(LOAD, N);
  emit(PUSH, limit);
  emit(LT);
  const exitJump = emit(JZ);
  emit(PUSH, 2);
  emit(STORE, D);
  const inner = codeLength; // while d * d < n + 1
  emit(LOAD, D);
  emit(DUP);
  emit(MUL);
  emit(LOAD, N);
  emit(PUSH, 1);
  emit(ADD);
  emit(LT);
  const primeJump = emit(JZ);
  emit(LOAD, N); // if n % d == 0: not prime
  emit(LOAD, D);
  emit(REM);
  const compositeJump = emit(JZ);
  emit(LOAD, D);
  emit(PUSH, 1);
  emit(ADD);
  emit(STORE, D);
  emit(JMP, inner);
  patch(primeJump, codeLength); // prime: sum += n; count += 1
  emit(LOAD, SUM);
  emit(LOAD, N);
  emit(ADD);
  emit(STORE, SUM);
  emit(LOAD, COUNT);
  emit(PUSH, 1);
  emit(ADD);
  emit(STORE, COUNT);
  patch(compositeJump, codeLength); // n += 1
  emit(LOAD, N);
  emit(PUSH, 1);
  emit(ADD);
  emit(STORE, N);
  emit(JMP, outer);
  patch(exitJump, codeLength);
  emit(HALT);
}

/** Runs `code` from pc 0 until HALT. */
function run(): void {
  let pc = 0;
  let sp = 0; // stack[sp - 1] is the top
  let executed: u64 = 0;
  while (true) {
    const op = unchecked(code[pc]);
    const arg = unchecked(code[pc + 1]);
    pc += 2;
    executed++;
    switch (op) {
      case PUSH: unchecked((stack[sp++] = <u32>arg)); break;
      case LOAD: unchecked((stack[sp++] = slots[arg])); break;
      case STORE: unchecked((slots[arg] = stack[--sp])); break;
      case ADD: sp--; unchecked((stack[sp - 1] += stack[sp])); break;
      case SUB: sp--; unchecked((stack[sp - 1] -= stack[sp])); break;
      case MUL: sp--; unchecked((stack[sp - 1] *= stack[sp])); break;
      case REM: sp--; unchecked((stack[sp - 1] %= stack[sp])); break;
      case LT: sp--; unchecked((stack[sp - 1] = <u32>(stack[sp - 1] < stack[sp]))); break;
      case JMP: pc = arg; break;
      case JZ: if (unchecked(stack[--sp]) == 0) pc = arg; break;
      case DUP: unchecked((stack[sp] = stack[sp - 1])); sp++; break;
      case HALT: steps = executed; return;
      default: unreachable();
    }
  }
}

/** Bench unit: assembles and runs the primes program for `limit`; returns the sum of primes below it. */
export function runPrimes(limit: i32): u32 {
  assemblePrimes(limit);
  run();
  return slots[SUM];
}

export function main(): i32 {
  const sum = runPrimes(10000);
  putString("sum of primes below 10000 = ");
  putU32(sum);
  putByte(10);
  putString("primes below 10000 = ");
  putU32(slots[COUNT]);
  putByte(10);
  putString("bytecode instructions executed = ");
  putU64(steps);
  putByte(10);
  flush();
  return 0;
}
