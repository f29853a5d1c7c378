// `zkos asm` and `zkos link`: assemble RISC-V sources with llvm-mc and link them with our linker.
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from 'commander';
import { link } from '../../toolchain/linker';
import { assemble } from '../../toolchain/llvm';
import { UserError } from '../errors';
import { parseCount, readInputFile } from '../inputs';

interface LinkFlags {
  output: string;
  textBase?: number;
  entry?: string;
}

function writeExecutable(inputs: { name: string; bytes: Uint8Array }[], flags: LinkFlags): void {
  const result = link(inputs, { textBase: flags.textBase, entry: flags.entry });
  writeFileSync(flags.output, result.bytes);
}

function withLinkOptions(command: Command): Command {
  return command
    .requiredOption('-o, --output <file>', 'the ELF executable to write')
    .option('--text-base <address>', 'address of .text (default 0x10000)', parseCount)
    .option('--entry <symbol>', 'entry symbol (default _start)');
}

export function asmCommand(): Command {
  return withLinkOptions(
    new Command('asm')
      .description('assemble rv32im sources with llvm-mc and link them into an ELF executable')
      .argument('<sources...>', 'assembly files (.S/.s); llvm-mc runs no C preprocessor'),
  ).action((sources: string[], flags: LinkFlags) => {
    const objects = sources.map((file) => {
      const text = Buffer.from(readInputFile(file)).toString('utf8');
      try {
        return { name: file, bytes: assemble(text, { name: file, args: ['-I', dirname(file)] }) };
      } catch (e) {
        throw new UserError((e as Error).message);
      }
    });
    linkOrFail(() => writeExecutable(objects, flags));
  });
}

export function linkCommand(): Command {
  return withLinkOptions(
    new Command('link')
      .description('link RISC-V ELF32 relocatable objects (from llvm-mc or llc) into an executable')
      .argument('<objects...>', 'relocatable object files (.o)'),
  ).action((objects: string[], flags: LinkFlags) => {
    linkOrFail(() => writeExecutable(objects.map((name) => ({ name, bytes: readInputFile(name) })), flags));
  });
}

function linkOrFail(action: () => void): void {
  try {
    action();
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError((e as Error).message);
  }
}
