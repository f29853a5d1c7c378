// The oracle on the command line: a live oracle over `--input <file>`, writing the tape for
// `--tape-out`, reading one for `zkos replay`, and the public output / accelerator report.
import { writeFileSync } from 'node:fs';
import { ACCELERATOR_NAMES, effectiveCycles } from '../oracle/accelerators/weights';
import { standardQueries } from '../oracle/handlers';
import { outputCommitment, OracleSession } from '../oracle/session';
import { decodeTape, encodeTape, TapeError } from '../oracle/tape';
import { UserError } from './errors';
import { readInputFile } from './inputs';
import { commas } from '../emulator/commas';

const hexWord = (w: number) => '0x' + (w >>> 0).toString(16).padStart(8, '0');
const hexBytes = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex');

/** A live oracle answering from the bytes of `inputFile` (no file: empty input). */
export function liveOracle(inputFile?: string): OracleSession {
  return new OracleSession({ kind: 'live', queries: standardQueries({ input: inputFile ? readInputFile(inputFile) : undefined }) });
}

/** An oracle that answers only from the tape file `tapeFile`. */
export function replayOracle(tapeFile: string): OracleSession {
  try {
    return new OracleSession({ kind: 'replay', tape: decodeTape(readInputFile(tapeFile)) });
  } catch (e) {
    if (e instanceof TapeError) throw new UserError(`${tapeFile}: ${e.message}`);
    throw e;
  }
}

export function writeTapeFile(file: string, oracle: OracleSession): void {
  try {
    writeFileSync(file, encodeTape(Uint32Array.from(oracle.tape)));
  } catch (e) {
    throw new UserError(`cannot write the tape to ${file}: ${(e as Error).message}`);
  }
}

/** The --json fields: public output and its commitment, accelerator calls, effective cycles (RISC-V runs). */
export function oracleReport(oracle: OracleSession, cycles?: number) {
  return {
    publicOutput: oracle.publicOutput.map(hexWord),
    commitment: hexBytes(outputCommitment(oracle.publicOutput)),
    tapeWords: oracle.tape.length,
    acceleratorCalls: { ...oracle.acceleratorCalls },
    ...(cycles === undefined ? {} : { effectiveCycles: effectiveCycles(cycles, oracle.acceleratorCalls) }),
  };
}

/** Summary lines for stderr, only for a run that used the oracle, committed output or called an accelerator. */
export function formatOracleSummary(oracle: OracleSession, cycles?: number): string[] {
  const calls = ACCELERATOR_NAMES.filter((n) => oracle.acceleratorCalls[n] > 0);
  const lines: string[] = [];
  if (oracle.publicOutput.length > 0 || oracle.tape.length > 0) {
    const words = oracle.publicOutput.length;
    lines.push(`zkos: public output: ${words} word${words === 1 ? '' : 's'}, commitment ${hexBytes(outputCommitment(oracle.publicOutput))}; tape: ${oracle.tape.length} words`);
  }
  if (calls.length > 0) {
    const list = calls.map((n) => `${n} ${oracle.acceleratorCalls[n]}`).join(', ');
    const effective = cycles === undefined ? '' : `; effective cycles ${commas(effectiveCycles(cycles, oracle.acceleratorCalls))}`;
    lines.push(`zkos: accelerator calls: ${list}${effective}`);
  }
  return lines;
}
