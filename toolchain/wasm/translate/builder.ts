// Emits the text of one LLVM function body: fresh temporaries and labels, basic blocks, allocas
// hoisted to the entry block, shared per-function trap blocks, and dead code after terminators.
import { i32Const } from './types';

export class FunctionBuilder {
  private readonly allocas: string[] = [];
  private readonly body: string[] = [];
  private readonly trapBlocks = new Map<number, string>();
  private counter = 0;
  private terminated = false;

  /** A fresh SSA temporary, `%t<n>`. */
  temp(): string {
    return `%t${this.counter++}`;
  }

  /** A fresh label name (without `%`). */
  label(hint: string): string {
    return `${hint}${this.counter++}`;
  }

  /** An entry-block alloca of `type`; returns the pointer operand. */
  alloca(type: string, hint = 's'): string {
    const name = `%${hint}${this.counter++}`;
    this.allocas.push(`  ${name} = alloca ${type}`);
    return name;
  }

  /** True when the current block ended (branch, return, unreachable): what follows is dead. */
  get isTerminated(): boolean {
    return this.terminated;
  }

  /** Appends an instruction; after a terminator it goes into a fresh (unreachable) block. */
  emit(instruction: string): void {
    if (this.terminated) this.startBlock(this.label('dead'));
    this.body.push(`  ${instruction}`);
  }

  /** Emits `<temp> = rhs` and returns the temporary. */
  value(rhs: string): string {
    const t = this.temp();
    this.emit(`${t} = ${rhs}`);
    return t;
  }

  /** Emits a terminator (br, switch, ret, unreachable). */
  terminate(instruction: string): void {
    this.emit(instruction);
    this.terminated = true;
  }

  /** Starts block `label`, falling through into it from the current block if that is still open. */
  startBlock(label: string): void {
    if (!this.terminated && this.body.length > 0) this.body.push(`  br label %${label}`);
    this.body.push(`${label}:`);
    this.terminated = false;
  }

  /** Branches to the shared trap block for `code` when `condition` (an i1) holds. */
  trapIf(condition: string, code: number): void {
    const ok = this.label('ok');
    this.terminate(`br i1 ${condition}, label %${this.trapBlock(code)}, label %${ok}, !prof !0`);
    this.startBlock(ok);
  }

  /** Traps unconditionally. */
  trap(code: number): void {
    this.terminate(`br label %${this.trapBlock(code)}`);
  }

  private trapBlock(code: number): string {
    let label = this.trapBlocks.get(code);
    if (!label) {
      label = `trap${code}`;
      this.trapBlocks.set(code, label);
    }
    return label;
  }

  /** The function body: entry block with the allocas, the code, then the trap blocks. */
  finish(): string[] {
    const trapLines: string[] = [];
    for (const [code, label] of this.trapBlocks) {
      trapLines.push(`${label}:`, `  call void @__zkos_trap(i32 ${i32Const(code)})`, '  unreachable');
    }
    const firstIsLabel = this.body.length > 0 && this.body[0].endsWith(':') && !this.body[0].startsWith(' ');
    const entry = firstIsLabel ? [`  br label %${this.body[0].slice(0, -1)}`] : [];
    const tail = this.terminated ? [] : ['  unreachable'];
    return ['entry:', ...this.allocas, ...entry, ...this.body, ...tail, ...trapLines];
  }
}

/** The metadata every module needs for the `!prof !0` on trap branches (traps are cold). */
export const TRAP_BRANCH_WEIGHTS = '!0 = !{!"branch_weights", i32 1, i32 2000}';
