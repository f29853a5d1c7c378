// The WebAssembly → LLVM IR translator (toolchain/wasm/translate): small modules written in the
// text format run both on our emulator (translate, opt, llc, link) and in V8; results must agree.
import binaryen from 'binaryen';
import { describe, expect, test } from 'vitest';
import { EcallRegistry, collectingSink, standardEcalls } from '../emulator/ecall';
import { execute } from '../emulator/execute';
import { parseProgram } from '../emulator/loader';
import { link } from '../toolchain/linker';
import { compileIr, hasTool, runTool } from '../toolchain/llvm';
import { WASM_TRAP, ZK_ECALL, textBaseFor } from '../toolchain/wasm/abi';
import { translateModule, type TranslateOptions } from '../toolchain/wasm/translate';

const haveLlvm = hasTool('opt') && hasTool('llc');

/** How a run ended, comparable between the two targets. */
type Outcome = { exit: number; stdout: string } | { trap: number; stdout: string };

/** Assembles WebAssembly text (all features, names kept) into a binary module. */
function wat(text: string): Uint8Array {
  const module = binaryen.parseText(text);
  try {
    module.setFeatures(binaryen.Features.All);
    binaryen.setDebugInfo(true);
    return module.emitBinary();
  } finally {
    binaryen.setDebugInfo(false);
    module.dispose();
  }
}

/** Declared memory pages of a module, read back with binaryen. */
function pagesOf(bytes: Uint8Array): number {
  const module = binaryen.readBinaryWithFeatures(bytes, binaryen.Features.All);
  try {
    return module.hasMemory() ? module.getMemoryInfo().initial : 1;
  } finally {
    module.dispose();
  }
}

function buildElf(bytes: Uint8Array, options: TranslateOptions = {}): { elf: Uint8Array; ir: string } {
  const { ir } = translateModule(bytes, options);
  const optimised = Buffer.from(runTool('opt', ['-O2', '-S'], ir)).toString('utf8');
  const object = compileIr(optimised, { name: 'translated' });
  const linked = link([{ name: 'translated.o', bytes: object }], { textBase: textBaseFor(pagesOf(bytes)), entry: '_start' });
  return { elf: linked.bytes, ir: optimised };
}

const A0 = 10;

function runRiscv(bytes: Uint8Array, options: TranslateOptions = {}): Outcome & { cycles: number } {
  const { elf } = buildElf(bytes, options);
  const output = collectingSink();
  const host: EcallRegistry = standardEcalls(output.sink)
    .register(ZK_ECALL.TRAP, 'trap', (m) => ({ kind: 'abort', code: m.regs[A0], message: `wasm trap ${m.regs[A0]}` }))
    .register(ZK_ECALL.ABORT, 'abort', () => ({ kind: 'abort', code: WASM_TRAP.ABORT, message: 'abort' }));
  const { result } = execute(parseProgram(elf), { sink: output.sink, host, maxCycles: 50_000_000 });
  const stdout = Buffer.from(output.stdout()).toString('latin1');
  if (result.kind === 'exit') return { exit: result.exitCode, stdout, cycles: result.cycles };
  if (result.kind === 'trap' && result.trap.kind === 'abort') return { trap: result.trap.code!, stdout, cycles: result.cycles };
  throw new Error(`unexpected end of run: ${JSON.stringify(result)}`);
}

/** V8's RuntimeError messages (Node 20) → WASM_TRAP codes. */
const V8_TRAPS: [RegExp, number][] = [
  [/^unreachable/, WASM_TRAP.UNREACHABLE],
  [/divide by zero|remainder by zero/, WASM_TRAP.DIVIDE_BY_ZERO],
  [/divide result unrepresentable/, WASM_TRAP.INTEGER_OVERFLOW],
  [/memory access out of bounds/, WASM_TRAP.MEMORY_OUT_OF_BOUNDS],
  [/table index is out of bounds/, WASM_TRAP.TABLE_OUT_OF_BOUNDS],
  [/null function or function signature mismatch|function signature mismatch/, WASM_TRAP.INDIRECT_CALL_MISMATCH],
];

class Exit {
  constructor(readonly code: number) {}
}

