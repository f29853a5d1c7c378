// The EVM opcode table (Cancun) as data: for each opcode its name, immediate bytes, stack items
// taken and pushed, static (base) gas and the fork that introduced it. Filled once at start-up into
// static memory (memory.data, never the heap, so it survives heap.reset()); the interpreter reads it
// before dispatching: undefined opcode, stack underflow/overflow and base gas are checked from here.
// Dynamic gas (memory expansion, access lists, SSTORE, calls, ...) lives in gas.ts.

export const FORK_FRONTIER: u8 = 0;
export const FORK_HOMESTEAD: u8 = 1;
export const FORK_BYZANTIUM: u8 = 2;
export const FORK_CONSTANTINOPLE: u8 = 3;
export const FORK_ISTANBUL: u8 = 4;
export const FORK_LONDON: u8 = 5;
export const FORK_SHANGHAI: u8 = 6;
export const FORK_CANCUN: u8 = 7;

/** per opcode: [defined, immediates, stack in, stack out] bytes */
const INFO: usize = memory.data(256 * 4, 16);
/** per opcode: base gas (u16) */
const GAS: usize = memory.data(256 * 2, 16);
/** per opcode: fork (u8) */
const FORK: usize = memory.data(256, 16);
/** per opcode: pointer to the name (a static string literal) */
const NAME: usize = memory.data(256 * 4, 16);

function def(op: u32, name: string, imm: u8, sin: u8, sout: u8, gas: u16, fork: u8): void {
  const p = INFO + (<usize>op << 2);
  store<u8>(p, 1);
  store<u8>(p, imm, 1);
  store<u8>(p, sin, 2);
  store<u8>(p, sout, 3);
  store<u16>(GAS + (<usize>op << 1), gas);
  store<u8>(FORK + op, fork);
  store<u32>(NAME + (<usize>op << 2), <u32>changetype<usize>(name));
}

/** The packed info word: byte 0 defined, 1 immediates, 2 stack in, 3 stack out. */
// @ts-ignore: decorator
@inline
export function opInfo(op: u32): u32 {
  return load<u32>(INFO + (<usize>op << 2));
}
export function opDefined(op: u32): bool {
  return load<u8>(INFO + (<usize>op << 2)) != 0;
}
export function opImmediates(op: u32): u32 {
  return <u32>load<u8>(INFO + (<usize>op << 2), 1);
}
export function opStackIn(op: u32): u32 {
  return <u32>load<u8>(INFO + (<usize>op << 2), 2);
}
export function opStackOut(op: u32): u32 {
  return <u32>load<u8>(INFO + (<usize>op << 2), 3);
}
// @ts-ignore: decorator
@inline
export function opBaseGas(op: u32): u64 {
  return <u64>load<u16>(GAS + (<usize>op << 1));
}
export function opFork(op: u32): u8 {
  return load<u8>(FORK + op);
}
/** The mnemonic, or "INVALID" for an undefined opcode. */
export function opName(op: u32): string {
  const p = load<u32>(NAME + (<usize>op << 2));
  return p == 0 ? "INVALID" : changetype<string>(<usize>p);
}

// gas tiers (yellow paper)
const ZERO: u16 = 0;
const BASE: u16 = 2;
const VERYLOW: u16 = 3;
const LOW: u16 = 5;
const MID: u16 = 8;
const HIGH: u16 = 10;
/** warm access (EIP-2929); the cold surcharge is dynamic */
const WARM: u16 = 100;

