// `zkos trace --airbender <image.bin>`: records an Airbender image run (docs/airbender.md, "Traces")
// into a trace file whose header says the Airbender machine, and `zkos trace verify` of such a file (against the flat image).
import { AirbenderInputError, parseAirbenderInput } from '../../emulator/airbender/input';
import { captureAirbenderTrace } from '../../oracle/trace/capture';
import { verifyAirbenderTrace } from '../../oracle/trace/verify-airbender';
import type { VerifyReport } from '../../oracle/trace/verify';
import { UserError } from '../errors';
import { readInputFile, withFileName } from '../inputs';
import { Progress } from '../progress';
import { commas } from '../../emulator/commas';

export interface AirbenderRecordOptions {
  readonly output: string;
  readonly full?: boolean;
  readonly chunkSize: number;
  readonly jobs: number;
  readonly maxCycles: number;
  /** Airbender's input format: hex text, 8 characters per word */
  readonly input?: string;
  readonly airbenderBlake2s?: 'x13' | 'x12';
  readonly json?: boolean;
}

function readAirbenderInput(file: string | undefined): Uint32Array | undefined {
  if (file === undefined) return undefined;
  try {
    return parseAirbenderInput(Buffer.from(readInputFile(file)).toString('latin1'));
  } catch (e) {
    if (e instanceof AirbenderInputError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
}

export async function recordAirbenderAction(file: string, opts: AirbenderRecordOptions): Promise<void> {
  const image = readInputFile(file);
  const input = readAirbenderInput(opts.input);
  const progress = opts.json ? undefined : new Progress(opts.maxCycles);
  const started = performance.now();
  const summary = await withFileName(file, () =>
    captureAirbenderTrace({
      image,
      input,
      blake2s: opts.airbenderBlake2s,
      path: opts.output,
      full: opts.full,
      chunkSize: opts.chunkSize,
      jobs: opts.jobs,
      maxCycles: opts.maxCycles,
      onUart: opts.json ? undefined : (m) => process.stdout.write(`UART: ${new TextDecoder().decode(m)}\n`),
      onProgress: progress?.update,
    }),
  );
  progress?.clear();
  const seconds = (performance.now() - started) / 1000;
  const { result, chunks, bytes, host, machine } = summary;
  const status = result.kind === 'exit' ? 'halt' : result.kind;
  const output = Array.from(machine.regs.subarray(10, 18), (w) => w >>> 0);
  const report = {
    file: opts.output,
    mode: 'airbender',
    status,
    cycles: result.cycles,
    chunks,
    bytes,
    bytesPerCycle: result.cycles > 0 ? bytes / result.cycles : null,
    output: output.map((w) => '0x' + w.toString(16).padStart(8, '0')),
    delegations: host.delegations,
    markers: host.markers.length,
    inputReads: host.inputReads,
    seconds,
  };
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    const d = host.delegations;
    process.stderr.write(
      `zkos: trace ${opts.output} (Airbender): ${status}, ${commas(result.cycles)} cycles in ${chunks} chunk${chunks === 1 ? '' : 's'}, ` +
        `${commas(bytes)} bytes (${(report.bytesPerCycle ?? 0).toFixed(2)} bytes/cycle${opts.full ? ', with rows' : ''}) in ${seconds.toFixed(2)} s; ` +
        `delegations: blake2s ${d.blake2s}, u256 ${d.u256}, keccak ${d.keccak}; ${host.inputReads} input words read\n`,
    );
  }
  if (result.kind === 'trap') process.stderr.write(`zkos: the guest stopped: ${result.trap.message}\n`);
  process.exitCode = 0;
}

/** Verifies an Airbender-mode trace against its flat image file. */
export function verifyAirbenderFile(trace: string, imageFile: string): VerifyReport {
  return verifyAirbenderTrace(trace, readInputFile(imageFile));
}