function runV8(bytes: Uint8Array): Outcome {
  let memory: WebAssembly.Memory | undefined;
  let stdout = '';
  const imports = {
    zkos: {
      write: (fd: number, buf: number, len: number) => {
        if (fd === 1) stdout += Buffer.from(memory!.buffer, buf, len).toString('latin1');
        return len;
      },
      exit: (code: number) => {
        throw new Exit(code);
      },
    },
    env: {
      abort: () => {
        throw new Exit(-1000);
      },
    },
  };
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  const wanted = Object.fromEntries(
    Object.entries(imports).map(([m, fns]) => [m, Object.fromEntries(Object.entries(fns).filter(([n]) => WebAssembly.Module.imports(module).some((i) => i.module === m && i.name === n)))]),
  );
  try {
    const instance = new WebAssembly.Instance(module, wanted);
    memory = instance.exports.memory as WebAssembly.Memory | undefined;
    const result = (instance.exports.main as () => number | undefined)();
    return { exit: result ?? 0, stdout };
  } catch (e) {
    if (e instanceof Exit) return { exit: e.code, stdout };
    if (e instanceof WebAssembly.RuntimeError) {
      const code = V8_TRAPS.find(([pattern]) => pattern.test(e.message));
      if (!code) throw new Error(`unmapped V8 trap: ${e.message}`);
      return { trap: code[1], stdout };
    }
    throw e;
  }
}

/** Runs a module on both targets, expects the same outcome, returns it. */
function both(text: string, options: TranslateOptions = {}): Outcome {
  const bytes = wat(text);
  const native = runV8(bytes);
  const { cycles: _cycles, ...riscv } = runRiscv(bytes, options);
  expect(riscv).toEqual(native);
  return native;
}

const WRITE_IMPORT = '(import "zkos" "write" (func $write (param i32 i32 i32) (result i32)))';

const BINARY_OPS = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u', 'gt_s', 'gt_u', 'ge_s', 'ge_u'];
const COMPARISONS = new Set(['eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u', 'gt_s', 'gt_u', 'ge_s', 'ge_u']);
const EDGE_VALUES: Record<'i32' | 'i64', string[]> = {
  i32: ['0', '1', '-1', '2', '3', '7', '31', '32', '33', '0x7fffffff', '0x80000000', '0x12345678', '-0x12345678', '0xff00', '-7'],
  i64: ['0', '1', '-1', '2', '7', '31', '32', '63', '64', '65', '0x7fffffffffffffff', '0x8000000000000000', '0x123456789abcdef0', '-0x123456789', '0xffffffff', '0x100000000', '-7'],
};
const UNARY: Record<'i32' | 'i64', string[]> = {
  i32: ['i32.clz', 'i32.ctz', 'i32.popcnt', 'i32.eqz', 'i32.extend8_s', 'i32.extend16_s'],
  i64: ['i64.clz', 'i64.ctz', 'i64.popcnt', 'i64.eqz', 'i64.extend8_s', 'i64.extend16_s', 'i64.extend32_s', 'i32.wrap_i64'],
};

/**
 * A program that applies every binary and unary operator of `t` to every pair of edge values
 * (read from memory in loops, so nothing constant-folds) and writes all results to stdout.
 */