// 0x00 stop and arithmetic
def(0x00, "STOP", 0, 0, 0, ZERO, FORK_FRONTIER);
def(0x01, "ADD", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x02, "MUL", 0, 2, 1, LOW, FORK_FRONTIER);
def(0x03, "SUB", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x04, "DIV", 0, 2, 1, LOW, FORK_FRONTIER);
def(0x05, "SDIV", 0, 2, 1, LOW, FORK_FRONTIER);
def(0x06, "MOD", 0, 2, 1, LOW, FORK_FRONTIER);
def(0x07, "SMOD", 0, 2, 1, LOW, FORK_FRONTIER);
def(0x08, "ADDMOD", 0, 3, 1, MID, FORK_FRONTIER);
def(0x09, "MULMOD", 0, 3, 1, MID, FORK_FRONTIER);
def(0x0a, "EXP", 0, 2, 1, HIGH, FORK_FRONTIER); // + 50 per exponent byte
def(0x0b, "SIGNEXTEND", 0, 2, 1, LOW, FORK_FRONTIER);
// 0x10 comparison and bitwise
def(0x10, "LT", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x11, "GT", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x12, "SLT", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x13, "SGT", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x14, "EQ", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x15, "ISZERO", 0, 1, 1, VERYLOW, FORK_FRONTIER);
def(0x16, "AND", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x17, "OR", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x18, "XOR", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x19, "NOT", 0, 1, 1, VERYLOW, FORK_FRONTIER);
def(0x1a, "BYTE", 0, 2, 1, VERYLOW, FORK_FRONTIER);
def(0x1b, "SHL", 0, 2, 1, VERYLOW, FORK_CONSTANTINOPLE);
def(0x1c, "SHR", 0, 2, 1, VERYLOW, FORK_CONSTANTINOPLE);
def(0x1d, "SAR", 0, 2, 1, VERYLOW, FORK_CONSTANTINOPLE);
// 0x20
def(0x20, "KECCAK256", 0, 2, 1, 30, FORK_FRONTIER); // + 6 per word + memory
// 0x30 environment
def(0x30, "ADDRESS", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x31, "BALANCE", 0, 1, 1, WARM, FORK_FRONTIER); // + cold 2500
def(0x32, "ORIGIN", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x33, "CALLER", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x34, "CALLVALUE", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x35, "CALLDATALOAD", 0, 1, 1, VERYLOW, FORK_FRONTIER);
def(0x36, "CALLDATASIZE", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x37, "CALLDATACOPY", 0, 3, 0, VERYLOW, FORK_FRONTIER); // + copy + memory
def(0x38, "CODESIZE", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x39, "CODECOPY", 0, 3, 0, VERYLOW, FORK_FRONTIER);
def(0x3a, "GASPRICE", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x3b, "EXTCODESIZE", 0, 1, 1, WARM, FORK_FRONTIER);
def(0x3c, "EXTCODECOPY", 0, 4, 0, WARM, FORK_FRONTIER);
def(0x3d, "RETURNDATASIZE", 0, 0, 1, BASE, FORK_BYZANTIUM);
def(0x3e, "RETURNDATACOPY", 0, 3, 0, VERYLOW, FORK_BYZANTIUM);
def(0x3f, "EXTCODEHASH", 0, 1, 1, WARM, FORK_CONSTANTINOPLE);
// 0x40 block
def(0x40, "BLOCKHASH", 0, 1, 1, 20, FORK_FRONTIER);
def(0x41, "COINBASE", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x42, "TIMESTAMP", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x43, "NUMBER", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x44, "PREVRANDAO", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x45, "GASLIMIT", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x46, "CHAINID", 0, 0, 1, BASE, FORK_ISTANBUL);
def(0x47, "SELFBALANCE", 0, 0, 1, LOW, FORK_ISTANBUL);
def(0x48, "BASEFEE", 0, 0, 1, BASE, FORK_LONDON);
def(0x49, "BLOBHASH", 0, 1, 1, VERYLOW, FORK_CANCUN);
def(0x4a, "BLOBBASEFEE", 0, 0, 1, BASE, FORK_CANCUN);
// 0x50 stack, memory, storage, flow
def(0x50, "POP", 0, 1, 0, BASE, FORK_FRONTIER);
def(0x51, "MLOAD", 0, 1, 1, VERYLOW, FORK_FRONTIER);
def(0x52, "MSTORE", 0, 2, 0, VERYLOW, FORK_FRONTIER);
def(0x53, "MSTORE8", 0, 2, 0, VERYLOW, FORK_FRONTIER);
def(0x54, "SLOAD", 0, 1, 1, ZERO, FORK_FRONTIER); // 100 warm / 2100 cold
def(0x55, "SSTORE", 0, 2, 0, ZERO, FORK_FRONTIER); // EIP-2200/2929/3529
def(0x56, "JUMP", 0, 1, 0, MID, FORK_FRONTIER);
def(0x57, "JUMPI", 0, 2, 0, HIGH, FORK_FRONTIER);
def(0x58, "PC", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x59, "MSIZE", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x5a, "GAS", 0, 0, 1, BASE, FORK_FRONTIER);
def(0x5b, "JUMPDEST", 0, 0, 0, 1, FORK_FRONTIER);
def(0x5c, "TLOAD", 0, 1, 1, WARM, FORK_CANCUN);
def(0x5d, "TSTORE", 0, 2, 0, WARM, FORK_CANCUN);
def(0x5e, "MCOPY", 0, 3, 0, VERYLOW, FORK_CANCUN);
def(0x5f, "PUSH0", 0, 0, 1, BASE, FORK_SHANGHAI);
// 0x60 PUSH1..PUSH32, 0x80 DUP1..16, 0x90 SWAP1..16
def(0x60, "PUSH1", 1, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x61, "PUSH2", 2, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x62, "PUSH3", 3, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x63, "PUSH4", 4, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x64, "PUSH5", 5, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x65, "PUSH6", 6, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x66, "PUSH7", 7, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x67, "PUSH8", 8, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x68, "PUSH9", 9, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x69, "PUSH10", 10, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x6a, "PUSH11", 11, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x6b, "PUSH12", 12, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x6c, "PUSH13", 13, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x6d, "PUSH14", 14, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x6e, "PUSH15", 15, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x6f, "PUSH16", 16, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x70, "PUSH17", 17, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x71, "PUSH18", 18, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x72, "PUSH19", 19, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x73, "PUSH20", 20, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x74, "PUSH21", 21, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x75, "PUSH22", 22, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x76, "PUSH23", 23, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x77, "PUSH24", 24, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x78, "PUSH25", 25, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x79, "PUSH26", 26, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x7a, "PUSH27", 27, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x7b, "PUSH28", 28, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x7c, "PUSH29", 29, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x7d, "PUSH30", 30, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x7e, "PUSH31", 31, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x7f, "PUSH32", 32, 0, 1, VERYLOW, FORK_FRONTIER);
def(0x80, "DUP1", 0, 1, 2, VERYLOW, FORK_FRONTIER);
def(0x81, "DUP2", 0, 2, 3, VERYLOW, FORK_FRONTIER);
def(0x82, "DUP3", 0, 3, 4, VERYLOW, FORK_FRONTIER);
def(0x83, "DUP4", 0, 4, 5, VERYLOW, FORK_FRONTIER);
def(0x84, "DUP5", 0, 5, 6, VERYLOW, FORK_FRONTIER);
def(0x85, "DUP6", 0, 6, 7, VERYLOW, FORK_FRONTIER);
def(0x86, "DUP7", 0, 7, 8, VERYLOW, FORK_FRONTIER);
def(0x87, "DUP8", 0, 8, 9, VERYLOW, FORK_FRONTIER);
def(0x88, "DUP9", 0, 9, 10, VERYLOW, FORK_FRONTIER);
def(0x89, "DUP10", 0, 10, 11, VERYLOW, FORK_FRONTIER);
def(0x8a, "DUP11", 0, 11, 12, VERYLOW, FORK_FRONTIER);
def(0x8b, "DUP12", 0, 12, 13, VERYLOW, FORK_FRONTIER);
def(0x8c, "DUP13", 0, 13, 14, VERYLOW, FORK_FRONTIER);
def(0x8d, "DUP14", 0, 14, 15, VERYLOW, FORK_FRONTIER);
def(0x8e, "DUP15", 0, 15, 16, VERYLOW, FORK_FRONTIER);
def(0x8f, "DUP16", 0, 16, 17, VERYLOW, FORK_FRONTIER);
def(0x90, "SWAP1", 0, 2, 2, VERYLOW, FORK_FRONTIER);
def(0x91, "SWAP2", 0, 3, 3, VERYLOW, FORK_FRONTIER);
def(0x92, "SWAP3", 0, 4, 4, VERYLOW, FORK_FRONTIER);
def(0x93, "SWAP4", 0, 5, 5, VERYLOW, FORK_FRONTIER);
def(0x94, "SWAP5", 0, 6, 6, VERYLOW, FORK_FRONTIER);
def(0x95, "SWAP6", 0, 7, 7, VERYLOW, FORK_FRONTIER);
def(0x96, "SWAP7", 0, 8, 8, VERYLOW, FORK_FRONTIER);
def(0x97, "SWAP8", 0, 9, 9, VERYLOW, FORK_FRONTIER);
def(0x98, "SWAP9", 0, 10, 10, VERYLOW, FORK_FRONTIER);
def(0x99, "SWAP10", 0, 11, 11, VERYLOW, FORK_FRONTIER);
def(0x9a, "SWAP11", 0, 12, 12, VERYLOW, FORK_FRONTIER);
def(0x9b, "SWAP12", 0, 13, 13, VERYLOW, FORK_FRONTIER);
def(0x9c, "SWAP13", 0, 14, 14, VERYLOW, FORK_FRONTIER);
def(0x9d, "SWAP14", 0, 15, 15, VERYLOW, FORK_FRONTIER);
def(0x9e, "SWAP15", 0, 16, 16, VERYLOW, FORK_FRONTIER);
def(0x9f, "SWAP16", 0, 17, 17, VERYLOW, FORK_FRONTIER);
// 0xa0 logs: 375 + 375 per topic (base here includes the topics) + 8 per byte + memory
def(0xa0, "LOG0", 0, 2, 0, 375, FORK_FRONTIER);
def(0xa1, "LOG1", 0, 3, 0, 750, FORK_FRONTIER);
def(0xa2, "LOG2", 0, 4, 0, 1125, FORK_FRONTIER);
def(0xa3, "LOG3", 0, 5, 0, 1500, FORK_FRONTIER);
def(0xa4, "LOG4", 0, 6, 0, 1875, FORK_FRONTIER);
// 0xf0 system
def(0xf0, "CREATE", 0, 3, 1, 32000, FORK_FRONTIER);
def(0xf1, "CALL", 0, 7, 1, ZERO, FORK_FRONTIER); // access cost dynamic
def(0xf2, "CALLCODE", 0, 7, 1, ZERO, FORK_FRONTIER);
def(0xf3, "RETURN", 0, 2, 0, ZERO, FORK_FRONTIER);
def(0xf4, "DELEGATECALL", 0, 6, 1, ZERO, FORK_HOMESTEAD);
def(0xf5, "CREATE2", 0, 4, 1, 32000, FORK_CONSTANTINOPLE);
def(0xfa, "STATICCALL", 0, 6, 1, ZERO, FORK_BYZANTIUM);
def(0xfd, "REVERT", 0, 2, 0, ZERO, FORK_BYZANTIUM);
def(0xfe, "INVALID", 0, 0, 0, ZERO, FORK_FRONTIER); // designated invalid: always an exceptional halt
def(0xff, "SELFDESTRUCT", 0, 1, 0, 5000, FORK_FRONTIER);
