// `zkos build <entry.ts> -o <dir>`: builds an AssemblyScript guest into guest.wasm, guest.elf,
// guest.ll and symbols.json (toolchain/build.ts), with the content-hash cache.
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_CACHE_DIR } from '../../toolchain/build-cache';
import { DEFAULT_MEMORY_PAGES } from '../../toolchain/wasm/abi';
import { UserError } from '../errors';
import { parseCount } from '../inputs';

interface BuildCliOptions {
  output: string;
  memoryPages: number;
  boundsChecks: boolean;
  cache: boolean;
  cacheDir: string;
  json?: boolean;
}

function parsePages(text: string): number {
  const n = parseCount(text);
  if (n < 1 || n > 32768) throw new InvalidArgumentError(`'${text}' pages: must be 1..32768 (the linear memory must leave room below 2 GiB)`);
  return n;
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export function buildCommand(): Command {
  return new Command('build')
    .description('build an AssemblyScript guest into WebAssembly and an rv32im ELF')
    .argument('<entry>', 'AssemblyScript entry file exporting `main(): i32`')
    .requiredOption('-o, --output <dir>', 'output folder (created if needed)')
    .option('--memory-pages <n>', `linear memory in 64 KiB pages (default ${DEFAULT_MEMORY_PAGES})`, parsePages, DEFAULT_MEMORY_PAGES)
    .option('--no-bounds-checks', 'omit the bounds check on each memory access (trusted guests only)')
    .option('--no-cache', 'run every stage; neither read nor write the cache')
    .option('--cache-dir <dir>', 'where cached builds live', DEFAULT_CACHE_DIR)
    .option('--json', 'print one JSON object (files, sizes, cache, timings)')
    .addHelpText(
      'after',
      `
Writes <dir>/guest.wasm, guest.elf, guest.ll (optimised LLVM IR) and symbols.json.
Exit status 0 on success, 2 for bad input (compile error, unsupported WebAssembly, missing main,
missing LLVM tool). See docs/toolchain.md.`,
    )
    .action(async (entry: string, opts: BuildCliOptions) => {
      await buildAction(entry, opts);
    });
}

async function buildAction(entry: string, opts: BuildCliOptions): Promise<void> {
  const started = performance.now();
  // Loaded on demand: asc and binaryen take most of a second to initialise.
  const { BuildError, buildGuest, writeBuildOutputs } = await import('../../toolchain/build');
  let result;
  try {
    result = await buildGuest(entry, {
      memoryPages: opts.memoryPages,
      boundsChecks: opts.boundsChecks,
      cacheDir: opts.cache ? opts.cacheDir : null,
    });
  } catch (e) {
    if (e instanceof BuildError) throw new UserError(`build of ${entry} failed (${e.stage}): ${e.message}`);
    throw e;
  }
  const paths = writeBuildOutputs(opts.output, result);
  const seconds = (performance.now() - started) / 1000;
  const sizes = { wasm: result.wasm.length, elf: result.elf.length, ll: Buffer.byteLength(result.ll), functions: Object.keys(result.symbols).length };
  if (opts.json) {
    const timings = Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v * 10) / 10]));
    process.stdout.write(JSON.stringify({ entry, files: paths, sizes, cached: result.cached, key: result.key, seconds, timings }, null, 2) + '\n');
    return;
  }
  const how = result.cached === 'sources' ? ' (cached)' : result.cached === 'wasm' ? ' (cached after asc)' : '';
  process.stdout.write(
    `${paths.wasm}  ${kib(sizes.wasm)}\n${paths.elf}  ${kib(sizes.elf)}\n${paths.ll}  ${kib(sizes.ll)}\n${paths.symbols}  ${sizes.functions} functions\n` +
      `built in ${seconds.toFixed(2)} s${how}\n`,
  );
}
