// The guest OS binary, built once per process: the wasm (asc only, cached on disk by the sources'
// content hash and in memory with its compiled WebAssembly.Module) for native runs, and the RISC-V
// ELF through buildGuest (cached by the toolchain) for the emulator. Entry guest/bootloader/main.ts,
// 1024 pages of linear memory (docs/guest-os.md, "The OS build").
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CACHE_DIR, sourceKey } from '../../toolchain/build-cache';
import type { NativeModule } from '../native';

export const OS_MEMORY_PAGES = 1024;

/** The project root: the nearest folder above this file (or the bundle) with a package.json. */
export function projectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** guest/bootloader/main.ts in the project. */
export function defaultOsEntry(): string {
  return join(projectRoot(), 'guest', 'bootloader', 'main.ts');
}

export interface NativeOs {
  readonly wasm: Uint8Array;
  readonly module: NativeModule;
}

const nativeBuilds = new Map<string, Promise<NativeOs>>();
const riscvBuilds = new Map<string, Promise<{ wasm: Uint8Array; elf: Uint8Array }>>();

async function buildNative(entry: string): Promise<NativeOs> {
  const key = sourceKey(entry, { memoryPages: OS_MEMORY_PAGES, target: 'native-wasm' });
  const file = key && join(DEFAULT_CACHE_DIR, `native-${key}.wasm`);
  let wasm: Uint8Array;
  if (file && existsSync(file)) wasm = readFileSync(file);
  else {
    const { compileAssemblyScript } = await import('../../toolchain/asc');
    wasm = (await compileAssemblyScript(entry, { memoryPages: OS_MEMORY_PAGES })).wasm;
    if (file) {
      mkdirSync(DEFAULT_CACHE_DIR, { recursive: true });
      writeFileSync(`${file}.${process.pid}.tmp`, wasm);
      renameSync(`${file}.${process.pid}.tmp`, file);
    }
  }
  // loaded here: the native runner needs binaryen (~0.5 s to load), which RISC-V runs do not
  const { compileNative } = await import('../native');
  return { wasm, module: compileNative(wasm) };
}

/** The OS (or another block guest at `entry`) for native runs; compiled once per process. */
export function nativeOs(entry = defaultOsEntry()): Promise<NativeOs> {
  const path = resolve(entry);
  let build = nativeBuilds.get(path);
  if (!build) {
    build = buildNative(path);
    build.catch(() => nativeBuilds.delete(path));
    nativeBuilds.set(path, build);
  }
  return build;
}

/** The OS built for RISC-V (and its wasm); once per process, cached on disk by buildGuest. */
export function riscvOs(entry = defaultOsEntry()): Promise<{ wasm: Uint8Array; elf: Uint8Array }> {
  const path = resolve(entry);
  let build = riscvBuilds.get(path);
  if (!build) {
    build = import('../../toolchain/build').then(({ buildGuest }) => buildGuest(path, { memoryPages: OS_MEMORY_PAGES }));
    build.catch(() => riscvBuilds.delete(path));
    riscvBuilds.set(path, build);
  }
  return build;
}
