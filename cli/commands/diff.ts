// `zkos diff <guest.ts | guest.wasm guest.elf | build-dir>`: runs a guest natively and on the
// emulator and reports the first difference in outcome, output bytes or host calls (oracle/diff.ts).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { DEFAULT_MAX_CYCLES } from '../../emulator/execute';
import { LoadError } from '../../emulator/loader/program';
import type { Difference, RunRecord } from '../../oracle/diff';
import type { HostCall } from '../../oracle/host';
import { EXIT, UserError } from '../errors';
import { isWasm, parseCount, readInputFile } from '../inputs';
import { commas } from '../../emulator/commas';

interface DiffOptions {
  maxCycles: number;
  json?: boolean;
  block?: string;
  guest?: string;
}

/** Exit status when the two runs differ. */
export const DIFF_DIFFERENT = 1;

export function diffCommand(): Command {
  return new Command('diff')
    .description('run a guest natively and on the emulator; report the first difference')
    .argument('[inputs...]', 'an AssemblyScript entry file, a build folder, or a guest .wasm and .elf')
    .option('--max-cycles <n>', `emulator cycle limit (default ${DEFAULT_MAX_CYCLES})`, parseCount, DEFAULT_MAX_CYCLES)
    .option('--json', 'print one JSON object (identical, first difference, both outcomes)')
    .option('--block <block.json>', 'run a block through the guest OS on both targets; compare results, oracle queries and state diff')
    .option('--guest <entry.ts>', 'with --block: the block guest (default guest/bootloader/main.ts)')
    .addHelpText(
      'after',
      `
Compares how each run ended (exit code, or trap code), every host call in order (name, arguments,
result; for write the bytes written) and every output byte. Exit status 0 when identical,
${DIFF_DIFFERENT} when they differ, ${EXIT.BAD_INPUT} for bad input.`,
    )
    .action(async (inputs: string[], opts: DiffOptions) => {
      if (opts.block) {
        if (inputs.length > 0) throw new UserError('--block takes the block file; give no other inputs');
        process.exitCode = await (await import('./block')).blockDiffAction(opts.block, opts);
        return;
      }
      if (inputs.length === 0) throw new UserError('give a guest to compare (or --block <block.json>)');
      process.exitCode = await diffAction(inputs, opts);
    });
}

async function guestFiles(inputs: string[]): Promise<{ wasm: Uint8Array; elf: Uint8Array }> {
  // Loaded on demand: asc and binaryen take most of a second to initialise.
  const { BuildError, buildGuest, OUTPUT_FILES } = await import('../../toolchain/build');
  if (inputs.length === 2) {
    const [a, b] = inputs;
    const [wasmFile, elfFile] = isWasm(a) ? [a, b] : isWasm(b) ? [b, a] : [undefined, undefined];
    if (!wasmFile || !elfFile) throw new UserError(`neither ${a} nor ${b} is a WebAssembly module: give a guest .wasm and its .elf`);
    return { wasm: readInputFile(wasmFile), elf: readInputFile(elfFile) };
  }
  if (inputs.length !== 1) throw new UserError('give one AssemblyScript file, one build folder, or a .wasm and an .elf');
  const [input] = inputs;
  if (statSync(input, { throwIfNoEntry: false })?.isDirectory()) {
    return { wasm: readInputFile(join(input, OUTPUT_FILES.wasm)), elf: readInputFile(join(input, OUTPUT_FILES.elf)) };
  }
  try {
    const built = await buildGuest(input);
    return { wasm: built.wasm, elf: built.elf };
  } catch (e) {
    if (e instanceof BuildError) throw new UserError(`build of ${input} failed (${e.stage}): ${e.message}`);
    throw e;
  }
}

/** A value for people and JSON: write bytes as text (or base64 when not UTF-8). */
function printable(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(value);
    } catch {
      return { base64: Buffer.from(value).toString('base64') };
    }
  }
  if (value && typeof value === 'object' && 'name' in value && 'args' in value) {
    const call = value as HostCall;
    return { ...call, bytes: call.bytes && printable(call.bytes) };
  }
  return value;
}

function describe(d: Difference): string {
  const where = d.what === 'call' ? `host call #${d.index}` : d.what === 'outcome' ? 'how the run ended' : `${d.what} byte ${d.index}`;
  const side = (v: unknown) => (v === undefined ? '(nothing)' : JSON.stringify(printable(v)));
  return `first difference: ${where}\n  native: ${side(d.native)}\n  riscv:  ${side(d.riscv)}`;
}

const outcomeText = (r: RunRecord) =>
  r.outcome.kind === 'exit' ? `exit code ${r.outcome.code}` : r.outcome.kind === 'trap' ? `trap code ${r.outcome.code ?? 'none'} (${r.outcome.message})` : 'cycle limit';

async function diffAction(inputs: string[], opts: DiffOptions): Promise<number> {
  const { wasm, elf } = await guestFiles(inputs);
  // loaded here, not with the CLI: the native runner needs binaryen (~0.5 s to load)
  const [{ firstDifference, recordNative, recordRiscv }, { NativeLoadError }] = await Promise.all([import('../../oracle/diff'), import('../../oracle/native')]);
  let native: RunRecord;
  let riscv: RunRecord;
  try {
    native = recordNative(wasm);
    riscv = recordRiscv(elf, { maxCycles: opts.maxCycles });
  } catch (e) {
    if (e instanceof NativeLoadError || e instanceof LoadError) throw new UserError(e.message);
    throw e;
  }
  const difference = firstDifference(native, riscv);
  if (opts.json) {
    const side = (r: RunRecord) => ({ outcome: r.outcome, calls: r.calls.length, stdoutBytes: r.stdout.length, stderrBytes: r.stderr.length, cycles: r.cycles });
    const report = {
      identical: difference === undefined,
      difference: difference && { ...difference, native: printable(difference.native), riscv: printable(difference.riscv) },
      native: side(native),
      riscv: side(riscv),
    };
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else if (difference) {
    process.stdout.write(describe(difference) + '\n');
  } else {
    process.stdout.write(
      `identical: ${outcomeText(native)}; ${native.calls.length} host calls, ${native.stdout.length + native.stderr.length} output bytes` +
        ` (riscv: ${riscv.cycles === undefined ? 'unknown' : commas(riscv.cycles)} cycles)\n`,
    );
  }
  return difference ? DIFF_DIFFERENT : 0;
}
