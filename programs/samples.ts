// The assembly sample programs: how to build one (llvm-mc + our linker) and what each is for.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { link } from '../toolchain/linker';
import { assemble } from '../toolchain/llvm';

/** programs/asm, found from this module's location whether it runs from source or from dist/. */
export const ASM_DIR = findAsmDir(dirname(fileURLToPath(import.meta.url)));

function findAsmDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'programs', 'asm');
    if (existsSync(join(candidate, 'runtime.S'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`programs/asm not found above ${start}`);
  }
}

export interface Sample {
  readonly name: string;
  readonly description: string;
  /** 'long-blocks': straight-line arithmetic; 'branchy': calls and short blocks; 'memory': loads/stores */
  readonly kind: 'demo' | 'long-blocks' | 'branchy' | 'memory';
}

export const SAMPLES: readonly Sample[] = [
  { name: 'hello', description: 'prints a greeting and 6 * 7', kind: 'demo' },
  { name: 'fib', description: 'recursive fib(30)', kind: 'branchy' },
  { name: 'sieve', description: 'primes below 2,000,000 (sieve of Eratosthenes)', kind: 'memory' },
  { name: 'mix', description: 'xorshift/multiply hashing loop, 2M rounds', kind: 'long-blocks' },
  { name: 'mulloop', description: 'four multiply-accumulate lanes in one block, 8M rounds', kind: 'long-blocks' },
  { name: 'qsort', description: 'quicksort of 200,000 words with a comparator called through a pointer', kind: 'branchy' },
  { name: 'hashtable', description: 'open-addressing hash table: 40,000 inserts, 2M lookups', kind: 'branchy' },
  { name: 'bytecode', description: 'a stack-machine bytecode interpreter (jump-table dispatch), 300,000 loop iterations', kind: 'branchy' },
];

/** Assembles `<name>.S` and the shared runtime.S, links them, returns the ELF bytes. */
export function buildSample(name: string): Uint8Array {
  const objects = [`${name}.S`, 'runtime.S'].map((file) => ({
    name: file,
    bytes: assemble(readFileSync(join(ASM_DIR, file), 'utf8'), { name: file, args: ['-I', ASM_DIR] }),
  }));
  return link(objects).bytes;
}
