// Reads a binaryen module into plain descriptions the emitters use (functions with signatures and
// LLVM names, globals, the table, data segments, start and entry), rejecting unsupported features.
import binaryen from 'binaryen';
import { HOST_IMPORTS, type HostImport, ENTRY_EXPORT, WASM_PAGE_SIZE } from '../abi';
import { SymbolNames } from './names';
import { i32Const, i64Const, scalarType, signatureOf, typeName, UnsupportedError, type Signature } from './types';

export interface WasmFunction {
  readonly wasmName: string;
  readonly llvmName: string;
  readonly signature: Signature;
  /** the host import this function is, if it is imported */
  readonly hostImport?: HostImport;
  /** binaryen types of the non-parameter locals */
  readonly vars: readonly number[];
  readonly body: number;
}

export interface WasmGlobal {
  readonly llvmName: string;
  readonly type: 'i32' | 'i64';
  readonly mutable: boolean;
  /** the initial value as an LLVM constant */
  readonly init: string;
}

export interface ModuleDescription {
  readonly module: binaryen.Module;
  readonly functions: ReadonlyMap<string, WasmFunction>;
  readonly globals: ReadonlyMap<string, WasmGlobal>;
  /** wasm function name (or null) per table slot; empty without a table */
  readonly table: readonly (string | null)[];
  readonly dataSegments: readonly { readonly offset: number; readonly bytes: Uint8Array }[];
  /** declared memory pages (0 without a memory) */
  readonly memoryPages: number;
  readonly start: string | null;
  readonly entry: string;
}

function describeFunctions(module: binaryen.Module, names: SymbolNames): Map<string, WasmFunction> {
  const functions = new Map<string, WasmFunction>();
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    const where = `function "${info.name}"`;
    const signature = signatureOf(info.params, info.results, where);
    let hostImport: HostImport | undefined;
    if (info.module) {
      hostImport = HOST_IMPORTS.find((h) => h.module === info.module && h.name === info.base);
      if (!hostImport) throw new UnsupportedError(`import ${info.module}.${info.base} is not a zkos host function (allowed: ${HOST_IMPORTS.map((h) => `${h.module}.${h.name}`).join(', ')})`);
      const expected = `${hostImport.params.join(',')}->${hostImport.results.join(',')}`;
      if (signature.key !== expected) throw new UnsupportedError(`import ${info.module}.${info.base} has type ${signature.key}, expected ${expected}`);
    }
    info.vars.forEach((t) => binaryen.expandType(t).forEach((part) => scalarType(part, `${where}, a local`)));
    functions.set(info.name, { wasmName: info.name, llvmName: names.functionName(info.name), signature, hostImport, vars: info.vars, body: info.body });
  }
  return functions;
}

/** A constant initialiser: i32/i64.const, or global.get of an earlier global. */
function constantValue(expr: number, globals: ReadonlyMap<string, WasmGlobal>, where: string): string {
  const info = binaryen.getExpressionInfo(expr);
  if (info.id === binaryen.ConstId) {
    return info.type === binaryen.i64 ? i64Const((info as binaryen.ConstInfo).value) : i32Const((info as binaryen.ConstInfo).value as number);
  }
  if (info.id === binaryen.GlobalGetId) {
    const source = globals.get((info as binaryen.GlobalGetInfo).name);
    if (source) return source.init;
  }
  throw new UnsupportedError(`${where}: only i32.const, i64.const and global.get of a defined global are supported as initialisers`);
}

function describeGlobals(module: binaryen.Module, names: SymbolNames): Map<string, WasmGlobal> {
  const globals = new Map<string, WasmGlobal>();
  for (let i = 0; i < module.getNumGlobals(); i++) {
    const info = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
    const where = `global "${info.name}"`;
    if (info.module) throw new UnsupportedError(`${where}: imported globals (${info.module}.${info.base}) are not supported`);
    const type = scalarType(info.type, where);
    globals.set(info.name, { llvmName: names.internalName('global', info.name), type, mutable: info.mutable, init: constantValue(info.init, globals, where) });
  }
  return globals;
}

function constantOffset(expr: number, globals: ReadonlyMap<string, WasmGlobal>, where: string): number {
  return Number(constantValue(expr, globals, where)) >>> 0;
}

