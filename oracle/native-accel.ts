// The native runner's fast accelerator: u256_op as a WebAssembly function sharing the guest's linear
// memory, so a guest's 256-bit operations cost a wasm-to-wasm call instead of a call into JavaScript
// (an ecrecover makes ~26,000 of them). Same semantics as oracle/zk-calls.ts's u256_op, which stays
// the simple path: any call the fast path does not handle exactly (an unknown op word, a misaligned
// or out-of-bounds operand) goes to it, so errors read the same. test/native-accel.test.ts checks the
// two paths agree on seeded random operands.
//
// To share the memory, the guest module is rewritten once (importGuestMemory) to import its memory as
// env.memory instead of defining it; the host creates that memory with the guest's own limits.
import binaryen from 'binaryen';

/** The fast path's exports. `calls` counts the operations it served (for the accelerator counts). */
export interface FastAccel {
  readonly u256_op: (op: number, a: number, b: number, out: number) => number;
  readonly calls: () => number;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The product columns of a × b, unrolled: r0..r15 from a0..a7 × b0..b7, one row of carries at a time. */
function productCode(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 8; i++) {
    lines.push('(local.set $c (i64.const 0))');
    for (let j = 0; j < 8; j++) {
      lines.push(
        `(local.set $t (i64.add (i64.add (local.get $r${i + j}) (i64.mul (local.get $a${i}) (local.get $b${j}))) (local.get $c)))`,
        `(local.set $r${i + j} (i64.and (local.get $t) (i64.const 0xffffffff)))`,
        `(local.set $c (i64.shr_u (local.get $t) (i64.const 32)))`,
      );
    }
    lines.push(`(local.set $r${i + 8} (local.get $c))`);
  }
  return lines;
}

