// Random typed expression trees and statements for one function body (WebAssembly text, folded
// form): every integer operator, locals, globals, control flow with bounded loops, calls.
import type { Rng } from '../random-program';
import { call as directCall, callIndirect } from './calls';
import { bulkMemory, hostWrite, memoryAccess, memorySize } from './memory';
import { constText, INT_MIN, note, randomConstant, weighted, type BodyType, type ModulePlan, type ValType } from './plan';

export interface Local {
  readonly name: string;
  readonly type: ValType;
}

interface Label {
  readonly name: string;
  readonly type: BodyType;
  /** set for a loop label: branching there is guarded by the loop's counter */
  readonly loop?: { readonly counter: string; readonly bound: number };
}

type Option = readonly [number, () => string];

const UNARY: Record<ValType, readonly string[]> = {
  i32: ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s'],
  i64: ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'],
};
const BINARY = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'div_s', 'div_u', 'rem_s', 'rem_u', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const SHIFT_COUNTS = [0n, 1n, 7n, 8n, 31n, 32n, 33n, 63n, 64n, 65n, 127n, 128n, -1n, -32n, -33n, 0x7fffffffn];

/** Generates the body of one function; `locals` lists the extra locals it needed (loop counters, temporaries). */
export class BodyGen {
  readonly rng: Rng;
  readonly locals: Local[] = [
    { name: '$tmp_i32', type: 'i32' },
    { name: '$tmp_i64', type: 'i64' },
  ];
  private readonly labels: Label[] = [];
  private labelCount = 0;

  constructor(
    readonly plan: ModulePlan,
    private readonly pool: readonly Local[],
    private readonly result: BodyType,
    private readonly canCall: boolean,
  ) {
    this.rng = plan.rng;
  }

  emit(feature: string, text: string): string {
    note(this.plan, feature);
    return text;
  }

  // ---- values ----

  expr(t: ValType, depth: number): string {
    if (depth <= 0 || this.rng.chance(0.12)) return this.leaf(t);
    const d = depth - 1;
    const i32 = t === 'i32' ? 1 : 0;
    const call = this.canCall ? 1 : 0;
    const options: Option[] = [
      [1, () => this.leaf(t)],
      [3, () => this.unary(t, d)],
      [7, () => this.binary(t, d)],
      [3 * i32, () => this.compare(d)],
      [2, () => this.convert(t, d)],
      [3, () => this.load(t, d)],
      [1, () => this.tee(t, d)],
      [1, () => this.block(t, d)],
      [1.5, () => this.ifElse(t, d)],
      [0.6, () => this.loop(t, d)],
      [1, () => this.emit('select', `(select ${this.expr(t, d)} ${this.expr(t, d)} ${this.expr('i32', d)})`)],
      [1.5 * call, () => directCall(this, t, d)],
      [1 * call, () => callIndirect(this, t, d)],
      [this.targets().length ? 0.4 : 0, () => this.branchAsValue(t, d)],
      [0.4 * i32, () => memorySize(this, d)],
      [0.3 * i32, () => hostWrite(this, d)],
      [this.plan.hazards.unreachable, () => this.emit('unreachable', '(unreachable)')],
    ];
    return weighted(this.rng, options)();
  }

  leaf(t: ValType): string {
    const locals = this.pool.filter((l) => l.type === t);
    const globals = this.plan.globals.filter((g) => g.type === t);
    return weighted<() => string>(this.rng, [
      [3, () => this.emit(`${t}.const`, constText(t, randomConstant(this.rng, t)))],
      [locals.length ? 5 : 0, () => this.emit('local.get', `(local.get ${this.rng.pick(locals).name})`)],
      [globals.length ? 3 : 0, () => this.emit('global.get', `(global.get ${this.rng.pick(globals).name})`)],
    ])();
  }

  private unary(t: ValType, d: number): string {
    const op = `${t}.${this.rng.pick(UNARY[t])}`;
    return this.emit(op, `(${op} ${this.expr(t, d)})`);
  }

