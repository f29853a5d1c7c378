// Program loader and machine boot: ELF32 parsing, flat images, every rejection's message,
// and the boot state (memory contents, pc, sp) described in docs/memory-map.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootMachine, describeMemoryMap, formatSize, SP } from '../emulator/boot';
import {
  ELFCLASS64,
  ELFDATA2MSB,
  ET_CORE,
  ET_DYN,
  ET_REL,
  PF_R,
  PF_W,
  PF_X,
  SHN_ABS,
  SHN_UNDEF,
  STB_LOCAL,
  STT_FILE,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
} from '../emulator/loader/elf-constants';
import { parseElf } from '../emulator/loader/elf';
import { parseFlat } from '../emulator/loader/flat';
import { parseProgram } from '../emulator/loader/index';
import { LoadError, type Program } from '../emulator/loader/program';
import { DEFAULT_MEMORY_SIZE } from '../emulator/memory';
import { buildElf, STRTAB_SECTION, SYMTAB_SECTION, type TestElf, words } from './helpers/elf-builder';

const PT_NOTE = 4;
const PT_GNU_STACK = 0x6474e551;
const PT_RISCV_ATTRIBUTES = 0x70000003;
const MiB = 1024 * 1024;

const text = words(0x00100513, 0x02a50533, 0x00000073); // li a0,1; mul a0,a0,a0; ecall
const minimal: TestElf = { entry: 0x10000, segments: [{ vaddr: 0x10000, data: text }] };

/** Asserts that `load` throws a LoadError whose message matches `message`. */
function expectLoadError(load: () => unknown, message: RegExp): LoadError {
  let caught: unknown;
  try {
    load();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(LoadError);
  expect((caught as LoadError).message).toMatch(message);
  return caught as LoadError;
}

function patch(bytes: Uint8Array, offset: number, value: number, size: 1 | 2 | 4): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (size === 1) view.setUint8(offset, value);
  else if (size === 2) view.setUint16(offset, value, true);
  else view.setUint32(offset, value, true);
  return copy;
}

