// Runs ELF files under qemu-riscv32 (user mode) and describes where two runs' outputs differ
// (register dump vs data area of a trap-free program), for the QEMU cross-check.
import { spawnSync } from 'node:child_process';
import { DATA_SIZE, DUMP_OFFSET } from './trap-free-program';

export const QEMU = 'qemu-riscv32';

/** True when qemu-riscv32 is on PATH and starts. */
export const hasQemu: boolean = (() => {
  const probe = spawnSync(QEMU, ['--version'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0;
})();

export interface Outcome {
  readonly stdout: Uint8Array;
  /** exit status (0..255), or a description of how the run ended otherwise */
  readonly exit: number | string;
}

export function runQemu(file: string): Outcome {
  const r = spawnSync(QEMU, [file], { timeout: 10_000, maxBuffer: 1 << 20 });
  if (r.error) return { stdout: new Uint8Array(0), exit: `qemu failed to run: ${r.error.message}` };
  const exit = r.status ?? `killed by ${r.signal}`;
  const stderr = r.stderr.toString().trim();
  return { stdout: new Uint8Array(r.stdout), exit: stderr && exit !== 0 ? `${exit} (${stderr})` : exit };
}

const ABI_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
];

const hex8 = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const word = (bytes: Uint8Array, at: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);

/**
 * The first difference between the expected (QEMU) and actual (ours) outcome, named as a
 * register of the final dump or an offset of the data area; undefined when they agree.
 */
export function describeMismatch(expected: Outcome, actual: Outcome): string | undefined {
  if (expected.exit !== actual.exit) return `exit: expected ${expected.exit}, got ${actual.exit}`;
  const a = expected.stdout;
  const b = actual.stdout;
  if (a.length !== DATA_SIZE || b.length !== DATA_SIZE) {
    return `stdout length: expected ${a.length} bytes, got ${b.length} (both should be the ${DATA_SIZE}-byte data area)`;
  }
  const differences: string[] = [];
  for (let at = 0; at < DATA_SIZE; at += 4) {
    const x = word(a, at);
    const y = word(b, at);
    if (x === y) continue;
    if (at >= DUMP_OFFSET) {
      const r = (at - DUMP_OFFSET) / 4;
      differences.push(`register x${r} (${ABI_NAMES[r]}): expected ${hex8(x)}, got ${hex8(y)}`);
    } else {
      differences.push(`data offset 0x${at.toString(16)} (word): expected ${hex8(x)}, got ${hex8(y)}`);
    }
  }
  if (differences.length === 0) return undefined;
  const more = differences.length > 4 ? `; and ${differences.length - 4} more words differ` : '';
  return differences.slice(0, 4).join('; ') + more;
}
