// A whole random module in WebAssembly text: host imports, memory with data segments, globals, a
// funcref table, 1–6 functions spending a global call fuel, and a `main` that checksums their results.
import type { Rng } from '../random-program';
import { BodyGen, type Local } from './body';
import { constText, LAYOUT, randomConstant, weighted, type BodyType, type FunctionDecl, type Hazards, type ModulePlan, type Signature, type ValType } from './plan';

const FNV_PRIME = 1099511628211n;

function randomType(rng: Rng): ValType {
  return rng.chance(0.5) ? 'i32' : 'i64';
}

/** Signatures, functions, globals and table of a module; nothing is generated yet. */
export function planModule(rng: Rng, hazards: Hazards, memoryPages: number): ModulePlan {
  const signatures: Signature[] = [];
  const signatureOf = (params: ValType[], result: BodyType): Signature => {
    const found = signatures.find((s) => s.result === result && s.params.join() === params.join());
    if (found) return found;
    const sig = { name: `$sig${signatures.length}`, params, result };
    signatures.push(sig);
    return sig;
  };
  const functions: FunctionDecl[] = Array.from({ length: 1 + rng.below(6) }, (_, k) => {
    // mostly 0–4 parameters; sometimes up to 10, so that some are passed on the RISC-V stack
    const params = Array.from({ length: rng.chance(0.15) ? 5 + rng.below(6) : rng.below(5) }, () => randomType(rng));
    const result = weighted<BodyType>(rng, [[9, 'i32'], [8, 'i64'], [3, 'none']]);
    return { name: `$f${k}`, sig: signatureOf(params, result), leaf: rng.chance(0.3) };
  });
  // signatures no function has, so that a call_indirect may name them (trap 6)
  signatureOf(['i64', 'i32'], 'i32');
  signatureOf([], 'i64');
  signatureOf(['i32'], 'none');
  const globals = Array.from({ length: 1 + rng.below(5) }, (_, k) => ({ name: `$g${k}`, type: randomType(rng), mutable: rng.chance(0.8) }));
  const table = Array.from({ length: 1 + rng.below(8) }, () => (rng.chance(0.2) ? null : rng.below(functions.length)));
  return { rng, hazards, memoryBytes: memoryPages * 65536, signatures, functions, globals, table, features: new Map() };
}

function sigText(sig: Signature): string {
  return sig.params.map((p) => ` (param ${p})`).join('') + (sig.result === 'none' ? '' : ` (result ${sig.result})`);
}

function localsText(locals: readonly Local[]): string {
  return locals.map((l) => ` (local ${l.name} ${l.type})`).join('');
}

function randomLocals(rng: Rng, prefix: string): Local[] {
  return Array.from({ length: rng.below(5) }, (_, k) => ({ name: `${prefix}${k}`, type: randomType(rng) }));
}

/** A non-main function: optional fuel check, random statements, a result expression. */
function functionText(plan: ModulePlan, f: FunctionDecl): string {
  const { rng } = plan;
  const params: Local[] = f.sig.params.map((type, k) => ({ name: `$p${k}`, type }));
  const vars = randomLocals(rng, '$l');
  const gen = new BodyGen(plan, [...params, ...vars], f.sig.result, !f.leaf);
  const fallback = f.sig.result === 'none' ? '' : ' ' + constText(f.sig.result, randomConstant(rng, f.sig.result));
  const fuel = f.leaf ? '' : `(if (i32.eqz (global.get $fuel)) (then (return${fallback}))) (global.set $fuel (i32.sub (global.get $fuel) (i32.const 1))) `;
  const body = gen.stmts(3, 3 + rng.below(6));
  const value = f.sig.result === 'none' ? '' : ' ' + gen.expr(f.sig.result, 4);
  const header = params.map((p) => ` (param ${p.name} ${p.type})`).join('') + (f.sig.result === 'none' ? '' : ` (result ${f.sig.result})`);
  return `  (func ${f.name} (type ${f.sig.name})${header}${localsText([...vars, ...gen.locals])}\n    ${fuel}${body}${value})`;
}

/** A start function (run before main: the translator's `_start` calls it): a few statements. */
function startText(plan: ModulePlan): string {
  const vars = randomLocals(plan.rng, '$s');
  const gen = new BodyGen(plan, vars, 'none', true);
  const body = gen.stmts(2, 1 + plan.rng.below(4));
  return `  (func $init${localsText([...vars, ...gen.locals])}\n    ${body})\n  (start $init)`;
}

