// Memory operations of random bodies: load/store addresses (aligned to the hint, which the translator
// trusts), memory.size/grow, copy/fill and zkos.write; with the memory hazard, at or past the end.
import type { BodyGen } from './body';
import { LAYOUT, weighted } from './plan';

const HUGE_OFFSETS = [0xffffffff, 0x80000000, 0x10000, 0xfffffff8];

/** The immediates and address operand of a load/store of `width` bytes: " offset=K align=A (addr)". */
export function memoryAccess(gen: BodyGen, width: number, depth: number): string {
  const { rng, plan } = gen;
  // the hint: natural most of the time, else any smaller power of two
  const align = width === 1 || rng.chance(0.6) ? width : 2 ** rng.below(Math.log2(width));
  const alignMask = ~(align - 1);
  let offset = 0;
  let address: string;
  if (rng.chance(plan.hazards.memory)) {
    const end = plan.memoryBytes;
    address = weighted<() => string>(rng, [
      // the last `width` bytes of memory, or straddling the end (then it traps before any misaligned access)
      [3, () => {
        offset = align * rng.below(4);
        return `(i32.const ${end - width + rng.below(width + 1) - offset})`;
      }],
      // an offset that alone reaches past the memory (wasm adds it in 33 bits: no wrap-around)
      [1, () => {
        offset = (HUGE_OFFSETS[rng.below(HUGE_OFFSETS.length)]! & alignMask) >>> 0;
        return `(i32.and ${gen.expr('i32', depth)} (i32.const ${alignMask}))`;
      }],
      // anywhere (aligned, so an in-bounds hit is also aligned)
      [2, () => `(i32.and ${gen.expr('i32', depth)} (i32.const ${alignMask}))`],
    ])();
  } else {
    offset = rng.chance(0.4) ? align * rng.below(8) : 0;
    address = rng.chance(0.2)
      ? `(i32.const ${rng.below(LAYOUT.DATA_BYTES) & alignMask})`
      : `(i32.and ${gen.expr('i32', depth)} (i32.const ${(LAYOUT.DATA_BYTES - 1) & alignMask}))`;
  }
  return `${offset ? ` offset=${offset}` : ''}${align !== width ? ` align=${align}` : ''} ${address}`;
}

/** memory.size, or memory.grow by 0, 1, -1, 65536 or anything (initial = maximum: only 0 succeeds). */
export function memorySize(gen: BodyGen, d: number): string {
  if (gen.rng.chance(0.5)) return gen.emit('memory.size', '(memory.size)');
  const delta = weighted<() => string>(gen.rng, [
    [3, () => '(i32.const 0)'],
    [1, () => '(i32.const 1)'],
    [1, () => '(i32.const -1)'],
    [1, () => '(i32.const 65536)'],
    [1, () => gen.expr('i32', d)],
  ])();
  return gen.emit('memory.grow', `(memory.grow ${delta})`);
}

/** zkos.write(1 or 2, ptr, len) of bytes in the data area (memory hazard: anywhere). */
export function hostWrite(gen: BodyGen, d: number): string {
  const fd = gen.rng.chance(0.8) ? 1 : 2;
  const hazard = gen.rng.chance(gen.plan.hazards.memory);
  const ptr = hazard ? `(i32.const ${gen.plan.memoryBytes - gen.rng.below(16)})` : `(i32.and ${gen.expr('i32', d)} (i32.const 511))`;
  const len = hazard ? `(i32.const ${gen.rng.below(24)})` : `(i32.and ${gen.expr('i32', d)} (i32.const 15))`;
  return gen.emit('zkos.write', `(call $write (i32.const ${fd}) ${ptr} ${len})`);
}


/** memory.fill / memory.copy inside the data area, or (memory hazard) around the end of memory. */
export function bulkMemory(gen: BodyGen, op: 'memory.fill' | 'memory.copy', d: number): string {
  const end = gen.plan.memoryBytes;
  const inside = () => `(i32.and ${gen.expr('i32', d)} (i32.const 511))`;
  let dest: string, src: string, size: string;
  if (gen.rng.chance(gen.plan.hazards.memory * 4)) {
    const n = gen.rng.below(40);
    const near = () => `(i32.const ${end - n + gen.rng.below(3) - 1})`;
    dest = gen.rng.chance(0.6) ? near() : inside();
    src = gen.rng.chance(0.5) ? near() : inside();
    size = gen.rng.chance(0.8) ? `(i32.const ${n})` : gen.expr('i32', d);
  } else {
    dest = inside();
    src = inside();
    size = `(i32.and ${gen.expr('i32', d)} (i32.const 63))`;
  }
  const middle = op === 'memory.fill' ? gen.expr('i32', d) : src;
  return gen.emit(op, `(${op} ${dest} ${middle} ${size})`);
}