function operatorProgram(t: 'i32' | 'i64'): string {
  const width = t === 'i32' ? 4 : 8;
  const values = EDGE_VALUES[t];
  const min = t === 'i32' ? '0x80000000' : '0x8000000000000000';
  const emit = (value: string, type: string) => {
    const widened = type === t ? value : t === 'i64' ? `(i64.extend_i32_u ${value})` : value;
    const storeType = type === 'i64' && t === 'i32' ? 'i64' : t;
    return `(${storeType}.store (local.get $out) ${widened}) (local.set $out (i32.add (local.get $out) (i32.const ${storeType === 'i64' ? 8 : 4})))`;
  };
  const binary = BINARY_OPS.map((op) => {
    const result = emit(`(${t}.${op} (local.get $a) (local.get $b))`, COMPARISONS.has(op) ? 'i32' : t);
    if (!op.startsWith('div') && !op.startsWith('rem')) return result;
    const overflow = op === 'div_s' ? `(i32.and (${t}.eq (local.get $a) (${t}.const ${min})) (${t}.eq (local.get $b) (${t}.const -1)))` : '(i32.const 0)';
    return `(if (i32.or (${t}.eqz (local.get $b)) ${overflow}) (then ${emit(`(${t}.const 0x5a)`, t)}) (else ${result}))`;
  });
  const unary = UNARY[t].map((op) => {
    const type = op === 'i32.wrap_i64' || op.endsWith('eqz') ? 'i32' : t;
    return emit(`(${op} (local.get $a))`, type);
  });
  const extend = t === 'i32' ? ['i64.extend_i32_s', 'i64.extend_i32_u'].map((op) => emit(`(${op} (local.get $a))`, 'i64')) : [];
  const data = values.map((v) => `(${t}.store (i32.const ${values.indexOf(v) * width}) (${t}.const ${v}))`).join('\n');
  return `(module ${WRITE_IMPORT}
  (memory (export "memory") 4 4)
  (func (export "main") (result i32)
    (local $i i32) (local $j i32) (local $a ${t}) (local $b ${t}) (local $out i32)
    ${data}
    (local.set $out (i32.const 1024))
    (loop $rows
      (local.set $a (${t}.load (i32.mul (local.get $i) (i32.const ${width}))))
      ${unary.join('\n')}
      ${extend.join('\n')}
      (local.set $j (i32.const 0))
      (loop $columns
        (local.set $b (${t}.load (i32.mul (local.get $j) (i32.const ${width}))))
        ${binary.join('\n')}
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $columns (i32.lt_u (local.get $j) (i32.const ${values.length}))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $i) (i32.const ${values.length}))))
    (drop (call $write (i32.const 1) (i32.const 1024) (i32.sub (local.get $out) (i32.const 1024))))
    (i32.const 0)))`;
}

/** main() calling `body` (an i32 expression) with the helpers in `extra`. */
function mainReturning(body: string, extra = '', memory = '(memory (export "memory") 1 1)'): string {
  return `(module ${WRITE_IMPORT} ${memory} ${extra} (func (export "main") (result i32) ${body}))`;
}

/** A function $f taking its operands as parameters, so the operation happens at run time. */
function trapProgram(type: string, op: string, a: string, b: string): string {
  return mainReturning(
    `(drop (call $f (${type}.const ${a}) (${type}.const ${b}))) (i32.const 0)`,
    `(func $f (param ${type} ${type}) (result ${type}) (${type}.${op} (local.get 0) (local.get 1)))`,
  );
}

