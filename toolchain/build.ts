// The guest build pipeline: AssemblyScript → WebAssembly → checks → LLVM IR → opt → llc → link, with
// a content-hash cache so an unchanged guest rebuilds without running asc, opt or llc (docs/toolchain.md).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProgram } from '../emulator/loader';
import { link, LinkError } from './linker';
import { compileIr, requireTool, runTool } from './llvm';
import { DEFAULT_MEMORY_PAGES, ENTRY_EXPORT, textBaseFor } from './wasm/abi';
import { DEFAULT_CACHE_DIR, sourceKey, toolchainFingerprint } from './build-cache';

export { DEFAULT_CACHE_DIR } from './build-cache';

export type BuildStage = 'asc' | 'check' | 'translate' | 'llvm' | 'link';

/** A build failed for a reason in the input or the environment; the message says what and where. */
export class BuildError extends Error {
  constructor(
    readonly stage: BuildStage,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'BuildError';
  }
}

export interface BuildOptions {
  /** linear memory in 64 KiB pages (default DEFAULT_MEMORY_PAGES); .text starts right above it */
  readonly memoryPages?: number;
  /** bounds-check every memory access (default true); off only for trusted guests */
  readonly boundsChecks?: boolean;
  /** where cached artefacts live (default DEFAULT_CACHE_DIR); null disables the cache */
  readonly cacheDir?: string | null;
}

export interface GuestSymbol {
  readonly address: number;
  readonly size: number;
}

export interface BuildArtifacts {
  readonly wasm: Uint8Array;
  readonly elf: Uint8Array;
  /** the optimised LLVM IR */
  readonly ll: string;
  /** function name → address and size, from the ELF's symbol table */
  readonly symbols: Record<string, GuestSymbol>;
}

export interface BuildResult extends BuildArtifacts {
  /** which cache level answered: 'sources' (nothing ran), 'wasm' (only asc ran) or null (full build) */
  readonly cached: 'sources' | 'wasm' | null;
  /** content hash of the WebAssembly module + options + toolchain */
  readonly key: string;
  /** milliseconds per stage that ran */
  readonly timings: Readonly<Record<string, number>>;
}

const LLC_ARGS = ['-relocation-model=static', '-code-model=medium'];

function timed<T>(timings: Record<string, number>, stage: string, action: () => T): T {
  const started = performance.now();
  try {
    return action();
  } finally {
    timings[stage] = performance.now() - started;
  }
}

/**
 * Runs `action`, turning the errors `isInputError` accepts into a BuildError of `stage`. Anything
 * else (a TypeError in the translator, llc rejecting our IR) is a bug and propagates as it is.
 */
function stage<T>(name: BuildStage, isInputError: (e: unknown) => boolean, action: () => T): T {
  try {
    return action();
  } catch (e) {
    if (e instanceof BuildError || !isInputError(e)) throw e;
    throw new BuildError(name, (e as Error).message, e);
  }
}

const anyError = (e: unknown) => e instanceof Error;

/** Function symbols of a linked ELF as name → { address, size }, sorted by address. */
export function elfFunctionSymbols(elf: Uint8Array): Record<string, GuestSymbol> {
  const symbols: Record<string, GuestSymbol> = {};
  for (const s of parseProgram(elf).symbols) if (s.kind === 'function') symbols[s.name] = { address: s.address, size: s.size };
  return symbols;
}

/**
 * opt -O3 → llc → link: LLVM IR (with `_start`) to an rv32im executable whose .text sits above the linear memory.
 * -O3 rather than -O2: same build time on our guests, fewer cycles (SHA-256: 4,095 → 4,061 per block; docs/translator.md).
 */
export function compileIrToElf(ir: string, memoryPages: number, timings: Record<string, number> = {}): { elf: Uint8Array; ll: string } {
  // opt or llc rejecting the IR is a translator bug, not bad input: those errors propagate as they are
  const ll = timed(timings, 'opt', () => new TextDecoder().decode(runTool('opt', ['-O3', '-S', '-o', '-', '-'], ir)));
  const object = timed(timings, 'llc', () => compileIr(ll, { optLevel: 2, args: LLC_ARGS, name: 'the translated guest' }));
  const linked = timed(timings, 'link', () => {
    try {
      return link([{ name: 'guest.o', bytes: object }], { textBase: textBaseFor(memoryPages), entry: '_start' });
    } catch (e) {
      if (e instanceof LinkError) throw new BuildError('link', `linking the translated guest: ${e.message}`);
      throw e;
    }
  });
  return { elf: linked.bytes, ll };
}

function requireMain(wasm: Uint8Array): void {
  let exports: WebAssembly.ModuleExportDescriptor[];
  try {
    exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>));
  } catch (e) {
    throw new BuildError('check', `not a valid WebAssembly module: ${(e as Error).message}`);
  }
  if (!exports.some((e) => e.name === ENTRY_EXPORT && e.kind === 'function')) {
    throw new BuildError('check', `the module exports no function '${ENTRY_EXPORT}': a guest needs \`export function ${ENTRY_EXPORT}(): i32\``);
  }
}

