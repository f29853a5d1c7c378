// Translates one WebAssembly function body (binaryen's expression tree) into an LLVM function:
// locals and block results in allocas (mem2reg makes them SSA), structured control flow as blocks.
import binaryen from 'binaryen';
import { WASM_TRAP } from '../abi';
import { GLOBAL_ACCESS } from './alias';
import { FunctionBuilder } from './builder';
import { callDirect, callIndirect, type SignatureIds } from './calls';
import type { MemoryAccess } from './memory';
import type { ModuleDescription, WasmFunction } from './module';
import { BINARY_OPS, operationName, UNARY_OPS } from './numeric';
import { i32Const, i64Const, isConcrete, llvmType, scalarType, signatureOf, typeName, UnsupportedError } from './types';

export interface FunctionContext {
  readonly module: ModuleDescription;
  readonly memory: MemoryAccess;
  readonly signatureIds: SignatureIds;
}

interface BranchTarget {
  readonly label: string;
  /** where branches leave their value (blocks with a result only) */
  readonly slot?: string;
  readonly type: string;
}

/** Expression kind names by binaryen id, for error messages ("SIMDLoad", "Try", ...). */
const EXPRESSION_NAMES = new Map<number, string>(
  Object.entries(binaryen)
    .filter(([name, value]) => /^[A-Z]\w*Id$/.test(name) && typeof value === 'number')
    .map(([name, value]) => [value as number, name.slice(0, -2)]),
);

/** The operands of an expression in evaluation order (for code that never completes). */
function operandsOf(info: any): number[] {
  switch (info.id) {
    case binaryen.UnaryId: case binaryen.DropId: case binaryen.LocalSetId: case binaryen.GlobalSetId:
    case binaryen.ReturnId: case binaryen.TupleExtractId:
      return [info.value ?? info.tuple].filter(Boolean);
    case binaryen.BinaryId: return [info.left, info.right];
    case binaryen.LoadId: return [info.ptr];
    case binaryen.StoreId: return [info.ptr, info.value];
    case binaryen.SelectId: return [info.ifTrue, info.ifFalse, info.condition];
    case binaryen.CallId: case binaryen.TupleMakeId: return info.operands;
    case binaryen.CallIndirectId: return [...info.operands, info.target];
    case binaryen.MemoryGrowId: return [info.delta];
    case binaryen.MemoryCopyId: return [info.dest, info.source, info.size];
    case binaryen.MemoryFillId: return [info.dest, info.value, info.size];
    case binaryen.BreakId: case binaryen.SwitchId: return [info.value, info.condition].filter(Boolean);
    case binaryen.IfId: return [info.condition];
    default: return [];
  }
}

/** binaryen.getExpressionInfo, which throws for kinds without fields (unreachable, nop, ...). */
function expressionInfo(ref: number): any {
  try {
    return binaryen.getExpressionInfo(ref);
  } catch {
    return { id: binaryen.getExpressionId(ref), type: binaryen.getExpressionType(ref) };
  }
}

export class FunctionTranslator {
  private readonly b = new FunctionBuilder();
  private readonly locals: { pointer: string; type: string }[] = [];
  private readonly targets = new Map<string, BranchTarget>();

  constructor(private readonly fn: WasmFunction, private readonly ctx: FunctionContext) {}

  private fail(what: string): never {
    throw new UnsupportedError(`function "${this.fn.wasmName}": ${what}`);
  }

  translate(): string[] {
    const { signature, vars, body } = this.fn;
    signature.params.forEach((type, i) => {
      const pointer = this.b.alloca(type, 'l');
      this.b.emit(`store ${type} %p${i}, ${type}* ${pointer}`);
      this.locals.push({ pointer, type });
    });
    vars.forEach((wasmType) => {
      const type = llvmType(wasmType, `function "${this.fn.wasmName}"`);
      const pointer = this.b.alloca(type, 'l');
      this.b.emit(`store ${type} ${type.startsWith('{') ? 'zeroinitializer' : '0'}, ${type}* ${pointer}`);
      this.locals.push({ pointer, type });
    });
    const result = this.expr(body);
    if (!this.b.isTerminated) this.b.terminate(signature.result === 'void' ? 'ret void' : `ret ${signature.result} ${result}`);
    const params = signature.params.map((t, i) => `${t} %p${i}`).join(', ');
    return [`define internal ${signature.result} ${this.fn.llvmName}(${params}) #0 {`, ...this.b.finish(), '}'];
  }