describe.skipIf(!haveLlvm)('translate', () => {
  test('returns an exit code from main', () => {
    expect(both(`(module (func (export "main") (result i32) (i32.const 42)))`)).toEqual({ exit: 42, stdout: '' });
  });

  test.each(['i32', 'i64'] as const)('every %s operator on edge values matches V8', (t) => {
    const outcome = both(operatorProgram(t));
    expect(outcome.stdout.length).toBeGreaterThan(1000);
  });

  test.each([
    ['i32', 'div_s', '7', '0', WASM_TRAP.DIVIDE_BY_ZERO],
    ['i32', 'div_u', '7', '0', WASM_TRAP.DIVIDE_BY_ZERO],
    ['i32', 'rem_s', '7', '0', WASM_TRAP.DIVIDE_BY_ZERO],
    ['i32', 'rem_u', '7', '0', WASM_TRAP.DIVIDE_BY_ZERO],
    ['i32', 'div_s', '0x80000000', '-1', WASM_TRAP.INTEGER_OVERFLOW],
    ['i64', 'div_s', '7', '0', WASM_TRAP.DIVIDE_BY_ZERO],
    ['i64', 'div_u', '7', '0', WASM_TRAP.DIVIDE_BY_ZERO],
    ['i64', 'rem_s', '7', '0', WASM_TRAP.DIVIDE_BY_ZERO],
    ['i64', 'rem_u', '7', '0', WASM_TRAP.DIVIDE_BY_ZERO],
    ['i64', 'div_s', '0x8000000000000000', '-1', WASM_TRAP.INTEGER_OVERFLOW],
  ])('%s.%s %s, %s traps', (type, op, a, b, code) => {
    expect(both(trapProgram(type, op, a, b))).toEqual({ trap: code, stdout: '' });
  });

  test.each(['i32', 'i64'])('%s.rem_s INT_MIN, -1 is 0, not a trap', (type) => {
    const min = type === 'i32' ? '0x80000000' : '0x8000000000000000';
    const body = `(${type}.eqz (call $f (${type}.const ${min}) (${type}.const -1)))`;
    const extra = `(func $f (param ${type} ${type}) (result ${type}) (${type}.rem_s (local.get 0) (local.get 1)))`;
    expect(both(mainReturning(body, extra))).toEqual({ exit: 1, stdout: '' });
  });

  test('control flow: nested blocks, loops, br_table with default, br_if with values, if results, select', () => {
    const extra = `
      (func $classify (param i32) (result i32)
        (block $d (block $c (block $b (block $a
          (br_table $a $b $c $d (local.get 0)))
          (return (i32.const 10)))
          (return (i32.const 20)))
          (return (i32.const 30)))
        (i32.const 99))
      (func $brIfValue (param i32) (result i32)
        (i32.add (i32.const 1)
          (block $out (result i32)
            (drop (br_if $out (i32.const 100) (local.get 0)))
            (i32.const 200))))
      (func $sumTo (param i32) (result i32) (local $acc i32)
        (block $done (loop $next
          (br_if $done (i32.eqz (local.get 0)))
          (local.set $acc (i32.add (local.get $acc) (local.get 0)))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $next)))
        (local.get $acc))
      (func $pick (param i32 i32 i32) (result i32) (select (local.get 0) (local.get 1) (local.get 2)))
      (func $sign (param i32) (result i32)
        (if (result i32) (i32.lt_s (local.get 0) (i32.const 0)) (then (i32.const -1))
          (else (if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 0))))))
      (func $nested (param i32) (result i32) (local $i i32) (local $count i32)
        (loop $outer
          (block $skip
            (br_if $skip (i32.rem_u (local.get $i) (i32.const 3)))
            (local.set $count (i32.add (local.get $count) (i32.const 1))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $outer (i32.lt_u (local.get $i) (local.get 0))))
        (local.get $count))`;
    const checks = [
      '(call $classify (i32.const 0))', '(call $classify (i32.const 2))', '(call $classify (i32.const 3))', '(call $classify (i32.const -5))',
      '(call $brIfValue (i32.const 1))', '(call $brIfValue (i32.const 0))', '(call $sumTo (i32.const 100))',
      '(call $pick (i32.const 4) (i32.const 5) (i32.const 1))', '(call $pick (i32.const 4) (i32.const 5) (i32.const 0))',
      '(call $sign (i32.const -9))', '(call $sign (i32.const 0))', '(call $sign (i32.const 9))', '(call $nested (i32.const 10))',
    ];
    const body = checks.map((c, i) => `(i32.store (i32.const ${i * 4}) ${c})`).join(' ') + ` (drop (call $write (i32.const 1) (i32.const 0) (i32.const ${checks.length * 4}))) (i32.const 0)`;
    const { stdout } = both(mainReturning(body, extra)) as { stdout: string };
    const bytes = Buffer.from(stdout, 'latin1');
    const results = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readInt32LE(i * 4));
    expect(results).toEqual([10, 30, 99, 99, 101, 201, 5050, 4, 5, -1, 0, 1, 4]);
  });

  test('recursion (fib) and globals', () => {
    const extra = `
      (global $calls (mut i32) (i32.const 0))
      (global $base i32 (i32.const 1000))
      (global $wide (mut i64) (i64.const 0x100000000))
      (func $fib (param i32) (result i32)
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))`;
    const body = `(global.set $wide (i64.add (global.get $wide) (i64.const 5)))
      (i32.add (i32.add (call $fib (i32.const 15)) (global.get $base))
        (i32.add (i32.wrap_i64 (i64.shr_u (global.get $wide) (i64.const 32))) (i32.rem_u (global.get $calls) (i32.const 7))))`;
    expect(both(mainReturning(body, extra))).toEqual({ exit: 610 + 1000 + 1 + (1973 % 7), stdout: '' });
  });

  test('loads and stores of every width, sign extension, unaligned hints, data segments', () => {
    const body = `
      (i32.store8 (i32.const 100) (i32.const 0x1ff))
      (i32.store16 (i32.const 102) (i32.const 0x18765))
      (i64.store8 (i32.const 104) (i64.const 0x80))
      (i64.store16 (i32.const 106) (i64.const 0x8001))
      (i64.store32 (i32.const 108) (i64.const 0x1_8000_0002))
      (i64.store offset=8 (i32.const 104) (i64.const -2))
      (i32.store offset=1 align=1 (i32.const 120) (i32.const 0x11223344))
      (i32.store (i32.const 200) (i32.load8_s (i32.const 100)))
      (i32.store (i32.const 204) (i32.load8_u (i32.const 100)))
      (i32.store (i32.const 208) (i32.load16_s (i32.const 102)))
      (i32.store (i32.const 212) (i32.load16_u (i32.const 102)))
      (i64.store (i32.const 216) (i64.load8_s (i32.const 104)))
      (i64.store (i32.const 224) (i64.load8_u (i32.const 104)))
      (i64.store (i32.const 232) (i64.load16_s (i32.const 106)))
      (i64.store (i32.const 240) (i64.load16_u (i32.const 106)))
      (i64.store (i32.const 248) (i64.load32_s (i32.const 108)))
      (i64.store (i32.const 256) (i64.load32_u (i32.const 108)))
      (i64.store (i32.const 264) (i64.load (i32.const 112)))
      (i32.store (i32.const 272) (i32.load align=1 (i32.const 121)))
      (i32.store (i32.const 276) (i32.load (i32.const 16)))
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 280)))
      (i32.const 3)`;
    const memory = '(memory (export "memory") 1 1) (data (i32.const 4) "hello, data!") (data (i32.const 16) "\\01\\02\\03\\04")';
    const outcome = both(mainReturning(body, '', memory));
    expect(outcome).toMatchObject({ exit: 3 });
    expect(outcome.stdout.slice(4, 16)).toBe('hello, data!');
  });

  test('memory.size, memory.grow, memory.copy (overlapping) and memory.fill', () => {
    const body = `
      (i32.store (i32.const 0) (memory.size))
      (i32.store (i32.const 4) (memory.grow (i32.const 0)))
      (i32.store (i32.const 8) (memory.grow (i32.const 1)))
      (memory.fill (i32.const 16) (i32.const 0x1a7) (i32.const 13))
      (memory.copy (i32.const 40) (i32.const 4100) (i32.const 26))
      (memory.copy (i32.const 44) (i32.const 40) (i32.const 20))
      (memory.copy (i32.const 70) (i32.const 4100) (i32.const 26))
      (memory.copy (i32.const 70) (i32.const 74) (i32.const 20))
      (memory.copy (i32.const 131072) (i32.const 0) (i32.const 0))
      (memory.fill (i32.const 131072) (i32.const 0) (i32.const 0))
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 100)))
      (i32.const 0)`;
    const memory = '(memory (export "memory") 2 2) (data (i32.const 4100) "abcdefghijklmnopqrstuvwxyz")';
    const outcome = both(mainReturning(body, '', memory)) as { stdout: string };
    expect(outcome.stdout.slice(40, 66)).toBe('abcdabcdefghijklmnopqrstyz');
    expect(outcome.stdout.slice(70, 92)).toBe('efghijklmnopqrstuvwxuv');
  });

  test.each([
    ['(i32.load (i32.const 65533))'],
    ['(i32.load offset=4294967295 (i32.const 1))'],
    ['(i32.wrap_i64 (i64.load (i32.const -1)))'],
    ['(i32.load8_u (i32.const 65536))'],
    ['(i32.store16 (i32.const 65535) (i32.const 1)) (i32.const 0)'],
    ['(memory.fill (i32.const 65530) (i32.const 1) (i32.const 7)) (i32.const 0)'],
    ['(memory.copy (i32.const 0) (i32.const 65530) (i32.const 7)) (i32.const 0)'],
    ['(memory.copy (i32.const 65530) (i32.const 0) (i32.const 7)) (i32.const 0)'],
  ])('out-of-bounds access traps: %s', (body) => {
    expect(both(mainReturning(body))).toEqual({ trap: WASM_TRAP.MEMORY_OUT_OF_BOUNDS, stdout: '' });
  });

  test('the last bytes of memory are accessible', () => {
    expect(both(mainReturning('(i32.store (i32.const 65532) (i32.const 7)) (i32.add (i32.load (i32.const 65532)) (i32.load8_u (i32.const 65535)))'))).toEqual({ exit: 7, stdout: '' });
  });

  const tableModule = (index: string, type = '$binary') => `(module
    (type $binary (func (param i32 i32) (result i32)))
    (type $unary (func (param i32) (result i32)))
    (table 5 5 funcref)
    (elem (i32.const 1) $add $sub $neg)
    (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
    (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
    (func $neg (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
    (func $pick (param i32) (result i32) (local.get 0))
    (func (export "main") (result i32)
      ${type === '$binary' ? `(call_indirect (type $binary) (i32.const 50) (i32.const 8) (call $pick (i32.const ${index})))` : `(call_indirect (type $unary) (i32.const 8) (call $pick (i32.const ${index})))`}))`;

  test('call_indirect: calls through the table, traps on bad index, null entry and wrong type', () => {
    expect(both(tableModule('1'))).toEqual({ exit: 58, stdout: '' });
    expect(both(tableModule('2'))).toEqual({ exit: 42, stdout: '' });
    expect(both(tableModule('3', '$unary'))).toEqual({ exit: -8, stdout: '' });
    expect(both(tableModule('5'))).toEqual({ trap: WASM_TRAP.TABLE_OUT_OF_BOUNDS, stdout: '' });
    expect(both(tableModule('-1'))).toEqual({ trap: WASM_TRAP.TABLE_OUT_OF_BOUNDS, stdout: '' });
    expect(both(tableModule('0'))).toEqual({ trap: WASM_TRAP.INDIRECT_CALL_MISMATCH, stdout: '' });
    expect(both(tableModule('3'))).toEqual({ trap: WASM_TRAP.INDIRECT_CALL_MISMATCH, stdout: '' });
  });

  test('unreachable traps; exit never returns; start function runs first; void main exits 0', () => {
    expect(both(mainReturning('(unreachable)'))).toEqual({ trap: WASM_TRAP.UNREACHABLE, stdout: '' });
    const exitImport = '(import "zkos" "exit" (func $exit (param i32)))';
    expect(both(`(module ${exitImport} (func (export "main") (result i32) (call $exit (i32.const 7)) (i32.const 1)))`)).toEqual({ exit: 7, stdout: '' });
    const start = `(module ${WRITE_IMPORT} (memory (export "memory") 1 1) (data (i32.const 0) "AB")
      (func $init (i32.store8 (i32.const 0) (i32.const 0x5a))) (start $init)
      (func (export "main") (drop (call $write (i32.const 1) (i32.const 0) (i32.const 2)))))`;
    expect(both(start)).toEqual({ exit: 0, stdout: 'ZB' });
  });

  test('multi-value results become struct returns', () => {
    const extra = `(func $divmod (param i32 i32) (result i32 i32) (i32.div_u (local.get 0) (local.get 1)) (i32.rem_u (local.get 0) (local.get 1)))`;
    const body = `(call $divmod (i32.const 47) (i32.const 10)) (i32.mul (i32.const 10)) (i32.add)`;
    expect(both(mainReturning(body, extra))).toEqual({ exit: 74, stdout: '' });
  });

  test('writes to stdout through the write import', () => {
    const memory = '(memory (export "memory") 1 1) (data (i32.const 8) "hi there\\n")';
    expect(both(mainReturning('(drop (call $write (i32.const 1) (i32.const 8) (i32.const 9))) (i32.const 0)', '', memory))).toEqual({ exit: 0, stdout: 'hi there\n' });
  });

  test('without bounds checks, in-bounds programs behave the same', () => {
    const outcome = both(operatorProgram('i32'), { boundsChecks: false });
    expect(outcome).toMatchObject({ exit: 0 });
  });
});

