// The RV32IM conformance suite: every test/isa/*.S is assembled with llvm-mc, linked with our
// linker, loaded, and run under both interpreters. A suite is a list of numbered cases (see
// test/isa/macros.inc): exit code 0 means every case passed, exit code N means case N failed, with
// the value obtained in a4 and the expected value in t2.
//
// A suite may also state what it writes, with comment lines whose value is a JSON string:
//   # expect-stdout: "hello\n"
//   # expect-stderr: "..."
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { bootMachine } from '../emulator/boot';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import type { Host } from '../emulator/host';
import { runCompiled } from '../emulator/compiler/run';
import { run } from '../emulator/interpreter';
import { parseProgram } from '../emulator/loader';
import type { Machine } from '../emulator/machine';
import { runReference } from '../emulator/reference';
import type { RunResult } from '../emulator/trap';
import { link } from '../toolchain/linker';
import { assemble, hasTool } from '../toolchain/llvm';

const ISA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'isa');
/** The suites are short and straight-line; a loop that runs away stops here. */
const MAX_CYCLES = 2_000_000;

const GP = 3; // case number
const T2 = 7; // expected value
const A4 = 14; // value obtained

type Interpreter = (machine: Machine, host: Host, maxCycles: number) => RunResult;
const INTERPRETERS: readonly (readonly [string, Interpreter])[] = [
  ['fast', run],
  ['compiled', runCompiled],
  ['reference', runReference],
];

const SUITES = readdirSync(ISA_DIR)
  .filter((f) => f.endsWith('.S'))
  .sort();

const hex = (n: number): string => '0x' + (n >>> 0).toString(16).padStart(8, '0');

/** Assembles and links one suite into an ELF executable. */
function build(name: string, source: string): Uint8Array {
  const object = assemble(source, { name, args: ['-I', ISA_DIR] });
  return link([{ name: name.replace(/\.S$/, '.o'), bytes: object }]).bytes;
}

const built = new Map<string, Uint8Array>();
function buildOnce(name: string, source: string): Uint8Array {
  let elf = built.get(name);
  if (!elf) {
    elf = build(name, source);
    built.set(name, elf);
  }
  return elf;
}

interface SuiteRun {
  readonly result: RunResult;
  readonly machine: Machine;
  readonly stdout: string;
  readonly stderr: string;
}

function runElf(elf: Uint8Array, interpreter: Interpreter): SuiteRun {
  const machine = bootMachine(parseProgram(elf));
  const out = collectingSink();
  const result = interpreter(machine, standardEcalls(out.sink), MAX_CYCLES);
  const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
  return { result, machine, stdout: text(out.stdout()), stderr: text(out.stderr()) };
}

/** The source line that starts case `n` (for failure messages), if it can be found. */
function caseLine(source: string, n: number): string | undefined {
  const lines = source.split('\n');
  const re = new RegExp(`^\\s*TEST_\\w+\\s+${n}\\b`);
  const index = lines.findIndex((l) => re.test(l));
  return index < 0 ? undefined : `line ${index + 1}: ${lines[index].trim()}`;
}

/** The case numbers of a suite, in source order (lines such as `TEST_RR_OP 12, ...`). */
function caseNumbers(source: string): number[] {
  return Array.from(source.matchAll(/^(?:\d+:)?\s*TEST_\w+\s+(\d+)\b/gm), (m) => Number(m[1]));
}

/** Expected output stated in the suite's comments, e.g. `# expect-stdout: "hi\n"`. */
function expectedOutput(source: string, stream: 'stdout' | 'stderr'): string | undefined {
  const match = new RegExp(`^#\\s*expect-${stream}:\\s*(.*)$`, 'm').exec(source);
  return match ? (JSON.parse(match[1]) as string) : undefined;
}