  private convert(t: ValType, d: number): string {
    if (t === 'i64') {
      const op = this.rng.chance(0.5) ? 'i64.extend_i32_s' : 'i64.extend_i32_u';
      return this.emit(op, `(${op} ${this.expr('i32', d)})`);
    }
    const [op, from] = this.rng.pick([['i32.wrap_i64', 'i64'], ['i32.eqz', 'i32'], ['i64.eqz', 'i64']] as const);
    return this.emit(op, `(${op} ${this.expr(from, d)})`);
  }

  private binary(t: ValType, d: number): string {
    const name = this.rng.pick(BINARY);
    const op = `${t}.${name}`;
    if (name.startsWith('div') || name.startsWith('rem')) return this.emit(op, this.division(t, name, d));
    const left = this.expr(t, d);
    let right: string;
    if (/^(shl|shr|rot)/.test(name) && this.rng.chance(0.5)) right = constText(t, this.rng.pick(SHIFT_COUNTS));
    else right = this.rng.chance(0.1) && left.length < 40 ? left : this.expr(t, d);
    return this.emit(op, `(${op} ${left} ${right})`);
  }

  /** A division or remainder: with the div hazard, divisors biased to 0 and -1; otherwise guarded so it cannot trap. */
  private division(t: ValType, name: string, d: number): string {
    const signedDiv = name === 'div_s';
    const dividend = this.rng.chance(0.2) ? constText(t, INT_MIN[t]) : this.expr(t, d);
    if (this.rng.chance(this.plan.hazards.div)) {
      const divisor = weighted<() => string>(this.rng, [
        [2, () => constText(t, 0n)],
        [2, () => constText(t, -1n)],
        [3, () => this.expr(t, d)],
      ])();
      const first = this.rng.chance(0.5) ? constText(t, INT_MIN[t]) : dividend;
      return `(${t}.${name} ${first} ${divisor})`;
    }
    if (this.rng.chance(0.4)) {
      // a constant divisor: never 0, and never -1 for div_s (rem_s by -1 is defined: 0)
      let c = randomConstant(this.rng, t);
      while (c === 0n || (signedDiv && c === -1n)) c = randomConstant(this.rng, t);
      return `(${t}.${name} ${dividend} ${constText(t, c)})`;
    }
    // any divisor, replaced by 7 when it is 0 or -1: (select (tee t x) 7 (t + 1 >=u 2))
    const tmp = `$tmp_${t}`;
    const divisor = `(select (local.tee ${tmp} ${this.expr(t, d)}) ${constText(t, 7n)} (${t}.ge_u (${t}.add (local.get ${tmp}) ${constText(t, 1n)}) ${constText(t, 2n)}))`;
    return `(${t}.${name} ${dividend} ${divisor})`;
  }

  private compare(d: number): string {
    const t: ValType = this.rng.chance(0.5) ? 'i32' : 'i64';
    const op = `${t}.${this.rng.pick(COMPARE)}`;
    const left = this.expr(t, d);
    const right = this.rng.chance(0.15) && left.length < 40 ? left : this.expr(t, d);
    return this.emit(op, `(${op} ${left} ${right})`);
  }

  private load(t: ValType, d: number): string {
    const variants: readonly [string, number][] =
      t === 'i32'
        ? [['i32.load', 4], ['i32.load8_s', 1], ['i32.load8_u', 1], ['i32.load16_s', 2], ['i32.load16_u', 2]]
        : [['i64.load', 8], ['i64.load8_s', 1], ['i64.load8_u', 1], ['i64.load16_s', 2], ['i64.load16_u', 2], ['i64.load32_s', 4], ['i64.load32_u', 4]];
    const [op, width] = this.rng.pick(variants);
    return this.emit(op, `(${op}${memoryAccess(this, width, d)})`);
  }

  private tee(t: ValType, d: number): string {
    const locals = this.pool.filter((l) => l.type === t);
    if (!locals.length) return this.leaf(t);
    return this.emit('local.tee', `(local.tee ${this.rng.pick(locals).name} ${this.expr(t, d)})`);
  }

