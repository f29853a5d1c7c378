// Bundles the CLI and the benchmark harness into dist/ with esbuild (one file each, ESM, Node 20).
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
await build({ ...common, entryPoints: { zkos: 'cli/main.ts' }, outdir: 'dist', splitting: true, chunkNames: 'chunks/[name]-[hash]', outExtension: { '.js': '.mjs' } });
await build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.mjs' });
// The trace expansion worker (oracle/trace/pool.ts) is an entry of its own: a Worker needs a file.
await build({ ...common, entryPoints: ['oracle/trace/worker.ts'], outfile: 'dist/trace-worker.mjs' });
