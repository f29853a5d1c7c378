// Content hashes for the build cache: the guest's sources (entry file + every file it imports) and a
// fingerprint of the toolchain itself, so any change to either gives a new key.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
/** The project root: this file is toolchain/build-cache.ts, or bundled into dist/zkos.mjs. */
const ROOT = join(dirname(here), '..');

/** Where cached builds live: build/cache/ in the project (`make clean` removes it). */
export const DEFAULT_CACHE_DIR = join(ROOT, 'build', 'cache');

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    .sort();
}

let fingerprint: string | undefined;

/**
 * A hash of the code that builds guests: the CLI bundle when running bundled, else every
 * toolchain/*.ts source; plus the AssemblyScript version and the LLVM tools' paths.
 */
export function toolchainFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const code = here.endsWith('.mjs') ? [here] : tsFiles(dirname(here));
  for (const file of code) hash.update(file).update(readFileSync(file));
  try {
    hash.update(readFileSync(createRequire(here).resolve('assemblyscript/package.json')));
  } catch {
    hash.update('assemblyscript: not found');
  }
  return (fingerprint = hash.digest('hex'));
}

const IMPORT_PATTERNS = [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g];

/** The files an AssemblyScript import of `specifier` from `dir` may resolve to, in asc's order. */
function candidates(dir: string, specifier: string): string[] {
  const base = resolve(dir, specifier);
  return [`${base}.ts`, join(base, 'index.ts')];
}

/**
 * A hash of the entry file, every file it imports (transitively, following relative imports as
 * asc resolves them, including which candidate paths do not exist), the asconfig.json next to it,
 * the options and the toolchain. Undefined when a guest imports a package (not a relative path):
 * its sources are not followed, so the caller must run asc.
 */
export function sourceKey(entryFile: string, options: object): string | undefined {
  const entry = resolve(entryFile);
  if (!existsSync(entry)) return undefined;
  const seen = new Map<string, string | null>();
  const visit = (file: string): boolean => {
    if (seen.has(file)) return true;
    if (!existsSync(file)) {
      seen.set(file, null);
      return true;
    }
    const text = readFileSync(file, 'utf8');
    seen.set(file, sha256(text));
    for (const pattern of IMPORT_PATTERNS) {
      for (const [, specifier] of text.matchAll(pattern)) {
        if (specifier.startsWith('~lib/')) continue;
        if (!specifier.startsWith('.')) return false;
        for (const candidate of candidates(dirname(file), specifier)) {
          if (!visit(candidate)) return false;
          if (seen.get(candidate) !== null) break; // asc takes the first that exists
        }
      }
    }
    return true;
  };
  if (!visit(entry) || !visit(join(dirname(entry), 'asconfig.json'))) return undefined;
  const files = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  return sha256(JSON.stringify({ entry, files, options, toolchain: toolchainFingerprint() })).slice(0, 32);
}
