// Locating and running the LLVM 14 command-line tools (llvm-mc, llc, opt, llvm-objdump, ...):
// tool discovery with an actionable "install llvm-14" error, and assemble/compile helpers for riscv32.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Debian/Ubuntu put the unsuffixed LLVM 14 binaries when only the versioned links are on PATH. */
const EXTRA_DIRS = ['/usr/lib/llvm-14/bin'];
const LLVM_VERSION_SUFFIX = '-14';

const found = new Map<string, string>();

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function searchDirs(): string[] {
  const path = process.env.PATH ?? '';
  return [...path.split(delimiter).filter((d) => d.length > 0), ...EXTRA_DIRS];
}

/** The absolute path of an LLVM tool (`llvm-mc`, `llc`, `opt`, `llvm-objdump`, ...), trying `<name>-14` too. */
export function requireTool(name: string): string {
  const cached = found.get(name);
  if (cached) return cached;
  for (const candidate of [name, name + LLVM_VERSION_SUFFIX]) {
    for (const dir of searchDirs()) {
      const path = join(dir, candidate);
      if (isExecutable(path)) {
        found.set(name, path);
        return path;
      }
    }
  }
  throw new Error(`${name} not found: install LLVM 14 (Debian/Ubuntu: apt-get install llvm-14)`);
}

/** True when the tool can be found (tests use it to skip instead of fail). */
export function hasTool(name: string): boolean {
  try {
    requireTool(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs an LLVM tool with `args`, feeding `input` on stdin; returns stdout. A non-zero exit (or a
 * failure to start) throws an Error carrying the tool's stderr, e.g. assembler diagnostics.
 */
export function runTool(name: string, args: readonly string[], input?: string | Uint8Array): Uint8Array {
  const path = requireTool(name);
  const result = spawnSync(path, args, { input, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new Error(`${name} could not be run: ${result.error.message}`);
  if (result.status !== 0) {
    const stderr = result.stderr.toString('utf8').trimEnd();
    const how = result.status === null ? `was killed by ${result.signal}` : `failed (exit code ${result.status})`;
    throw new Error(`${name} ${how}${stderr ? ':\n' + stderr : ''}`);
  }
  return new Uint8Array(result.stdout.buffer, result.stdout.byteOffset, result.stdout.byteLength);
}

export interface AssembleOptions {
  /** -mattr value; default "+m" (rv32im). */
  readonly mattr?: string;
  /** A name for the source used in error messages (llvm-mc itself reports "<stdin>"). */
  readonly name?: string;
  /** Extra llvm-mc arguments. */
  readonly args?: readonly string[];
}

/** Assembles riscv32 assembly text into ELF32 relocatable object bytes with llvm-mc. */
export function assemble(source: string, options: AssembleOptions = {}): Uint8Array {
  const args = ['-triple=riscv32', `-mattr=${options.mattr ?? '+m'}`, '-filetype=obj', ...(options.args ?? []), '-o', '-', '-'];
  try {
    return runTool('llvm-mc', args, source);
  } catch (e) {
    if (options.name === undefined) throw e;
    throw new Error(`assembling ${options.name}: ${(e as Error).message}`);
  }
}

export interface CompileOptions {
  /** -mattr value; default "+m" (rv32im). */
  readonly mattr?: string;
  /** Optimisation level passed to llc as -O<n>; llc's default (2) when omitted. */
  readonly optLevel?: 0 | 1 | 2 | 3;
  /** A name for the module used in error messages. */
  readonly name?: string;
  /** Extra llc arguments, e.g. ["-relocation-model=pic"]. */
  readonly args?: readonly string[];
}

/** Compiles LLVM IR text into ELF32 relocatable object bytes with llc. */
export function compileIr(ir: string, options: CompileOptions = {}): Uint8Array {
  const args = ['-march=riscv32', `-mattr=${options.mattr ?? '+m'}`, '-filetype=obj'];
  if (options.optLevel !== undefined) args.push(`-O${options.optLevel}`);
  args.push(...(options.args ?? []), '-o', '-', '-');
  try {
    return runTool('llc', args, ir);
  } catch (e) {
    if (options.name === undefined) throw e;
    throw new Error(`compiling ${options.name}: ${(e as Error).message}`);
  }
}
