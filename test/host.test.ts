// The oracle host (oracle/host.ts): both bindings (RISC-V ecalls, native imports) give the same
// results and call logs; AS string decoding is bounds-checked; the native runner maps V8 traps.
import binaryen from 'binaryen';
import { describe, expect, test } from 'vitest';
import { collectingSink, ECALL } from '../emulator/ecall';
import type { EcallResult } from '../emulator/host';
import { Machine } from '../emulator/machine';
import { Memory } from '../emulator/memory';
import { deferStart, START_EXPORT } from '../oracle/defer-start';
import { ecallHost, hostStopOutcome, readAsString, wasmImports, type CallOutcome, type HostCall } from '../oracle/host';
import { NativeLoadError, runNative } from '../oracle/native';
import { WASM_TRAP, ZK_ECALL } from '../toolchain/wasm/abi';

const MEMORY = 65536;

/** Writes an AssemblyScript string (u32 byte length at ptr - 4, UTF-16LE at ptr) into `memory`. */
function putAsString(memory: Uint8Array, ptr: number, text: string): void {
  const view = new DataView(memory.buffer, memory.byteOffset);
  view.setUint32(ptr - 4, text.length * 2, true);
  for (let i = 0; i < text.length; i++) view.setUint16(ptr + 2 * i, text.charCodeAt(i), true);
}

function guestMemory(): Memory {
  const memory = new Memory(MEMORY);
  memory.u8.set(new TextEncoder().encode('hello, world\n'), 0x100);
  putAsString(memory.u8, 0x204, 'index out of range');
  putAsString(memory.u8, 0x304, '~lib/array.ts');
  return memory;
}

type Call = { name: 'write' | 'exit' | 'trap' | 'abort'; args: number[] };

const CALLS: Call[] = [
  { name: 'write', args: [1, 0x100, 13] },
  { name: 'write', args: [2, 0x100, 5] },
  { name: 'write', args: [3, 0x100, 5] }, // bad fd: -EBADF
  { name: 'write', args: [1, 0x100, 0] },
  { name: 'write', args: [1, MEMORY - 2, 4] }, // past the end: fault
  { name: 'write', args: [1, -16, 4] }, // a "negative" pointer is a huge unsigned one
  { name: 'trap', args: [WASM_TRAP.DIVIDE_BY_ZERO] },
  { name: 'trap', args: [99] },
  { name: 'abort', args: [0x204, 0x304, 12, 5] },
  { name: 'abort', args: [0, 0x7fff_fff0, -1, 0] },
  { name: 'exit', args: [7] },
  { name: 'exit', args: [-1] },
];

const ECALL_OF = { write: ECALL.WRITE, exit: ECALL.EXIT, trap: ZK_ECALL.TRAP, abort: ZK_ECALL.ABORT };

/** Each call through the RISC-V binding, the result as a CallOutcome. */
function viaEcalls(calls: Call[]) {
  const out = collectingSink();
  const log: HostCall[] = [];
  const host = ecallHost({ sink: out.sink, log });
  const memory = guestMemory();
  const results = calls.map(({ name, args }) => {
    const m = new Machine(memory);
    args.forEach((a, i) => (m.regs[10 + i] = a));
    m.regs[17] = ECALL_OF[name];
    const r: EcallResult = host.ecall(m);
    if (r.kind === 'continue') return { kind: 'return', value: m.regs[10] } as CallOutcome;
    if (r.kind === 'trap') return { kind: 'fault', message: r.message } as CallOutcome;
    return r as CallOutcome;
  });
  return { results, log, stdout: out.stdout(), stderr: out.stderr() };
}

/** Each call through the native import object (trap is the runner's own call, not an import). */
function viaImports(calls: Call[]) {
  const out = collectingSink();
  const log: HostCall[] = [];
  const memory = guestMemory();
  const imports = wasmImports({ sink: out.sink, log }, () => memory.u8);
  const fn = { write: imports.zkos.write, exit: imports.zkos.exit, abort: imports.env.abort };
  const results = calls.map(({ name, args }) => {
    if (name === 'trap') return null;
    try {
      const value = fn[name](...args);
      return { kind: 'return', value } as CallOutcome;
    } catch (e) {
      const stop = hostStopOutcome(e);
      if (!stop) throw e;
      return stop;
    }
  });
  return { results, log, stdout: out.stdout(), stderr: out.stderr() };
}

