// Calls: direct calls, call_indirect through the table (index, null and signature checks), and
// the host imports, each a small internal function whose body is an `ecall` in inline assembly.
import { WASM_TRAP } from '../abi';
import type { FunctionBuilder } from './builder';
import type { WasmFunction } from './module';
import { functionPointerType, type Signature } from './types';

export const TABLE_FUNCTIONS = '@__wasm_table_functions';
export const TABLE_SIGNATURES = '@__wasm_table_signatures';

/** Canonical ids of function types (1, 2, ...; 0 marks an empty table slot). */
export class SignatureIds {
  private readonly ids = new Map<string, number>();

  idOf(signature: Signature): number {
    let id = this.ids.get(signature.key);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(signature.key, id);
    }
    return id;
  }
}

function callText(signature: Signature, callee: string, args: readonly string[]): string {
  const operands = args.map((a, i) => `${signature.params[i]} ${a}`).join(', ');
  return `call ${signature.result} ${callee}(${operands})`;
}

/** A call to a translated or imported function; returns the result operand ('' for void). */
export function callDirect(b: FunctionBuilder, callee: WasmFunction, args: readonly string[]): string {
  const text = callText(callee.signature, callee.llvmName, args);
  const result = callee.signature.result === 'void' ? (b.emit(text), '') : b.value(text);
  if (callee.hostImport?.noReturn) b.terminate('unreachable');
  return result;
}

/** call_indirect: traps on an index beyond the table and on a null or differently typed entry. */
export function callIndirect(b: FunctionBuilder, signature: Signature, signatureId: number, tableSize: number, index: string, args: readonly string[]): string {
  b.trapIf(b.value(`icmp uge i32 ${index}, ${tableSize}`), WASM_TRAP.TABLE_OUT_OF_BOUNDS);
  const sigSlot = b.value(`getelementptr inbounds [${tableSize} x i32], [${tableSize} x i32]* ${TABLE_SIGNATURES}, i32 0, i32 ${index}`);
  const actual = b.value(`load i32, i32* ${sigSlot}`);
  b.trapIf(b.value(`icmp ne i32 ${actual}, ${signatureId}`), WASM_TRAP.INDIRECT_CALL_MISMATCH);
  const fnSlot = b.value(`getelementptr inbounds [${tableSize} x i8*], [${tableSize} x i8*]* ${TABLE_FUNCTIONS}, i32 0, i32 ${index}`);
  const raw = b.value(`load i8*, i8** ${fnSlot}`);
  const fn = b.value(`bitcast i8* ${raw} to ${functionPointerType(signature)}`);
  const text = callText(signature, fn, args);
  if (signature.result === 'void') {
    b.emit(text);
    return '';
  }
  return b.value(text);
}

/** The two constant arrays behind call_indirect: function pointers and their signature ids. */
export function tableDefinitions(table: readonly (string | null)[], functions: ReadonlyMap<string, WasmFunction>, ids: SignatureIds): string[] {
  const n = table.length;
  const pointers = table.map((name) => {
    if (name === null) return 'i8* null';
    const fn = functions.get(name)!;
    return `i8* bitcast (${functionPointerType(fn.signature)} ${fn.llvmName} to i8*)`;
  });
  const signatures = table.map((name) => `i32 ${name === null ? 0 : ids.idOf(functions.get(name)!.signature)}`);
  const init = (items: string[]) => (n === 0 ? 'zeroinitializer' : `[${items.join(', ')}]`);
  return [
    `${TABLE_FUNCTIONS} = internal constant [${n} x i8*] ${init(pointers)}`,
    `${TABLE_SIGNATURES} = internal constant [${n} x i32] ${init(signatures)}`,
  ];
}

/**
 * An `ecall` with a7 = number and the arguments in a0..; returns the inline-asm call text. The host
 * writes a result to a0 after every ecall that returns (docs/abi.md), so a0 is always an output: for a
 * function without a result it is declared and ignored, never assumed to keep its argument.
 */
export function ecallAsm(number: number, args: readonly string[]): string {
  const inputs = args.map((_, i) => `{x${10 + i}}`);
  const constraints = ['={x10}', ...inputs, '{x17}', '~{memory}'].join(',');
  const operands = [...args.map((a) => `i32 ${a}`), `i32 ${number}`].join(', ');
  return `call i32 asm sideeffect "ecall", "${constraints}"(${operands})`;
}

/** The definition of a host import: one ecall (followed by `unreachable` when it never returns). */
export function hostImportDefinition(fn: WasmFunction): string[] {
  const host = fn.hostImport!;
  const params = host.params.map((t, i) => `${t} %p${i}`).join(', ');
  const args = host.params.map((_, i) => `%p${i}`);
  const hasResult = host.results.length > 0;
  const body = hasResult
    ? [`  %r = ${ecallAsm(host.ecall, args)}`, '  ret i32 %r']
    : [`  %r = ${ecallAsm(host.ecall, args)}`, host.noReturn ? '  unreachable' : '  ret void'];
  const attributes = host.noReturn ? '#0 noreturn' : '#0';
  return [`; host import ${host.module}.${host.name}: ecall ${host.ecall}`, `define internal ${fn.signature.result} ${fn.llvmName}(${params}) ${attributes} {`, 'entry:', ...body, '}'];
}
