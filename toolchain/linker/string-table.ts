// An ELF string table under construction: NUL-terminated names, each stored once, offset 0 = "".

export class StringTable {
  private readonly offsets = new Map<string, number>([['', 0]]);
  private readonly parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;

  /** The offset of `name`, adding it if new. */
  add(name: string): number {
    const known = this.offsets.get(name);
    if (known !== undefined) return known;
    const encoded = Buffer.from(name + '\0', 'utf8');
    const offset = this.size;
    this.offsets.set(name, offset);
    this.parts.push(encoded);
    this.size += encoded.length;
    return offset;
  }

  bytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}