describe('one host, two bindings', () => {
  const withoutTraps = CALLS.filter((c) => c.name !== 'trap');

  test('same results, output and call log for the same calls', () => {
    const riscv = viaEcalls(withoutTraps);
    const native = viaImports(withoutTraps);
    expect(native.results).toEqual(riscv.results);
    expect(native.log).toEqual(riscv.log);
    expect(Buffer.from(native.stdout).toString()).toBe('hello, world\n');
    expect(Buffer.from(native.stderr).toString()).toBe('hello');
    expect(native.stdout).toEqual(riscv.stdout);
  });

  test('results are what the ABI says', () => {
    const { results, log } = viaEcalls(CALLS);
    expect(results[0]).toEqual({ kind: 'return', value: 13 });
    expect(results[2]).toEqual({ kind: 'return', value: -9 });
    expect(results[3]).toEqual({ kind: 'return', value: 0 });
    expect(results[4]).toEqual({ kind: 'fault', message: 'write: buffer 0xfffe of 4 bytes is outside guest memory [0, 0x10000)' });
    expect(results[5]).toMatchObject({ kind: 'fault', message: expect.stringContaining('buffer 0xfffffff0') });
    expect(results[6]).toEqual({ kind: 'abort', code: 2, message: 'WebAssembly trap: integer divide by zero' });
    expect(results[7]).toEqual({ kind: 'abort', code: 99, message: 'WebAssembly trap: unknown trap code 99' });
    expect(results[8]).toEqual({ kind: 'abort', code: WASM_TRAP.ABORT, message: 'index out of range in ~lib/array.ts(12:5)' });
    expect(results[9]).toMatchObject({ kind: 'abort', code: WASM_TRAP.ABORT, message: 'null in <string pointer 0x7ffffff0 outside memory>(-1:0)' });
    expect(results[10]).toEqual({ kind: 'exit', code: 7 });
    expect(results[11]).toEqual({ kind: 'exit', code: -1 });
    expect(log.map((c) => c.name)).toEqual(CALLS.map((c) => c.name));
    expect(log[0]).toEqual({ name: 'write', args: [1, 0x100, 13], outcome: results[0], bytes: new TextEncoder().encode('hello, world\n') });
    expect(log[5].args).toEqual([1, 0xfffffff0, 4]);
  });

  test('the emulator binding keeps standardEcalls behaviour, and can restrict the host to the linear memory', () => {
    const host = ecallHost({ sink: () => {} }, { memoryBytes: 0x1000 });
    const m = new Machine(guestMemory());
    m.regs.set([1, 0x1000, 1], 10);
    m.regs[17] = ECALL.WRITE;
    expect(host.ecall(m)).toEqual({ kind: 'trap', message: 'write: buffer 0x1000 of 1 bytes is outside guest memory [0, 0x1000)' });
    expect(host.nameOf(ZK_ECALL.TRAP)).toBe('trap');
    expect(host.nameOf(ZK_ECALL.ABORT)).toBe('abort');
  });
});

describe('readAsString', () => {
  const memory = guestMemory().u8;
  test('decodes UTF-16LE with the length at ptr - 4', () => {
    expect(readAsString(memory, 0x204)).toBe('index out of range');
    putAsString(memory, 0x404, 'héllo ✓');
    expect(readAsString(memory, 0x404)).toBe('héllo ✓');
  });
  test('bad pointers and lengths give a note, never a throw', () => {
    const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
    expect(readAsString(memory, 0)).toBe('null');
    expect(readAsString(memory, 2)).toBe('<string pointer 0x2 outside memory>');
    expect(readAsString(memory, MEMORY + 4)).toBe('<string pointer 0x10004 outside memory>');
    expect(readAsString(memory, -4)).toBe('<string pointer 0xfffffffc outside memory>');
    view.setUint32(0x500, 0xffff_fff0, true);
    expect(readAsString(memory, 0x504)).toBe('<string at 0x504: length 4294967280 runs past memory>');
    view.setUint32(MEMORY - 4, 2, true);
    expect(readAsString(memory, MEMORY)).toBe('<string at 0x10000: length 2 runs past memory>');
    view.setUint32(0x600, 3, true); // odd length: the last byte is dropped
    memory.set([0x41, 0, 0x42], 0x604);
    expect(readAsString(memory, 0x604)).toBe('A');
  });
  test('long strings are cut', () => {
    putAsString(memory, 0x1004, 'x'.repeat(5000));
    expect(readAsString(memory, 0x1004)).toBe('x'.repeat(1024) + '…');
  });
});

