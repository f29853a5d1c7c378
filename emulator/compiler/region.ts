// Region discovery for the block compiler: from an entry pc, decode basic blocks and follow
// fall-through, branch targets, direct jumps and call return points into one region (a superblock).
import { decode } from '../isa/decode';
import type { Decoded } from '../isa/decoded';

/** How a basic block ends (after its last decoded instruction). */
export type Terminator =
  /** the last instruction is a branch, jal or jalr: it decides the next pc */
  | { readonly kind: 'jump' }
  /** execution continues at `next` (block cut for length, or at an existing block start) */
  | { readonly kind: 'goto'; readonly next: number }
  /** the instruction at `next` is not compiled (ecall, ebreak, illegal, misaligned jal, fetch fault):
   *  the interpreter single-steps it */
  | { readonly kind: 'step'; readonly next: number };

export interface Block {
  readonly start: number;
  /** pc of instruction k is start + 4k */
  readonly insts: readonly Decoded[];
  readonly end: Terminator;
  /** the target of a final jalr whose base register is a known constant (auipc + jalr: `call`) */
  readonly jalrTarget?: number;
}

export interface Region {
  readonly entry: number;
  readonly blocks: readonly Block[];
  /** block start pc -> index in `blocks` */
  readonly index: ReadonlyMap<number, number>;
  /** the seeds it was discovered from (profiled indirect-jump targets) */
  readonly seeds: readonly number[];
}

/** Limits that keep one generated function small enough for V8 to optimise quickly. */
export const MAX_BLOCK_INSTRUCTIONS = 128;
export const MAX_REGION_BLOCKS = 96;
export const MAX_REGION_INSTRUCTIONS = 2048;

/** Instructions the compiler leaves to the interpreter: they end a block before them. */
function compilable(d: Decoded | null, pc: number): d is Decoded {
  if (d === null) return false;
  switch (d.mnemonic) {
    case 'ecall':
    case 'ebreak':
      return false;
    case 'jal':
      return ((pc + d.imm) & 3) === 0;
    default:
      return true;
  }
}

const isJump = (d: Decoded) => d.spec.format === 'B' || d.mnemonic === 'jal' || d.mnemonic === 'jalr';

/** Decodes one basic block at `start` (words read from `i32`, memory `size` bytes). */
export function decodeBlock(i32: Int32Array, size: number, start: number, starts: ReadonlySet<number>): Block {
  const insts: Decoded[] = [];
  const known = new Map<number, number>([[0, 0]]);
  let pc = start;
  for (;;) {
    if (insts.length > 0 && starts.has(pc)) return { start, insts, end: { kind: 'goto', next: pc } };
    if (insts.length >= MAX_BLOCK_INSTRUCTIONS) return { start, insts, end: { kind: 'goto', next: pc } };
    if (pc >>> 0 >= size) return { start, insts, end: { kind: 'step', next: pc } };
    const d = decode(i32[pc >>> 2] >>> 0);
    if (!compilable(d, pc)) return { start, insts, end: { kind: 'step', next: pc } };
    insts.push(d);
    if (isJump(d)) {
      const base = d.mnemonic === 'jalr' ? known.get(d.rs1) : undefined;
      const target = base === undefined ? undefined : (base + d.imm) & ~1;
      // a misaligned constant target stays dynamic: the generated check traps on it
      if (target !== undefined && (target & 3) === 0) return { start, insts, end: { kind: 'jump' }, jalrTarget: target };
      return { start, insts, end: { kind: 'jump' } };
    }
    propagate(known, d, pc);
    pc = (pc + 4) | 0;
  }
}

/** Constants known after d (lui, auipc, addi of a known value): enough to resolve `call`. */
function propagate(known: Map<number, number>, d: Decoded, pc: number): void {
  if (d.spec.format === 'S' || d.spec.format === 'B' || d.spec.format === 'Fence' || d.rd === 0) return;
  const base = d.mnemonic === 'addi' ? known.get(d.rs1) : undefined;
  if (d.mnemonic === 'lui') known.set(d.rd, d.imm);
  else if (d.mnemonic === 'auipc') known.set(d.rd, (pc + d.imm) | 0);
  else if (base !== undefined) known.set(d.rd, (base + d.imm) | 0);
  else known.delete(d.rd);
}

/** Static successors of a block that are worth compiling into the same region. */
export function successors(block: Block): number[] {
  const end = block.end;
  if (end.kind === 'goto') return [end.next];
  if (end.kind === 'step') return [];
  const last = block.insts[block.insts.length - 1];
  const pc = block.start + 4 * (block.insts.length - 1);
  const after = (pc + 4) | 0;
  if (last.spec.format === 'B') {
    const target = (pc + last.imm) | 0;
    return (target & 3) === 0 ? [target, after] : [after];
  }
  // jal or a constant jalr: the target, and for a call (rd != 0) the return point, which a later jalr usually reaches
  const target = last.mnemonic === 'jal' ? (pc + last.imm) | 0 : block.jalrTarget;
  if (target === undefined) return [];
  return last.rd !== 0 ? [target, after] : [target];
}

/**
 * Breadth-first discovery of the region entered at `entry`, through the successors that `include`
 * accepts (blocks seen running: cold paths stay out, so V8 never meets code without type feedback),
 * and from `seeds`: targets of indirect jumps that profiling found hot (a comparator, a return).
 * Null when the first instruction is not compilable.
 */
export function discoverRegion(
  i32: Int32Array,
  size: number,
  entry: number,
  include: (pc: number) => boolean = () => true,
  seeds: readonly number[] = [],
): Region | null {
  const first = decodeBlock(i32, size, entry, new Set());
  if (first.insts.length === 0) return null;
  const blocks: Block[] = [first];
  const index = new Map<number, number>([[entry, 0]]);
  const starts = new Set<number>([entry]);
  let instructions = first.insts.length;
  const add = (next: number): void => {
    if (index.has(next) || next >>> 0 >= size || (next & 3) !== 0) return;
    if (blocks.length >= MAX_REGION_BLOCKS || instructions >= MAX_REGION_INSTRUCTIONS) return;
    starts.add(next);
    const block = decodeBlock(i32, size, next, starts);
    if (block.insts.length === 0) return;
    index.set(next, blocks.length);
    blocks.push(block);
    instructions += block.insts.length;
  };
  // the static successors of every block found so far, then the next seed, until both run out
  for (let k = 0, seeded = 0; ; ) {
    if (k < blocks.length) for (const next of successors(blocks[k++])) include(next) && add(next);
    else if (seeded < seeds.length) add(seeds[seeded++]);
    else break;
  }
  return { entry, blocks, index, seeds };
}