describe('parseElf: valid executables', () => {
  const spec: TestElf = {
    entry: 0x10004,
    segments: [
      { type: PT_RISCV_ATTRIBUTES, vaddr: 0, data: new Uint8Array([0x41, 0, 0, 0]), flags: PF_R },
      { vaddr: 0x10000, data: text, flags: PF_R | PF_X },
      { vaddr: 0x11000, data: words(0xdeadbeef, 0x12345678), memsz: 0x100, flags: PF_R | PF_W },
      { type: PT_NOTE, vaddr: 0x20000, data: words(1, 2, 3) },
      { type: PT_GNU_STACK, vaddr: 0, flags: PF_R | PF_W },
    ],
    symbols: [
      { name: 'main', value: 0x10004, size: 8, type: STT_FUNC },
      { name: '_start', value: 0x10000, size: 4, type: STT_FUNC },
      { name: 'counter', value: 0x11000, size: 4, type: STT_OBJECT },
      { name: 'loop', value: 0x10008, type: STT_NOTYPE, bind: STB_LOCAL },
      { name: '$x', value: 0x10000, type: STT_NOTYPE, bind: STB_LOCAL },
      { name: '$d', value: 0x11000, type: STT_NOTYPE, bind: STB_LOCAL },
      { name: '$x.1', value: 0x10004, type: STT_NOTYPE, bind: STB_LOCAL },
      { name: '$xrv32i2p1_m2p0', value: 0x10004, type: STT_NOTYPE, bind: STB_LOCAL },
      { name: '.text', value: 0x10000, type: STT_SECTION, bind: STB_LOCAL },
      { name: 'start.s', value: 0, type: STT_FILE, bind: STB_LOCAL, shndx: SHN_ABS },
      { name: 'printf', value: 0, type: STT_FUNC, shndx: SHN_UNDEF },
      { name: '__heap_size', value: 0x1000, type: STT_NOTYPE, shndx: SHN_ABS },
      { name: 'unnamed', value: 0x10000, type: STT_FUNC, nameOffset: 0 },
    ],
  };

  it('reads entry, PT_LOAD segments (ignoring other types) and flags', () => {
    const program = parseElf(buildElf(spec));
    expect(program.format).toBe('elf');
    expect(program.entry).toBe(0x10004);
    expect(program.segments).toHaveLength(2);
    const [code, data] = program.segments;
    expect(code.address).toBe(0x10000);
    expect(Array.from(code.data)).toEqual(Array.from(text));
    expect(code.memorySize).toBe(12);
    expect(code.flags).toEqual({ read: true, write: false, execute: true });
    expect(data.address).toBe(0x11000);
    expect(data.data).toHaveLength(8);
    expect(data.memorySize).toBe(0x100);
    expect(data.flags).toEqual({ read: true, write: true, execute: false });
  });

  it('keeps named, defined function/object/notype symbols sorted by address', () => {
    const { symbols } = parseElf(buildElf(spec));
    expect(symbols).toEqual([
      { name: '_start', address: 0x10000, size: 4, kind: 'function' },
      { name: 'main', address: 0x10004, size: 8, kind: 'function' },
      { name: 'loop', address: 0x10008, size: 0, kind: 'other' },
      { name: 'counter', address: 0x11000, size: 4, kind: 'object' },
    ]);
  });

  it('accepts a stripped file (no section headers) with no symbols', () => {
    const program = parseElf(buildElf(minimal));
    expect(program.symbols).toEqual([]);
    expect(program.segments).toHaveLength(1);
  });

  it('copies segment data rather than aliasing the file', () => {
    const bytes = buildElf(minimal);
    const program = parseElf(bytes);
    bytes.fill(0);
    expect(program.segments[0].data[0]).toBe(0x13);
  });

  it('parses a view into a larger buffer (non-zero byteOffset)', () => {
    const bytes = buildElf(minimal);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 8);
    expect(parseElf(padded.subarray(8)).entry).toBe(0x10000);
  });

  it('accepts e_flags without RVC/RVE/float-ABI bits (e.g. TSO)', () => {
    expect(parseElf(buildElf({ ...minimal, header: { flags: 0x10 } })).entry).toBe(0x10000);
  });

  it('drops PT_LOAD headers with p_memsz 0', () => {
    const program = parseElf(buildElf({ segments: [{ vaddr: 0x10000, data: text }, { vaddr: 0x10000 }] }));
    expect(program.segments).toHaveLength(1);
  });
});

