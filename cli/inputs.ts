// Reading what the user names on the command line: program files and numeric options, with
// errors that say what and where.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { parseProgram } from '../emulator/loader';
import { LoadError, type Program } from '../emulator/loader/program';
import { MAX_MEMORY_SIZE, PAGE_SIZE, parseSize } from '../emulator/memory';
import { UserError } from './errors';

export function readInputFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new UserError(`cannot read ${file}: ${why}`);
  }
}

export function loadProgramFile(file: string, flat = false): Program {
  const bytes = readInputFile(file);
  return withFileName(file, () => parseProgram(bytes, { flat }));
}

/** Runs `action`, turning a LoadError (malformed file, program does not fit) into a UserError naming the file. */
export function withFileName<T>(file: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    if (e instanceof LoadError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

/** A non-negative integer option; accepts 1000000, 1_000_000, 1e6 and 0x... forms. */
export function parseCount(text: string): number {
  const t = text.replace(/_/g, '');
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : Number(t);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`'${text}' is not a non-negative whole number`);
  return n;
}

export function parseMemory(text: string): number {
  let n: number;
  try {
    n = parseSize(text);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  if (n <= 0 || n % PAGE_SIZE !== 0 || n > MAX_MEMORY_SIZE) {
    throw new InvalidArgumentError(`memory size ${text} must be a multiple of 4K between 4K and 2G`);
  }
  return n;
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** True when the file starts with the WebAssembly magic `\0asm` (false when it cannot be read). */
export function isWasm(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = new Uint8Array(4);
      return readSync(fd, head, 0, 4, 0) === 4 && WASM_MAGIC.every((b, i) => head[i] === b);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
