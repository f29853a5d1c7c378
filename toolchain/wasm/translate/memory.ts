// Linear memory accesses: effective addresses (zext(addr) + offset, bounds-checked against the
// fixed memory size with one unsigned compare), loads/stores of every width, size/grow, copy/fill.
import { WASM_TRAP } from '../abi';
import type { FunctionBuilder } from './builder';
import { LINEAR_MEMORY_ACCESS } from './alias';
import { i32Const } from './types';

type Int = 'i32' | 'i64';

export interface MemoryConfig {
  /** pages declared (initial = maximum) */
  readonly pages: number;
  readonly boundsChecks: boolean;
}

export class MemoryAccess {
  private readonly sizeInBytes: number;

  constructor(private readonly config: MemoryConfig) {
    this.sizeInBytes = config.pages * 65536;
  }

  /**
   * The i32 guest address of an access of `bytes` bytes at `address + offset`, trapping when any
   * byte lies beyond the memory: address <= size - bytes - offset, a constant (33-bit semantics).
   */
  private effectiveAddress(b: FunctionBuilder, address: string, offset: number, bytes: number): string {
    if (this.config.boundsChecks) {
      const limit = this.sizeInBytes - bytes - offset;
      if (limit < 0) {
        b.trap(WASM_TRAP.MEMORY_OUT_OF_BOUNDS);
      } else if (limit < 0xffff_ffff) {
        b.trapIf(b.value(`icmp ugt i32 ${address}, ${i32Const(limit)}`), WASM_TRAP.MEMORY_OUT_OF_BOUNDS);
      }
    }
    return offset === 0 ? address : b.value(`add i32 ${address}, ${i32Const(offset)}`);
  }

  private pointer(b: FunctionBuilder, address: string, rawOffset: number, bytes: number): string {
    const offset = rawOffset >>> 0; // binaryen reports offsets >= 2^31 as negative numbers
    const ea = this.effectiveAddress(b, address, offset, bytes);
    return b.value(`inttoptr i32 ${ea} to i${bytes * 8}*`);
  }

  /** A load of `bytes` bytes producing `type`, sign- or zero-extended when narrower. */
  load(b: FunctionBuilder, type: Int, address: string, offset: number, bytes: number, align: number, signed: boolean): string {
    const memType = `i${bytes * 8}`;
    const ptr = this.pointer(b, address, offset, bytes);
    const loaded = b.value(`load ${memType}, ${memType}* ${ptr}, align ${Math.min(align, bytes)}${LINEAR_MEMORY_ACCESS}`);
    if (memType === type) return loaded;
    return b.value(`${signed ? 'sext' : 'zext'} ${memType} ${loaded} to ${type}`);
  }

  /** A store of the low `bytes` bytes of `value`. */
  store(b: FunctionBuilder, type: Int, address: string, value: string, offset: number, bytes: number, align: number): void {
    const memType = `i${bytes * 8}`;
    const ptr = this.pointer(b, address, offset, bytes);
    const stored = memType === type ? value : b.value(`trunc ${type} ${value} to ${memType}`);
    b.emit(`store ${memType} ${stored}, ${memType}* ${ptr}, align ${Math.min(align, bytes)}${LINEAR_MEMORY_ACCESS}`);
  }

  /** memory.size: the declared page count (the memory never grows). */
  size(): string {
    return i32Const(this.config.pages);
  }

  /** memory.grow(delta): the old size for delta 0, else -1 (initial = maximum). */
  grow(b: FunctionBuilder, delta: string): string {
    const isZero = b.value(`icmp eq i32 ${delta}, 0`);
    return b.value(`select i1 ${isZero}, i32 ${i32Const(this.config.pages)}, i32 -1`);
  }

  /** Traps unless [start, start + length) lies inside the memory (computed in 64 bits). */
  private checkRange(b: FunctionBuilder, start: string, length: string): void {
    if (!this.config.boundsChecks) return;
    const start64 = b.value(`zext i32 ${start} to i64`);
    const length64 = b.value(`zext i32 ${length} to i64`);
    const end = b.value(`add i64 ${start64}, ${length64}`);
    b.trapIf(b.value(`icmp ugt i64 ${end}, ${this.sizeInBytes}`), WASM_TRAP.MEMORY_OUT_OF_BOUNDS);
  }

  /** memory.copy: both ranges are checked before any byte moves; overlap is allowed. */
  copy(b: FunctionBuilder, dest: string, source: string, length: string): void {
    this.checkRange(b, dest, length);
    this.checkRange(b, source, length);
    const d = b.value(`inttoptr i32 ${dest} to i8*`);
    const s = b.value(`inttoptr i32 ${source} to i8*`);
    b.emit(`call void @llvm.memmove.p0i8.p0i8.i32(i8* align 1 ${d}, i8* align 1 ${s}, i32 ${length}, i1 false)${LINEAR_MEMORY_ACCESS}`);
  }

  /** memory.fill with the low byte of `value`. */
  fill(b: FunctionBuilder, dest: string, value: string, length: string): void {
    this.checkRange(b, dest, length);
    const d = b.value(`inttoptr i32 ${dest} to i8*`);
    const byte = b.value(`trunc i32 ${value} to i8`);
    b.emit(`call void @llvm.memset.p0i8.i32(i8* align 1 ${d}, i8 ${byte}, i32 ${length}, i1 false)${LINEAR_MEMORY_ACCESS}`);
  }
}

export const MEMORY_INTRINSICS: readonly string[] = [
  'declare void @llvm.memcpy.p0i8.p0i8.i32(i8* noalias nocapture writeonly, i8* noalias nocapture readonly, i32, i1 immarg)',
  'declare void @llvm.memmove.p0i8.p0i8.i32(i8* nocapture writeonly, i8* nocapture readonly, i32, i1 immarg)',
  'declare void @llvm.memset.p0i8.i32(i8* nocapture writeonly, i8, i32, i1 immarg)',
];
