// Integer unary and binary operators: a table from binaryen operation ids to emitters of LLVM
// instructions with WebAssembly semantics (masked shifts, trapping division, defined clz/ctz at 0).
import binaryen from 'binaryen';
import { WASM_TRAP } from '../abi';
import type { FunctionBuilder } from './builder';

type Int = 'i32' | 'i64';
export type UnaryEmitter = (b: FunctionBuilder, value: string) => string;
export type BinaryEmitter = (b: FunctionBuilder, left: string, right: string) => string;

const BITS: Record<Int, number> = { i32: 32, i64: 64 };
const MIN: Record<Int, string> = { i32: '-2147483648', i64: '-9223372036854775808' };

const plain = (instr: string, t: Int): BinaryEmitter => (b, l, r) => b.value(`${instr} ${t} ${l}, ${r}`);

/** Shift counts are taken modulo the width, as in wasm (LLVM makes oversized shifts poison). */
const shift = (instr: string, t: Int): BinaryEmitter => (b, l, r) => {
  const count = b.value(`and ${t} ${r}, ${BITS[t] - 1}`);
  return b.value(`${instr} ${t} ${l}, ${count}`);
};

/** Funnel shifts of a value with itself are rotates, and take the count modulo the width. */
const rotate = (fn: 'fshl' | 'fshr', t: Int): BinaryEmitter => (b, l, r) =>
  b.value(`call ${t} @llvm.${fn}.${t}(${t} ${l}, ${t} ${l}, ${t} ${r})`);

const compare = (predicate: string, t: Int): BinaryEmitter => (b, l, r) => {
  const flag = b.value(`icmp ${predicate} ${t} ${l}, ${r}`);
  return b.value(`zext i1 ${flag} to i32`);
};

function trapIfZero(b: FunctionBuilder, t: Int, divisor: string): void {
  b.trapIf(b.value(`icmp eq ${t} ${divisor}, 0`), WASM_TRAP.DIVIDE_BY_ZERO);
}

const divideUnsigned = (instr: 'udiv' | 'urem', t: Int): BinaryEmitter => (b, l, r) => {
  trapIfZero(b, t, r);
  return b.value(`${instr} ${t} ${l}, ${r}`);
};

/** div_s traps on INT_MIN / -1 (the quotient does not fit). */
const divideSigned = (t: Int): BinaryEmitter => (b, l, r) => {
  trapIfZero(b, t, r);
  const isMin = b.value(`icmp eq ${t} ${l}, ${MIN[t]}`);
  const isMinusOne = b.value(`icmp eq ${t} ${r}, -1`);
  b.trapIf(b.value(`and i1 ${isMin}, ${isMinusOne}`), WASM_TRAP.INTEGER_OVERFLOW);
  return b.value(`sdiv ${t} ${l}, ${r}`);
};

/** rem_s by -1 is 0 for every dividend (INT_MIN included), so divide by 1 instead. */
const remainderSigned = (t: Int): BinaryEmitter => (b, l, r) => {
  trapIfZero(b, t, r);
  const isMinusOne = b.value(`icmp eq ${t} ${r}, -1`);
  const divisor = b.value(`select i1 ${isMinusOne}, ${t} 1, ${t} ${r}`);
  return b.value(`srem ${t} ${l}, ${divisor}`);
};

const bitCount = (fn: 'ctlz' | 'cttz' | 'ctpop', t: Int): UnaryEmitter => (b, v) =>
  b.value(`call ${t} @llvm.${fn}.${t}(${t} ${v}${fn === 'ctpop' ? '' : ', i1 false'})`);

const eqz = (t: Int): UnaryEmitter => (b, v) => {
  const flag = b.value(`icmp eq ${t} ${v}, 0`);
  return b.value(`zext i1 ${flag} to i32`);
};

/** extend8_s and friends: keep the low `bits`, sign-extend them back to `t`. */
const signExtendLow = (bits: number, t: Int): UnaryEmitter => (b, v) => {
  const low = b.value(`trunc ${t} ${v} to i${bits}`);
  return b.value(`sext i${bits} ${low} to ${t}`);
};

