// The AssemblyScript front end: runs asc in-process with the one flag set every zkos guest is
// built with, and turns asc's diagnostics into an Error that names file:line:column.
import asc from 'assemblyscript/asc';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DEFAULT_MEMORY_PAGES } from './wasm/abi';

export interface CompileOptions {
  /** linear memory size in 64 KiB pages; declared with initial = maximum (default DEFAULT_MEMORY_PAGES) */
  memoryPages?: number;
  /** -O3 (optimizeLevel 3, shrinkLevel 0) when true (the default); -O0 when false */
  optimize?: boolean;
  /** also emit a source map (function names are kept either way) */
  debug?: boolean;
  /** also return the text format */
  wat?: boolean;
}

export interface CompileResult {
  wasm: Uint8Array;
  wat?: string;
  sourceMap?: string;
  /** asc warnings, one "file:line:column: WARNING TSnnnn: message" line each */
  warnings: string[];
}

/**
 * The flags, in one place, and why:
 * - `--runtime stub`: the heap is a bump allocator that never frees; a guest that processes
 *   units of work resets it with `heap.reset()` (see guest/lib/README.md).
 * - `--optimizeLevel 3 --shrinkLevel 0` (-O3): speed over size; cycles are what we count.
 * - `--initialMemory N --maximumMemory N`: the ABI needs initial = maximum.
 * - `--disable nontrapping-f2i,mutable-globals`: no float conversions, no mutable global
 *   imports/exports. sign-extension and bulk-memory (memory.copy/fill) stay on: both are integer
 *   operations the translator supports and they make memcpy-heavy code much faster. SIMD,
 *   threads, reference types and GC are off by default in asc and never enabled.
 * - `--debug`: keeps the name section so function names survive into the ELF and profiles
 *   (checked: with asc 0.28 it changes no code, only adds the names).
 * - not used: `--noAssert` (assert() keeps trapping: a failed invariant should stop the guest,
 *   and hot code uses unchecked() rather than relying on removed checks), `--exportStart` (the
 *   start function stays the wasm start), `--bindings`, `--use abort=` (the default
 *   `env.abort` import is part of our ABI), `--exportRuntime`, `--importMemory`.
 * Guests import the guest library with relative paths (e.g. `../../guest/lib/io`); no --path/--lib.
 */
export function ascFlags(options: CompileOptions = {}): string[] {
  const pages = options.memoryPages ?? DEFAULT_MEMORY_PAGES;
  if (!Number.isInteger(pages) || pages < 1 || pages > 65536) {
    throw new Error(`memoryPages must be an integer in 1..65536, got ${pages}`);
  }
  const optimize = options.optimize ?? true;
  return [
    '--runtime', 'stub',
    '--optimizeLevel', optimize ? '3' : '0',
    '--shrinkLevel', '0',
    '--initialMemory', String(pages),
    '--maximumMemory', String(pages),
    '--disable', 'nontrapping-f2i,mutable-globals',
    '--debug',
    '--noColors',
  ];
}

const OUT_WASM = 'module.wasm';
const OUT_WAT = 'module.wat';
const ERROR_CATEGORY = 3;
const WARNING_CATEGORY = 2;

interface Diagnostic {
  code: number;
  category: number;
  message: string;
  range: { start: number; source: { normalizedPath: string } } | null;
}

/** Compiles an AssemblyScript entry file (with `export function main(): i32`) to WebAssembly. */
export async function compileAssemblyScript(entryFile: string, options: CompileOptions = {}): Promise<CompileResult> {
  const entry = resolve(entryFile);
  if (!existsSync(entry)) throw new Error(`AssemblyScript entry file not found: ${entryFile}`);
  const baseDir = projectRoot(entry);
  const argv = [relative(baseDir, entry), '--baseDir', baseDir, '--outFile', OUT_WASM, ...ascFlags(options)];
  if (options.wat) argv.push('--textFile', OUT_WAT);
  if (options.debug) argv.push('--sourceMap');

  const outputs = new Map<string, Uint8Array | string>();
  const errors: string[] = [];
  const warnings: string[] = [];
  const result = await asc.main(argv, {
    writeFile: (name, contents) => void outputs.set(name, contents),
    reportDiagnostic: (d) => {
      const line = formatDiagnostic(d as Diagnostic, baseDir);
      if (d.category === ERROR_CATEGORY) errors.push(line);
      else if (d.category === WARNING_CATEGORY) warnings.push(line);
    },
  });

  if (result.error || errors.length > 0) {
    const details = errors.length > 0 ? errors.join('\n') : String(result.error?.message ?? 'unknown error');
    const ascOutput = result.stderr.toString().trim();
    throw new Error(
      `AssemblyScript compilation of ${entryFile} failed:\n${details}` + (ascOutput ? `\n\nasc output:\n${ascOutput}` : ''),
    );
  }
  const wasm = outputs.get(OUT_WASM);
  if (!(wasm instanceof Uint8Array)) throw new Error(`asc produced no WebAssembly for ${entryFile}`);
  const out: CompileResult = { wasm, warnings };
  const wat = outputs.get(OUT_WAT);
  if (options.wat && wat !== undefined) out.wat = typeof wat === 'string' ? wat : new TextDecoder().decode(wat);
  const map = outputs.get(`${OUT_WASM}.map`);
  if (options.debug && map !== undefined) out.sourceMap = typeof map === 'string' ? map : new TextDecoder().decode(map);
  return out;
}

/**
 * The nearest directory above the entry holding a package.json (else the entry's directory).
 * asc names functions by their path relative to it ("programs/as/keccak/permute",
 * "guest/lib/io/print"), so names do not depend on the working directory.
 */
function projectRoot(entry: string): string {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return dirname(entry);
  }
}

/** "path:line:column: ERROR TS2304: message", the path relative to the working directory. */
function formatDiagnostic(d: Diagnostic, baseDir: string): string {
  const kind = d.category === ERROR_CATEGORY ? 'ERROR' : d.category === WARNING_CATEGORY ? 'WARNING' : 'INFO';
  const text = `${kind} TS${d.code}: ${d.message}`;
  if (!d.range) return text;
  const path = d.range.source.normalizedPath;
  const source = sourceText(path, baseDir);
  const where = source === undefined ? path : `${displayPath(path, baseDir)}:${lineColumn(source, d.range.start)}`;
  return `${where}: ${text}`;
}

function displayPath(normalizedPath: string, baseDir: string): string {
  if (normalizedPath.startsWith('~lib/')) return normalizedPath;
  return relative(process.cwd(), resolve(baseDir, normalizedPath)) || normalizedPath;
}

function sourceText(normalizedPath: string, baseDir: string): string | undefined {
  if (normalizedPath.startsWith('~lib/')) {
    return asc.libraryFiles[normalizedPath.slice('~lib/'.length).replace(/\.ts$/, '')];
  }
  try {
    return readFileSync(resolve(baseDir, normalizedPath), 'utf8');
  } catch {
    return undefined;
  }
}

function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}:${offset - lineStart + 1}`;
}
