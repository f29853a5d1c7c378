// What every linker module shares: the LinkError type, hex/location formatting for messages, alignment.

/** A link failure: the message names the symbol, object, section and offset involved. */
export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkError';
  }
}

/** 0x-prefixed lowercase hex of an unsigned 32-bit value. */
export function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16);
}

/** "a.o(.text+0x1c)": where in the inputs something is. */
export function location(objectName: string, sectionName: string, offset: number): string {
  return `${objectName}(${sectionName}+${hex(offset)})`;
}

/** Rounds `value` up to a multiple of `alignment` (a power of two, or 0/1 for none). */
export function alignUp(value: number, alignment: number): number {
  if (alignment <= 1) return value;
  return Math.ceil(value / alignment) * alignment;
}