/** check → translate → opt → llc → link, for a WebAssembly module (no cache). */
export async function buildFromWasm(wasm: Uint8Array, options: BuildOptions = {}, timings: Record<string, number> = {}): Promise<BuildArtifacts> {
  const memoryPages = options.memoryPages ?? DEFAULT_MEMORY_PAGES;
  stage('llvm', anyError, () => [requireTool('opt'), requireTool('llc')]); // a missing tool is reported before any work
  requireMain(wasm);
  const { checkModule, WasmCheckError } = await import('./wasm/check');
  timed(timings, 'check', () => stage('check', (e) => e instanceof WasmCheckError, () => checkModule(wasm)));
  const { translateModule, UnsupportedError } = await import('./wasm/translate');
  const { ir } = timed(timings, 'translate', () =>
    stage('translate', (e) => e instanceof UnsupportedError, () => translateModule(wasm, { boundsChecks: options.boundsChecks ?? true, memoryPages })),
  );
  const { elf, ll } = compileIrToElf(ir, memoryPages, timings);
  return { wasm, elf, ll, symbols: elfFunctionSymbols(elf) };
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The cache key of a module's RISC-V build: the wasm bytes, the options that shape the output, the toolchain. */
function wasmKey(wasm: Uint8Array, memoryPages: number, boundsChecks: boolean): string {
  return sha256(JSON.stringify({ wasm: sha256(wasm), memoryPages, boundsChecks, toolchain: toolchainFingerprint() })).slice(0, 32);
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

function readCached(cacheDir: string, key: string): BuildArtifacts | undefined {
  const base = join(cacheDir, key);
  if (!existsSync(`${base}.elf`) || !existsSync(`${base}.symbols.json`)) return undefined;
  return {
    wasm: readFileSync(`${base}.wasm`),
    elf: readFileSync(`${base}.elf`),
    ll: readFileSync(`${base}.ll`, 'utf8'),
    symbols: JSON.parse(readFileSync(`${base}.symbols.json`, 'utf8')) as Record<string, GuestSymbol>,
  };
}

function writeCached(cacheDir: string, key: string, a: BuildArtifacts): void {
  mkdirSync(cacheDir, { recursive: true });
  const base = join(cacheDir, key);
  writeAtomic(`${base}.wasm`, a.wasm);
  writeAtomic(`${base}.ll`, a.ll);
  writeAtomic(`${base}.symbols.json`, JSON.stringify(a.symbols));
  writeAtomic(`${base}.elf`, a.elf); // last: its presence marks a complete entry
}

/** Builds an AssemblyScript guest, answering from the cache when its sources (or its wasm) are unchanged. */
export async function buildGuest(entryFile: string, options: BuildOptions = {}): Promise<BuildResult> {
  const memoryPages = options.memoryPages ?? DEFAULT_MEMORY_PAGES;
  const boundsChecks = options.boundsChecks ?? true;
  const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
  const timings: Record<string, number> = {};

  // level 1: the entry file and every file it imports, unchanged since a build whose key we kept
  const sources = cacheDir === null ? undefined : timed(timings, 'hash', () => sourceKey(entryFile, { memoryPages, boundsChecks }));
  const pointer = sources && join(cacheDir!, `src-${sources}.key`);
  if (pointer && existsSync(pointer)) {
    const key = readFileSync(pointer, 'utf8').trim();
    const hit = readCached(cacheDir!, key);
    if (hit) return { ...hit, cached: 'sources', key, timings };
  }

  const { compileAssemblyScript } = await import('./asc');
  const started = performance.now();
  let wasm: Uint8Array;
  try {
    wasm = (await compileAssemblyScript(entryFile, { memoryPages })).wasm;
  } catch (e) {
    throw new BuildError('asc', (e as Error).message);
  }
  timings.asc = performance.now() - started;

  const key = wasmKey(wasm, memoryPages, boundsChecks);
  let artifacts = cacheDir === null ? undefined : readCached(cacheDir, key);
  const cached = artifacts ? 'wasm' : null;
  if (!artifacts) {
    artifacts = await buildFromWasm(wasm, { memoryPages, boundsChecks }, timings);
    if (cacheDir !== null) writeCached(cacheDir, key, artifacts);
  }
  if (pointer) writeAtomic(pointer, key);
  return { ...artifacts, cached, key, timings };
}

export const OUTPUT_FILES = { wasm: 'guest.wasm', elf: 'guest.elf', ll: 'guest.ll', symbols: 'symbols.json' } as const;

/** Writes guest.wasm, guest.elf, guest.ll and symbols.json into `dir` (created if needed); returns their paths. */
export function writeBuildOutputs(dir: string, a: BuildArtifacts): Record<keyof typeof OUTPUT_FILES, string> {
  mkdirSync(dir, { recursive: true });
  const paths = {
    wasm: join(dir, OUTPUT_FILES.wasm),
    elf: join(dir, OUTPUT_FILES.elf),
    ll: join(dir, OUTPUT_FILES.ll),
    symbols: join(dir, OUTPUT_FILES.symbols),
  };
  writeFileSync(paths.wasm, a.wasm);
  writeFileSync(paths.elf, a.elf);
  writeFileSync(paths.ll, a.ll);
  const symbols = Object.fromEntries(
    Object.entries(a.symbols).map(([name, s]) => [name, { address: '0x' + s.address.toString(16).padStart(8, '0'), size: s.size }]),
  );
  writeFileSync(paths.symbols, JSON.stringify(symbols, null, 2) + '\n');
  return paths;
}

