// The wasm tier's assembler (emulator/compiler/wasm/encode.ts): constants, labels resolved to
// branch depths, modules V8 accepts and runs, and errors that name the line.
import { describe, expect, test } from 'vitest';
import { assembleBody, assembleModule } from '../emulator/compiler/wasm/encode';

const LOCALS = new Map([['$pc', 0], ['$bud', 1], ['$x', 2]]);

/** Signed LEB128 by the definition, on BigInt (the reference for the assembler's number code). */
function leb(value: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Runs `body` as run(pc, bud) in a fresh one-page memory. */
function runBody(body: string, pc = 0, bud = 0): number {
  const bytes = assembleModule(assembleBody(body, LOCALS), 1, 1);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { e: { m: memory } });
  return (instance.exports.run as (pc: number, bud: number) => number)(pc, bud);
}

describe('the wasm tier assembler', () => {
  test('i32.const: every boundary of the signed LEB128 lengths equals the definition, and runs', () => {
    const values = [0, 1, -1, 63, 64, -64, -65, 8191, 8192, -8192, -8193, 2 ** 20 - 1, 2 ** 20, -(2 ** 20), 2 ** 27, -(2 ** 27) - 1, 2 ** 31 - 1, -(2 ** 31)];
    for (const v of values) {
      expect(assembleBody(`i32.const ${v}`, LOCALS), String(v)).toEqual([0x41, ...leb(BigInt(v))]);
      expect(runBody(`i32.const ${v}`), String(v)).toBe(v);
    }
  });

  test('labels become depths: br leaves the right block, br_if loops', () => {
    // x = 0; loop { x += 3; if x < 30 repeat }; then x + 1 in a block left early with br
    const body = [
      'block $out',
      'loop $again',
      'local.get $x', 'i32.const 3', 'i32.add', 'local.set $x',
      'local.get $x', 'i32.const 30', 'i32.lt_s', 'br_if $again',
      'end',
      'br $out',
      'i32.const 99', 'local.set $x',
      'end',
      'local.get $x', 'i32.const 1', 'i32.add',
    ].join('\n');
    expect(runBody(body)).toBe(31);
  });

  test('br_table: the index picks a label by depth, out of range the default', () => {
    // $pc 0 -> 10, 1 -> 20, 2 -> 10 (a label twice), anything else -> 99
    const body = [
      'block $other',
      'block $twenty',
      'block $ten',
      'local.get $pc',
      'br_table $ten $twenty $ten $other',
      'end',
      'i32.const 10', 'return',
      'end',
      'i32.const 20', 'return',
      'end',
      'i32.const 99',
    ].join('\n');
    expect([0, 1, 2, 3, -1, 1000].map((pc) => runBody(body, pc))).toEqual([10, 20, 10, 99, 99, 99]);
    expect(() => assembleBody('block $a\ni32.const 0\nbr_table $a $b\nend', LOCALS)).toThrow(/line 3 .*unknown label \$b/);
    expect(() => assembleBody('block $a\ni32.const 0\nbr_table\nend', LOCALS)).toThrow(/line 3 .*default label/);
  });

  test('typed if/else, 64-bit multiply and memory', () => {
    const high = 'local.get $pc\ni64.extend_i32_u\nlocal.get $bud\ni64.extend_i32_u\ni64.mul\ni64.const 32\ni64.shr_u\ni32.wrap_i64';
    expect(runBody(high, -1, -1) >>> 0).toBe(0xfffffffe);
    const store = 'i32.const 8\nlocal.get $pc\ni32.store16 offset=100\ni32.const 0\ni32.load16_s offset=108';
    expect(runBody(store, 0x18000)).toBe(-0x8000);
    const choose = 'local.get $pc\ni32.eqz\nif i32\ni32.const 7\nelse\ni32.const 9\nend';
    expect([runBody(choose, 0), runBody(choose, 5)]).toEqual([7, 9]);
  });

  test('errors name the line: an unknown instruction, an unknown label or local, a block left open', () => {
    expect(() => assembleBody('i32.const 1\ni32.frobnicate', LOCALS)).toThrow(/line 2 `i32.frobnicate`: unknown instruction/);
    expect(() => assembleBody('block $a\nbr $b\nend', LOCALS)).toThrow(/line 2 `br \$b`: unknown label/);
    expect(() => assembleBody('local.get $nope', LOCALS)).toThrow(/line 1 `local.get \$nope`: unknown local/);
    expect(() => assembleBody('block $a\nloop $b\nend', LOCALS)).toThrow(/1 block\(s\) not closed/);
    expect(() => assembleBody('i32.const x1', LOCALS)).toThrow(/line 1 `i32.const x1`: not an integer/);
    expect(() => assembleBody('i32.const 0\ni32.load offset=x', LOCALS)).toThrow(/line 2 .*memarg/);
  });
});
