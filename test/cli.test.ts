// The `zkos` command end to end: output, summary, exit statuses, --json, traps and bad input
// (one clear line, never a stack trace).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encode } from '../emulator/isa/encode';
import { hasTool } from '../toolchain/llvm';
import { buildSample } from '../programs/samples';

const ZKOS = join(__dirname, '..', 'bin', 'zkos.mjs');
const dir = mkdtempSync(join(tmpdir(), 'zkos-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function zkos(...args: string[]) {
  const r = spawnSync(process.execPath, [ZKOS, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function flatImage(name: string, words: number[]): string {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((w, k) => view.setUint32(4 * k, w >>> 0, true));
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);

beforeAll(() => {
  // bundle once up front, so no test pays for it
  expect(zkos('--version').status).toBe(0);
});

describe('a reader that stops early', () => {
  test('zkos disasm | head: the closed pipe ends the command quietly (status 0, no EPIPE stack trace)', () => {
    // 100,000 instructions: far more output than a pipe buffers, so the write after head exits fails
    const file = flatImage('many.bin', new Array(100_000).fill(encode({ mnemonic: 'addi', rd: 5, rs1: 5, imm: 1 })));
    const script = `"${process.execPath}" "${ZKOS}" disasm --flat "${file}" 2>"${join(dir, 'err.txt')}" | head -n 2; exit \${PIPESTATUS[0]}`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    const stderr = spawnSync('cat', [join(dir, 'err.txt')], { encoding: 'utf8' }).stdout;
    expect(stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('zkos run on flat images', () => {
  test('exit code passes through; summary on stderr', () => {
    const file = flatImage('exit7.bin', [encode({ mnemonic: 'addi', rd: 10, imm: 7 }), encode({ mnemonic: 'addi', rd: 17, imm: 93 }), 0x73]);
    const r = zkos('run', '--flat', file);
    expect(r.status).toBe(7);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/zkos: exit code 7; 3 cycles in [\d.]+ s \([\d.]+ MIPS\)/);
  });

  test('a trap reports kind, pc, disassembly and registers, exit status 134', () => {
    const file = flatImage('trap.bin', [encode({ mnemonic: 'addi', rd: 5, imm: 0x102 }), encode({ mnemonic: 'lw', rd: 6, rs1: 5, imm: 0 })]);
    const r = zkos('run', '--flat', file);
    expect(r.status).toBe(134);
    expect(r.stderr).toContain('trap: load-misaligned: misaligned load at 0x00000102 at pc 0x00000004');
    expect(r.stderr).toContain('lw\tt1, 0(t0)');
    expect(r.stderr).toMatch(/x5 t0 {3}0x00000102/);
    noStackTrace(r.stderr);
  });

  test('the cycle limit stops an endless loop with status 124', () => {
    const file = flatImage('loop.bin', [encode({ mnemonic: 'jal', rd: 0, imm: 0 })]);
    const r = zkos('run', '--flat', '--max-cycles', '1000', file);
    expect(r.status).toBe(124);
    expect(r.stderr).toMatch(/cycle limit \(1,000\) at pc 0x00000000; raise it with --max-cycles/);
  });

  test('--json gives one object with output, exit and registers', () => {
    const file = flatImage('json.bin', [encode({ mnemonic: 'addi', rd: 10, imm: 3 }), encode({ mnemonic: 'addi', rd: 17, imm: 93 }), 0x73]);
    const r = zkos('run', '--flat', '--json', file);
    const report = JSON.parse(r.stdout);
    expect(r.status).toBe(3);
    expect(report).toMatchObject({ status: 'exit', exitCode: 3, cycles: 3, trap: null, stdout: '' });
    expect(report.registers[10]).toBe('0x00000003');
  });

  test('--json keeps output that is not UTF-8, as base64', () => {
    // write(1, 0x100, 2) of the bytes ff fe, then exit(0)
    const file = flatImage('bytes.bin', [
      encode({ mnemonic: 'addi', rd: 10, imm: 1 }),
      encode({ mnemonic: 'addi', rd: 11, imm: 0x20 }),
      encode({ mnemonic: 'addi', rd: 12, imm: 2 }),
      encode({ mnemonic: 'addi', rd: 17, imm: 64 }),
      0x73,
      encode({ mnemonic: 'addi', rd: 10, imm: 0 }),
      encode({ mnemonic: 'addi', rd: 17, imm: 93 }),
      0x73,
      0xfeff, // at 0x20: bytes ff fe 00 00
    ]);
    const report = JSON.parse(zkos('run', '--flat', '--json', file).stdout);
    expect(report.stdoutEncoding).toBe('base64');
    expect(Buffer.from(report.stdout, 'base64')).toEqual(Buffer.from([0xff, 0xfe]));
  });

  test('--memory too small for the image is a clear error', () => {
    const file = flatImage('big.bin', new Array(2048).fill(0x13));
    const r = zkos('run', '--flat', '--memory', '4K', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^zkos: error: .*big\.bin: .*--memory/m);
    noStackTrace(r.stderr);
  });
});

describe('zkos bad input', () => {
  test('missing file', () => {
    const r = zkos('run', join(dir, 'nope.elf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/zkos: error: cannot read .*nope\.elf: no such file/);
  });

  test('not an ELF file hints at --flat', () => {
    const file = join(dir, 'text.txt');
    writeFileSync(file, 'hello world');
    const r = zkos('run', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not an ELF file: bad magic at offset 0 .* pass --flat/);
    noStackTrace(r.stderr);
  });

  test('bad option values', () => {
    expect(zkos('run', '--memory', '12345', 'x').stderr).toMatch(/multiple of 4K/);
    expect(zkos('run', '--max-cycles', 'lots', 'x').stderr).toMatch(/not a non-negative whole number/);
    expect(zkos('run', '--max-cycles', 'lots', 'x').status).toBe(2);
    expect(zkos('frobnicate').status).toBe(2);
  });

  test('doctor --json reports node and each LLVM tool', () => {
    const r = zkos('doctor', '--json');
    const checks = JSON.parse(r.stdout) as { name: string; ok: boolean; detail: string }[];
    expect(checks.map((c) => c.name)).toEqual(['node', 'llvm-mc', 'llc', 'opt']);
    expect(checks[0].ok).toBe(true);
    expect(r.status).toBe(checks.every((c) => c.ok) ? 0 : 2);
    for (const c of checks.filter((c) => !c.ok)) expect(c.detail).toMatch(/apt-get install llvm-14/);
  });

  test('--help lists the commands', () => {
    const r = zkos('--help');
    expect(r.status).toBe(0);
    for (const c of ['run', 'disasm', 'asm', 'link', 'doctor']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });
});

describe.skipIf(!hasTool('llvm-mc'))('zkos on ELF programs (skipped when llvm-mc is missing: apt-get install llvm-14)', () => {
  test('run hello: output then summary', () => {
    const file = join(dir, 'hello.elf');
    writeFileSync(file, buildSample('hello'));
    const r = zkos('run', file);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('Hello from rv32im! 6 * 7 = 42\n');
    expect(r.stderr).toMatch(/zkos: exit code 0; \d+ cycles/);
  });

  test('asm assembles and links; disasm lists symbols and instructions', () => {
    const src = join(dir, 'tiny.S');
    writeFileSync(src, '.globl _start\n_start:\n  li a0, 5\n  li a7, 93\n  ecall\n');
    const elf = join(dir, 'tiny.elf');
    expect(zkos('asm', src, '-o', elf).status).toBe(0);
    expect(zkos('run', elf).status).toBe(5);
    const d = zkos('disasm', elf);
    expect(d.stdout).toMatch(/00010000 <_start>:/);
    expect(d.stdout).toMatch(/10000: 00500513 {2}addi\ta0, zero, 5/);
  });

  test('asm reports assembler errors with the file name', () => {
    const src = join(dir, 'bad.S');
    writeFileSync(src, '_start:\n  addq a0, a0, a0\n');
    const r = zkos('asm', src, '-o', join(dir, 'bad.elf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.S.*\n?.*(invalid instruction|unrecognized)/);
    noStackTrace(r.stderr);
  });

  test('link reports an undefined symbol', () => {
    const src = join(dir, 'undef.S');
    writeFileSync(src, '.globl _start\n_start:\n  call missing_function\n');
    const r = zkos('asm', src, '-o', join(dir, 'undef.elf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing_function/);
    noStackTrace(r.stderr);
  });
});
