#!/usr/bin/env node
// Entry point of the `zkos` command: runs the bundled CLI, (re)bundling it first when dist/ is
// missing or older than any TypeScript source, so a stale bundle never runs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'zkos.mjs');
const SOURCE_DIRS = ['cli', 'emulator', 'toolchain', 'oracle', 'guest', 'programs'];

function newestSource(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(bundle) || SOURCE_DIRS.some((d) => newestSource(join(root, d)) > statSync(bundle).mtimeMs);
if (stale) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
await import(pathToFileURL(bundle).href);