describe('translate errors', () => {
  const error = (text: string, options: TranslateOptions = {}) => () => translateModule(wat(text), options);

  test('floating point is rejected, naming the function and instruction', () => {
    expect(error('(module (func $f (export "main") (result i32) (i32.trunc_f32_s (f32.add (f32.const 1) (f32.const 2)))))')).toThrow(/function "f".*(f32|Float32)/);
    expect(error('(module (func $g (param f64)) (func (export "main")))')).toThrow(/function "g".*f64/);
  });

  test('SIMD is rejected', () => {
    expect(error('(module (func $s (export "main") (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))')).toThrow(/function "s".*(v128|SIMD)/);
  });

  test('unknown imports are rejected, naming module.name', () => {
    expect(error('(module (import "env" "seed" (func (result i32))) (func (export "main")))')).toThrow(/env\.seed/);
  });

  test('a module without main is rejected', () => {
    expect(error('(module (func (export "start")))')).toThrow('module has no export "main"');
  });

  test('memory must match the build and declare maximum = initial', () => {
    expect(error('(module (memory 2 2) (func (export "main")))', { memoryPages: 3 })).toThrow(/2 pages.*expects 3/);
    expect(error('(module (memory 2) (func (export "main")))')).toThrow(/maximum/);
  });

  test('imported globals and passive data are rejected', () => {
    expect(error('(module (import "env" "g" (global i32)) (func (export "main")))')).toThrow(/imported globals/);
    expect(error('(module (memory 1 1) (data "x") (func (export "main")))')).toThrow(/passive/);
  });

  test('function names survive as LLVM symbols', () => {
    const { functions, ir } = translateModule(wat('(module (func $memcpy) (func $main (export "main") (call $memcpy)))'));
    expect(functions).toEqual([{ wasmName: 'memcpy', llvmName: 'wasm:memcpy' }, { wasmName: 'main', llvmName: 'main' }]);
    expect(ir).toContain('define internal void @"wasm:memcpy"()');
  });
});