/** A wasm module from text (all features: the tests need bulk memory). */
function wat(text: string): Uint8Array {
  const m = binaryen.parseText(text);
  m.setFeatures(binaryen.Features.All);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

const IMPORTS = `
  (import "zkos" "write" (func $write (param i32 i32 i32) (result i32)))
  (import "zkos" "exit" (func $exit (param i32)))
  (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 16) "hi\\n")`;

function native(body: string, extra = '') {
  const out = collectingSink();
  const log: HostCall[] = [];
  const result = runNative(wat(`(module ${IMPORTS} ${extra} (func (export "main") (result i32) ${body}))`), { sink: out.sink, log });
  return { result, log, stdout: Buffer.from(out.stdout()).toString() };
}

describe('native runner', () => {
  test("main's result is the exit code; exit() ends the run", () => {
    expect(native('(drop (call $write (i32.const 1) (i32.const 16) (i32.const 3))) (i32.const 42)')).toMatchObject({
      result: { kind: 'exit', exitCode: 42 },
      stdout: 'hi\n',
    });
    expect(native('(call $exit (i32.const -3)) (i32.const 0)').result).toEqual({ kind: 'exit', exitCode: -3 });
  });

  test('V8 traps map to WASM_TRAP codes and are logged as trap calls', () => {
    const cases: [string, number][] = [
      ['unreachable', WASM_TRAP.UNREACHABLE],
      ['(i32.div_s (i32.const 1) (i32.const 0))', WASM_TRAP.DIVIDE_BY_ZERO],
      ['(i32.rem_u (i32.const 1) (i32.const 0))', WASM_TRAP.DIVIDE_BY_ZERO],
      ['(i32.div_s (i32.const 0x80000000) (i32.const -1))', WASM_TRAP.INTEGER_OVERFLOW],
      ['(i32.load (i32.const 65535))', WASM_TRAP.MEMORY_OUT_OF_BOUNDS],
      ['(memory.fill (i32.const 0) (i32.const 0) (i32.const 65537)) (i32.const 0)', WASM_TRAP.MEMORY_OUT_OF_BOUNDS],
      ['(call_indirect (type $t) (i32.const 9))', WASM_TRAP.TABLE_OUT_OF_BOUNDS],
      ['(call_indirect (type $t) (i32.const 1))', WASM_TRAP.INDIRECT_CALL_MISMATCH],
      ['(call_indirect (type $t) (i32.const 0))', WASM_TRAP.INDIRECT_CALL_MISMATCH],
    ];
    const table = '(type $t (func (result i32))) (table 2 funcref) (elem (i32.const 0) $f) (func $f (param i32) (result i32) (i32.const 0))';
    for (const [body, code] of cases) {
      const { result, log } = native(body, table);
      expect(result, body).toMatchObject({ kind: 'trap', code });
      expect(log, body).toEqual([{ name: 'trap', args: [code], outcome: { kind: 'abort', code, message: (result as { message: string }).message } }]);
    }
  });

  test('abort() and a host fault end the run as traps', () => {
    expect(native('(call $abort (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 2)) (i32.const 0)').result).toEqual({
      kind: 'trap',
      code: WASM_TRAP.ABORT,
      message: 'null in null(1:2)',
    });
    expect(native('(call $write (i32.const 1) (i32.const 65535) (i32.const 2))').result).toEqual({
      kind: 'trap',
      code: null,
      message: 'write: buffer 0xffff of 2 bytes is outside guest memory [0, 0x10000)',
    });
  });

  test('stack overflow is a trap without a code and a clear message', () => {
    const { result } = native('(call $r)', '(func $r (result i32) (call $r))');
    expect(result).toMatchObject({ kind: 'trap', code: null, message: expect.stringContaining('native stack overflow') });
  });

  test('the start function runs first and may already use the host', () => {
    const { result, stdout, log } = native(
      '(global.get $g)',
      '(global $g (mut i32) (i32.const 0)) (func $init (drop (call $write (i32.const 1) (i32.const 16) (i32.const 3))) (global.set $g (i32.const 5))) (start $init)',
    );
    expect(result).toEqual({ kind: 'exit', exitCode: 5 });
    expect(stdout).toBe('hi\n');
    expect(log.map((c) => c.name)).toEqual(['write', 'exit']);
  });

  test('deferStart exports the start function (and leaves modules without one alone)', () => {
    const plain = wat('(module (func (export "main") (result i32) (i32.const 0)))');
    expect(deferStart(plain)).toEqual({ wasm: plain, hasStart: false });
    const noExports = wat('(module (global $g (mut i32) (i32.const 0)) (func $s (global.set $g (i32.const 1))) (start $s))');
    const { wasm, hasStart } = deferStart(noExports);
    expect(hasStart).toBe(true);
    expect(WebAssembly.Module.exports(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>))).toEqual([{ name: START_EXPORT, kind: 'function' }]);
  });

  test('modules that cannot run natively say why', () => {
    expect(() => runNative(new Uint8Array([0, 0x61, 0x73, 0x6d, 9]), { sink: () => {} })).toThrow(NativeLoadError);
    expect(() => runNative(wat(`(module ${IMPORTS})`), { sink: () => {} })).toThrow("exports no function 'main'");
    expect(() => runNative(wat('(module (func (export "main") (result i32) (i32.const 0)))'), { sink: () => {} })).toThrow('exports no memory');
    expect(() =>
      runNative(wat('(module (import "zkos" "nope" (func)) (memory (export "memory") 1) (func (export "main") (result i32) (i32.const 0)))'), { sink: () => {} }),
    ).toThrow(/cannot instantiate/);
  });
});