/** The WebAssembly text of the fast accelerator module. */
export function fastAccelText(): string {
  const load = (p: string, k: number) => `(i64.load32_u offset=${4 * k} (local.get $${p}))`;
  const locals = [...range(8).map((i) => `(local $a${i} i64) (local $b${i} i64)`), ...range(16).map((i) => `(local $r${i} i64)`)].join(' ');
  const storeHalf = (from: number) => range(8).map((k) => `(i64.store32 offset=${4 * k} (local.get $out) (local.get $r${from + k}))`);
  const orHalf = (from: number) => range(7).reduce((acc, k) => `(i64.or ${acc} (local.get $r${from + k + 1}))`, `(local.get $r${from})`);
  return `(module
  (import "env" "memory" (memory 0))
  (import "host" "slow" (func $slow (param i32 i32 i32 i32) (result i32)))
  (global $calls (mut i32) (i32.const 0))
  (func (export "calls") (result i32) (global.get $calls))
  ;; 8 words at p are 4-byte aligned and inside memory
  (func $fits (param $p i32) (result i32)
    (i32.and
      (i32.eqz (i32.and (local.get $p) (i32.const 3)))
      (i64.le_u (i64.add (i64.extend_i32_u (local.get $p)) (i64.const 32))
                (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))))
  (func $add (param $a i32) (param $b i32) (param $out i32) (param $c i64) (result i32)
    (local $i i32) (local $s i64)
    (loop $next
      (local.set $s (i64.add (i64.add (i64.load32_u (i32.add (local.get $a) (local.get $i)))
                                      (i64.load32_u (i32.add (local.get $b) (local.get $i))))
                             (local.get $c)))
      (i64.store32 (i32.add (local.get $out) (local.get $i)) (local.get $s))
      (local.set $c (i64.shr_u (local.get $s) (i64.const 32)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 32))))
    (i32.wrap_i64 (local.get $c)))
  (func $sub (param $a i32) (param $b i32) (param $out i32) (param $c i64) (result i32)
    (local $i i32) (local $d i64)
    (loop $next
      (local.set $d (i64.sub (i64.sub (i64.load32_u (i32.add (local.get $a) (local.get $i)))
                                      (i64.load32_u (i32.add (local.get $b) (local.get $i))))
                             (local.get $c)))
      (i64.store32 (i32.add (local.get $out) (local.get $i)) (local.get $d))
      (local.set $c (i64.shr_u (local.get $d) (i64.const 63)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 32))))
    (i32.wrap_i64 (local.get $c)))
  (func $mul (param $a i32) (param $b i32) (param $out i32) (param $high i32) (result i32)
    (local $c i64) (local $t i64) ${locals}
    ${range(8).map((k) => `(local.set $a${k} ${load('a', k)}) (local.set $b${k} ${load('b', k)})`).join('\n    ')}
    ${productCode().join('\n    ')}
    (if (local.get $high)
      (then ${storeHalf(8).join(' ')})
      (else ${storeHalf(0).join(' ')}))
    (i64.ne ${orHalf(8)} (i64.const 0)))
  (func $cmp (param $a i32) (param $b i32) (result i32)
    (local $i i32) (local $x i32) (local $y i32)
    (local.set $i (i32.const 28))
    (loop $next
      (local.set $x (i32.load (i32.add (local.get $a) (local.get $i))))
      (local.set $y (i32.load (i32.add (local.get $b) (local.get $i))))
      (if (i32.lt_u (local.get $x) (local.get $y)) (then (return (i32.const -1))))
      (if (i32.gt_u (local.get $x) (local.get $y)) (then (return (i32.const 1))))
      (local.set $i (i32.sub (local.get $i) (i32.const 4)))
      (br_if $next (i32.ge_s (local.get $i) (i32.const 0))))
    (i32.const 0))
  (func (export "u256_op") (param $op i32) (param $a i32) (param $b i32) (param $out i32) (result i32)
    (local $code i32)
    (local.set $code (i32.and (local.get $op) (i32.const 0x1ff)))
    ;; anything but a valid op on fitting operands goes to the simple path, which names the error
    (if (i32.or (i32.ne (local.get $op) (local.get $code))
          (i32.or (i32.eqz (call $fits (local.get $a))) (i32.eqz (call $fits (local.get $b)))))
      (then (return (call $slow (local.get $op) (local.get $a) (local.get $b) (local.get $out)))))
    (if (i32.and (i32.ne (local.get $code) (i32.const 4)) (i32.eqz (call $fits (local.get $out))))
      (then (return (call $slow (local.get $op) (local.get $a) (local.get $b) (local.get $out)))))
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (block $bad
      (block $cmp (block $mulhi (block $mullo (block $sub (block $add
        (br_table $add $sub $mullo $mulhi $cmp $bad (local.get $code)))
        (return (call $add (local.get $a) (local.get $b) (local.get $out) (i64.const 0))))
        (return (call $sub (local.get $a) (local.get $b) (local.get $out) (i64.const 0))))
        (return (call $mul (local.get $a) (local.get $b) (local.get $out) (i32.const 0))))
        (return (call $mul (local.get $a) (local.get $b) (local.get $out) (i32.const 1))))
        (return (call $cmp (local.get $a) (local.get $b))))
    (if (i32.eq (local.get $code) (i32.const 0x100))
      (then (return (call $add (local.get $a) (local.get $b) (local.get $out) (i64.const 1)))))
    (if (i32.eq (local.get $code) (i32.const 0x101))
      (then (return (call $sub (local.get $a) (local.get $b) (local.get $out) (i64.const 1)))))
    ;; not an operation after all: undo the count and let the simple path report it
    (global.set $calls (i32.sub (global.get $calls) (i32.const 1)))
    (call $slow (local.get $op) (local.get $a) (local.get $b) (local.get $out)))
)`;
}

let compiled: WebAssembly.Module | undefined;

/** The fast accelerator module, compiled once per process. */
function fastAccelModule(): WebAssembly.Module {
  if (!compiled) {
    const module = binaryen.parseText(fastAccelText());
    try {
      if (!module.validate()) throw new Error('oracle bug: the fast accelerator module does not validate');
      compiled = new WebAssembly.Module(module.emitBinary() as Uint8Array<ArrayBuffer>);
    } finally {
      module.dispose();
    }
  }
  return compiled;
}

/** Instantiates the fast path over `memory`; `slow` is the simple path (the u256_op host import). */
export function instantiateFastAccel(memory: WebAssembly.Memory, slow: (op: number, a: number, b: number, out: number) => number): FastAccel {
  const instance = new WebAssembly.Instance(fastAccelModule(), { env: { memory }, host: { slow } });
  return instance.exports as unknown as FastAccel;
}

/** The guest's memory limits, and its bytes rewritten to import that memory as env.memory (null when it has none to rewrite). */
export function importGuestMemory(wasm: Uint8Array): { wasm: Uint8Array; initial: number; maximum: number } | null {
  const module = binaryen.readBinary(wasm);
  try {
    if (!module.hasMemory()) return null;
    const info = module.getMemoryInfo();
    if (info.module || info.shared || info.is64) return null;
    const internal = (info as { name?: string }).name ?? '0';
    module.addMemoryImport(internal, 'env', 'memory');
    const maximum = info.max ?? info.initial;
    return { wasm: module.emitBinary(), initial: info.initial, maximum };
  } finally {
    module.dispose();
  }
}
