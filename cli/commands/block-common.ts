// Shared by `zkos block`, `zkos statetest` and `zkos diff --block`: option parsing, reading a block
// file with clear errors, turning OS build failures into one line, and JSON-safe values.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { BlockFormatError, parseBlockFile, type Block } from '../../oracle/block/format';
import type { Target } from '../../oracle/block/run';
import { EXIT, UserError } from '../errors';

export function parseTarget(text: string): Target {
  if (text !== 'native' && text !== 'riscv') throw new InvalidArgumentError(`'${text}' is not a target: use native or riscv`);
  return text;
}

/** Reads and checks a block file; every problem is a UserError naming the file (and field). */
export function readBlockFile(file: string): Block {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
  try {
    return parseBlockFile(text, file);
  } catch (e) {
    if (e instanceof BlockFormatError) throw new UserError(e.message);
    throw e;
  }
}

/** Runs `action`; a failed build of the guest OS becomes one clear line (exit status 1). */
export async function withOsBuild<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'BuildError' || /AssemblyScript compilation|entry file not found/.test((e as Error).message)) {
      throw new UserError(`building the guest OS failed: ${(e as Error).message}`, EXIT.INTERNAL);
    }
    throw e;
  }
}

/** A JSON replacer: bigints as decimal strings, bytes as 0x-hex, Maps as objects. */
export function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return '0x' + Buffer.from(value).toString('hex');
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

export { commas } from '../../emulator/commas';
