#!/usr/bin/env node
// A/B of the emulator at a git ref (base) against the working tree (head), in one process: both
// builds bundled together, each sample run on a fresh machine by both in every round (bench/ab.ts).
//   node scripts/ab.mjs <base-ref> [--sample sieve] [--rounds 30] [--interpreter compiled] [--json]
// The base is checked out into a temporary git worktree, removed afterwards. Both builds must have
// the emulator's execute() and parseProgram() (emulator/execute.ts, emulator/loader).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The sample programs (programs/asm, less the shared runtime); all but the greeting by default, too short to time. */
const SAMPLES = readdirSync(join(root, 'programs', 'asm'))
  .filter((f) => f.endsWith('.S') && f !== 'runtime.S')
  .map((f) => f.slice(0, -2))
  .sort();
const DEFAULT_SAMPLES = SAMPLES.filter((name) => name !== 'hello');

const whole = (min) => (text) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`a whole number >= ${min}`);
  return n;
};

const program = new Command('ab')
  .description('time the emulator at a git ref against the working tree, both in one process, a ratio per round')
  .argument('<base>', 'git ref of the base build (commit, branch, tag, HEAD~1)')
  .option('--sample <name...>', `sample programs (${SAMPLES.join(', ')}); default all but hello`)
  .option('--elf <file...>', 'rv32im ELF files to run besides the samples')
  .option('--rounds <n>', 'timed rounds per program', whole(1), 30)
  .option('--warm-up <n>', 'untimed rounds first', whole(0), 3)
  .option('--interpreter <name>', 'compiled, fast or reference', 'compiled')
  .option('--json', 'one JSON array of results instead of the report')
  .showHelpAfterError();
program.parse();
const [ref] = program.args;
const opts = program.opts();

/** A clear error for the user (exit status 2), thrown so that the worktree is removed first. */
class AbError extends Error {}
function fail(message) {
  throw new AbError(message);
}

const usage = (message) => {
  process.stderr.write(`ab: ${message}\n`);
  process.exit(2);
};
for (const name of opts.sample ?? []) if (!SAMPLES.includes(name)) usage(`unknown sample '${name}' (samples: ${SAMPLES.join(', ')})`);
if (!['compiled', 'fast', 'reference'].includes(opts.interpreter)) usage(`unknown interpreter '${opts.interpreter}' (compiled, fast, reference)`);
// ELF paths are relative to where the command was typed (npm run sets INIT_CWD and runs in the package root)
const typedIn = process.env.INIT_CWD ?? process.cwd();
for (const file of opts.elf ?? []) if (!existsSync(resolve(typedIn, file))) usage(`no such file: ${file}`);
const programs = [
  ...(opts.sample ?? (opts.elf ? [] : DEFAULT_SAMPLES)).map((name) => ({ name, sample: name })),
  ...(opts.elf ?? []).map((file) => ({ name: file, file: resolve(typedIn, file) })),
];

let commit;
try {
  commit = execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
} catch {
  usage(`'${ref}' is no commit of the repository at ${root}`);
}
const short = commit.slice(0, 7);

const dir = mkdtempSync(join(tmpdir(), 'zkos-ab-'));
const base = join(dir, 'base');
// the bundle goes to the repository's build/ (ignored by git), where programs/samples.ts finds programs/asm
const outfile = join(root, 'build', 'ab', `ab-${process.pid}.mjs`);
let added = false;
const cleanUp = () => {
  if (added) spawnSync('git', ['worktree', 'remove', '--force', base], { cwd: root, stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
  rmSync(outfile, { force: true });
};
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});
try {
  const add = spawnSync('git', ['worktree', 'add', '--detach', '--quiet', base, commit], { cwd: root, encoding: 'utf8' });
  if (add.status !== 0) fail(`git worktree add failed: ${add.stderr.trim()}`);
  added = true;
  const at = (tree, path) => JSON.stringify(join(tree, path));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import ${at(root, 'cli/v8-flags')};
import { readFileSync } from 'node:fs';
import { execute as executeBase } from ${at(base, 'emulator/execute')};
import { parseProgram as parseBase } from ${at(base, 'emulator/loader')};
import { execute as executeHead } from ${at(root, 'emulator/execute')};
import { parseProgram as parseHead } from ${at(root, 'emulator/loader')};
import { buildSample } from ${at(root, 'programs/samples')};
import { abRounds, formatAb } from ${at(root, 'bench/ab')};
const config = JSON.parse(process.argv[2]);
const side = (name: string, execute: typeof executeHead, parse: typeof parseHead) => ({
  name,
  run: (elf: Uint8Array) => {
    const { result } = execute(parse(elf), { interpreter: config.interpreter, sink: () => {} });
    return { kind: result.kind, cycles: result.cycles, exitCode: result.kind === 'exit' ? result.exitCode : undefined };
  },
});
const baseSide = side(config.baseName, executeBase as unknown as typeof executeHead, parseBase as unknown as typeof parseHead);
const headSide = side('working tree', executeHead, parseHead);
const results = [];
for (const p of config.programs) {
  let result;
  try {
    const elf = p.sample ? buildSample(p.sample) : new Uint8Array(readFileSync(p.file));
    result = abRounds(baseSide, headSide, elf, { rounds: config.rounds, warmUp: config.warmUp });
  } catch (error) {
    // a malformed ELF, a guest that ends differently on the two builds: said, not thrown
    process.stderr.write(\`ab: \${p.name}: \${(error as Error).message}\\n\`);
    process.exit(2);
  }
  if (config.json) results.push({ program: p.name, ...result });
  else process.stdout.write(formatAb(p.name, result, config.rounds) + '\\n');
}
if (config.json) process.stdout.write(JSON.stringify(results, null, 2) + '\\n');
`,
  );
  try {
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'silent',
      nodePaths: [join(root, 'node_modules')],
      external: ['assemblyscript', 'assemblyscript/*', 'binaryen'],
      banner: { js: "import { createRequire as __zkosCreateRequire } from 'node:module'; const require = __zkosCreateRequire(import.meta.url);" },
    });
  } catch (error) {
    const first = error.errors?.[0];
    fail(`bundling the two builds failed (${short} may lack emulator/execute.ts or emulator/loader): ${first ? `${first.text} (${first.location?.file ?? '?'})` : error.message}`);
  }
  const config = { baseName: short, programs, rounds: opts.rounds, warmUp: opts.warmUp, interpreter: opts.interpreter, json: opts.json === true };
  if (!opts.json) process.stderr.write(`ab: base ${short} (${ref}) against the working tree, ${opts.interpreter} mode\n`);
  const run = spawnSync(process.execPath, [outfile, JSON.stringify(config)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} catch (error) {
  if (!(error instanceof AbError)) throw error;
  process.stderr.write(`ab: ${error.message}\n`);
  process.exitCode = 2;
} finally {
  cleanUp();
}
