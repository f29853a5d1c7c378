// Memory-access checks of one block, shared: loads and stores off the same unchanged base register
// are checked once, at the first of them, for the span of addresses they all touch.
import type { Decoded } from '../isa/decoded';

/** Code-map granularity: 64-byte granules (see cache.ts). */
export const GRANULE_SHIFT = 6;

/** Bytes accessed by a load or store (0: not a memory access). */
export function accessBytes(d: Decoded): number {
  switch (d.mnemonic) {
    case 'lb': case 'lbu': case 'sb': return 1;
    case 'lh': case 'lhu': case 'sh': return 2;
    case 'lw': case 'sw': return 4;
    default: return 0;
  }
}

/**
 * How the access of instruction k is checked: `span` at the first access of a group (the
 * offsets of its accesses lie in [lo, lo + span]); `covered` for the later ones, which need no
 * check once the first passed. Absent: an access of its own.
 */
export type AccessCheck = { readonly kind: 'first'; readonly lo: number; readonly span: number } | { readonly kind: 'covered' };

/**
 * Groups a block's accesses: the same base register (not x0), not written in between (a load
 * into the base ends the group after itself), the same width, offsets congruent modulo the width
 * (so the first one's alignment decides for all). A failing group check leaves before the first
 * access, which the interpreter then executes on its own (exact: nothing of the group has run).
 */
export function groupAccesses(insts: readonly Decoded[]): Map<number, AccessCheck> {
  const checks = new Map<number, AccessCheck>();
  for (let k = 0; k < insts.length; k++) {
    const first = insts[k];
    const bytes = accessBytes(first);
    if (bytes === 0 || first.rs1 === 0 || checks.has(k)) continue;
    const members = [k];
    for (let j = k + 1; j < insts.length; j++) {
      const d = insts[j];
      const n = accessBytes(d);
      if (n === bytes && d.rs1 === first.rs1 && (d.imm - first.imm) % bytes === 0 && !checks.has(j)) members.push(j);
      if (writesRegister(d, first.rs1)) break;
    }
    if (members.length < 2) continue;
    const offsets = members.map((j) => insts[j].imm);
    const lo = Math.min(...offsets);
    checks.set(k, { kind: 'first', lo, span: Math.max(...offsets) - lo });
    for (const j of members.slice(1)) checks.set(j, { kind: 'covered' });
  }
  return checks;
}

function writesRegister(d: Decoded, r: number): boolean {
  const format = d.spec.format;
  return format !== 'S' && format !== 'B' && format !== 'Fence' && format !== 'Sys' && d.rd === r;
}
