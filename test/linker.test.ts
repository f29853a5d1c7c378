// The static linker (toolchain/linker): objects from llvm-mc and llc, every supported relocation
// checked by decoding the patched instructions, layout and symbols via llvm-readelf/objdump,
// every error, and end-to-end runs in the interpreter.
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bootMachine } from '../emulator/boot';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import { run } from '../emulator/interpreter';
import { parseProgram } from '../emulator/loader';
import { LinkError, link, type LinkOptions, type LinkResult } from '../toolchain/linker';
import { assemble, compileIr, hasTool, requireTool, runTool } from '../toolchain/llvm';

const dir = mkdtempSync(join(tmpdir(), 'zkos-linker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;

/** Assembles each source (name -> text) and links the objects. */
function linkAsm(sources: Record<string, string>, options?: LinkOptions & { mattr?: string }): LinkResult {
  const inputs = Object.entries(sources).map(([name, text]) => ({ name, bytes: assemble(text, { name, mattr: options?.mattr }) }));
  return link(inputs, options);
}

function linkError(action: () => unknown): string {
  try {
    action();
  } catch (e) {
    expect(e).toBeInstanceOf(LinkError);
    return (e as Error).message;
  }
  throw new Error('expected a LinkError');
}

/** Writes the executable to a temporary file (for llvm-objdump/readelf). */
function save(result: LinkResult): string {
  const file = join(dir, `out${fileCounter++}.elf`);
  writeFileSync(file, result.bytes);
  return file;
}

const tool = (name: string, args: string[]) => Buffer.from(runTool(name, args)).toString('utf8');

/** Reads a little-endian value at a guest address from the loaded segments. */
function reader(result: LinkResult) {
  const program = parseProgram(result.bytes);
  const view = (address: number, bytes: number) => {
    const s = program.segments.find((seg) => address >= seg.address && address + bytes <= seg.address + seg.memorySize);
    if (!s) throw new Error(`0x${address.toString(16)} is not mapped`);
    const data = new Uint8Array(s.memorySize);
    data.set(s.data);
    return new DataView(data.buffer, address - s.address, bytes);
  };
  return {
    u8: (address: number) => view(address, 1).getUint8(0),
    u16: (address: number) => view(address, 2).getUint16(0, true),
    u32: (address: number) => view(address, 4).getUint32(0, true),
    i32: (address: number) => view(address, 4).getInt32(0, true),
  };
}

// Immediate decoders (independent of the linker's encoders).
const uImm = (w: number) => (w & 0xfffff000) | 0;
const iImm = (w: number) => w >> 20;
const sImm = (w: number) => ((w >> 25) << 5) | ((w >>> 7) & 0x1f);
const bImm = (w: number) => ((w >> 31) << 12) | (((w >>> 7) & 1) << 11) | (((w >>> 25) & 0x3f) << 5) | (((w >>> 8) & 0xf) << 1);
const jImm = (w: number) => ((w >> 31) << 20) | (((w >>> 12) & 0xff) << 12) | (((w >>> 20) & 1) << 11) | (((w >>> 21) & 0x3ff) << 1);
const u32 = (n: number) => n >>> 0;

function sym(result: LinkResult, name: string): number {
  const value = result.symbols.get(name);
  if (value === undefined) throw new Error(`no symbol ${name}`);
  return value;
}

/** Runs an executable in the interpreter; returns its exit and stdout. */
function execute(result: LinkResult): { exit: number | string; stdout: string } {
  const machine = bootMachine(parseProgram(result.bytes), { memorySize: 1 << 20 });
  const out = collectingSink();
  const r = run(machine, standardEcalls(out.sink), 1_000_000);
  const exit = r.kind === 'exit' ? r.exitCode : r.kind === 'trap' ? r.trap.message : r.kind;
  return { exit, stdout: Buffer.from(out.stdout()).toString('utf8') };
}

const canRun = hasTool('llvm-mc') && hasTool('llvm-objdump') && hasTool('llvm-readelf');

describe('toolchain/llvm', () => {
  test('requireTool names the package to install when a tool is missing', () => {
    expect(() => requireTool('llvm-no-such-tool')).toThrow(
      'llvm-no-such-tool not found: install LLVM 14 (Debian/Ubuntu: apt-get install llvm-14)',
    );
  });

  test.skipIf(!hasTool('llvm-mc'))('assemble surfaces llvm-mc diagnostics', () => {
    expect(() => assemble('  addq a0, a0, a0\n', { name: 'bad.s' })).toThrow(/bad\.s.*\n?.*(invalid instruction|unrecognized instruction)/);
    const object = assemble('  nop\n');
    expect(Array.from(object.subarray(0, 4))).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  });
});

describe.skipIf(!canRun)('linker: relocations', () => {
  test('two objects calling each other (CALL, CALL_PLT)', () => {
    const r = linkAsm({
      'a.o': '.globl _start\n_start:\n  call ping\n  tail pong\n.globl back\nback:\n  ret\n',
      'b.o': '.globl ping, pong\nping:\n  call back\n  ret\npong:\n  call back@plt\n  ret\n',
    });
    const m = reader(r);
    const callTarget = (at: number) => u32(at + uImm(m.u32(at)) + iImm(m.u32(at + 4)));
    expect(callTarget(sym(r, '_start'))).toBe(sym(r, 'ping'));
    expect(callTarget(sym(r, '_start') + 8)).toBe(sym(r, 'pong'));
    expect(callTarget(sym(r, 'ping'))).toBe(sym(r, 'back'));
    expect(callTarget(sym(r, 'pong'))).toBe(sym(r, 'back'));
    const listing = tool('llvm-objdump', ['-d', save(r)]);
    expect(listing).toMatch(/jalr\s+-?\d+\(ra\)/);
    expect(r.entry).toBe(0x10000);
  });

  test('la/lla of data in another object (PCREL_HI20 + PCREL_LO12_I) and stores via PCREL_LO12_S', () => {
    const r = linkAsm({
      'a.o': [
        '.globl _start\n_start:',
        '  la a0, table', // 0: auipc/addi
        '  lla a1, table + 8', // 8
        '1: auipc a2, %pcrel_hi(counter)', // 16
        '  sw a0, %pcrel_lo(1b)(a2)', // 20
        '  lw a3, %pcrel_lo(1b)(a2)', // 24
        '',
      ].join('\n'),
      'b.o': '.data\n.globl table, counter\n.space 0x7f4\ntable: .word 1, 2, 3\ncounter: .word 0\n',
    });
    const m = reader(r);
    const s = sym(r, '_start');
    const pcrel = (auipc: number, lo: number) => u32(auipc + uImm(m.u32(auipc)) + lo);
    expect(pcrel(s, iImm(m.u32(s + 4)))).toBe(sym(r, 'table'));
    expect(pcrel(s + 8, iImm(m.u32(s + 12)))).toBe(sym(r, 'table') + 8);
    expect(pcrel(s + 16, sImm(m.u32(s + 20)))).toBe(sym(r, 'counter'));
    expect(pcrel(s + 16, iImm(m.u32(s + 24)))).toBe(sym(r, 'counter'));
  });

  test('lui %hi / addi %lo / sw %lo (HI20, LO12_I, LO12_S), including the +0x800 rounding', () => {
    const r = linkAsm({
      'a.o': [
        '.globl _start\n_start:',
        '  lui a0, %hi(low)\n  addi a0, a0, %lo(low)',
        '  lui a1, %hi(high)\n  addi a1, a1, %lo(high)',
        '  lui a2, %hi(high)\n  sw a0, %lo(high)(a2)',
        '  lui a3, %hi(high + 4)\n  lw a0, %lo(high + 4)(a3)',
        '',
      ].join('\n'),
      'b.o': '.data\n.globl low, high\nlow: .word 0\n.space 0x7fc\nhigh: .word 0, 0\n',
    });
    const m = reader(r);
    const s = sym(r, '_start');
    expect(sym(r, 'high') & 0xfff).toBe(0x800); // the low part is negative: hi must round up
    expect(u32(uImm(m.u32(s)) + iImm(m.u32(s + 4)))).toBe(sym(r, 'low'));
    expect(u32(uImm(m.u32(s + 8)) + iImm(m.u32(s + 12)))).toBe(sym(r, 'high'));
    expect(u32(uImm(m.u32(s + 16)) + sImm(m.u32(s + 20)))).toBe(sym(r, 'high'));
    expect(u32(uImm(m.u32(s + 24)) + iImm(m.u32(s + 28)))).toBe(sym(r, 'high') + 4);
  });

  test('branches and jal across sections and objects (BRANCH, JAL)', () => {
    const r = linkAsm({
      'a.o': [
        '.globl _start\n_start:',
        '  beq a0, a1, other', // BRANCH to another object
        '  bne a0, a1, side', // BRANCH to another section of this object
        '  jal far_fn', // JAL to another object
        '  j side',
        '.section .text.side,"ax",@progbits\nside:\n  j _start',
        '',
      ].join('\n'),
      'b.o': '.globl other, far_fn\nother:\n  ret\n.space 64\nfar_fn:\n  ret\n',
    });
    const m = reader(r);
    const s = sym(r, '_start');
    const side = s + 16; // .text.side follows .text of a.o
    expect(u32(s + bImm(m.u32(s)))).toBe(sym(r, 'other'));
    expect(u32(s + 4 + bImm(m.u32(s + 4)))).toBe(side);
    expect(u32(s + 8 + jImm(m.u32(s + 8)))).toBe(sym(r, 'far_fn'));
    expect(u32(s + 12 + jImm(m.u32(s + 12)))).toBe(side);
    expect(u32(side + jImm(m.u32(side)))).toBe(s);
    const listing = tool('llvm-objdump', ['-d', save(r)]);
    expect(listing).toMatch(new RegExp(`beq\\s+a0, a1, 0x${sym(r, 'other').toString(16)} <other>`));
  });

  test('.word sym (R_RISCV_32) and label differences (ADD/SUB 8/16/32)', () => {
    const r = linkAsm({
      'a.o': '.globl _start, mid, fin\n_start:\n  nop\nmid:\n  nop\n  nop\nfin:\n',
      'b.o': [
        '.data\n.globl ptrs, diffs',
        'ptrs: .word _start, mid + 4, far_data',
        'diffs: .byte fin - _start\n.half fin - mid\n.word fin - _start\n.word _start - fin',
        '.word far_data - ptrs', // cross-section difference
        '.section .rodata\nfar_data: .word 7',
        '',
      ].join('\n'),
    });
    const m = reader(r);
    const p = sym(r, 'ptrs');
    const s = sym(r, '_start');
    expect(m.u32(p)).toBe(s);
    expect(m.u32(p + 4)).toBe(s + 8);
    const farData = m.u32(p + 8);
    expect(m.u32(farData)).toBe(7);
    const d = sym(r, 'diffs');
    expect(m.u8(d)).toBe(12);
    expect(m.u16(d + 1)).toBe(8);
    expect(m.u32(d + 3)).toBe(12);
    expect(m.i32(d + 7)).toBe(-12);
    expect(m.i32(d + 11)).toBe(farData - p);
  });

  test('SET6/SUB6/SET8/SET16/SET32 and 32_PCREL (via .reloc)', () => {
    const r = linkAsm({
      'a.o': [
        '.globl _start\n_start:\n  nop\n  nop\nend:',
        '.data\n.globl d\nd:',
        '.reloc ., R_RISCV_SET8, end\n.byte 0xff',
        '.reloc ., R_RISCV_SET16, end\n.half 0xffff',
        '.reloc ., R_RISCV_SET32, end\n.word 0xffffffff',
        '.reloc ., R_RISCV_32_PCREL, end\n.word 0',
        '.reloc ., R_RISCV_SET6, end\n.reloc ., R_RISCV_SUB6, _start\n.byte 0xc0',
        '',
      ].join('\n'),
    });
    const m = reader(r);
    const d = sym(r, 'd');
    const end = sym(r, '_start') + 8;
    expect(m.u8(d)).toBe(end & 0xff);
    expect(m.u16(d + 1)).toBe(end & 0xffff);
    expect(m.u32(d + 3)).toBe(end);
    expect(m.i32(d + 7)).toBe(end - (d + 7));
    expect(m.u8(d + 11)).toBe(0xc0 | 8); // top two bits kept, low six = end - _start
  });

  test('GOT_HI20 (la under .option pic) goes through a .got word', () => {
    const r = linkAsm({
      'a.o': '.globl _start\n_start:\n  .option pic\n  la a0, target\n  la a1, target\n',
      'b.o': '.data\n.globl target\n.word 0\ntarget: .word 5\n',
    });
    const m = reader(r);
    const s = sym(r, '_start');
    const slot = (at: number) => u32(at + uImm(m.u32(at)) + iImm(m.u32(at + 4)));
    expect(slot(s)).toBe(slot(s + 8)); // one slot per symbol per object
    expect(m.u32(slot(s))).toBe(sym(r, 'target'));
  });

  test('R_RISCV_ALIGN (objects built with +relax): excess padding is deleted, symbols follow', () => {
    const r = linkAsm(
      {
        'a.o': '.globl _start\n_start:\n  call f\n  nop\n  .p2align 4\n.globl g\ng:\n  j f\n  .p2align 3\nh:\n  ret\n.size h, 4\n',
        'b.o': '.globl f\n  nop\n  .p2align 5\nf:\n  call g\n  ret\n',
      },
      { mattr: '+m,+relax' },
    );
    const m = reader(r);
    const s = sym(r, '_start');
    expect(sym(r, 'g')).toBe(s + 16); // 12 bytes of code + 4 bytes kept of 12 bytes of padding
    expect(sym(r, 'f') % 32).toBe(0);
    expect(u32(s + uImm(m.u32(s)) + iImm(m.u32(s + 4)))).toBe(sym(r, 'f'));
    expect(u32(sym(r, 'g') + jImm(m.u32(sym(r, 'g'))))).toBe(sym(r, 'f'));
    const listing = tool('llvm-objdump', ['-d', '-t', save(r)]);
    expect(listing).toMatch(new RegExp(`${(s + 24).toString(16).padStart(8, '0')} l .*\\.text\\s+00000004 h`));
    expect(m.u32(s + 12)).toBe(0x13); // the kept padding is a nop
  });

  test('objects from llc: switch tables, globals, .eh_frame (SET6/SUB6, ADD32/SUB32, 32_PCREL)', () => {
    const ir = [
      '@tbl = constant [3 x i32] [i32 7, i32 8, i32 9]',
      'define i32 @pick(i32 %x) {',
      'entry:',
      '  switch i32 %x, label %d [ i32 0, label %a  i32 1, label %b  i32 2, label %c  i32 3, label %e ]',
      'a: ret i32 10', 'b: ret i32 11', 'c: ret i32 12', 'e: ret i32 13',
      'd:',
      '  %p = getelementptr [3 x i32], [3 x i32]* @tbl, i32 0, i32 1',
      '  %v = load i32, i32* %p',
      '  ret i32 %v',
      '}',
    ].join('\n');
    const start = `.globl _start\n_start:\n  li a0, 2\n  call pick\n  li a7, 93\n  ecall\n`;
    for (const model of ['static', 'pic']) {
      const r = link([
        { name: 'start.o', bytes: assemble(start) },
        { name: 'pick.o', bytes: compileIr(ir, { args: [`-relocation-model=${model}`] }) },
      ]);
      const listing = tool('llvm-objdump', ['-d', save(r)]);
      expect(listing).toMatch(/<pick>:/);
      expect(execute(r).exit).toBe(12);
      const frames = tool('llvm-dwarfdump', ['--eh-frame', save(r)]);
      const pick = sym(r, 'pick').toString(16).padStart(8, '0');
      expect(frames).toMatch(new RegExp(`pc=${pick}\\.\\.\\.`));
      expect(frames).not.toMatch(/error|warning/i);
    }
  });
});

describe.skipIf(!canRun)('linker: symbols, layout and output', () => {
  test('weak symbols: a strong definition wins, an undefined weak reference is 0', () => {
    const r = linkAsm({
      'a.o': [
        '.globl _start\n_start:\n  call hook\n  lla a0, missing\n  lui a1, %hi(missing)',
        '.weak hook, missing\nhook:\n  ret',
        '.data\n.globl refs\nrefs: .word missing, hook',
        '',
      ].join('\n'),
      'b.o': '.globl hook\n.type hook, @function\nhook:\n  li a0, 1\n  ret\n.size hook, 8\n',
    });
    const m = reader(r);
    const s = sym(r, '_start');
    const hook = sym(r, 'hook');
    expect(hook).toBe(s + 24); // b.o's strong hook, after a.o's 24 bytes of .text
    expect(u32(s + uImm(m.u32(s)) + iImm(m.u32(s + 4)))).toBe(hook);
    expect(u32(s + 8 + uImm(m.u32(s + 8)) + iImm(m.u32(s + 12)))).toBe(0);
    expect(uImm(m.u32(s + 16))).toBe(0);
    expect(m.u32(sym(r, 'refs'))).toBe(0);
    expect(m.u32(sym(r, 'refs') + 4)).toBe(hook);
    const symbols = tool('llvm-readelf', ['-s', save(r)]);
    expect(symbols).toMatch(new RegExp(`${hook.toString(16).padStart(8, '0')}\\s+8 FUNC\\s+GLOBAL .* hook`));
    expect(symbols).not.toMatch(/ missing$/m);
  });

  test('a lone weak definition is used and stays weak in the output', () => {
    const r = linkAsm({ 'a.o': '.globl _start\n_start:\n  j hook\n.weak hook\nhook:\n  ret\n' });
    expect(sym(r, 'hook')).toBe(0x10004);
    expect(tool('llvm-readelf', ['-s', save(r)])).toMatch(/NOTYPE\s+WEAK .* hook/);
  });

  test('COMMON symbols merge (largest size, strictest alignment) into .bss; a strong definition beats COMMON', () => {
    const r = linkAsm({
      'a.o': '.globl _start\n_start:\n  la a0, buf\n  la a1, shared\n.comm buf, 8, 4\n.comm shared, 4, 4\n.bss\n.globl z\nz: .space 3\n',
      'b.o': '.comm buf, 100, 64\n.data\n.globl shared\nshared: .word 9\n',
    });
    const buf = sym(r, 'buf');
    expect(buf % 64).toBe(0);
    const sections = tool('llvm-readelf', ['-S', '-s', save(r)]);
    expect(sections).toMatch(new RegExp(`${buf.toString(16).padStart(8, '0')}\\s+100 OBJECT\\s+GLOBAL .* buf`));
    const bss = r.sections.find((s) => s.name === '.bss')!;
    expect(buf).toBeGreaterThanOrEqual(bss.address);
    expect(buf + 100).toBeLessThanOrEqual(bss.address + bss.size);
    const data = r.sections.find((s) => s.name === '.data')!;
    expect(sym(r, 'shared')).toBe(data.address);
    expect(reader(r).u32(sym(r, 'shared'))).toBe(9);
  });

  test('segments, section order, linker-defined symbols, .bss zero fill', () => {
    const r = linkAsm({
      'a.o': [
        '.globl _start\n.type _start, @function\n_start:\n  nop\n.size _start, 4',
        '.section .rodata.str,"a"\nmsg: .asciz "hi"',
        '.section .srodata,"a"\n.word 1',
        '.data\n.word 1, 2',
        '.section .sdata,"aw"\n.globl small\nsmall: .word 3',
        '.section .sbss,"aw",@nobits\n.space 8',
        '.bss\n.globl zeros\n.type zeros, @object\nzeros: .space 100\n.size zeros, 100',
        '',
      ].join('\n'),
    });
    expect(r.sections.map((s) => s.name)).toEqual(['.text', '.rodata', '.data', '.bss']);
    const [text, rodata, data, bss] = r.sections;
    expect(text.address).toBe(0x10000);
    expect(rodata.address).toBe(0x11000);
    expect(data.address).toBe(0x12000);
    expect(sym(r, 'small')).toBe(0x12008);
    expect(sym(r, '__global_pointer$')).toBe(0x12008 + 0x800);
    expect(sym(r, '__text_start')).toBe(0x10000);
    expect(sym(r, '__data_start')).toBe(0x12000);
    expect(sym(r, '_edata')).toBe(0x1200c);
    expect(sym(r, '__bss_start')).toBe(bss.address);
    expect(sym(r, '_end')).toBe(Math.ceil((bss.address + bss.size) / 16) * 16);
    expect(sym(r, '__heap_start')).toBe(sym(r, '_end'));

    const file = save(r);
    const headers = tool('llvm-readelf', ['-l', '-S', file]);
    expect(headers).toMatch(/LOAD\s+0x\w+ 0x00010000 0x00010000 0x00004 0x00004 R E 0x1000/);
    expect(headers).toMatch(/LOAD\s+0x\w+ 0x00011000 0x00011000 0x0000\w 0x0000\w R\s+0x1000/);
    expect(headers).toMatch(new RegExp(`LOAD\\s+0x\\w+ 0x00012000 0x00012000 0x0000c 0x${(bss.address + bss.size - 0x12000).toString(16).padStart(5, '0')} RW\\s+0x1000`));
    expect(headers).toMatch(/\.bss\s+NOBITS/);

    const program = parseProgram(r.bytes);
    expect(program.entry).toBe(0x10000);
    expect(program.segments.map((s) => [s.flags.read, s.flags.write, s.flags.execute])).toEqual([
      [true, false, true],
      [true, false, false],
      [true, true, false],
    ]);
    const rw = program.segments[2];
    expect(rw.data.length).toBe(12);
    expect(rw.memorySize).toBe(bss.address + bss.size - 0x12000);
    expect(program.symbols.find((s) => s.name === 'zeros')).toMatchObject({ kind: 'object', size: 100 });
    expect(program.symbols.find((s) => s.name === '_start')).toMatchObject({ kind: 'function', address: 0x10000 });
  });

  test('llvm-readelf -a reads the output without complaint; local symbols are kept, .L temporaries are not', () => {
    const r = linkAsm({
      'a.o': '.globl _start\n_start:\n  la a0, local_data\n  call helper\n.type helper, @function\nhelper:\n  ret\n.data\nlocal_data: .word 1\n',
    });
    const file = save(r);
    const all = tool('llvm-readelf', ['-a', file]);
    expect(all).toMatch(/Type:\s+EXEC/);
    expect(all).toMatch(/Machine:\s+RISC-V/);
    expect(all).toMatch(/FUNC\s+LOCAL\s+DEFAULT\s+1 helper/);
    expect(all).toMatch(/NOTYPE\s+LOCAL\s+DEFAULT\s+2 local_data/);
    expect(all).not.toMatch(/\.Lpcrel/);
    expect(tool('llvm-objdump', ['-d', file])).toMatch(/<helper>:/);
  });

  test('textBase and entry options; output is deterministic', () => {
    const sources = { 'a.o': '.globl _start, main\n_start:\n  nop\nmain:\n  call _start\n' };
    const r = linkAsm(sources, { textBase: 0x80000000, entry: 'main' });
    expect(r.entry).toBe(0x80000004);
    expect(r.sections[0].address).toBe(0x80000000);
    expect(Buffer.from(linkAsm(sources, { textBase: 0x80000000, entry: 'main' }).bytes).equals(Buffer.from(r.bytes))).toBe(true);
  });
});

describe.skipIf(!canRun)('linker: errors', () => {
  test('undefined symbol: names the symbol and the referencing objects', () => {
    const message = linkError(() =>
      linkAsm({
        'a.o': '.globl _start\n_start:\n  call missing_fn\n',
        'b.o': '.data\n.word missing_fn\n',
      }),
    );
    expect(message).toMatch(/undefined symbol: missing_fn/);
    expect(message).toMatch(/a\.o\(\.text\+0x0\)/);
    expect(message).toMatch(/b\.o\(\.data\+0x0\)/);
  });

  test('duplicate strong definition: names both objects', () => {
    const message = linkError(() =>
      linkAsm({ 'first.o': '.globl _start, f\n_start:\nf:\n  ret\n', 'second.o': '.globl f\nf:\n  ret\n' }),
    );
    expect(message).toMatch(/duplicate symbol: f/);
    expect(message).toMatch(/first\.o/);
    expect(message).toMatch(/second\.o/);
  });

  test('missing entry symbol', () => {
    expect(linkError(() => linkAsm({ 'a.o': 'main:\n  ret\n' }))).toMatch(/entry symbol _start is not defined/);
    expect(linkError(() => linkAsm({ 'a.o': '.globl _start\n_start:\n  ret\n' }, { entry: 'boot' }))).toMatch(
      /entry symbol boot is not defined/,
    );
  });

  test('branch out of range (±4 KiB) and jal out of range (±1 MiB)', () => {
    const branch = linkError(() =>
      linkAsm({ 'a.o': '.globl _start\n_start:\n  beq a0, a1, far\n.space 8192\n.globl far\nfar:\n  ret\n' }),
    );
    expect(branch).toMatch(/R_RISCV_BRANCH against far at a\.o\(\.text\+0x0\): .*out of range/);
    const jump = linkError(() =>
      linkAsm({ 'a.o': '.globl _start\n_start:\n  j far\n', 'b.o': '.space 0x100000\n.globl far\nfar:\n  ret\n' }),
    );
    expect(jump).toMatch(/R_RISCV_JAL against far at a\.o\(\.text\+0x0\): .*out of range/);
  });

  test('unsupported relocation: names type and number', () => {
    const message = linkError(() =>
      linkAsm({ 'a.o': '.globl _start\n_start:\n  nop\n  lui a0, %tprel_hi(_start)\n' }),
    );
    expect(message).toMatch(/unsupported relocation R_RISCV_TPREL_HI20 \(type 29\) against _start at a\.o\(\.text\+0x4\)/);
  });

  test('R_RISCV_ALIGN that cannot be honoured', () => {
    const message = linkError(() => linkAsm({ 'a.o': '.globl _start\n_start:\n  .reloc ., R_RISCV_ALIGN, 28\n  nop\n' }));
    expect(message).toMatch(/R_RISCV_ALIGN at a\.o\(\.text\+0x0\) asks for 32-byte alignment but the section is only 4-byte aligned/);
  });

  test('unsupported allocated section and non-object input', () => {
    expect(
      linkError(() => linkAsm({ 'a.o': '.globl _start\n_start:\n  ret\n.section .init_array,"aw"\n.word _start\n' })),
    ).toMatch(/a\.o: unsupported allocated section \.init_array: static constructors/);
    const r = linkAsm({ 'a.o': '.globl _start\n_start:\n  ret\n' });
    expect(linkError(() => link([{ name: 'prog.elf', bytes: r.bytes }]))).toMatch(/prog\.elf: not a relocatable object/);
    expect(linkError(() => link([]))).toMatch(/no input objects/);
  });
});

describe.skipIf(!canRun)('linker: end to end in the interpreter', () => {
  const runtime = [
    '.globl _start\n_start:',
    '  .option push\n  .option norelax\n  la gp, __global_pointer$\n  .option pop',
    '  call main',
    '  li a7, 93\n  ecall',
    '.globl print', // print(a0 = buf, a1 = len)
    'print:\n  mv a2, a1\n  mv a1, a0\n  li a0, 1\n  li a7, 64\n  ecall\n  ret',
    '',
  ].join('\n');

  test('hello: write then exit code', () => {
    const r = linkAsm({
      'runtime.o': runtime,
      'main.o': '.globl main\nmain:\n  addi sp, sp, -16\n  sw ra, 12(sp)\n  la a0, msg\n  li a1, 6\n  call print\n  lw ra, 12(sp)\n  addi sp, sp, 16\n  li a0, 42\n  ret\n.section .rodata\nmsg: .ascii "hello\\n"\n',
    });
    expect(execute(r)).toEqual({ exit: 42, stdout: 'hello\n' });
  });

  test('.bss and COMMON are zero, .data initialised, counters across objects', () => {
    const r = linkAsm(
      {
        'runtime.o': runtime,
        'main.o': [
          '.globl main\nmain:',
          '  addi sp, sp, -16\n  sw ra, 12(sp)',
          '  lui t0, %hi(zeros)\n  lw t1, %lo(zeros)(t0)', // 0 from .bss
          '  lw t2, %lo(zeros + 96)(t0)',
          '  add t1, t1, t2',
          '  la t3, cbuf\n  lw t4, 0(t3)\n  add t1, t1, t4', // 0 from COMMON
          '  lui t0, %hi(count)\n  lw t2, %lo(count)(t0)\n  add a0, t1, t2', // 5 from .data
          '  addi t2, t2, 1\n  sw t2, %lo(count)(t0)',
          '  la a0, digits\n  lw t2, %lo(count)(t0)\n  add a0, a0, t2\n  li a1, 1\n  call print',
          '  lui t0, %hi(count)\n  lw a0, %lo(count)(t0)',
          '  lw ra, 12(sp)\n  addi sp, sp, 16\n  ret',
          '.bss\nzeros: .space 100\n.comm cbuf, 64, 8',
          '',
        ].join('\n'),
        'data.o': '.data\n.globl count\ncount: .word 5\n.section .rodata\n.globl digits\ndigits: .ascii "0123456789"\n',
      },
      { mattr: '+m,+relax' },
    );
    expect(execute(r)).toEqual({ exit: 6, stdout: '6' });
  });

  test('a program from llc (switch tables, calls, globals, mul) with an assembly runtime', () => {
    const ir = [
      '@counter = global i32 3',
      '@text = constant [6 x i8] c"llc!\\0A\\00"',
      'declare void @print(i8*, i32)',
      'define internal i32 @square(i32 %x) {',
      '  %r = mul i32 %x, %x',
      '  ret i32 %r',
      '}',
      'define i32 @classify(i32 %x) {',
      'entry:',
      '  switch i32 %x, label %d [ i32 0, label %a  i32 1, label %b  i32 2, label %c  i32 3, label %e  i32 4, label %f ]',
      'a: ret i32 100', 'b: ret i32 101', 'c: ret i32 102', 'e: ret i32 103', 'f: ret i32 104',
      'd: ret i32 0',
      '}',
      'define i32 @main() {',
      '  call void @print(i8* getelementptr ([6 x i8], [6 x i8]* @text, i32 0, i32 0), i32 5)',
      '  %c = load i32, i32* @counter',
      '  %k = call i32 @classify(i32 %c)',
      '  %s = call i32 @square(i32 %c)',
      '  %r = add i32 %k, %s',
      '  ret i32 %r',
      '}',
    ].join('\n');
    for (const mattr of ['+m', '+m,+relax']) {
      const r = link([
        { name: 'runtime.o', bytes: assemble(runtime, { mattr }) },
        { name: 'main.o', bytes: compileIr(ir, { mattr }) },
      ]);
      expect(execute(r)).toEqual({ exit: 112, stdout: 'llc!\n' });
    }
  });
});

describe.skipIf(!canRun || !hasTool('ld.lld') || !hasTool('llvm-objcopy'))('linker: differential check against ld.lld', () => {
  // The same layout as ours, spelled as a linker script, so the section contents must match byte for byte.
  const script = [
    'ENTRY(_start)',
    'SECTIONS {',
    '  . = 0x10000;',
    '  .text : { *(.text .text.*) }',
    '  . = ALIGN(0x1000);',
    '  .rodata : { *(.rodata .rodata.*) *(.srodata .srodata.*) }',
    '  .eh_frame : { *(.eh_frame) }',
    '  . = ALIGN(0x1000);',
    '  .data : { *(.data .data.*) }',
    '  .sdata : { *(.sdata .sdata.*) }',
    '  .bss : { *(.sbss .sbss.*) *(.bss .bss.*) *(COMMON) }',
    '}',
  ].join('\n');

  test('section contents match ld.lld for llvm-mc and llc objects', () => {
    const objects = {
      'start.o': assemble(
        [
          '.globl _start\n_start:',
          '  .option push\n  .option norelax\n  la gp, __global_pointer$\n  .option pop',
          '  call main\n  tail pick',
          '  lui a0, %hi(table + 0x900)\n  sw a0, %lo(table + 0x900)(a0)',
          '1: auipc a1, %pcrel_hi(cbuf)\n  lw a1, %pcrel_lo(1b)(a1)',
          '  beq a0, a1, main\n  j _start',
          '.weak maybe\n  lla a2, maybe',
          '.section .rodata\ntable: .word main, pick - _start, table\n.space 0x900',
          '.reloc ., R_RISCV_SET16, main\n.half 0\n.byte main - _start',
          '.comm cbuf, 40, 8',
          '.section .sdata,"aw"\n.word 1',
          '',
        ].join('\n'),
      ),
      'helper.o': assemble('.globl main\n.type main, @function\nmain:\n  call pick\n  ret\n.data\n.word main\n'),
      'pick.o': compileIr(
        [
          '@tbl = constant [3 x i32] [i32 7, i32 8, i32 9]',
          '@g = global i32 1',
          'define i32 @pick(i32 %x) {',
          'entry:',
          '  switch i32 %x, label %d [ i32 0, label %a  i32 1, label %b  i32 2, label %c  i32 3, label %e ]',
          'a: ret i32 10', 'b: ret i32 11', 'c: ret i32 12', 'e: ret i32 13',
          'd:',
          '  %i = load i32, i32* @g',
          '  %p = getelementptr [3 x i32], [3 x i32]* @tbl, i32 0, i32 %i',
          '  %v = load i32, i32* %p',
          '  ret i32 %v',
          '}',
        ].join('\n'),
      ),
    };
    const names = Object.keys(objects);
    for (const [name, bytes] of Object.entries(objects)) writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, 'script.ld'), script);
    const theirs = join(dir, 'lld.elf');
    tool('ld.lld', ['-T', join(dir, 'script.ld'), '-o', theirs, ...names.map((n) => join(dir, n))]);
    const ours = save(link(Object.entries(objects).map(([name, bytes]) => ({ name, bytes }))));
    const bytesOf = (file: string, section: string) => {
      const out = join(dir, `section-${fileCounter++}.bin`);
      tool('llvm-objcopy', ['-O', 'binary', `--only-section=${section}`, file, out]);
      return readFileSync(out).toString('hex');
    };
    for (const section of ['.text', '.rodata', '.eh_frame']) {
      expect(bytesOf(ours, section).length).toBeGreaterThan(0);
      expect(bytesOf(ours, section), section).toBe(bytesOf(theirs, section));
    }
    // our .data also holds .sdata, which the script keeps apart so that ld.lld defines __global_pointer$
    expect(bytesOf(ours, '.data')).toBe(bytesOf(theirs, '.data') + bytesOf(theirs, '.sdata'));
  });
});
