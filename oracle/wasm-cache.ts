// The native runner's own WebAssembly modules (the fast accelerators, the memory scrubber) are written
// as text and made into binaries by binaryen. The binaries are kept in the build cache, named by a
// hash of the text, the recipe and binaryen's version, so that a run finds them there and never loads
// binaryen (~0.5 s, then the parse and the inlining on top): only the first run after a change makes
// them (native-accel-build.ts). `zkos block programs/blocks/sample.json` (native): ~2.1 s when it
// makes them, ~0.35 s when it finds them.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DEFAULT_CACHE_DIR } from '../toolchain/build-cache';

/** A module to make: a name for errors, its text, and what binaryen does to it. */
export interface WasmRecipe {
  readonly name: string;
  readonly text: string;
  /** every internal function inlined into its callers */
  readonly inline?: boolean;
  /** SIMD and bulk memory instructions enabled */
  readonly simd?: boolean;
}

function binaryenVersion(): string {
  try {
    return (createRequire(import.meta.url)('binaryen/package.json') as { version: string }).version;
  } catch {
    return 'not found';
  }
}

/** The file of a recipe's binary in `cacheDir`. */
export function cacheFile(recipe: WasmRecipe, cacheDir: string): string {
  const key = createHash('sha256')
    .update(JSON.stringify({ name: recipe.name, inline: recipe.inline === true, simd: recipe.simd === true, binaryen: binaryenVersion() }))
    .update('\0')
    .update(recipe.text)
    .digest('hex');
  return join(cacheDir, 'wasm', `${recipe.name}-${key.slice(0, 32)}.wasm`);
}

/** A cached binary that V8 accepts, or undefined (missing, unreadable, damaged). */
function readCached(file: string): Uint8Array | undefined {
  try {
    const bytes = new Uint8Array(readFileSync(file));
    return WebAssembly.validate(bytes) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `bytes` to `file` whole or not at all (another process may be reading it); a cache that cannot be written is skipped. */
function writeCached(file: string, bytes: Uint8Array): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, file);
  } catch {
    // read-only checkout: the binary is made again next time
  }
}

/** The recipes' binaries, in order: from the cache, the missing ones made by binaryen (loaded only then) and cached. */
export async function cachedBinaries(recipes: readonly WasmRecipe[], cacheDir: string = DEFAULT_CACHE_DIR): Promise<Uint8Array[]> {
  const files = recipes.map((r) => cacheFile(r, cacheDir));
  const found = files.map(readCached);
  if (found.every((b) => b !== undefined)) return found as Uint8Array[];
  const { textToBinary } = await import('./native-accel-build');
  return recipes.map((recipe, k) => {
    const cached = found[k];
    if (cached !== undefined) return cached;
    const bytes = textToBinary(recipe);
    writeCached(files[k], bytes);
    return bytes;
  });
}