/** An AssemblyScript program (stub runtime): i64 arithmetic, typed arrays, Array<i32>, assert. */
const ASSEMBLYSCRIPT_SOURCE = `
@external("zkos", "write")
declare function write(fd: i32, buf: usize, len: usize): i32;

function fib(n: i32): i64 {
  let a: i64 = 0, b: i64 = 1;
  for (let i = 0; i < n; i++) { const t = a + b; a = b; b = t; }
  return a;
}

export function main(): i32 {
  const digits = new Uint8Array(32);
  let v = fib(80);
  let i = 31;
  while (v > 0) { digits[i--] = <u8>(48 + <i32>(v % 10)); v /= 10; }
  write(1, digits.dataStart + <usize>(i + 1), <usize>(31 - i));
  const squares = new Array<i32>(10);
  for (let j = 0; j < 10; j++) squares[j] = j * j;
  let sum = 0;
  for (let j = 0; j < 10; j++) sum += squares[j];
  assert(sum == 285);
  return sum & 0xff;
}
`;

async function compileAssemblyScript(source: string): Promise<Uint8Array> {
  const asc = await import('assemblyscript/asc');
  const outputs = new Map<string, Uint8Array>();
  const { error, stderr } = await asc.main(
    ['program.ts', '--runtime', 'stub', '-O3', '--initialMemory', '4', '--maximumMemory', '4', '-o', 'program.wasm'],
    {
      readFile: (name: string) => (name === 'program.ts' ? source : null),
      writeFile: (name: string, contents: Uint8Array | string) => void outputs.set(name, contents as Uint8Array),
      listFiles: () => [],
    },
  );
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
  return outputs.get('program.wasm')!;
}

describe.skipIf(!haveLlvm)('translate AssemblyScript', () => {
  test('a compiled AssemblyScript program runs the same on both targets', async () => {
    const bytes = await compileAssemblyScript(ASSEMBLYSCRIPT_SOURCE);
    expect(runV8(bytes)).toEqual({ exit: 285 & 0xff, stdout: '23416728348467685' });
    const { cycles, ...riscv } = runRiscv(bytes);
    expect(riscv).toEqual(runV8(bytes));
    expect(cycles).toBeLessThan(20_000);
  });
});

