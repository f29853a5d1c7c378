// Checks that a WebAssembly module stays inside what zkos supports (integer-only MVP plus
// sign-extension and bulk memory copy/fill, our host imports, a `main` entry, fixed-size memory).
import binaryen from 'binaryen';
import { ENTRY_EXPORT, HOST_IMPORTS, type WasmValueType } from './abi';

export class WasmCheckError extends Error {
  override name = 'WasmCheckError';
}

/** Validates `wasm` and throws WasmCheckError naming the first unsupported function/instruction. */
export function checkModule(wasm: Uint8Array): void {
  try {
    new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new WasmCheckError(`not a valid WebAssembly module: ${(e as Error).message}`);
  }
  checkSections(wasm);
  const module = binaryen.readBinaryWithFeatures(wasm, binaryen.Features.All);
  try {
    validate(module);
    checkMemory(module);
    checkTables(module);
    checkGlobals(module);
    checkFunctions(module);
    checkEntry(module);
  } finally {
    module.dispose();
  }
}

function validate(module: binaryen.Module): void {
  const messages: string[] = [];
  const stderrWrite = process.stderr.write;
  // binaryen prints validation errors to stderr; keep them for the error message
  process.stderr.write = ((chunk: string | Uint8Array) => {
    messages.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  let ok: number;
  try {
    ok = module.validate();
  } finally {
    process.stderr.write = stderrWrite;
  }
  if (!ok) throw new WasmCheckError(`binaryen validation failed:\n${messages.join('').trim()}`);
}

// ---- module-level structure, read from the binary (binaryen.js cannot count memories or tags) ----

const SECTION = { IMPORT: 2, MEMORY: 5, TAG: 13 } as const;
const IMPORT_KIND = ['function', 'table', 'memory', 'global', 'tag'] as const;

function checkSections(wasm: Uint8Array): void {
  const reader = new ByteReader(wasm, 8);
  let memories = 0;
  while (!reader.done()) {
    const id = reader.byte();
    const end = reader.u32() + reader.offset;
    if (id === SECTION.TAG) throw new WasmCheckError('exception handling (a tag section) is not supported');
    if (id === SECTION.MEMORY) memories += reader.u32();
    if (id === SECTION.IMPORT) {
      for (let n = reader.u32(); n > 0; n--) {
        const module = reader.name();
        const name = reader.name();
        const kind = reader.byte();
        if (kind !== 0) {
          throw new WasmCheckError(
            `import ${module}.${name}: importing a ${IMPORT_KIND[kind] ?? `kind-${kind}`} is not supported; ` +
              `only these functions may be imported: ${allowedImports()}`,
          );
        }
        reader.u32(); // type index
      }
    }
    reader.offset = end;
  }
  if (memories > 1) throw new WasmCheckError(`multiple memories (${memories}) are not supported; use one linear memory`);
}

class ByteReader {
  constructor(
    private readonly bytes: Uint8Array,
    public offset: number,
  ) {}
  done(): boolean {
    return this.offset >= this.bytes.length;
  }
  byte(): number {
    return this.bytes[this.offset++]!;
  }
  u32(): number {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
    }
  }
  name(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
}

// ---- memory, tables, globals, entry ----

function checkMemory(module: binaryen.Module): void {
  if (!module.hasMemory()) return;
  const memory = module.getMemoryInfo();
  if (memory.is64) throw new WasmCheckError('memory64 is not supported; use a 32-bit linear memory');
  if (memory.shared) throw new WasmCheckError('shared memory (threads) is not supported');
  if (memory.max === undefined || memory.max !== memory.initial) {
    throw new WasmCheckError(
      `memory must be declared with initial = maximum pages (got initial ${memory.initial}, maximum ` +
        `${memory.max ?? 'none'}); build with the toolchain's flags (--initialMemory N --maximumMemory N)`,
    );
  }
}

function checkTables(module: binaryen.Module): void {
  const count = module.getNumTables();
  if (count > 1) throw new WasmCheckError(`${count} tables: only one funcref table is supported (reference types)`);
  if (count === 1) {
    const table = module.getTableByIndex(0);
    const type = (binaryen as unknown as { _BinaryenTableGetType(t: number): number })._BinaryenTableGetType(table);
    if (type !== binaryen.funcref) {
      const { name } = binaryen.getTableInfo(table);
      throw new WasmCheckError(`table "${name}": only a funcref table is supported (reference types)`);
    }
  }
}

function checkGlobals(module: binaryen.Module): void {
  for (let i = 0; i < module.getNumGlobals(); i++) {
    const global = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
    const problem = typeProblem(global.type);
    if (problem) throw new WasmCheckError(`global "${global.name}": type ${typeName(global.type)} is not supported (${problem})`);
  }
}

function checkEntry(module: binaryen.Module): void {
  for (let i = 0; i < module.getNumExports(); i++) {
    const exported = binaryen.getExportInfo(module.getExportByIndex(i));
    if (exported.name !== ENTRY_EXPORT) continue;
    if (exported.kind !== binaryen.ExternalFunction) throw new WasmCheckError(`export "${ENTRY_EXPORT}" must be a function`);
    const main = binaryen.getFunctionInfo(module.getFunction(exported.value));
    const params = binaryen.expandType(main.params);
    const results = binaryen.expandType(main.results);
    if (params.length > 0 || results.length !== 1 || results[0] !== binaryen.i32) {
      throw new WasmCheckError(
        `export "${ENTRY_EXPORT}" must be a function () -> i32 (the exit code), got (${params.map(typeName).join(', ')}) -> ` +
          `${results.length ? results.map(typeName).join(', ') : 'nothing'}`,
      );
    }
    return;
  }
  throw new WasmCheckError(`no "${ENTRY_EXPORT}" export: a guest must export function ${ENTRY_EXPORT}(): i32`);
}

// ---- functions: imports against HOST_IMPORTS, signatures, locals, every instruction ----

function allowedImports(): string {
  return HOST_IMPORTS.map((h) => `${h.module}.${h.name}(${h.params.join(', ')})${h.results.length ? ` -> ${h.results.join(', ')}` : ''}`).join(', ');
}

function checkFunctions(module: binaryen.Module): void {
  for (let i = 0; i < module.getNumFunctions(); i++) {
    const fn = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
    if (fn.module) checkImport(fn);
    const where = `function "${fn.name}"`;
    const results = binaryen.expandType(fn.results);
    for (const type of [...binaryen.expandType(fn.params), ...results]) {
      const problem = typeProblem(type);
      if (problem) throw new WasmCheckError(`${where}: a ${typeName(type)} parameter or result is not supported (${problem})`);
    }
    for (const type of fn.vars) {
      const problem = typeProblem(type);
      if (problem) throw new WasmCheckError(`${where}: a ${typeName(type)} local is not supported (${problem})`);
    }
    if (fn.body) checkExpression(fn.body, where);
  }
}

function checkImport(fn: binaryen.FunctionInfo): void {
  const host = HOST_IMPORTS.find((h) => h.module === fn.module && h.name === fn.base);
  const name = `${fn.module}.${fn.base}`;
  if (!host) throw new WasmCheckError(`import ${name} is not a zkos host function; allowed imports: ${allowedImports()}`);
  const params = binaryen.expandType(fn.params).map(typeName);
  const results = binaryen.expandType(fn.results).map(typeName);
  if (!sameTypes(params, host.params) || !sameTypes(results, host.results)) {
    throw new WasmCheckError(
      `import ${name} has signature (${params.join(', ')}) -> (${results.join(', ')}), ` +
        `expected (${host.params.join(', ')}) -> (${host.results.join(', ')})`,
    );
  }
}

function sameTypes(actual: string[], expected: readonly WasmValueType[]): boolean {
  return actual.length === expected.length && actual.every((t, i) => t === expected[i]);
}

const E = binaryen;
/** Expression kinds we accept, with how to find their operands. */
const CHILDREN: ReadonlyMap<number, (info: any) => number[]> = new Map<number, (info: any) => number[]>([
  [E.NopId, () => []],
  [E.BlockId, (i) => i.children],
  [E.IfId, (i) => [i.condition, i.ifTrue, i.ifFalse]],
  [E.LoopId, (i) => [i.body]],
  [E.BreakId, (i) => [i.condition, i.value]],
  [E.SwitchId, (i) => [i.condition, i.value]],
  [E.CallId, (i) => i.operands],
  [E.CallIndirectId, (i) => [i.target, ...i.operands]],
  [E.LocalGetId, () => []],
  [E.LocalSetId, (i) => [i.value]],
  [E.GlobalGetId, () => []],
  [E.GlobalSetId, (i) => [i.value]],
  [E.LoadId, (i) => [i.ptr]],
  [E.StoreId, (i) => [i.ptr, i.value]],
  [E.ConstId, () => []],
  [E.UnaryId, (i) => [i.value]],
  [E.BinaryId, (i) => [i.left, i.right]],
  [E.SelectId, (i) => [i.ifTrue, i.ifFalse, i.condition]],
  [E.DropId, (i) => [i.value]],
  [E.ReturnId, (i) => [i.value]],
  [E.MemorySizeId, () => []],
  [E.MemoryGrowId, (i) => [i.delta]],
  [E.MemoryCopyId, (i) => [i.dest, i.source, i.size]],
  [E.MemoryFillId, (i) => [i.dest, i.value, i.size]],
  [E.UnreachableId, () => []],
  // multi-value (as asc may emit it): tuples of i32/i64, translated to LLVM struct values
  [E.TupleMakeId, (i) => i.operands],
  [E.TupleExtractId, (i) => [i.tuple]],
]);

/** Why a kind of expression outside CHILDREN is rejected. */
function unsupportedKind(id: number): string {
  if (id === E.AtomicRMWId || id === E.AtomicCmpxchgId || id === E.AtomicWaitId || id === E.AtomicNotifyId || id === E.AtomicFenceId) {
    return 'atomics/threads';
  }
  if ([E.SIMDExtractId, E.SIMDReplaceId, E.SIMDShuffleId, E.SIMDTernaryId, E.SIMDShiftId, E.SIMDLoadId, E.SIMDLoadStoreLaneId].includes(id)) {
    return 'SIMD';
  }
  if ([E.TryId, E.TryTableId, E.ThrowId, E.RethrowId].includes(id)) return 'exception handling';
  if (id === E.MemoryInitId || id === E.DataDropId) return 'passive data segments';
  return 'reference types, GC or another post-MVP feature';
}

function checkExpression(root: number, where: string): void {
  const pending = [root];
  while (pending.length > 0) {
    const expr = pending.pop()!;
    const id = binaryen.getExpressionId(expr);
    if (id === E.NopId || id === E.UnreachableId) continue; // (binaryen.js has no info object for these)
    const info = binaryen.getExpressionInfo(expr) as binaryen.ExpressionInfo & Record<string, unknown>;
    const childrenOf = CHILDREN.get(info.id);
    if (!childrenOf) reject(where, expr, unsupportedKind(info.id));
    if ((info.id === E.LoadId || info.id === E.StoreId) && info.isAtomic) reject(where, expr, 'atomics/threads');
    if (info.id === E.CallId && info.isReturn) reject(where, expr, 'tail calls');
    if (info.id === E.CallIndirectId && info.isReturn) reject(where, expr, 'tail calls');
    const children = childrenOf!(info).filter((c) => c !== 0);
    // an instruction producing an unsupported type is named itself; an operation consuming one
    // (f64.eq, i32.trunc_f64_s, f64.store) too; for anything else (drop, call, local.set) the
    // walk goes on to the operand that produced it
    const ownProblem = typeProblem(info.type);
    if (ownProblem) reject(where, expr, ownProblem);
    if (info.id === E.UnaryId || info.id === E.BinaryId || info.id === E.StoreId) {
      for (const child of children) {
        const problem = typeProblem(binaryen.getExpressionType(child));
        if (problem) reject(where, expr, problem);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
  }
}

function reject(where: string, expr: number, reason: string): never {
  throw new WasmCheckError(`${where}: ${instructionName(expr)} is not supported (${reason})`);
}

/** The instruction's text name, e.g. "f64.add", from binaryen's printer. */
function instructionName(expr: number): string {
  const text = binaryen.emitText(expr).trimStart();
  const match = /^\(?([a-z0-9_.]+)/i.exec(text);
  return match ? match[1]! : text.split('\n')[0]!;
}

/** null when the value type is supported; else the feature it belongs to. */
function typeProblem(type: number): string | null {
  if (type === E.none || type === E.unreachable || type === E.i32 || type === E.i64) return null;
  if (type === E.f32 || type === E.f64) return 'floating point';
  if (type === E.v128) return 'SIMD';
  if (binaryen.expandType(type).length > 1) {
    // a tuple (multi-value) is fine when every part is
    return binaryen.expandType(type).map(typeProblem).find((p) => p !== null) ?? null;
  }
  return 'reference types';
}

function typeName(type: number): string {
  const names: [number, string][] = [
    [E.i32, 'i32'], [E.i64, 'i64'], [E.f32, 'f32'], [E.f64, 'f64'], [E.v128, 'v128'],
    [E.funcref, 'funcref'], [E.externref, 'externref'], [E.none, 'none'],
  ];
  return names.find(([t]) => t === type)?.[1] ?? `type#${type}`;
}