  private block(t: BodyType, d: number): string {
    const label = this.pushLabel('$b', t);
    const body = this.stmts(d, this.rng.below(3));
    const value = t === 'none' ? '' : ' ' + this.expr(t, d);
    this.labels.pop();
    return this.emit('block', `(block ${label.name}${resultOf(t)} ${body}${value})`);
  }

  private ifElse(t: BodyType, d: number): string {
    const cond = this.expr('i32', d);
    const arm = () => this.stmts(d, this.rng.below(2)) + (t === 'none' ? '' : ' ' + this.expr(t, d));
    if (t === 'none' && this.rng.chance(0.5)) return this.emit('if', `(if ${cond} (then ${arm()}))`);
    return this.emit('if', `(if${resultOf(t)} ${cond} (then ${arm()}) (else ${arm()}))`);
  }

  /** A loop that runs at most `bound` times: its counter is reset before it and checked before every branch back. */
  private loop(t: BodyType, d: number): string {
    const counter = `$c${this.locals.length}`;
    this.locals.push({ name: counter, type: 'i32' });
    const bound = 1 + this.rng.below(4);
    const label = this.pushLabel('$L', 'none', { counter, bound });
    const body = this.stmts(d, 1 + this.rng.below(3));
    const value = t === 'none' ? '' : ' ' + this.expr(t, d);
    this.labels.pop();
    const again = `(br_if ${label.name} (i32.lt_u (local.get ${counter}) (i32.const ${bound})))`;
    return this.emit(
      'loop',
      `(block${resultOf(t)} (local.set ${counter} (i32.const 0)) (loop ${label.name}${resultOf(t)} ` +
        `(local.set ${counter} (i32.add (local.get ${counter}) (i32.const 1))) ${body} ${again}${value}))`,
    );
  }

  /** Enclosing block labels (loops excluded: branching back to a loop goes through `continueLoop`). */
  private targets(): Label[] {
    return this.labels.filter((l) => !l.loop);
  }

  private pushLabel(prefix: string, type: BodyType, loop?: Label['loop']): Label {
    const label: Label = { name: `${prefix}${this.labelCount++}`, type, loop };
    this.labels.push(label);
    return label;
  }

  private valueFor(label: Label, d: number): string {
    return label.type === 'none' ? '' : ' ' + this.expr(label.type, d);
  }

  /** br / br_if / br_table / return in a value position (br_if keeps the value when the branch is not taken). */
  private branchAsValue(t: ValType, d: number): string {
    const same = this.targets().filter((l) => l.type === t);
    if (same.length && this.rng.chance(0.6)) {
      const label = this.rng.pick(same);
      return this.emit('br_if', `(br_if ${label.name} ${this.expr(t, d)} ${this.expr('i32', d)})`);
    }
    return this.jump(d);
  }

  /** An unconditional transfer: br, br_table or return. */
  private jump(d: number): string {
    const targets = this.targets();
    return weighted<() => string>(this.rng, [
      [targets.length ? 2 : 0, () => {
        const label = this.rng.pick(targets);
        return this.emit('br', `(br ${label.name}${this.valueFor(label, d)})`);
      }],
      [targets.length ? 3 : 0, () => this.brTable(d)],
      [1, () => this.emit('return', `(return${this.result === 'none' ? '' : ' ' + this.expr(this.result, d)})`)],
    ])();
  }

  private brTable(d: number): string {
    const type = this.rng.pick(this.targets()).type;
    const same = this.targets().filter((l) => l.type === type);
    // sometimes many entries, so that llc lowers the switch to a jump table (read through the linker's relocations)
    const names = Array.from({ length: this.rng.chance(0.25) ? 5 + this.rng.below(12) : 1 + this.rng.below(4) }, () => this.rng.pick(same).name);
    const index = this.rng.chance(0.5) ? `(i32.const ${this.rng.below(names.length + 2) - (this.rng.chance(0.1) ? 3 : 0)})` : this.expr('i32', d);
    const value = type === 'none' ? '' : ' ' + this.expr(type, d);
    return this.emit('br_table', `(br_table ${names.join(' ')}${value} ${index})`);
  }

