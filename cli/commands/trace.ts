// `zkos trace`: record a run's trace to a file (minimal, or --full with per-cycle rows expanded on
// workers), and read one back: `trace info`, `trace dump`, `trace verify` (docs/trace-format.md).
import { Command, Option } from 'commander';
import { DEFAULT_INTERPRETER, DEFAULT_MAX_CYCLES, INTERPRETERS, type InterpreterName } from '../../emulator/execute';
import { DEFAULT_MEMORY_SIZE } from '../../emulator/memory';
import { disassemble } from '../../emulator/isa/disasm';
import { SECTION, TraceFormatError } from '../../emulator/trace/format';
import { DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE } from '../../emulator/trace/record';
import { captureTrace } from '../../oracle/trace/capture';
import { TraceReader } from '../../oracle/trace/file';
import { readRows, type RowWithCalls } from '../../oracle/trace/rows-reader';
import { verifyTrace } from '../../oracle/trace/verify';
import { EXIT, UserError } from '../errors';
import { hex32 } from '../format';
import { loadProgramFile, parseCount, parseMemory, readInputFile, withFileName } from '../inputs';
import { liveOracle, replayOracle } from '../oracle';
import { Progress } from '../progress';
import { AIRBENDER_DEFAULT_MAX_CYCLES } from '../../emulator/airbender/machine';
import { disassembleAirbender } from '../../emulator/airbender/disasm';
import { recordAirbenderAction, verifyAirbenderFile } from './trace-airbender';
import { commas } from '../../emulator/commas';

interface RecordOptions {
  output: string;
  full?: boolean;
  chunkSize: number;
  jobs: number;
  maxCycles: number;
  memory: number;
  flat?: boolean;
  input?: string;
  tape?: string;
  json?: boolean;
  recorder: 'compiled' | 'interpreter';
  /** the file is an Airbender image (docs/airbender.md), --input Airbender's hex input */
  airbender?: boolean;
  airbenderBlake2s?: 'x13' | 'x12';
}

/** Runs `action`, turning a damaged trace file into one clear error line. */
function readingTrace<T>(file: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    if (e instanceof TraceFormatError) throw new UserError(`${file}: ${e.message}`);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`cannot read ${file}: no such file`);
    throw e;
  }
}

async function recordAction(file: string, opts: RecordOptions): Promise<void> {
  if (opts.chunkSize < 1 || opts.chunkSize > MAX_CHUNK_SIZE) throw new UserError(`--chunk-size must be between 1 and ${MAX_CHUNK_SIZE}`);
  const program = loadProgramFile(file, opts.flat);
  const oracle = opts.tape ? replayOracle(opts.tape) : liveOracle(opts.input);
  const progress = opts.json ? undefined : new Progress(opts.maxCycles);
  const started = performance.now();
  const summary = await withFileName(file, () =>
    captureTrace({
      program,
      programBytes: readInputFile(file),
      path: opts.output,
      oracle,
      sink: opts.json ? () => {} : (fd, bytes) => (fd === 1 ? process.stdout : process.stderr).write(bytes),
      full: opts.full,
      chunkSize: opts.chunkSize,
      jobs: opts.jobs,
      memorySize: opts.memory,
      maxCycles: opts.maxCycles,
      engine: opts.recorder,
      onProgress: progress?.update,
    }),
  );
  progress?.clear();
  const seconds = (performance.now() - started) / 1000;
  const { result, chunks, bytes } = summary;
  const report = {
    file: opts.output,
    status: result.kind,
    exitCode: result.kind === 'exit' ? result.exitCode : null,
    cycles: result.cycles,
    chunks,
    bytes,
    bytesPerCycle: result.cycles > 0 ? bytes / result.cycles : null,
    seconds,
    recorder: opts.recorder,
  };
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    process.stderr.write(
      `zkos: trace ${opts.output}: ${result.kind}${result.kind === 'exit' ? ` ${result.exitCode}` : ''}, ${commas(result.cycles)} cycles in ${chunks} chunk${chunks === 1 ? '' : 's'}, ` +
        `${commas(bytes)} bytes (${(report.bytesPerCycle ?? 0).toFixed(2)} bytes/cycle${opts.full ? ', with rows' : ''}) in ${seconds.toFixed(2)} s\n`,
    );
  }
  if (result.kind === 'trap') process.stderr.write(`zkos: the guest trapped: ${result.trap.message}\n`);
  process.exitCode = 0;
}

