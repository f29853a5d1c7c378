// Which output section each input section goes to (.text, .rodata, .eh_frame, .data, .bss), by name rules in
// output order, and the clear refusal of allocated sections this linker does not understand.
import { SHF_ALLOC, SHT_NOBITS } from '../../emulator/loader/elf-constants';
import { LinkError } from './common';
import type { InputSection, ObjectFile } from './object';

export type OutputKind = 'text' | 'rodata' | 'eh_frame' | 'data' | 'bss';

interface OutputRule {
  readonly kind: OutputKind;
  readonly name: string;
  /** input name prefixes, in the order their sections are placed ("." or "" + "." continuation only) */
  readonly inputs: readonly string[];
}

/** Output sections in address order; small data sits next to the rest so gp can reach it. */
export const OUTPUT_RULES: readonly OutputRule[] = [
  { kind: 'text', name: '.text', inputs: ['.text'] },
  { kind: 'rodata', name: '.rodata', inputs: ['.rodata', '.srodata'] },
  // kept under its own name (in the read-only segment) so unwinders and llvm-dwarfdump find it
  { kind: 'eh_frame', name: '.eh_frame', inputs: ['.eh_frame'] },
  { kind: 'data', name: '.data', inputs: ['.data', '.got', '.sdata'] },
  { kind: 'bss', name: '.bss', inputs: ['.sbss', '.bss'] },
];

/** Explanations for well-known allocated sections that are rejected. */
const UNSUPPORTED_HINTS: readonly (readonly [string, string])[] = [
  ['.init_array', 'static constructors are not supported (no startup code runs them)'],
  ['.fini_array', 'static destructors are not supported'],
  ['.preinit_array', 'static constructors are not supported'],
  ['.ctors', 'static constructors are not supported'],
  ['.dtors', 'static destructors are not supported'],
  ['.tdata', 'thread-local storage is not supported'],
  ['.tbss', 'thread-local storage is not supported'],
];

function matches(name: string, prefix: string): boolean {
  return name === prefix || name.startsWith(prefix + '.');
}

/** The rule index and input-pattern index for a section name, or undefined when no rule takes it. */
export function classify(name: string): { rule: number; pattern: number } | undefined {
  for (let rule = 0; rule < OUTPUT_RULES.length; rule++) {
    const pattern = OUTPUT_RULES[rule].inputs.findIndex((p) => matches(name, p));
    if (pattern >= 0) return { rule, pattern };
  }
  return undefined;
}

function reject(section: InputSection): never {
  const hint = UNSUPPORTED_HINTS.find(([prefix]) => matches(section.name, prefix));
  const why = hint ? hint[1] : 'only .text*, .rodata*, .srodata*, .eh_frame, .data*, .got, .sdata*, .bss* and .sbss* are linked';
  throw new LinkError(`${section.objectName}: unsupported allocated section ${section.name}: ${why}`);
}

function checkZeroFill(section: InputSection): void {
  if (section.type === SHT_NOBITS) return;
  if (section.data.some((b) => b !== 0)) {
    throw new LinkError(`${section.objectName}: section ${section.name} is named like .bss but holds non-zero bytes`);
  }
}

/**
 * Groups the allocated sections of all objects by output section, ordered by input pattern, then
 * object order, then section index. Empty sections nobody understands are dropped silently.
 */
export function assignSections(objects: readonly ObjectFile[]): InputSection[][] {
  const buckets: { key: [number, number, number]; section: InputSection }[][] = OUTPUT_RULES.map(() => []);
  for (const object of objects) {
    for (const section of object.sections) {
      if (!section || (section.flags & SHF_ALLOC) === 0) continue;
      const where = classify(section.name);
      if (!where) {
        if (section.size === 0 && section.relocations.length === 0) continue;
        reject(section);
      }
      if (OUTPUT_RULES[where.rule].kind === 'bss') checkZeroFill(section);
      buckets[where.rule].push({ key: [where.pattern, object.index, section.index], section });
    }
  }
  return buckets.map((bucket) =>
    bucket
      .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2])
      .map((entry) => entry.section),
  );
}