function binaryOps(t: Int, suffix: 'Int32' | 'Int64'): [number, BinaryEmitter][] {
  const op = (name: string): number => (binaryen as unknown as Record<string, number>)[name + suffix];
  return [
    [op('Add'), plain('add', t)],
    [op('Sub'), plain('sub', t)],
    [op('Mul'), plain('mul', t)],
    [op('DivS'), divideSigned(t)],
    [op('DivU'), divideUnsigned('udiv', t)],
    [op('RemS'), remainderSigned(t)],
    [op('RemU'), divideUnsigned('urem', t)],
    [op('And'), plain('and', t)],
    [op('Or'), plain('or', t)],
    [op('Xor'), plain('xor', t)],
    [op('Shl'), shift('shl', t)],
    [op('ShrS'), shift('ashr', t)],
    [op('ShrU'), shift('lshr', t)],
    [op('RotL'), rotate('fshl', t)],
    [op('RotR'), rotate('fshr', t)],
    [op('Eq'), compare('eq', t)],
    [op('Ne'), compare('ne', t)],
    [op('LtS'), compare('slt', t)],
    [op('LtU'), compare('ult', t)],
    [op('LeS'), compare('sle', t)],
    [op('LeU'), compare('ule', t)],
    [op('GtS'), compare('sgt', t)],
    [op('GtU'), compare('ugt', t)],
    [op('GeS'), compare('sge', t)],
    [op('GeU'), compare('uge', t)],
  ];
}

export const BINARY_OPS: ReadonlyMap<number, BinaryEmitter> = new Map([
  ...binaryOps('i32', 'Int32'),
  ...binaryOps('i64', 'Int64'),
]);

export const UNARY_OPS: ReadonlyMap<number, UnaryEmitter> = new Map<number, UnaryEmitter>([
  [binaryen.ClzInt32, bitCount('ctlz', 'i32')],
  [binaryen.CtzInt32, bitCount('cttz', 'i32')],
  [binaryen.PopcntInt32, bitCount('ctpop', 'i32')],
  [binaryen.EqZInt32, eqz('i32')],
  [binaryen.ClzInt64, bitCount('ctlz', 'i64')],
  [binaryen.CtzInt64, bitCount('cttz', 'i64')],
  [binaryen.PopcntInt64, bitCount('ctpop', 'i64')],
  [binaryen.EqZInt64, eqz('i64')],
  [binaryen.ExtendSInt32, (b, v) => b.value(`sext i32 ${v} to i64`)],
  [binaryen.ExtendUInt32, (b, v) => b.value(`zext i32 ${v} to i64`)],
  [binaryen.WrapInt64, (b, v) => b.value(`trunc i64 ${v} to i32`)],
  [binaryen.ExtendS8Int32, signExtendLow(8, 'i32')],
  [binaryen.ExtendS16Int32, signExtendLow(16, 'i32')],
  [binaryen.ExtendS8Int64, signExtendLow(8, 'i64')],
  [binaryen.ExtendS16Int64, signExtendLow(16, 'i64')],
  [binaryen.ExtendS32Int64, signExtendLow(32, 'i64')],
]);

/** Declarations of the intrinsics the emitters above call. */
export const NUMERIC_INTRINSICS: readonly string[] = (['i32', 'i64'] as const).flatMap((t) => [
  `declare ${t} @llvm.fshl.${t}(${t}, ${t}, ${t})`,
  `declare ${t} @llvm.fshr.${t}(${t}, ${t}, ${t})`,
  `declare ${t} @llvm.ctlz.${t}(${t}, i1 immarg)`,
  `declare ${t} @llvm.cttz.${t}(${t}, i1 immarg)`,
  `declare ${t} @llvm.ctpop.${t}(${t})`,
]);

/** The binaryen name of an operation (e.g. "AddFloat32") for error messages. */
export function operationName(op: number): string {
  const pattern = /(Int32|Int64|Float32|Float64|Vec\w*|x16|x8|x4|x2|Vec128)$/;
  for (const [name, value] of Object.entries(binaryen)) {
    if (value === op && pattern.test(name) && !name.startsWith('_') && !name.endsWith('Id')) return name;
  }
  return `operation #${op}`;
}