function infoAction(file: string, opts: { json?: boolean }): void {
  const info = readingTrace(file, () => {
    const reader = TraceReader.open(file);
    const sizes = { chunk: 0, rows: 0 };
    try {
      for (const s of reader.sections()) sizes[s.kind === SECTION.ROWS ? 'rows' : 'chunk'] += s.payload.length + 48;
    } finally {
      reader.close();
    }
    const { header, end } = reader;
    const perCycle = (n: number) => (end!.cycles > 0 ? n / end!.cycles : 0);
    return {
      file,
      version: header.version,
      mode: header.mode ?? 'zkos',
      layers: header.full ? 'minimal+rows' : 'minimal',
      elfSha256: Buffer.from(header.elfHash).toString('hex'),
      memorySize: header.memorySize,
      entry: hex32(header.entry),
      chunkSize: header.chunkSize,
      chunks: header.chunks,
      cycles: end!.cycles,
      end: (header.mode === 'airbender' ? ['halt', 'stop', 'cycle-limit'] : ['exit', 'trap', 'cycle-limit'])[end!.status],
      exitCode: end!.status === 0 && header.mode !== 'airbender' ? end!.exitCode : null,
      trap: end!.message || null,
      publicOutputWords: end!.publicOutput.length,
      tapeWords: end!.tape.length,
      bytes: reader.fileSize,
      bytesPerCycle: { minimal: perCycle(sizes.chunk), rows: perCycle(sizes.rows), file: perCycle(reader.fileSize) },
    };
  });
  if (opts.json) return void process.stdout.write(JSON.stringify(info, null, 2) + '\n');
  const lines = [
    `${file}: zkos trace version ${info.version} (${info.layers}${info.mode === 'airbender' ? ', Airbender mode' : ''}), all hashes check`,
    `program   sha256 ${info.elfSha256}, entry ${info.entry}, memory ${info.memorySize} bytes`,
    `run       ${info.end}${info.exitCode === null ? '' : ` ${info.exitCode}`} after ${commas(info.cycles)} cycles${info.trap ? ` (${info.trap})` : ''}`,
    `chunks    ${info.chunks} of ${commas(info.chunkSize)} cycles`,
    `oracle    ${info.tapeWords} tape words, ${info.publicOutputWords} public output words`,
    `size      ${commas(info.bytes)} bytes: ${info.bytesPerCycle.minimal.toFixed(3)} bytes/cycle minimal, ${info.bytesPerCycle.rows.toFixed(3)} bytes/cycle rows`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const rowJson = (r: RowWithCalls) => ({
  cycle: r.cycle,
  pc: hex32(r.pc),
  instruction: hex32(r.instruction),
  ...(r.rs1 && { rs1: { index: r.rs1.index, value: hex32(r.rs1.value) } }),
  ...(r.rs2 && { rs2: { index: r.rs2.index, value: hex32(r.rs2.value) } }),
  ...(r.rd && { rd: { index: r.rd.index, value: hex32(r.rd.value) } }),
  ...(r.memory && { memory: { ...r.memory, address: hex32(r.memory.address), word: hex32(r.memory.word) } }),
  ...(r.ecall && { ecall: true }),
  ...(r.csr && { csr: true }),
  ...(r.call && { call: { kind: hex32(r.call.kind), input: r.call.input.map(hex32), output: r.call.output.map(hex32) } }),
});

function rowText(r: RowWithCalls): string {
  const parts = [`${String(r.cycle).padStart(10)}  ${hex32(r.pc)}  ${hex32(r.instruction)}  ${(r.csr ? disassembleAirbender : disassemble)(r.instruction, r.pc).padEnd(28)}`];
  if (r.rs1) parts.push(`x${r.rs1.index}=${hex32(r.rs1.value)}`);
  if (r.rs2) parts.push(`x${r.rs2.index}=${hex32(r.rs2.value)}`);
  if (r.rd) parts.push(`-> x${r.rd.index}=${hex32(r.rd.value)}`);
  if (r.memory) parts.push(`${r.memory.kind} ${r.memory.width}@${hex32(r.memory.address)} word ${hex32(r.memory.word)}`);
  if (r.call) parts.push(`call 0x${r.call.kind.toString(16)} in ${r.call.input.length} out ${r.call.output.length} words`);
  return parts.join(' ');
}

function dumpAction(file: string, opts: { from: number; count: number; json?: boolean }): void {
  const rows = readingTrace(file, () => readRows(file, opts.from, opts.count));
  if (opts.json) process.stdout.write(JSON.stringify(rows.map(rowJson), null, 2) + '\n');
  else process.stdout.write(rows.map(rowText).join('\n') + (rows.length ? '\n' : ''));
}

function verifyAction(file: string, elf: string, opts: { flat?: boolean; interpreter: InterpreterName; json?: boolean }): void {
  // the header says the machine: an Airbender-mode trace is verified against the flat image
  const mode = readingTrace(file, () => {
    const reader = TraceReader.open(file);
    reader.close();
    return reader.header.mode;
  });
  const report =
    mode === 'airbender'
      ? readingTrace(file, () => verifyAirbenderFile(file, elf))
      : readingTrace(file, () => verifyTrace(file, loadProgramFile(elf, opts.flat), readInputFile(elf), opts.interpreter));
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (report.ok) process.stdout.write(`${file}: verified ${report.chunks} chunks, ${commas(report.cycles)} cycles against ${elf}\n`);
  else process.stderr.write(`zkos: ${file}: verification failed: ${report.mismatch}\n`);
  process.exitCode = report.ok ? 0 : EXIT.INTERNAL;
}

export function traceCommand(): Command {
  const command = new Command('trace')
    .description('record the trace of a run (docs/trace-format.md); trace info | dump | verify read one back')
    .argument('[file]', 'the guest: rv32im ELF (or flat image with --flat)')
    .option('-o, --output <file>', 'the trace file to write')
    .option('--full', 'also write the per-cycle rows (expanded from each chunk on --jobs workers)')
    .option('--chunk-size <n>', `cycles per chunk (default ${DEFAULT_CHUNK_SIZE})`, parseCount, DEFAULT_CHUNK_SIZE)
    .option('--jobs <n>', 'worker threads expanding rows (with --full)', parseCount, 1)
    .option('--max-cycles <n>', `stop after this many instructions (default ${DEFAULT_MAX_CYCLES})`, parseCount, DEFAULT_MAX_CYCLES)
    .option('--memory <size>', `guest memory size (default ${DEFAULT_MEMORY_SIZE / 2 ** 20}M)`, parseMemory, DEFAULT_MEMORY_SIZE)
    .option('--flat', 'load the file as a flat binary at address 0')
    .option('--input <file>', "the run's input (live oracle)")
    .option('--tape <file>', 'trace a replay: the oracle answers only from this tape (zkos run --tape-out)')
    .addOption(
      new Option('--recorder <engine>', 'what runs the guest while recording: compiled code with the recording built in, or the recording interpreter (the same file)')
        .choices(['compiled', 'interpreter'])
        .default('compiled'),
    )
    // subcommands read --json (and --flat) through optsWithGlobals: the parent's option takes them
    .option('--json', 'print one JSON object summarising the trace written (or, for a subcommand, its result)')
    .option('--airbender', `the file is a ZKsync Airbender image, run as \`zkos run --airbender\` (docs/airbender.md); --input is Airbender's hex input; default --max-cycles ${AIRBENDER_DEFAULT_MAX_CYCLES}`)
    .addOption(new Option('--airbender-blake2s <convention>', "with --airbender: CSR 0x7C7's calling convention").choices(['x13', 'x12']).default('x13'))
    .addHelpText('after', `\nThe trace file is the same for every --jobs. Exit status 0 when the file is written (whatever the guest did), ${EXIT.BAD_INPUT} for bad input.`)
    .action(async (file: string | undefined, opts: RecordOptions, cmd: Command) => {
      if (!file) throw new UserError('trace: name the guest ELF to trace, or a subcommand: info, dump, verify');
      if (!opts.output) throw new UserError('trace: give the trace file to write with -o <file>');
      if (opts.airbender) {
        if (opts.tape) throw new UserError('trace --airbender: --tape is not an Airbender option (give the input words with --input)');
        if (opts.chunkSize < 1 || opts.chunkSize > MAX_CHUNK_SIZE) throw new UserError(`--chunk-size must be between 1 and ${MAX_CHUNK_SIZE}`);
        const maxCycles = cmd.getOptionValueSource('maxCycles') === 'default' ? AIRBENDER_DEFAULT_MAX_CYCLES : opts.maxCycles;
        return recordAirbenderAction(file, { ...opts, maxCycles });
      }
      await recordAction(file, opts);
    });
  command
    .command('info')
    .description('check a trace file and print its header, end and size per layer')
    .argument('<file>', 'trace file')
    .option('--json', 'print one JSON object')
    .action((file: string, _opts: object, cmd: Command) => infoAction(file, cmd.optsWithGlobals()));
  command
    .command('dump')
    .description('print the rows of a range of cycles (expanded on the fly from a minimal trace)')
    .argument('<file>', 'trace file')
    .option('--from <cycle>', 'first cycle', parseCount, 0)
    .option('--count <k>', 'number of rows', parseCount, 20)
    .option('--json', 'print a JSON array of rows')
    .action((file: string, _opts: object, cmd: Command) => dumpAction(file, cmd.optsWithGlobals()));
  command
    .command('verify')
    .description('re-execute the program and check every chunk, row and hash of a trace file; reports the first mismatch')
    .argument('<file>', 'trace file')
    .argument('<elf>', 'the guest it was recorded from (an Airbender-mode trace: the flat image)')
    .option('--flat', 'load the guest as a flat binary at address 0')
    .addOption(new Option('--interpreter <name>', 'which interpreter re-executes the guest').choices(Object.keys(INTERPRETERS)).default(DEFAULT_INTERPRETER))
    .option('--json', 'print one JSON object')
    .action((file: string, elf: string, _opts: object, cmd: Command) => verifyAction(file, elf, cmd.optsWithGlobals()));
  return command;
}
