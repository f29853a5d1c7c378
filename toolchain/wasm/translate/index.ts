// Translates a WebAssembly module into one LLVM IR module for riscv32 (docs/translator.md):
// translated functions, globals, table, data segments, the `_start` entry and the runtime.
import binaryen from 'binaryen';
import { ECALL } from '../../../emulator/ecall';
import { ENTRY_EXPORT } from '../abi';
import { ALIAS_METADATA } from './alias';
import { TRAP_BRANCH_WEIGHTS } from './builder';
import { ecallAsm, hostImportDefinition, SignatureIds, tableDefinitions } from './calls';
import { FunctionTranslator } from './function';
import { MEMORY_INTRINSICS, MemoryAccess } from './memory';
import { describeModule, type ModuleDescription } from './module';
import { NUMERIC_INTRINSICS } from './numeric';
import { runtimeIr } from './runtime';
import { UnsupportedError } from './types';

export { UnsupportedError } from './types';

export interface TranslateOptions {
  /** trap on out-of-bounds memory accesses (default true); off, such accesses are undefined */
  readonly boundsChecks?: boolean;
  /** the linear memory size the build expects; must equal the module's declared memory */
  readonly memoryPages?: number;
}

export interface Translation {
  /** LLVM IR text (typed pointers, LLVM 14) for riscv32-unknown-none-elf */
  readonly ir: string;
  /** every wasm function and the LLVM symbol it became (unquoted text) */
  readonly functions: { readonly wasmName: string; readonly llvmName: string }[];
}

const HEADER = ['target datalayout = "e-m:e-p:32:32-i64:64-n32-S128"', 'target triple = "riscv32-unknown-none-elf"'];
const FUNCTION_ATTRIBUTES = [
  'attributes #0 = { nounwind null_pointer_is_valid }',
  'attributes #3 = { noreturn nounwind null_pointer_is_valid }',
];

function readModule(wasm: Uint8Array): binaryen.Module {
  const bytes = wasm as Uint8Array<ArrayBuffer>;
  if (!WebAssembly.validate(bytes)) {
    try {
      new WebAssembly.Module(bytes);
    } catch (e) {
      throw new UnsupportedError(`not a valid WebAssembly module: ${(e as Error).message}`);
    }
  }
  return binaryen.readBinaryWithFeatures(wasm, binaryen.Features.All);
}

function bytesLiteral(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    text += printable ? String.fromCharCode(byte) : '\\' + byte.toString(16).padStart(2, '0').toUpperCase();
  }
  return `c"${text}"`;
}

function globalDefinitions(description: ModuleDescription): string[] {
  return [...description.globals.values()].map((g) => `${g.llvmName} = internal ${g.mutable ? 'global' : 'constant'} ${g.type} ${g.init}`);
}

/** `_start`: copy the data segments into memory, run the start function, main, then exit. */
function startFunction(description: ModuleDescription): string[] {
  const lines: string[] = [];
  const body: string[] = [];
  const segments = description.dataSegments;
  segments.forEach(({ offset, bytes }, i) => {
    // memory is zero at boot, so an all-zero segment matters only where an earlier one wrote
    const overlapsEarlier = segments.slice(0, i).some((e) => e.offset < offset + bytes.length && offset < e.offset + e.bytes.length);
    if (bytes.every((b) => b === 0) && !overlapsEarlier) return;
    const name = `@__wasm_data_${i}`;
    const type = `[${bytes.length} x i8]`;
    lines.push(`${name} = private unnamed_addr constant ${type} ${bytesLiteral(bytes)}, align 4`);
    const source = `i8* getelementptr inbounds (${type}, ${type}* ${name}, i32 0, i32 0)`;
    body.push(`  call void @llvm.memcpy.p0i8.p0i8.i32(i8* align 1 inttoptr (i32 ${offset | 0} to i8*), ${source}, i32 ${bytes.length}, i1 false)`);
  });
  const call = (name: string) => description.functions.get(name)!;
  if (description.start) body.push(`  call void ${call(description.start).llvmName}()`);
  const main = call(description.entry);
  if (main.signature.result === 'i32') {
    body.push(`  %code = call i32 ${main.llvmName}()`, `  ${ecallAsm(ECALL.EXIT, ['%code'])}`);
  } else {
    body.push(`  call void ${main.llvmName}()`, `  ${ecallAsm(ECALL.EXIT, ['0'])}`);
  }
  return [...lines, `; entry: data segments, start function, export "${ENTRY_EXPORT}", exit`, 'define void @_start() #3 {', 'entry:', ...body, '  unreachable', '}'];
}

/** Symbol text without the `@"..."` quoting (escapes left as they are). */
function symbolText(llvmName: string): string {
  return llvmName.slice(2, -1);
}

export function translateModule(wasm: Uint8Array, options: TranslateOptions = {}): Translation {
  const module = readModule(wasm);
  try {
    const description = describeModule(module);
    if (options.memoryPages !== undefined && description.memoryPages !== 0 && options.memoryPages !== description.memoryPages) {
      throw new UnsupportedError(`the module declares ${description.memoryPages} pages of memory but the build expects ${options.memoryPages}`);
    }
    const memory = new MemoryAccess({ pages: description.memoryPages, boundsChecks: options.boundsChecks ?? true });
    const signatureIds = new SignatureIds();
    const context = { module: description, memory, signatureIds };
    const functionLines: string[] = [];
    for (const fn of description.functions.values()) {
      functionLines.push('', ...(fn.hostImport ? hostImportDefinition(fn) : new FunctionTranslator(fn, context).translate()));
    }
    const ir = [
      ...HEADER,
      '',
      ...globalDefinitions(description),
      ...tableDefinitions(description.table, description.functions, signatureIds),
      ...functionLines,
      '',
      ...startFunction(description),
      runtimeIr(),
      ...FUNCTION_ATTRIBUTES,
      '',
      ...NUMERIC_INTRINSICS,
      ...MEMORY_INTRINSICS,
      '',
      TRAP_BRANCH_WEIGHTS,
      ...ALIAS_METADATA,
      '',
    ].join('\n');
    const functions = [...description.functions.values()].map((f) => ({ wasmName: f.wasmName, llvmName: symbolText(f.llvmName) }));
    return { ir, functions };
  } finally {
    module.dispose();
  }
}