function describeTable(module: binaryen.Module, globals: ReadonlyMap<string, WasmGlobal>): (string | null)[] {
  const count = module.getNumTables();
  if (count === 0) return [];
  if (count > 1) throw new UnsupportedError(`${count} tables: only one funcref table is supported`);
  const table = module.getTableByIndex(0);
  const info = binaryen.getTableInfo(table);
  if (info.module) throw new UnsupportedError(`imported table ${info.module}.${info.base} is not supported`);
  const type = (binaryen as unknown as { _BinaryenTableGetType(t: number): number })._BinaryenTableGetType(table);
  if (type !== binaryen.funcref) throw new UnsupportedError(`table of ${typeName(type)}: only funcref tables are supported`);
  const slots: (string | null)[] = new Array(info.initial).fill(null);
  for (let i = 0; i < module.getNumElementSegments(); i++) {
    const segment = binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(i));
    const where = `element segment ${segment.name}`;
    if (!segment.offset) throw new UnsupportedError(`${where}: passive and declarative element segments are not supported`);
    const offset = constantOffset(segment.offset, globals, where);
    if (offset + segment.data.length > slots.length) throw new UnsupportedError(`${where}: [${offset}, ${offset + segment.data.length}) is outside the table of ${slots.length}`);
    segment.data.forEach((name, j) => (slots[offset + j] = name));
  }
  return slots;
}

/** The data segment accessors binaryen.js has but its typings lack. */
interface DataSegmentApi {
  getNumDataSegments(): number;
  getDataSegmentByIndex(index: number): number;
  getDataSegmentInfo(segment: number): { name: string; offset: number | null; data: ArrayBuffer; passive: boolean };
}

function describeMemory(module: binaryen.Module): { pages: number; segments: { offset: number; bytes: Uint8Array }[] } {
  if (!module.hasMemory()) return { pages: 0, segments: [] };
  const memory = module.getMemoryInfo();
  if (memory.module) throw new UnsupportedError(`imported memory ${memory.module}.${memory.base} is not supported: declare the memory in the module`);
  if (memory.is64) throw new UnsupportedError('memory64 is not supported');
  if (memory.shared) throw new UnsupportedError('shared memory (threads, atomics) is not supported');
  if (memory.max !== memory.initial) throw new UnsupportedError(`memory must declare maximum = initial (it has initial ${memory.initial}, maximum ${memory.max ?? 'none'}): it never grows`);
  const segments: { offset: number; bytes: Uint8Array }[] = [];
  const data = module as unknown as DataSegmentApi;
  for (let i = 0; i < data.getNumDataSegments(); i++) {
    const info = data.getDataSegmentInfo(data.getDataSegmentByIndex(i));
    if (info.passive || info.offset === null) throw new UnsupportedError(`data segment ${info.name}: passive data segments (memory.init) are not supported`);
    const bytes = new Uint8Array(info.data);
    const offset = info.offset >>> 0;
    if (offset + bytes.length > memory.initial * WASM_PAGE_SIZE) throw new UnsupportedError(`data segment ${info.name}: [${offset}, ${offset + bytes.length}) is outside the memory`);
    segments.push({ offset, bytes });
  }
  return { pages: memory.initial, segments };
}

function entryFunction(module: binaryen.Module): string {
  for (let i = 0; i < module.getNumExports(); i++) {
    const info = binaryen.getExportInfo(module.getExportByIndex(i));
    if (info.name !== ENTRY_EXPORT) continue;
    if (info.kind !== binaryen.ExternalFunction) throw new UnsupportedError(`export "${ENTRY_EXPORT}" is not a function`);
    return info.value;
  }
  throw new UnsupportedError(`module has no export "${ENTRY_EXPORT}"`);
}

export function describeModule(module: binaryen.Module): ModuleDescription {
  const names = new SymbolNames();
  const functions = describeFunctions(module, names);
  const globals = describeGlobals(module, names);
  const table = describeTable(module, globals);
  const memory = describeMemory(module);
  const startRef = module.getStart();
  const entry = entryFunction(module);
  const main = functions.get(entry)!;
  if (main.signature.params.length > 0 || !['void', 'i32'].includes(main.signature.result)) {
    throw new UnsupportedError(`export "${ENTRY_EXPORT}" must take no parameters and return nothing or an i32 exit code (it is ${main.signature.key})`);
  }
  return {
    module,
    functions,
    globals,
    table,
    dataSegments: memory.segments,
    memoryPages: memory.pages,
    start: startRef ? binaryen.getFunctionInfo(startRef).name : null,
    entry,
  };
}
