// WebAssembly value types (binaryen type ids) as LLVM types, function signatures, and the
// rejection of every type the translator does not support (floats, SIMD, references).
import binaryen from 'binaryen';

export class UnsupportedError extends Error {}

/** The LLVM type of one wasm value type, or an Error naming where it appeared. */
export function scalarType(type: number, where: string): 'i32' | 'i64' {
  if (type === binaryen.i32) return 'i32';
  if (type === binaryen.i64) return 'i64';
  throw new UnsupportedError(`${where}: unsupported type ${typeName(type)} (only i32 and i64 are supported)`);
}

/** The LLVM type of a wasm result/value type: void, a scalar, or a literal struct for tuples. */
export function llvmType(type: number, where: string): string {
  if (type === binaryen.none || type === binaryen.unreachable) return 'void';
  const parts = binaryen.expandType(type);
  if (parts.length === 1) return scalarType(type, where);
  return `{ ${parts.map((t) => scalarType(t, where)).join(', ')} }`;
}

/** A type that carries a value (not none, not unreachable). */
export function isConcrete(type: number): boolean {
  return type !== binaryen.none && type !== binaryen.unreachable;
}

export function typeName(type: number): string {
  const names: [number, string][] = [
    [binaryen.none, 'none'],
    [binaryen.i32, 'i32'],
    [binaryen.i64, 'i64'],
    [binaryen.f32, 'f32'],
    [binaryen.f64, 'f64'],
    [binaryen.v128, 'v128'],
    [binaryen.funcref, 'funcref'],
    [binaryen.externref, 'externref'],
    [binaryen.unreachable, 'unreachable'],
  ];
  const found = names.find(([t]) => t === type);
  if (found) return found[1];
  const parts = binaryen.expandType(type);
  return parts.length > 1 ? `(${parts.map(typeName).join(', ')})` : `reference type #${type}`;
}

export interface Signature {
  readonly params: readonly ('i32' | 'i64')[];
  /** LLVM return type: void, i32, i64 or a struct of them */
  readonly result: string;
  /** canonical text, e.g. "i32,i64->i32", equal for equal wasm function types */
  readonly key: string;
}

export function signatureOf(params: number, results: number, where: string): Signature {
  const paramTypes = binaryen.expandType(params).map((t) => scalarType(t, where));
  const resultTypes = binaryen.expandType(results).map((t) => scalarType(t, where));
  return {
    params: paramTypes,
    result: llvmType(results, where),
    key: `${paramTypes.join(',')}->${resultTypes.join(',')}`,
  };
}

/** The LLVM function pointer type of a signature, e.g. `i32 (i32, i64)*`. */
export function functionPointerType(sig: Signature): string {
  return `${sig.result} (${sig.params.join(', ')})*`;
}

/** An i32 constant as LLVM text (always signed decimal). */
export function i32Const(value: number): string {
  return String(value | 0);
}

/** An i64 constant as LLVM text from whatever binaryen returns (bigint or {low, high}). */
export function i64Const(value: unknown): string {
  if (typeof value === 'bigint') return BigInt.asIntN(64, value).toString();
  if (typeof value === 'number') return String(value);
  const { low, high } = value as { low: number; high: number };
  return BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString();
}