describe('parseElf: rejections name the problem and where', () => {
  const good = buildElf(minimal);

  it('file shorter than the ELF header', () => {
    expectLoadError(() => parseElf(good.subarray(0, 40)), /40 bytes, shorter than the 52-byte ELF32 header/);
  });

  it('bad magic', () => {
    expectLoadError(() => parseElf(patch(good, 1, 0x46, 1)), /bad magic at offset 0 \(found 7f 46 4c 46/);
  });

  it('64-bit ELF', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { class: ELFCLASS64 } })), /64-bit ELF.*rv32 only/);
  });

  it('unknown ELF class', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { class: 7 } })), /ELF class 7 at offset 4/);
  });

  it('big-endian', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { data: ELFDATA2MSB } })), /big-endian.*offset 5/);
  });

  it('bad EI_VERSION and e_version', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { identVersion: 0 } })), /version 0 at offset 6/);
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { version: 2 } })), /e_version \(offset 20\) is 2/);
  });

  it('wrong machine names the e_machine found', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { machine: 62 } })), /e_machine \(offset 18\) is 62 \(x86-64\), expected 243/);
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { machine: 999 } })), /e_machine \(offset 18\) is 999, expected 243/);
  });

  it('relocatable object: link it first', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { type: ET_REL } })), /relocatable object.*ET_REL.*link it first/);
  });

  it('shared object / PIE unsupported', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { type: ET_DYN } })), /ET_DYN.*not supported.*static non-PIE/);
  });

  it('core dump and unknown e_type', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { type: ET_CORE } })), /core dump/);
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { type: 9 } })), /e_type \(offset 16\) is 9/);
  });

  it('RVC (compressed) flag', () => {
    expectLoadError(
      () => parseElf(buildElf({ ...minimal, header: { flags: 0x1 } })),
      /e_flags \(offset 36\) is 0x1: compressed instructions \(RVC\) are not supported: build with -march=rv32im/,
    );
  });

  it('RVE flag', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { flags: 0x8 } })), /e_flags.*0x8.*RV32E.*not supported/);
  });

  it('hard-float ABI flags', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { flags: 0x2 } })), /single-float \(ilp32f\) ABI needs an FPU.*-mabi=ilp32/);
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { flags: 0x4 } })), /double-float \(ilp32d\) ABI needs an FPU/);
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { flags: 0x6 } })), /quad-float ABI needs an FPU/);
  });

  it('no program headers', () => {
    expectLoadError(() => parseElf(buildElf({ segments: [] })), /no program headers \(e_phnum is 0\)/);
  });

  it('program header table outside the file', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { phoff: 0x10000 } })), /program header table \[0x10000, 0x10020\).*outside the file/);
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { phnum: 50 } })), /program header table .*e_phnum 50.*outside the file/);
  });

  it('wrong e_phentsize', () => {
    expectLoadError(() => parseElf(buildElf({ ...minimal, header: { phentsize: 56 } })), /e_phentsize \(offset 42\) is 56, expected 32/);
  });

  it('section header table outside the file', () => {
    const spec = { ...minimal, symbols: [{ name: '_start', value: 0x10000 }] };
    expectLoadError(() => parseElf(buildElf({ ...spec, header: { shoff: 0x100000 } })), /section header table at e_shoff 0x100000 is outside the file/);
    expectLoadError(() => parseElf(buildElf({ ...spec, header: { shnum: 40 } })), /section header table .*e_shnum 40.*outside the file/);
  });

  it('wrong e_shentsize', () => {
    const spec = { ...minimal, symbols: [{ name: '_start', value: 0x10000 }] };
    expectLoadError(() => parseElf(buildElf({ ...spec, header: { shentsize: 64 } })), /e_shentsize \(offset 46\) is 64, expected 40/);
  });

  it('segment file range outside the file (truncation)', () => {
    const bytes = buildElf(minimal);
    expectLoadError(
      () => parseElf(bytes.subarray(0, bytes.length - 4)),
      /program header 0 \(PT_LOAD at 0x10000\): file range \[0x54, 0x60\) \(p_offset, p_filesz\) is outside the file \(92 bytes\): truncated file\?/,
    );
  });

  it('p_filesz larger than p_memsz', () => {
    expectLoadError(
      () => parseElf(buildElf({ segments: [{ vaddr: 0x10000, data: text, memsz: 8 }] })),
      /program header 0 .*p_filesz 0xc is larger than p_memsz 0x8/,
    );
  });

  it('no PT_LOAD segment', () => {
    expectLoadError(
      () => parseElf(buildElf({ segments: [{ type: PT_NOTE, vaddr: 0, data: words(1) }, { type: PT_GNU_STACK, vaddr: 0 }] })),
      /no PT_LOAD segment .* among 2 program headers/,
    );
  });

  it('overlapping PT_LOAD segments name both', () => {
    expectLoadError(
      () => parseElf(buildElf({ segments: [{ vaddr: 0x10000, data: text, memsz: 0x1000 }, { type: PT_NOTE, vaddr: 0 }, { vaddr: 0x10800, data: words(1) }] })),
      /PT_LOAD segments overlap: program header 0 \[0x10000, 0x11000\) and program header 2 \[0x10800, 0x10804\)/,
    );
  });

  it('address + memsz past 32 bits', () => {
    expectLoadError(
      () => parseElf(buildElf({ segments: [{ vaddr: 0xfffff000, data: text, memsz: 0x2000 }] })),
      /program header 0 .*p_vaddr 0xfffff000 \+ p_memsz 0x2000 runs past the 32-bit address space/,
    );
  });

  it('symbol table problems name the section and symbol', () => {
    const spec: TestElf = { ...minimal, symbols: [{ name: '_start', value: 0x10000 }] };
    const bytes = buildElf(spec);
    const shoff = new DataView(bytes.buffer).getUint32(32, true);
    const symtabHeader = shoff + SYMTAB_SECTION * 40;
    expectLoadError(() => parseElf(patch(bytes, symtabHeader + 24, 1, 4)), /section 2 \(SHT_SYMTAB\): sh_link 1 does not name a string table/);
    expectLoadError(() => parseElf(patch(bytes, symtabHeader + 20, 20, 4)), /section 2 \(SHT_SYMTAB\): sh_size 20 is not a multiple of the 16-byte/);
    expectLoadError(() => parseElf(patch(bytes, symtabHeader + 16, 0x10000, 4)), /section 2 \(symbol table\): file range \[0x10000, .*outside the file/);
    expectLoadError(() => parseElf(patch(bytes, shoff + STRTAB_SECTION * 40 + 20, 0x10000, 4)), /section 3 \(string table\).*outside the file/);
    expectLoadError(
      () => parseElf(buildElf({ ...minimal, symbols: [{ name: 'x', value: 0x10000, nameOffset: 500 }] })),
      /section 2 symbol 1: st_name 500 is outside its string table/,
    );
  });
});

