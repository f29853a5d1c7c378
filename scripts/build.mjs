// Bundles the CLI and the benchmark harness into dist/ with esbuild (one file each, ESM, Node 20).
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  // Big packages with their own WebAssembly stay in node_modules: the bundle stays small and
  // commands that don't build guests start fast.
  external: ['assemblyscript', 'assemblyscript/*', 'binaryen'],
  banner: { js: "import { createRequire as __zkosCreateRequire } from 'node:module'; const require = __zkosCreateRequire(import.meta.url);" },
};

// Split so that the toolchain (imported on demand by `build` and `diff`) is a chunk of its own.
const cli = await build({ ...common, entryPoints: { zkos: 'cli/main.ts' }, outdir: 'dist', splitting: true, chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' }, metafile: true });
// Chunks are named by their content's hash: the ones earlier builds left behind (100 MB after a day
// of rebuilds) are removed once they are an hour old; a zkos started before this build may still
// import one of them lazily (the toolchain's, say) in that hour.
const chunks = 'dist/chunks';
const made = new Set(Object.keys(cli.metafile.outputs).map((file) => file.replace(/\\/g, '/')));
const hourAgo = Date.now() - 3600_000;
for (const name of existsSync(chunks) ? readdirSync(chunks) : []) {
  const file = `${chunks}/${name}`;
  if (!made.has(file) && !made.has(file.replace(/\.map$/, '')) && statSync(file).mtimeMs < hourAgo) rmSync(file, { force: true });
}
await build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.mjs' });
// The trace expansion worker (oracle/trace/pool.ts) is an entry of its own: a Worker needs a file.
await build({ ...common, entryPoints: ['oracle/trace/worker.ts'], outfile: 'dist/trace-worker.mjs' });
