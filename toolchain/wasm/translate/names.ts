// LLVM symbol names for translated WebAssembly entities: quoted identifiers that keep the wasm
// name text (so ELF symbols and profiles show it), kept clear of runtime and intrinsic symbols.

/** Symbols the runtime or the libcalls of llc own; a wasm function may not take these names. */
const RESERVED = new Set(['_start', 'memcpy', 'memmove', 'memset', '__udivdi3', '__divdi3', '__umoddi3', '__moddi3']);
const RESERVED_PREFIXES = ['llvm.', '__zkos_', '__wasm_', 'wasm.'];

/** `@"text"` with every byte outside printable ASCII (and `"`, `\`) written as `\XX`. */
export function quoteGlobal(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    // NUL is not allowed in an LLVM name even escaped: replace it.
    out += printable ? String.fromCharCode(byte) : byte === 0 ? '_' : '\\' + byte.toString(16).padStart(2, '0').toUpperCase();
  }
  return `@"${out}"`;
}

/** Hands out unique LLVM names for functions, avoiding reserved names and each other. */
export class SymbolNames {
  private readonly used = new Set<string>();

  /** The LLVM global name (with `@`) for a wasm function named `wasmName`. */
  functionName(wasmName: string): string {
    const reserved = RESERVED.has(wasmName) || RESERVED_PREFIXES.some((p) => wasmName.startsWith(p));
    return this.claim(reserved ? `wasm:${wasmName}` : wasmName);
  }

  /** A module-private helper symbol such as a global or a data segment: `wasm.<kind>.<name>`. */
  internalName(kind: string, name: string): string {
    return this.claim(`wasm.${kind}.${name}`);
  }

  private claim(base: string): string {
    let text = base;
    for (let n = 1; this.used.has(text); n++) text = `${base}.${n}`;
    this.used.add(text);
    return quoteGlobal(text);
  }
}
