// The `zkos` command line: one entry point for every tool of the project.
import './v8-flags';
import './tuning-env';
import { Command, CommanderError } from 'commander';
import { asmCommand, linkCommand } from './commands/asm';
import { blockCommand } from './commands/block';
import { buildCommand } from './commands/build';
import { diffCommand } from './commands/diff';
import { disasmCommand } from './commands/disasm';
import { doctorCommand } from './commands/doctor';
import { replayCommand } from './commands/replay';
import { runCommand } from './commands/run';
import { statetestCommand } from './commands/statetest';
import { traceCommand } from './commands/trace';
import { EXIT, UserError } from './errors';

const program = new Command('zkos')
  .description('zkos-ts: run, build and inspect rv32im guests (a ZKsync-OS-style zkVM toolchain)')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .addCommand(runCommand())
  .addCommand(replayCommand())
  .addCommand(traceCommand())
  .addCommand(buildCommand())
  .addCommand(diffCommand())
  .addCommand(blockCommand())
  .addCommand(statetestCommand())
  .addCommand(disasmCommand())
  .addCommand(asmCommand())
  .addCommand(linkCommand())
  .addCommand(doctorCommand());

// addCommand() does not copy settings: every subcommand reports errors the same way.
for (const command of program.commands) {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) sub.exitOverride().showHelpAfterError('(run with --help for usage)');
}

// A reader that stops early (`zkos disasm x.elf | head`) closes the pipe: the output is no longer
// wanted, so the command ends quietly instead of failing with an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // help and version end here with code 0; usage errors were already printed by commander
    process.exitCode = e.exitCode === 0 ? 0 : EXIT.BAD_INPUT;
  } else if (e instanceof UserError) {
    process.stderr.write(`zkos: error: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else {
    process.stderr.write(`zkos: internal error: ${(e as Error).message}\n`);
    if (process.env.ZKOS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = EXIT.INTERNAL;
  }
}
