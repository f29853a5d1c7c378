// A small assembler for the WebAssembly the wasm tier generates: flat text instructions (one per
// line, the text format's plain, unfolded form, e.g. `local.get $r5`, `i32.load8_u offset=65536`,
// `br_if $L`, `br_table $A $B $L`) into a module with one function `run` (param i32 i32) (result
// i32) and the guest's memory imported as `e.m`. Only the instructions the tier emits are known;
// anything else is an error in the generator, reported with the line. No dependency: binaryen
// takes ~0.5 s to load.

/** One-byte opcodes without immediates. */
const PLAIN: Readonly<Record<string, number>> = {
  unreachable: 0x00, nop: 0x01, else: 0x05, end: 0x0b, return: 0x0f, drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.gt_s': 0x4a,
  'i32.gt_u': 0x4b, 'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e, 'i32.ge_u': 0x4f,
  'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_s': 0x6d, 'i32.div_u': 0x6e,
  'i32.rem_s': 0x6f, 'i32.rem_u': 0x70, 'i32.and': 0x71, 'i32.or': 0x72, 'i32.xor': 0x73,
  'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76,
  'i64.mul': 0x7e, 'i64.shr_s': 0x87, 'i64.shr_u': 0x88,
  'i32.wrap_i64': 0xa7, 'i64.extend_i32_s': 0xac, 'i64.extend_i32_u': 0xad,
};

/** Loads and stores (memarg: alignment hint 0, offset). */
const MEMORY: Readonly<Record<string, number>> = {
  'i32.load': 0x28, 'i32.load8_s': 0x2c, 'i32.load8_u': 0x2d, 'i32.load16_s': 0x2e, 'i32.load16_u': 0x2f,
  'i32.store': 0x36, 'i32.store8': 0x3a, 'i32.store16': 0x3b,
};

const BLOCKS: Readonly<Record<string, number>> = { block: 0x02, loop: 0x03, if: 0x04 };
const VOID = 0x40;
const I32 = 0x7f;

/** Unsigned LEB128 of `value`, appended to `out` (also oracle/wasm-sections.ts's writer). */
export function u32(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
}