  // ---- statements ----

  stmts(depth: number, count: number): string {
    return Array.from({ length: count }, () => this.stmt(depth)).join(' ');
  }

  stmt(depth: number): string {
    const { hazards } = this.plan;
    if (this.rng.chance(hazards.unreachable)) return this.emit('unreachable', '(unreachable)');
    if (this.rng.chance(hazards.exit)) return this.emit('zkos.exit', `(call $exit ${this.expr('i32', depth)})`);
    const d = Math.max(depth - 1, 0);
    const nested = depth > 0 ? 1 : 0;
    const value = () => this.rng.pick<ValType>(['i32', 'i64']);
    const locals = this.pool;
    const globals = this.plan.globals.filter((g) => g.mutable);
    const loops = this.labels.filter((l) => l.loop);
    const options: Option[] = [
      [locals.length ? 3 : 0, () => {
        const local = this.rng.pick(locals);
        return this.emit('local.set', `(local.set ${local.name} ${this.expr(local.type, depth)})`);
      }],
      [globals.length ? 2 : 0, () => {
        const global = this.rng.pick(globals);
        return this.emit('global.set', `(global.set ${global.name} ${this.expr(global.type, depth)})`);
      }],
      [3, () => this.store(depth)],
      [1.5, () => this.emit('drop', `(drop ${this.expr(value(), depth)})`)],
      [1.5 * nested, () => this.ifElse('none', d)],
      [1 * nested, () => this.block('none', d)],
      [0.6 * nested, () => this.loop('none', d)],
      [this.targets().length ? 1.2 : 0, () => this.branch(d)],
      [this.targets().length ? 0.3 : 0, () => this.jump(d)],
      [loops.length ? 0.8 : 0, () => this.continueLoop(this.rng.pick(loops), d)],
      [this.canCall ? 1 : 0, () => this.callStatement(d)],
      [0.6, () => `(drop ${hostWrite(this, d)})`],
      [0.4, () => bulkMemory(this, 'memory.fill', d)],
      [0.4, () => bulkMemory(this, 'memory.copy', d)],
      [0.1, () => this.emit('nop', '(nop)')],
      [0.1, () => this.emit('return', `(return${this.result === 'none' ? '' : ' ' + this.expr(this.result, d)})`)],
    ];
    return weighted(this.rng, options)();
  }

  private store(d: number): string {
    const [op, width, type] = this.rng.pick([
      ['i32.store', 4, 'i32'], ['i32.store8', 1, 'i32'], ['i32.store16', 2, 'i32'],
      ['i64.store', 8, 'i64'], ['i64.store8', 1, 'i64'], ['i64.store16', 2, 'i64'], ['i64.store32', 4, 'i64'],
    ] as const);
    return this.emit(op, `(${op}${memoryAccess(this, width, d)} ${this.expr(type, d)})`);
  }

  private branch(d: number): string {
    const label = this.rng.pick(this.targets());
    const cond = this.expr('i32', d);
    if (label.type === 'none') return this.emit('br_if', `(br_if ${label.name} ${cond})`);
    return this.emit('br_if', `(drop (br_if ${label.name} ${this.expr(label.type, d)} ${cond}))`);
  }

  private continueLoop(label: Label, d: number): string {
    const { counter, bound } = label.loop!;
    return this.emit('br_if(loop)', `(if (i32.lt_u (local.get ${counter}) (i32.const ${bound})) (then (br_if ${label.name} ${this.expr('i32', d)})))`);
  }

  private callStatement(d: number): string {
    const t = weighted<BodyType>(this.rng, [[1, 'none'], [1, 'i32'], [1, 'i64']]);
    const call = this.rng.chance(0.7) ? directCall(this, t, d) : callIndirect(this, t, d);
    return t === 'none' ? call : `(drop ${call})`;
  }

}

function resultOf(t: BodyType): string {
  return t === 'none' ? '' : ` (result ${t})`;
}
