// The contract between a WebAssembly guest and its two hosts (our RISC-V runtime and the native
// V8 runner): which imports exist and which ecall each becomes, the trap codes, the memory layout.
import { ECALL } from '../../emulator/ecall';

export type WasmValueType = 'i32' | 'i64';

export interface HostImport {
  readonly module: string;
  readonly name: string;
  /** the ecall number (a7) the RISC-V build uses; arguments go in a0.., the result in a0 */
  readonly ecall: number;
  readonly params: readonly WasmValueType[];
  readonly results: readonly WasmValueType[];
  /** the host never returns (exit, abort) */
  readonly noReturn?: boolean;
}

/** ecall numbers in the zk range (docs/abi.md) used by WebAssembly guests. */
export const ZK_ECALL = {
  /** trap(code = a0): a WebAssembly trap; ends the run as an `abort` trap with that code */
  TRAP: 0x1000,
  /** abort(message, file, line, column): AssemblyScript's abort(); pointers to AS strings */
  ABORT: 0x1001,
  /** query(id, payloadPtr, payloadWords) -> answer words: asks the oracle (docs/oracle.md) */
  QUERY: 0x1002,
  /** answer_read(ptr, maxWords) -> words copied: takes words of the current answer */
  ANSWER_READ: 0x1003,
  /** commit(ptr, words): appends words to the public output */
  COMMIT: 0x1004,
  /** keccak_f(statePtr): keccak-f[1600] on 25 u64 lanes (50 words, LE) in place */
  KECCAK_F: 0x1010,
  /** blake2s_compress(hPtr, mPtr, tLo, tHi, last): BLAKE2s F on h (8 words) in place */
  BLAKE2S_COMPRESS: 0x1011,
  /** u256_op(op, aPtr, bPtr, outPtr) -> flag: 256-bit arithmetic on 8-word operands */
  U256_OP: 0x1012,
} as const;

/** Operation codes of ZK_ECALL.U256_OP (the low 8 bits of its op argument). */
export const U256_OP = {
  /** out = a + b + carry in (mod 2^256); flag = carry out */
  ADD: 0,
  /** out = a - b - borrow in (mod 2^256); flag = borrow out */
  SUB: 1,
  /** out = low 256 bits of a * b; flag = 1 when the high half is not zero */
  MUL_LO: 2,
  /** out = high 256 bits of a * b; flag = 1 when it is not zero */
  MUL_HI: 3,
  /** nothing written; flag = -1, 0 or 1 as a <, =, > b (unsigned) */
  CMP: 4,
  /** out = a * b * 2^-256 mod m, m at the address in the op word's bits 9-31 (U256_MODULUS_MASK); flag = 0 */
  MONT_MUL: 5,
  /** out = (a + b) mod m for a, b < m, m as for MONT_MUL; flag = 0 */
  ADD_MOD: 6,
  /** out = (a - b) mod m for a, b < m, m as for MONT_MUL; flag = 0 */
  SUB_MOD: 7,
} as const;

/** Bit of U256_OP's op argument: carry (ADD) or borrow (SUB) in. */
export const U256_CARRY_IN = 0x100;

/** MONT_MUL's, ADD_MOD's and SUB_MOD's op argument: the bits that are the address of the modulus m (8 words, so 512-byte aligned). */
export const U256_MODULUS_MASK = 0xfffffe00;

/** Every import a guest may declare. Anything else is rejected at build time, naming it. */
export const HOST_IMPORTS: readonly HostImport[] = [
  { module: 'zkos', name: 'write', ecall: ECALL.WRITE, params: ['i32', 'i32', 'i32'], results: ['i32'] },
  { module: 'zkos', name: 'exit', ecall: ECALL.EXIT, params: ['i32'], results: [], noReturn: true },
  { module: 'env', name: 'abort', ecall: ZK_ECALL.ABORT, params: ['i32', 'i32', 'i32', 'i32'], results: [], noReturn: true },
  { module: 'zkos', name: 'query', ecall: ZK_ECALL.QUERY, params: ['i32', 'i32', 'i32'], results: ['i32'] },
  { module: 'zkos', name: 'answer_read', ecall: ZK_ECALL.ANSWER_READ, params: ['i32', 'i32'], results: ['i32'] },
  { module: 'zkos', name: 'commit', ecall: ZK_ECALL.COMMIT, params: ['i32', 'i32'], results: [] },
  { module: 'zkos', name: 'keccak_f', ecall: ZK_ECALL.KECCAK_F, params: ['i32'], results: [] },
  { module: 'zkos', name: 'blake2s_compress', ecall: ZK_ECALL.BLAKE2S_COMPRESS, params: ['i32', 'i32', 'i32', 'i32', 'i32'], results: [] },
  { module: 'zkos', name: 'u256_op', ecall: ZK_ECALL.U256_OP, params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] },
];

/**
 * Codes of WebAssembly traps, passed to ZK_ECALL.TRAP on RISC-V and derived from V8's
 * RuntimeError natively, so both targets report the same code.
 */
export const WASM_TRAP = {
  UNREACHABLE: 1, // `unreachable` executed
  DIVIDE_BY_ZERO: 2, // integer divide or remainder by zero
  INTEGER_OVERFLOW: 3, // signed division INT_MIN / -1
  MEMORY_OUT_OF_BOUNDS: 4, // load/store/bulk-memory access beyond the linear memory
  TABLE_OUT_OF_BOUNDS: 5, // call_indirect index beyond the table
  INDIRECT_CALL_MISMATCH: 6, // call_indirect to a null entry or a function of another type
  ABORT: 7, // AssemblyScript abort() (ZK_ECALL.ABORT)
} as const;

/** Trap code → words for people (the host's message for ZK_ECALL.TRAP). */
export const WASM_TRAP_NAMES: Readonly<Record<number, string>> = {
  1: 'unreachable executed',
  2: 'integer divide by zero',
  3: 'integer overflow',
  4: 'memory access out of bounds',
  5: 'table index out of bounds',
  6: 'indirect call to a null entry or a function of another type',
  7: 'abort',
};

export const WASM_PAGE_SIZE = 65536;
/**
 * Default linear memory: 256 pages (16 MiB), declared with initial = maximum so that memory.grow
 * and bounds behave the same on both targets. WebAssembly address A is guest address A; the
 * RISC-V code, its globals and its native stack live above the linear memory.
 */
export const DEFAULT_MEMORY_PAGES = 256;

/** Where the RISC-V .text starts for a linear memory of `pages` pages: right above it. */
export function textBaseFor(pages: number): number {
  return pages * WASM_PAGE_SIZE;
}

/** The exported function a guest starts at (after the module's start function, if any). */
export const ENTRY_EXPORT = 'main';