  /** Emits an expression; returns its value operand ('' for none, 'undef' if it never completes). */
  private expr(ref: number): string {
    const id = binaryen.getExpressionId(ref);
    if (!EMITTERS.has(id)) this.fail(`unsupported instruction ${EXPRESSION_NAMES.get(id) ?? `#${id}`}`);
    const info = expressionInfo(ref);
    if (info.type === binaryen.unreachable && id !== binaryen.BlockId && id !== binaryen.LoopId) {
      // An operand never completes: evaluate up to it, the operation itself is dead.
      const operands = operandsOf(info);
      const stop = operands.findIndex((o) => binaryen.getExpressionType(o) === binaryen.unreachable);
      if (stop >= 0) {
        operands.slice(0, stop + 1).forEach((o) => this.expr(o));
        if (!this.b.isTerminated) this.b.terminate('unreachable');
        return 'undef';
      }
    }
    if (info.type !== binaryen.unreachable) binaryen.expandType(info.type).forEach((t) => scalarType(t, `function "${this.fn.wasmName}"`));
    return EMITTERS.get(id)!.call(this, info);
  }

  private typeOf(type: number): string {
    return llvmType(type, `function "${this.fn.wasmName}"`);
  }

  // ---- control flow

  block(info: binaryen.BlockInfo): string {
    const type = this.typeOf(info.type);
    const target: BranchTarget | undefined = info.name
      ? { label: this.b.label('block'), type, slot: isConcrete(info.type) ? this.b.alloca(type) : undefined }
      : undefined;
    const saved = info.name ? this.targets.get(info.name) : undefined;
    if (info.name) this.targets.set(info.name, target!);
    let last = '';
    for (const child of info.children) last = this.expr(child);
    if (info.name) saved ? this.targets.set(info.name, saved) : this.targets.delete(info.name);
    if (!target) return isConcrete(info.type) ? last : '';
    if (target.slot && !this.b.isTerminated) this.b.emit(`store ${type} ${last}, ${type}* ${target.slot}`);
    this.b.startBlock(target.label);
    return target.slot ? this.b.value(`load ${type}, ${type}* ${target.slot}`) : '';
  }

  loop(info: binaryen.LoopInfo): string {
    const label = this.b.label('loop');
    const saved = info.name ? this.targets.get(info.name) : undefined;
    if (info.name) this.targets.set(info.name, { label, type: 'void' });
    this.b.startBlock(label);
    const value = this.expr(info.body);
    if (info.name) saved ? this.targets.set(info.name, saved) : this.targets.delete(info.name);
    return value;
  }

  if(info: binaryen.IfInfo): string {
    const condition = this.truth(this.expr(info.condition));
    const type = this.typeOf(info.type);
    const slot = isConcrete(info.type) ? this.b.alloca(type) : undefined;
    const [thenLabel, elseLabel, endLabel] = [this.b.label('then'), this.b.label('else'), this.b.label('endif')];
    this.b.terminate(`br i1 ${condition}, label %${thenLabel}, label %${info.ifFalse ? elseLabel : endLabel}`);
    const arm = (label: string, ref: number) => {
      this.b.startBlock(label);
      const value = this.expr(ref);
      if (slot && !this.b.isTerminated) this.b.emit(`store ${type} ${value}, ${type}* ${slot}`);
      if (!this.b.isTerminated) this.b.terminate(`br label %${endLabel}`);
    };
    arm(thenLabel, info.ifTrue);
    if (info.ifFalse) arm(elseLabel, info.ifFalse);
    this.b.startBlock(endLabel);
    if (info.type === binaryen.unreachable) this.b.terminate('unreachable');
    return slot ? this.b.value(`load ${type}, ${type}* ${slot}`) : '';
  }

  private target(name: string): BranchTarget {
    const target = this.targets.get(name);
    if (!target) this.fail(`branch to unknown label ${name}`);
    return target;
  }

  /** Leaves `value` where the target block expects its result. */
  private deliver(target: BranchTarget, value: string): void {
    if (target.slot && value) this.b.emit(`store ${target.type} ${value}, ${target.type}* ${target.slot}`);
  }

  break(info: binaryen.BreakInfo): string {
    const target = this.target(info.name);
    const value = info.value ? this.expr(info.value) : '';
    if (!info.condition) {
      this.deliver(target, value);
      this.b.terminate(`br label %${target.label}`);
      return 'undef';
    }
    // The value is delivered only on the taken edge, after the condition ran: the condition may
    // itself branch to the same target and deliver a value of its own.
    const condition = this.truth(this.expr(info.condition));
    const next = this.b.label('brnot');
    if (target.slot && value) {
      const take = this.b.label('brtake');
      this.b.terminate(`br i1 ${condition}, label %${take}, label %${next}`);
      this.b.startBlock(take);
      this.deliver(target, value);
      this.b.terminate(`br label %${target.label}`);
    } else {
      this.b.terminate(`br i1 ${condition}, label %${target.label}, label %${next}`);
    }
    this.b.startBlock(next);
    return value;
  }

  switch(info: binaryen.SwitchInfo): string {
    const value = info.value ? this.expr(info.value) : '';
    const index = this.expr(info.condition);
    const names = [...info.names, info.defaultName!];
    for (const name of new Set(names)) this.deliver(this.target(name), value);
    const cases = info.names.map((name, i) => `i32 ${i}, label %${this.target(name).label}`).join(' ');
    this.b.terminate(`switch i32 ${index}, label %${this.target(info.defaultName!).label} [${cases}]`);
    return 'undef';
  }

  return(info: binaryen.ReturnInfo): string {
    const result = this.fn.signature.result;
    const value = info.value ? this.expr(info.value) : '';
    this.b.terminate(result === 'void' ? 'ret void' : `ret ${result} ${value}`);
    return 'undef';
  }

  unreachable(): string {
    this.b.trap(WASM_TRAP.UNREACHABLE);
    return 'undef';
  }

  /** An i32 wasm condition as an i1. */
  private truth(value: string): string {
    return this.b.value(`icmp ne i32 ${value}, 0`);
  }

  // ---- values

  const(info: binaryen.ConstInfo): string {
    return info.type === binaryen.i64 ? i64Const(info.value) : i32Const(info.value as number);
  }

  unary(info: binaryen.UnaryInfo): string {
    const emit = UNARY_OPS.get(info.op) ?? this.fail(`unsupported instruction ${operationName(info.op)}`);
    return emit(this.b, this.expr(info.value));
  }

  binary(info: binaryen.BinaryInfo): string {
    const emit = BINARY_OPS.get(info.op) ?? this.fail(`unsupported instruction ${operationName(info.op)}`);
    const left = this.expr(info.left);
    return emit(this.b, left, this.expr(info.right));
  }

  select(info: binaryen.SelectInfo): string {
    const type = this.typeOf(info.type);
    const ifTrue = this.expr(info.ifTrue);
    const ifFalse = this.expr(info.ifFalse);
    const condition = this.truth(this.expr(info.condition));
    return this.b.value(`select i1 ${condition}, ${type} ${ifTrue}, ${type} ${ifFalse}`);
  }

  drop(info: binaryen.DropInfo): string {
    this.expr(info.value);
    return '';
  }

  nop(): string {
    return '';
  }

  localGet(info: binaryen.LocalGetInfo): string {
    const local = this.locals[info.index];
    return this.b.value(`load ${local.type}, ${local.type}* ${local.pointer}`);
  }

  localSet(info: binaryen.LocalSetInfo): string {
    const local = this.locals[info.index];
    const value = this.expr(info.value);
    this.b.emit(`store ${local.type} ${value}, ${local.type}* ${local.pointer}`);
    return info.isTee ? value : '';
  }

  globalGet(info: binaryen.GlobalGetInfo): string {
    const global = this.ctx.module.globals.get(info.name)!;
    return this.b.value(`load ${global.type}, ${global.type}* ${global.llvmName}${GLOBAL_ACCESS}`);
  }

  globalSet(info: binaryen.GlobalSetInfo): string {
    const global = this.ctx.module.globals.get(info.name)!;
    this.b.emit(`store ${global.type} ${this.expr(info.value)}, ${global.type}* ${global.llvmName}${GLOBAL_ACCESS}`);
    return '';
  }

  tupleMake(info: { type: number; operands: number[] }): string {
    const type = this.typeOf(info.type);
    let aggregate = 'undef';
    info.operands.forEach((operand, i) => {
      const t = scalarType(binaryen.expandType(info.type)[i], `function "${this.fn.wasmName}"`);
      const value = this.expr(operand);
      aggregate = this.b.value(`insertvalue ${type} ${aggregate}, ${t} ${value}, ${i}`);
    });
    return aggregate;
  }

  tupleExtract(info: { tuple: number; index: number }): string {
    const type = this.typeOf(binaryen.getExpressionType(info.tuple));
    return this.b.value(`extractvalue ${type} ${this.expr(info.tuple)}, ${info.index}`);
  }

  // ---- memory

  load(info: binaryen.LoadInfo): string {
    if (info.isAtomic) this.fail('atomic loads are not supported');
    const type = scalarType(info.type, `function "${this.fn.wasmName}", a load of ${typeName(info.type)}`);
    return this.ctx.memory.load(this.b, type, this.expr(info.ptr), info.offset, info.bytes, info.align, info.isSigned);
  }

  store(info: binaryen.StoreInfo & { valueType: number }): string {
    if (info.isAtomic) this.fail('atomic stores are not supported');
    const type = scalarType(info.valueType, `function "${this.fn.wasmName}", a store of ${typeName(info.valueType)}`);
    const address = this.expr(info.ptr);
    this.ctx.memory.store(this.b, type, address, this.expr(info.value), info.offset, info.bytes, info.align);
    return '';
  }

  memorySize(): string {
    return this.ctx.memory.size();
  }

  memoryGrow(info: binaryen.MemoryGrowInfo): string {
    return this.ctx.memory.grow(this.b, this.expr(info.delta));
  }

  memoryCopy(info: binaryen.MemoryCopyInfo): string {
    const [dest, source, size] = [this.expr(info.dest), this.expr(info.source), this.expr(info.size)];
    this.ctx.memory.copy(this.b, dest, source, size);
    return '';
  }

  memoryFill(info: binaryen.MemoryFillInfo): string {
    const [dest, value, size] = [this.expr(info.dest), this.expr(info.value), this.expr(info.size)];
    this.ctx.memory.fill(this.b, dest, value, size);
    return '';
  }

  // ---- calls

  call(info: binaryen.CallInfo): string {
    const callee = this.ctx.module.functions.get(info.target)!;
    const args = info.operands.map((o) => this.expr(o));
    const result = callDirect(this.b, callee, args);
    return info.isReturn ? this.tailReturn(result) : result;
  }

  callIndirect(info: binaryen.CallIndirectInfo & { params: number; results: number }): string {
    const signature = signatureOf(info.params, info.results, `function "${this.fn.wasmName}", call_indirect`);
    const args = info.operands.map((o) => this.expr(o));
    const index = this.expr(info.target);
    const id = this.ctx.signatureIds.idOf(signature);
    const result = callIndirect(this.b, signature, id, this.ctx.module.table.length, index, args);
    return info.isReturn ? this.tailReturn(result) : result;
  }

  /** return_call / return_call_indirect: a call followed by a return of its result. */
  private tailReturn(result: string): string {
    const type = this.fn.signature.result;
    if (!this.b.isTerminated) this.b.terminate(type === 'void' ? 'ret void' : `ret ${type} ${result}`);
    return 'undef';
  }
}

type Emitter = (this: FunctionTranslator, info: any) => string;
const P = FunctionTranslator.prototype;
const EMITTERS = new Map<number, Emitter>([
  [binaryen.BlockId, P.block],
  [binaryen.LoopId, P.loop],
  [binaryen.IfId, P.if],
  [binaryen.BreakId, P.break],
  [binaryen.SwitchId, P.switch],
  [binaryen.ReturnId, P.return],
  [binaryen.UnreachableId, P.unreachable],
  [binaryen.NopId, P.nop],
  [binaryen.ConstId, P.const],
  [binaryen.UnaryId, P.unary],
  [binaryen.BinaryId, P.binary],
  [binaryen.SelectId, P.select],
  [binaryen.DropId, P.drop],
  [binaryen.LocalGetId, P.localGet],
  [binaryen.LocalSetId, P.localSet],
  [binaryen.GlobalGetId, P.globalGet],
  [binaryen.GlobalSetId, P.globalSet],
  [binaryen.TupleMakeId, P.tupleMake],
  [binaryen.TupleExtractId, P.tupleExtract],
  [binaryen.LoadId, P.load],
  [binaryen.StoreId, P.store],
  [binaryen.MemorySizeId, P.memorySize],
  [binaryen.MemoryGrowId, P.memoryGrow],
  [binaryen.MemoryCopyId, P.memoryCopy],
  [binaryen.MemoryFillId, P.memoryFill],
  [binaryen.CallId, P.call],
  [binaryen.CallIndirectId, P.callIndirect],
]);
