// Bundles the CLI and the benchmark harness into dist/ with esbuild (one file each, ESM, Node 20).
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __zkosCreateRequire } from 'node:module'; const require = __zkosCreateRequire(import.meta.url);" },
};

await build({ ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/zkos.mjs' });
await build({ ...common, entryPoints: ['bench/main.ts'], outfile: 'dist/bench.mjs' });