describe('parseFlat', () => {
  it('loads raw words at 0 as one RWX segment entered at 0', () => {
    const program = parseFlat(text);
    expect(program).toMatchObject({ format: 'flat', entry: 0, symbols: [] });
    expect(program.segments).toHaveLength(1);
    expect(program.segments[0]).toMatchObject({ address: 0, memorySize: 12, flags: { read: true, write: true, execute: true } });
    expect(Array.from(program.segments[0].data)).toEqual(Array.from(text));
  });

  it('takes an optional load address', () => {
    expect(parseFlat(text, 0x1000)).toMatchObject({ entry: 0x1000, segments: [{ address: 0x1000 }] });
    expectLoadError(() => parseFlat(text, 2), /load address 2 must be a non-negative multiple of 4/);
  });

  it('rejects empty images and lengths that are not whole words', () => {
    expectLoadError(() => parseFlat(new Uint8Array(0)), /flat image is empty \(0 bytes\)/);
    expectLoadError(() => parseFlat(new Uint8Array(10)), /flat image is 10 bytes, not a multiple of 4/);
  });
});

describe('parseProgram', () => {
  it('parses ELF by default and flat images with { flat: true }', () => {
    expect(parseProgram(buildElf(minimal)).format).toBe('elf');
    expect(parseProgram(text, { flat: true }).format).toBe('flat');
  });

  it('hints at --flat when the file is not ELF', () => {
    expectLoadError(() => parseProgram(text), /not an ELF file: bad magic at offset 0 \(found 13 05 10 00.*pass --flat/);
    expectLoadError(() => parseProgram(new Uint8Array(0)), /found nothing.*--flat/);
  });
});

describe('bootMachine', () => {
  const program: Program = parseElf(
    buildElf({
      entry: 0x10000,
      segments: [
        { vaddr: 0x10000, data: text },
        { vaddr: 0x11000, data: words(0xdeadbeef, 0x12345678), memsz: 0x100, flags: PF_R | PF_W },
      ],
    }),
  );

  it('copies segments, zero-fills up to memsz, sets pc = entry and sp = memory size', () => {
    const machine = bootMachine(program, { memorySize: MiB });
    const memory = machine.memory;
    expect(memory.size).toBe(MiB);
    expect(memory.readWord(0x10000)).toBe(0x00100513);
    expect(memory.readWord(0x10008)).toBe(0x00000073);
    expect(memory.readWord(0x11000)).toBe(0xdeadbeef);
    expect(memory.readWord(0x11004)).toBe(0x12345678);
    expect(Array.from(memory.readBytes(0x11008, 0x100 - 8)).every((b) => b === 0)).toBe(true);
    expect(machine.pc).toBe(0x10000);
    expect(machine.regs[SP]).toBe(MiB);
    expect(machine.registers().filter((_, i) => i !== SP).every((v) => v === 0)).toBe(true);
    expect(machine.cycles).toBe(0);
  });

  it('defaults to 128 MiB of memory', () => {
    const machine = bootMachine(program);
    expect(machine.memory.size).toBe(DEFAULT_MEMORY_SIZE);
    expect(machine.registers()[SP]).toBe(DEFAULT_MEMORY_SIZE);
  });

  it('boots a flat image at 0', () => {
    const machine = bootMachine(parseFlat(text), { memorySize: 4096 });
    expect(machine.pc).toBe(0);
    expect(machine.memory.readWord(4)).toBe(0x02a50533);
    expect(machine.regs[SP]).toBe(4096);
  });

  it('rejects segments outside memory, naming the segment, its range and the size', () => {
    expectLoadError(
      () => bootMachine(program, { memorySize: 64 * 1024 }),
      /segment 0 \[0x10000, 0x1000c\) does not fit in guest memory \[0, 0x10000\) \(64 KiB\): give more with --memory/,
    );
    expectLoadError(() => bootMachine(program, { memorySize: 0x11000 }), /segment 1 \[0x11000, 0x11100\)/);
  });

  it('rejects a misaligned or out-of-memory entry', () => {
    expectLoadError(() => bootMachine({ ...program, entry: 0x10002 }, { memorySize: MiB }), /entry point 0x10002 is not 4-byte aligned/);
    expectLoadError(() => bootMachine({ ...program, entry: 0x200000 }, { memorySize: MiB }), /entry point 0x200000 is outside guest memory \[0, 0x100000\) \(1 MiB\)/);
  });

  it('turns a bad memory size into a LoadError', () => {
    expectLoadError(() => bootMachine(program, { memorySize: 5000 }), /invalid guest memory size 5000: .*multiple of 4096 bytes between 4 KiB and 2 GiB \(--memory\)/);
    expectLoadError(() => bootMachine(program, { memorySize: 0 }), /invalid guest memory size 0/);
  });

  it('describes the memory map', () => {
    expect(formatSize(DEFAULT_MEMORY_SIZE)).toBe('128 MiB');
    expect(formatSize(4100)).toBe('4100 bytes');
    expect(describeMemoryMap(MiB)).toMatch(/RAM +\[0x00000000, 0x00100000\) 1 MiB/);
  });
});

/** LLVM tools, when installed: real objects, and a cross-check that our test ELFs are well-formed. */
function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('with LLVM tools', () => {
  it.skipIf(!hasTool('llvm-mc'))('rejects an llvm-mc object file: link it first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkos-loader-'));
    try {
      writeFileSync(join(dir, 'a.s'), '.globl _start\n_start:\n  li a0, 1\n  mul a0, a0, a0\n  ecall\n');
      execFileSync('llvm-mc', ['-triple=riscv32', '-mattr=+m', '-filetype=obj', join(dir, 'a.s'), '-o', join(dir, 'a.o')]);
      const bytes = new Uint8Array(readFileSync(join(dir, 'a.o')));
      expectLoadError(() => parseProgram(bytes), /relocatable object.*link it first/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasTool('llvm-readelf'))('llvm-readelf reads the test builder output the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zkos-loader-'));
    try {
      const file = join(dir, 'b.elf');
      writeFileSync(
        file,
        buildElf({
          segments: [{ vaddr: 0x10000, data: text }, { vaddr: 0x11000, data: words(1), memsz: 64, flags: PF_R | PF_W }],
          symbols: [{ name: '_start', value: 0x10000, size: 12 }, { name: 'counter', value: 0x11000, size: 4, type: STT_OBJECT }],
        }),
      );
      const out = execFileSync('llvm-readelf', ['-h', '-l', '-s', file], { encoding: 'utf8' });
      expect(out).toMatch(/EXEC \(Executable file\)/);
      expect(out).toMatch(/LOAD +0x\w+ 0x00010000 0x00010000 0x0000c 0x0000c R E/);
      expect(out).toMatch(/LOAD +0x\w+ 0x00011000 0x00011000 0x00004 0x00040 RW/);
      expect(out).toMatch(/00010000 +12 FUNC +GLOBAL DEFAULT +1 _start/);
      expect(out).toMatch(/00011000 +4 OBJECT +GLOBAL DEFAULT +1 counter/);
      expect(out).not.toMatch(/warning|error/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
