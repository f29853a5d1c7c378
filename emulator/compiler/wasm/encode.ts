// A small assembler for the WebAssembly the wasm tier generates: flat text instructions (one per
// line, the text format's plain, unfolded form, e.g. `local.get $r5`, `i32.load8_u offset=65536`,
// `br_if $L`) into a module with one function `run` (param i32 i32) (result i32) and the guest's
// memory imported as `e.m`. Only the instructions the tier emits are known; anything else is an
// error in the generator, reported with the line. No dependency: binaryen takes ~0.5 s to load.

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

function u32(out: number[], value: number): void {
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

const name = (out: number[], text: string): void => {
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

/**
 * The code of a function body from its instruction lines. `locals` maps `$name` to a local index;
 * branch labels (`block $B`, `br $B`) are resolved to depths.
 */
export function assembleBody(text: string, locals: ReadonlyMap<string, number>): number[] {
  const code: number[] = [];
  const labels: (string | null)[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '' || line.startsWith(';;')) continue;
    const [op, ...args] = line.split(/\s+/);
    const fail = (why: string): never => {
      throw new Error(`wasm tier: line ${n + 1} \`${line}\`: ${why}`);
    };
    const local = (): number => {
      const index = locals.get(args[0]);
      return index ?? fail('unknown local');
    };
    if (op in PLAIN) {
      if (op === 'end') {
        if (labels.length === 0) fail('end without a block');
        labels.pop();
      }
      if (op === 'else' && labels.length === 0) fail('else without if');
      code.push(PLAIN[op]);
    } else if (op in BLOCKS) {
      const label = args[0]?.startsWith('$') ? args.shift()! : null;
      const type = args[0] === 'i32' ? I32 : args.length === 0 ? VOID : fail('block type: only i32');
      labels.push(label);
      code.push(BLOCKS[op], type);
    } else if (op === 'br' || op === 'br_if') {
      const depth = labels.lastIndexOf(args[0]);
      if (depth < 0) fail('unknown label');
      code.push(op === 'br' ? 0x0c : 0x0d);
      u32(code, labels.length - 1 - depth);
    } else if (op === 'local.get' || op === 'local.set' || op === 'local.tee') {
      code.push(op === 'local.get' ? 0x20 : op === 'local.set' ? 0x21 : 0x22);
      u32(code, local());
    } else if (op === 'i32.const') {
      code.push(0x41);
      s32(code, Number(args[0]));
    } else if (op === 'i64.const') {
      code.push(0x42);
      s64(code, BigInt(args[0]));
    } else if (op === 'memory.copy') {
      code.push(0xfc, 0x0a, 0x00, 0x00); // bulk memory: copy within memory 0
    } else if (op in MEMORY) {
      const offset = args[0] === undefined ? 0 : /^offset=(\d+)$/.exec(args[0])?.[1] ?? fail('memarg: offset=N');
      code.push(MEMORY[op], 0);
      u32(code, Number(offset));
    } else fail('unknown instruction');
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