/** `main`: calls every function (and some twice), mixing results into $sum, with checkpoints written out. */
function mainText(plan: ModulePlan): string {
  const { rng } = plan;
  const vars = randomLocals(rng, '$m');
  const gen = new BodyGen(plan, vars, 'i32', true);
  const mix = (value: string) => `(local.set $sum (i64.add (i64.mul (local.get $sum) (i64.const ${FNV_PRIME})) ${value}))`;
  const checkpoint = `(i64.store (i32.const ${LAYOUT.SCRATCH}) (local.get $sum)) (drop (call $write (i32.const 1) (i32.const ${LAYOUT.SCRATCH}) (i32.const 8)))`;
  const parts = [mix(constText('i64', randomConstant(rng, 'i64')))];
  const order = [...plan.functions, ...Array.from({ length: 1 + rng.below(5) }, () => rng.pick(plan.functions))];
  for (const f of order) {
    if (rng.chance(0.5)) parts.push(gen.stmt(2));
    const args = f.sig.params.map((p) => ' ' + gen.expr(p, 2)).join('');
    const call = `(call ${f.name}${args})`;
    if (f.sig.result === 'none') parts.push(call, mix('(i64.const 1)'));
    else parts.push(mix(f.sig.result === 'i32' ? `(i64.extend_i32_u ${call})` : call));
    if (rng.chance(0.3)) parts.push(checkpoint);
  }
  for (const g of plan.globals) parts.push(mix(g.type === 'i32' ? `(i64.extend_i32_s (global.get ${g.name}))` : `(global.get ${g.name})`));
  parts.push(checkpoint, `(drop (call $write (i32.const 1) (i32.const 0) (i32.const ${LAYOUT.DATA_BYTES})))`);
  const exitCode = '(i32.and (i32.wrap_i64 (i64.xor (local.get $sum) (i64.shr_u (local.get $sum) (i64.const 29)))) (i32.const 255))';
  const locals = localsText([{ name: '$sum', type: 'i64' }, ...vars, ...gen.locals]);
  return `  (func $main (export "main") (result i32)${locals}\n    ${parts.join('\n    ')}\n    ${exitCode})`;
}

function bytesText(bytes: readonly number[]): string {
  return '"' + bytes.map((b) => '\\' + b.toString(16).padStart(2, '0')).join('') + '"';
}

function dataText(plan: ModulePlan): string[] {
  const { rng } = plan;
  const segments = Array.from({ length: 1 + rng.below(3) }, () => {
    const offset = rng.below(LAYOUT.DATA_BYTES - 32);
    const bytes = Array.from({ length: 4 + rng.below(29) }, () => (rng.chance(0.3) ? rng.pick([0, 0xff, 0x80, 0x7f]) : rng.below(256)));
    return `  (data (i32.const ${offset}) ${bytesText(bytes)})`;
  });
  // sometimes zeros over part of an earlier segment (the later segment wins), sometimes the last bytes of memory
  if (rng.chance(0.06)) {
    const offset = Number(/i32\.const (\d+)/.exec(rng.pick(segments))![1]) + rng.below(4);
    segments.push(`  (data (i32.const ${offset}) ${bytesText(new Array(1 + rng.below(8)).fill(0))})`);
  }
  if (rng.chance(0.15)) {
    const bytes = Array.from({ length: 1 + rng.below(8) }, () => rng.below(256));
    segments.push(`  (data (i32.const ${plan.memoryBytes - bytes.length}) ${bytesText(bytes)})`);
  }
  const slots = plan.table.flatMap((_, k) => [k & 0xff, k >> 8, 0, 0]);
  return [...segments, `  (data (i32.const ${LAYOUT.SLOTS}) ${bytesText(slots)})`];
}

/** Table slots as element segments: one per run of filled slots (gaps stay null). */
function elementsText(plan: ModulePlan): string[] {
  const lines: string[] = [];
  for (let k = 0; k < plan.table.length; ) {
    if (plan.table[k] === null) {
      k++;
      continue;
    }
    const start = k;
    const names: string[] = [];
    for (; k < plan.table.length && plan.table[k] !== null; k++) names.push(plan.functions[plan.table[k]!]!.name);
    lines.push(`  (elem (i32.const ${start}) func ${names.join(' ')})`);
  }
  return lines;
}

/** The module's text. Functions are generated before main, in order (the shared Rng makes it deterministic). */
export function moduleText(plan: ModulePlan, memoryPages: number, fuel: number): string {
  const types = plan.signatures.map((s) => `  (type ${s.name} (func${sigText(s)}))`);
  const globals = plan.globals.map((g) => `  (global ${g.name} ${g.mutable ? `(mut ${g.type})` : g.type} ${constText(g.type, randomConstant(plan.rng, g.type))})`);
  const functions = plan.functions.map((f) => functionText(plan, f));
  if (plan.rng.chance(0.3)) functions.push(startText(plan));
  const main = mainText(plan);
  return [
    '(module',
    ...types,
    '  (import "zkos" "write" (func $write (param i32 i32 i32) (result i32)))',
    '  (import "zkos" "exit" (func $exit (param i32)))',
    `  (memory (export "memory") ${memoryPages} ${memoryPages})`,
    ...globals,
    `  (global $fuel (mut i32) (i32.const ${fuel}))`,
    `  (table ${plan.table.length} ${plan.table.length} funcref)`,
    ...elementsText(plan),
    ...dataText(plan),
    ...functions,
    main,
    ')',
  ].join('\n');
}
