// R_RISCV_ALIGN: the one byte-deleting step a RISC-V linker cannot skip. With linker relaxation
// enabled (-mattr=+relax) the assembler pads `.p2align` with the worst-case number of NOP bytes and
// leaves it to the linker to delete the excess; this module does that deletion (and no other
// relaxation), shifting the section's symbols and relocation offsets to match.
import { R_RISCV, STT_SECTION } from '../../emulator/loader/elf-constants';
import { LinkError, location } from './common';
import type { InputSection, ObjectFile, ObjectSymbol, Relocation } from './object';

const NOP = 0x00000013; // addi x0, x0, 0
const C_NOP = 0x0001;

interface Deletion {
  /** original section offset of the first deleted byte */
  readonly at: number;
  readonly count: number;
}

interface SectionEdit {
  /** in increasing offset order */
  readonly deletions: readonly Deletion[];
  /** deletedBefore[k] = bytes removed by deletions[0..k-1] */
  readonly deletedBefore: readonly number[];
  /** original offset of each ALIGN relocation -> bytes of padding kept */
  readonly kept: ReadonlyMap<number, number>;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** The boundary an R_RISCV_ALIGN asks for: the assembler emits (alignment - smallest NOP size) bytes. */
export function alignmentOf(addend: number): number {
  return nextPowerOfTwo(addend + 2);
}

function planSection(section: InputSection): SectionEdit | undefined {
  const aligns = section.relocations.filter((r) => r.type === R_RISCV.ALIGN).sort((a, b) => a.offset - b.offset);
  if (aligns.length === 0) return undefined;
  const deletions: Deletion[] = [];
  const deletedBefore: number[] = [];
  const kept = new Map<number, number>();
  let deleted = 0;
  for (const r of aligns) {
    const where = location(section.objectName, section.name, r.offset);
    const alignment = alignmentOf(r.addend);
    if (alignment > section.alignment) {
      throw new LinkError(`R_RISCV_ALIGN at ${where} asks for ${alignment}-byte alignment but the section is only ${section.alignment}-byte aligned`);
    }
    if (r.offset + r.addend > section.size) throw new LinkError(`R_RISCV_ALIGN at ${where} pads past the end of the section`);
    const start = r.offset - deleted;
    const pad = (alignment - (start % alignment)) % alignment;
    if (pad > r.addend) {
      throw new LinkError(`R_RISCV_ALIGN at ${where}: ${r.addend} bytes of padding cannot reach a ${alignment}-byte boundary`);
    }
    kept.set(r.offset, pad);
    if (r.addend > pad) {
      deletions.push({ at: r.offset + pad, count: r.addend - pad });
      deletedBefore.push(deleted);
    }
    deleted += r.addend - pad;
  }
  return { deletions, deletedBefore, kept };
}

/** Maps an original section offset to its offset after the deletions (binary search). */
function mapOffset(edit: SectionEdit, offset: number): number {
  const { deletions, deletedBefore } = edit;
  let lo = 0;
  let hi = deletions.length; // find the number of deletions starting before `offset`
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (deletions[mid].at < offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return offset;
  const last = deletions[lo - 1];
  return offset - deletedBefore[lo - 1] - Math.min(offset - last.at, last.count);
}

function writeNops(data: Uint8Array, at: number, count: number): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let i = 0;
  for (; i + 4 <= count; i += 4) view.setUint32(at + i, NOP, true);
  if (count - i === 2) view.setUint16(at + i, C_NOP, true);
}

function applyEdit(section: InputSection, edit: SectionEdit): InputSection {
  const removed = edit.deletions.reduce((sum, d) => sum + d.count, 0);
  const data = new Uint8Array(section.size - removed);
  let from = 0;
  let to = 0;
  for (const d of edit.deletions) {
    data.set(section.data.subarray(from, d.at), to);
    to += d.at - from;
    from = d.at + d.count;
  }
  data.set(section.data.subarray(from), to);
  const relocations = section.relocations.map((r): Relocation => {
    const offset = mapOffset(edit, r.offset);
    if (r.type !== R_RISCV.ALIGN) return { ...r, offset };
    const pad = edit.kept.get(r.offset) ?? 0;
    writeNops(data, offset, pad);
    return { ...r, offset, addend: pad, alignment: alignmentOf(r.addend) };
  });
  return { ...section, size: data.length, data, relocations };
}

/**
 * Deletes the excess R_RISCV_ALIGN padding in every section of `object` and adjusts its symbols,
 * relocation offsets and section-relative addends. Objects without ALIGN relocations are returned as is.
 */
export function applyAlignments(object: ObjectFile): ObjectFile {
  const edits = new Map<number, SectionEdit>();
  for (const section of object.sections) {
    const edit = section && planSection(section);
    if (section && edit) edits.set(section.index, edit);
  }
  if (edits.size === 0) return object;

  const symbols = object.symbols.map((s): ObjectSymbol => {
    const edit = edits.get(s.shndx);
    if (!edit || s.type === STT_SECTION) return s;
    const value = mapOffset(edit, s.value);
    return { ...s, value, size: mapOffset(edit, s.value + s.size) - value };
  });
  const sections = object.sections.map((section) => {
    if (!section) return section;
    const edit = edits.get(section.index);
    const edited = edit ? applyEdit(section, edit) : section;
    // A relocation against a section symbol carries its target offset in the addend.
    const relocations = edited.relocations.map((r) => {
      const sym = object.symbols[r.symbol];
      const target = sym && sym.type === STT_SECTION ? edits.get(sym.shndx) : undefined;
      return target && r.addend >= 0 ? { ...r, addend: mapOffset(target, r.addend) } : r;
    });
    return { ...edited, relocations };
  });
  return { ...object, sections, symbols };
}
