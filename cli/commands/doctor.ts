// `zkos doctor`: checks the prerequisites (Node version, LLVM 14 tools) and says what to install.
import { Command } from 'commander';
import { hasTool, requireTool, runTool } from '../../toolchain/llvm';
import { EXIT, UserError } from '../errors';

/** Tools every build needs; each missing one is named with the package that provides it. */
export const REQUIRED_LLVM_TOOLS = ['llvm-mc', 'llc', 'opt'] as const;
const MIN_NODE_MAJOR = 20;

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export function checkPrerequisites(): Check[] {
  const major = Number(process.versions.node.split('.')[0]);
  const checks: Check[] = [
    {
      name: 'node',
      ok: major >= MIN_NODE_MAJOR,
      detail: major >= MIN_NODE_MAJOR ? `v${process.versions.node}` : `v${process.versions.node}: Node.js ${MIN_NODE_MAJOR} or newer is needed`,
    },
  ];
  for (const tool of REQUIRED_LLVM_TOOLS) {
    if (!hasTool(tool)) {
      checks.push({ name: tool, ok: false, detail: `not found: install LLVM 14 (Debian/Ubuntu: apt-get install llvm-14)` });
      continue;
    }
    const version = /LLVM version ([\d.]+)/.exec(Buffer.from(runTool(tool, ['--version'])).toString('utf8'))?.[1] ?? 'unknown version';
    checks.push({ name: tool, ok: true, detail: `${requireTool(tool)} (LLVM ${version})` });
  }
  return checks;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check that Node.js and the LLVM 14 tools (llvm-mc, llc, opt) are installed')
    .option('--json', 'print the checks as JSON')
    .action((opts: { json?: boolean }) => {
      const checks = checkPrerequisites();
      if (opts.json) process.stdout.write(JSON.stringify(checks, null, 2) + '\n');
      else for (const c of checks) process.stdout.write(`${c.ok ? 'ok     ' : 'MISSING'} ${c.name.padEnd(8)} ${c.detail}\n`);
      const missing = checks.filter((c) => !c.ok);
      if (missing.length > 0 && !opts.json) {
        throw new UserError(`missing prerequisites: ${missing.map((c) => c.name).join(', ')}`, EXIT.BAD_INPUT);
      }
      if (missing.length > 0) process.exitCode = EXIT.BAD_INPUT;
    });
}