/** 'pass', or a sentence saying what went wrong: the failing case, got / expected, or the trap. */
function verdict(name: string, source: string, r: SuiteRun): string {
  const { result, machine } = r;
  const currentCase = machine.regs[GP];
  const during = currentCase > 0 ? ` during case ${currentCase}${at(source, currentCase)}` : ' before the first case';
  switch (result.kind) {
    case 'trap':
      return `${name}: trapped${during}: ${result.trap.message} (${result.trap.kind}, pc ${hex(result.trap.pc)}, instruction ${hex(result.trap.instruction)})`;
    case 'cycle-limit':
      return `${name}: still running after ${result.cycles} instructions${during} (pc ${hex(machine.pc)})`;
    case 'exit': {
      const code = result.exitCode;
      if (code !== 0) {
        const what = code === 255 && currentCase === 0 ? 'failed before any case started' : `case ${code} failed${at(source, code)}`;
        return `${name}: ${what}: got ${hex(machine.regs[A4])}, expected ${hex(machine.regs[T2])} (exit code ${code})`;
      }
      for (const stream of ['stdout', 'stderr'] as const) {
        const want = expectedOutput(source, stream);
        if (want !== undefined && r[stream] !== want) {
          return `${name}: ${stream} was ${JSON.stringify(r[stream])}, expected ${JSON.stringify(want)}`;
        }
      }
      return 'pass';
    }
  }
}

function at(source: string, n: number): string {
  const line = caseLine(source, n);
  return line ? ` (${line})` : '';
}

describe.skipIf(!hasTool('llvm-mc'))('RV32IM conformance (test/isa)', () => {
  test('the suites are all there', () => {
    for (const required of [
      'add.S', 'addi.S', 'sub.S', 'logic.S', 'slt.S', 'shift.S', 'lui-auipc.S', 'branch.S', 'jal-jalr.S',
      'load.S', 'store.S', 'x0.S', 'mul.S', 'div.S', 'fence.S', 'ecall-write.S',
    ]) {
      expect(SUITES).toContain(required);
    }
  });

  test.each(SUITES)('%s numbers its cases 1, 2, 3, ... (so an exit code names one case)', (file) => {
    const source = readFileSync(join(ISA_DIR, file), 'utf8');
    const numbers = caseNumbers(source);
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  for (const [interpreterName, interpreter] of INTERPRETERS) {
    describe(`${interpreterName} interpreter`, () => {
      test.each(SUITES)('%s', (file) => {
        const source = readFileSync(join(ISA_DIR, file), 'utf8');
        const r = runElf(buildOnce(file, source), interpreter);
        expect(verdict(file, source, r)).toBe('pass');
      });
    });
  }

  // A runner that cannot fail would pass every suite: check that a suite whose case 2 is wrong
  // is reported as exactly that, under both interpreters.
  describe('the runner reports failures', () => {
    const broken = [
      '        .include "macros.inc"',
      '        RVTEST_CODE_BEGIN',
      '        TEST_RR_OP 1, add, 3, 1, 2',
      '        TEST_RR_OP 2, add, 4, 1, 2          # wrong on purpose: 1 + 2 is 3',
      '        TEST_RR_OP 3, add, 5, 2, 3',
      '        RVTEST_CODE_END',
      '',
    ].join('\n');
    const passing = broken.replace('add, 4, 1, 2', 'add, 3, 1, 2');

    for (const [interpreterName, interpreter] of INTERPRETERS) {
      test(`a deliberately failing case is named (${interpreterName})`, () => {
        const r = runElf(build('broken.S', broken), interpreter);
        expect(r.result).toMatchObject({ kind: 'exit', exitCode: 2 });
        expect(verdict('broken.S', broken, r)).toBe(
          'broken.S: case 2 failed (line 4: TEST_RR_OP 2, add, 4, 1, 2          # wrong on purpose: 1 + 2 is 3): ' +
            'got 0x00000003, expected 0x00000004 (exit code 2)',
        );
      });

      test(`the same suite with the case fixed passes (${interpreterName})`, () => {
        const r = runElf(build('fixed.S', passing), interpreter);
        expect(r.result).toMatchObject({ kind: 'exit', exitCode: 0 });
        expect(verdict('fixed.S', passing, r)).toBe('pass');
      });
    }

    test('a trap names the case it happened in', () => {
      const source = passing.replace('        TEST_RR_OP 3,', '        TEST_CASE 3\n        ebreak\n        TEST_RR_OP 4,');
      const r = runElf(build('trap.S', source), run);
      expect(r.result.kind).toBe('trap');
      expect(verdict('trap.S', source, r)).toMatch(/^trap\.S: trapped during case 3 \(line 5: TEST_CASE 3\): .*\(ebreak, pc 0x/);
    });

    test('a wrong expected stdout is reported', () => {
      const source = '# expect-stdout: "nothing"\n' + passing;
      const r = runElf(build('quiet.S', source), run);
      expect(verdict('quiet.S', source, r)).toBe('quiet.S: stdout was "", expected "nothing"');
    });
  });
});
