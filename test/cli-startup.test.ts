// The CLI starts without loading the big WebAssembly packages: binaryen (a 13 MB module, ~0.5 s to
// load) and assemblyscript are imported only by the code that builds guests or runs them natively,
// through dynamic import(). A static import anywhere on the way from cli/main.ts would load them
// for every command (`zkos --help` took 0.79 s that way, 0.2 s without).
import { build } from 'esbuild';
import { describe, expect, test } from 'vitest';

const HEAVY = ['binaryen', 'assemblyscript'];

/** Every chain of static imports from `entry` to a heavy package, as "a -> b -> package". */
async function staticChains(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    splitting: true,
    outdir: 'unused',
    external: ['assemblyscript', 'assemblyscript/*', 'binaryen'],
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const from = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  const chains: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const imp of inputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (HEAVY.some((h) => imp.path === h || imp.path.startsWith(`${h}/`))) {
        const chain = [imp.path];
        for (let f: string | null | undefined = file; f; f = from.get(f)) chain.unshift(f);
        chains.push(chain.join(' -> '));
      } else if (!from.has(imp.path)) {
        from.set(imp.path, file);
        queue.push(imp.path);
      }
    }
  }
  return chains;
}

describe('CLI start-up', () => {
  test('no static import chain from cli/main.ts reaches binaryen or assemblyscript', async () => {
    expect(await staticChains('cli/main.ts')).toEqual([]);
  });

  test('nor from the native runner: its own modules come from the build cache (oracle/wasm-cache.ts)', async () => {
    expect(await staticChains('oracle/native.ts')).toEqual([]);
  });

  test('the check finds such a chain where there is one (the binaryen step of the native runner, loaded on a cache miss)', async () => {
    const chains = await staticChains('oracle/native-accel-build.ts');
    expect(chains.some((c) => c.endsWith('-> binaryen'))).toBe(true);
  });
});