/** Signed LEB128 of an int32 (numbers: BigInt arithmetic per byte made constants the assembler's main cost). */
function s32(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function s64(out: number[], value: bigint): void {
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

/** A name (its UTF-8 length, then its bytes), appended to `out`. */
export const name = (out: number[], text: string): void => {
  const bytes = new TextEncoder().encode(text);
  u32(out, bytes.length);
  append(out, [...bytes]);
};

/** Appends without spreading (a large region's code is more than a call's arguments may be). */
const append = (out: number[], bytes: readonly number[]): void => {
  for (let k = 0; k < bytes.length; k++) out.push(bytes[k]);
};

const section = (out: number[], id: number, body: number[]): void => {
  out.push(id);
  u32(out, body.length);
  append(out, body);
};

/** How each instruction name is encoded (one lookup per line; built from the tables above). */
interface Form {
  readonly kind: 'plain' | 'block' | 'memory' | 'br' | 'table' | 'local' | 'i32' | 'i64' | 'copy';
  readonly op: number;
}
const FORMS = new Map<string, Form>([
  ...Object.entries(PLAIN).map(([name, op]): [string, Form] => [name, { kind: 'plain', op }]),
  ...Object.entries(BLOCKS).map(([name, op]): [string, Form] => [name, { kind: 'block', op }]),
  ...Object.entries(MEMORY).map(([name, op]): [string, Form] => [name, { kind: 'memory', op }]),
  ['br', { kind: 'br', op: 0x0c }],
  ['br_if', { kind: 'br', op: 0x0d }],
  ['br_table', { kind: 'table', op: 0x0e }],
  ['local.get', { kind: 'local', op: 0x20 }],
  ['local.set', { kind: 'local', op: 0x21 }],
  ['local.tee', { kind: 'local', op: 0x22 }],
  ['i32.const', { kind: 'i32', op: 0x41 }],
  ['i64.const', { kind: 'i64', op: 0x42 }],
  ['memory.copy', { kind: 'copy', op: 0xfc }],
]);

function fail(n: number, line: string, why: string): never {
  throw new Error(`wasm tier: line ${n + 1} \`${line}\`: ${why}`);
}

/**
 * The code of a function body from its instruction lines (one instruction a line, its operands
 * after single spaces). `locals` maps `$name` to a local index; branch labels (`block $B`,
 * `br $B`) are resolved to depths.
 */
export function assembleBody(text: string, locals: ReadonlyMap<string, number>): number[] {
  const code: number[] = [];
  const labels: (string | null)[] = [];
  /** a branch's depth to the innermost open block named `label` (line n, for the error) */
  const depthOf = (label: string, n: number, line: string): number => {
    const at = labels.lastIndexOf(label);
    return at < 0 ? fail(n, line, `unknown label ${label}`) : labels.length - 1 - at;
  };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (line === '' || line.startsWith(';;')) continue;
    const space = line.indexOf(' ');
    const name = space < 0 ? line : line.slice(0, space);
    const operand = space < 0 ? '' : line.slice(space + 1);
    const form = FORMS.get(name);
    if (form === undefined) fail(n, line, 'unknown instruction');
    switch (form.kind) {
      case 'plain':
        if (name === 'end') {
          if (labels.length === 0) fail(n, line, 'end without a block');
          labels.pop();
        } else if (name === 'else' && labels.length === 0) fail(n, line, 'else without if');
        code.push(form.op);
        break;
      case 'block': {
        const parts = operand === '' ? [] : operand.split(' ');
        const label = parts[0]?.startsWith('$') ? parts.shift()! : null;
        const type = parts.length === 0 ? VOID : parts.length === 1 && parts[0] === 'i32' ? I32 : fail(n, line, 'block type: only i32');
        labels.push(label);
        code.push(form.op, type);
        break;
      }
      case 'br':
        code.push(form.op);
        u32(code, depthOf(operand, n, line));
        break;
      case 'table': {
        // br_table $a $b ... $default: the index on the stack picks a label, the last one otherwise
        const names = operand === '' ? [] : operand.split(' ');
        if (names.length === 0) fail(n, line, 'br_table needs a default label');
        const depths = names.map((label) => depthOf(label, n, line));
        code.push(form.op);
        u32(code, depths.length - 1);
        for (const depth of depths) u32(code, depth);
        break;
      }
      case 'local': {
        const index = locals.get(operand);
        if (index === undefined) fail(n, line, 'unknown local');
        code.push(form.op);
        u32(code, index);
        break;
      }
      case 'i32': {
        const value = Number(operand);
        if (operand === '' || !Number.isInteger(value)) fail(n, line, 'not an integer');
        code.push(form.op);
        s32(code, value);
        break;
      }
      case 'i64':
        code.push(form.op);
        s64(code, BigInt(operand));
        break;
      case 'memory': {
        const offset = operand === '' ? '0' : operand.startsWith('offset=') ? operand.slice(7) : fail(n, line, 'memarg: offset=N');
        if (!Number.isInteger(Number(offset))) fail(n, line, 'memarg: offset=N');
        code.push(form.op, 0);
        u32(code, Number(offset));
        break;
      }
      case 'copy':
        code.push(0xfc, 0x0a, 0x00, 0x00); // bulk memory: copy within memory 0
        break;
    }
  }
  if (labels.length !== 0) throw new Error(`wasm tier: ${labels.length} block(s) not closed`);
  return code;
}

/**
 * A module whose one function `run` (param i32 i32) (result i32) has `localCount` more i32 locals
 * and the given code (without the final `end`); memory `e.m` of at least `pages` 64 KiB pages.
 */
export function assembleModule(code: readonly number[], localCount: number, pages: number): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(out, 1, [1, 0x60, 2, I32, I32, 1, I32]);
  const imports = [1];
  name(imports, 'e');
  name(imports, 'm');
  imports.push(0x02, 0x00);
  u32(imports, pages);
  section(out, 2, imports);
  section(out, 3, [1, 0]);
  const exports = [1];
  name(exports, 'run');
  exports.push(0x00, 0);
  section(out, 7, exports);
  const body: number[] = [];
  if (localCount > 0) {
    body.push(1);
    u32(body, localCount);
    body.push(I32);
  } else body.push(0);
  append(body, code);
  body.push(0x0b);
  const codes = [1];
  u32(codes, body.length);
  append(codes, body);
  section(out, 10, codes);
  return Uint8Array.from(out);
}
