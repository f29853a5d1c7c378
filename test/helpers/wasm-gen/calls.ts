// Calls in random bodies: direct calls, and call_indirect through the table with the right
// signature or (table hazard) a random index or signature, traps 5 and 6.
import type { BodyGen } from './body';
import { LAYOUT, weighted, type BodyType, type Signature } from './plan';

/** A direct call of a function returning `t` (or something else of type t when there is none). */
export function call(gen: BodyGen, t: BodyType, d: number): string {
  const candidates = gen.plan.functions.filter((f) => f.sig.result === t);
  if (!candidates.length) return t === 'none' ? gen.stmt(0) : gen.expr(t, d);
  const f = gen.rng.pick(candidates);
  return gen.emit('call', `(call ${f.name}${args(gen, f.sig, d)})`);
}

function args(gen: BodyGen, sig: Signature, d: number): string {
  return sig.params.map((p) => ' ' + gen.expr(p, d)).join('');
}

/** call_indirect: a slot of the right signature, or (table hazard) any index and any signature. */
export function callIndirect(gen: BodyGen, t: BodyType, d: number): string {
  const { table, functions, signatures } = gen.plan;
  const slotWord = (k: number) => `(i32.load offset=${k * 4} (i32.const ${LAYOUT.SLOTS}))`;
  if (gen.rng.chance(gen.plan.hazards.table)) {
    const sigs = signatures.filter((s) => s.result === t);
    if (!sigs.length) return t === 'none' ? gen.stmt(0) : gen.expr(t, d);
    const sig = gen.rng.pick(sigs);
    const index = weighted<() => string>(gen.rng, [
      [2, () => `(i32.const ${gen.rng.below(table.length + 3)})`],
      [2, () => slotWord(gen.rng.below(table.length))],
      [1, () => gen.expr('i32', d)],
    ])();
    return gen.emit('call_indirect', `(call_indirect (type ${sig.name})${args(gen, sig, d)} ${index})`);
  }
  const slots = table.flatMap((f, k) => (f !== null && functions[f]!.sig.result === t ? [k] : []));
  if (!slots.length) return call(gen, t, d);
  const slot = gen.rng.pick(slots);
  const sig = functions[table[slot]!]!.sig;
  const index = gen.rng.chance(0.3) ? `(i32.const ${slot})` : slotWord(slot);
  return gen.emit('call_indirect', `(call_indirect (type ${sig.name})${args(gen, sig, d)} ${index})`);
}
