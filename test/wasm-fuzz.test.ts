// Differential fuzzing of the translator: seeded random integer WebAssembly programs, built with the
// real pipeline and run on V8 and on the emulator, must agree on every host call, output and exit.
// Long campaign: ZKOS_FUZZ_SEEDS=1000-5000 npx vitest run test/wasm-fuzz.test.ts (docs/translator.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { firstDifference, recordNative, recordRiscv, type Difference } from '../oracle/diff';
import { buildFromWasm } from '../toolchain/build';
import { hasTool } from '../toolchain/llvm';
import { checkModule } from '../toolchain/wasm/check';
import { assembleWat, generateProgram, type GeneratedProgram } from './helpers/wasm-gen';

const haveLlvm = hasTool('opt') && hasTool('llc');

/** The default run: about 35 s on two cores (≈ 0.24 s a program, almost all of it opt and llc). */
const DEFAULT_SEEDS = { from: 1, to: 150 };
const MAX_CYCLES = 50_000_000;

/** Translator bugs this fuzzer found (now fixed), each pinned by a test at the end of this file. */
const ZERO_SEGMENT_BUG =
  'an all-zero data segment is skipped at boot even when it overwrites an earlier segment (translate/index.ts startFunction)';

const BR_IF_VALUE_BUG =
  "br_if's value reaches the target block's result slot before the condition runs: a br_if to the same block inside the condition overwrites it (translate/function.ts)";

/** "1000-5000", "7", "1-10,42": the seeds to run (inclusive ranges). */
function parseSeeds(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!match) throw new Error(`ZKOS_FUZZ_SEEDS: cannot read "${part}" (expected e.g. 1000-5000 or 1,2,3)`);
    const from = Number(match[1]);
    const to = Number(match[2] ?? match[1]);
    return Array.from({ length: Math.max(to - from + 1, 0) }, (_, k) => from + k);
  });
}

const requested = process.env.ZKOS_FUZZ_SEEDS;
const seeds = requested ? parseSeeds(requested) : parseSeeds(`${DEFAULT_SEEDS.from}-${DEFAULT_SEEDS.to}`);

/** Where a failing program's text, binary and ELF go: `zkos diff seed-N.wasm seed-N.elf` reruns it. */
function saveProgram(p: GeneratedProgram, elf?: Uint8Array): string {
  const dir = join(tmpdir(), 'zkos-wasm-fuzz');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `seed-${p.seed}.wat`);
  writeFileSync(path, p.wat);
  writeFileSync(join(dir, `seed-${p.seed}.wasm`), p.wasm);
  if (elf) writeFileSync(join(dir, `seed-${p.seed}.elf`), elf);
  return path;
}

const show = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));

function describeDifference(p: GeneratedProgram, boundsChecks: boolean, d: Difference, path: string): string {
  const build = `profile ${p.profile}, ${p.memoryPages} pages${boundsChecks ? '' : ', built without bounds checks'}`;
  return (
    `seed ${p.seed} (${build}): first difference in ${d.what} #${d.index}\n` +
    `  native (V8): ${show(d.native)}\n  riscv:       ${show(d.riscv)}\n  module: ${path}`
  );
}

/** How a run ended, as the statistics count it. */
function ending(outcome: ReturnType<typeof recordNative>['outcome']): string {
  if (outcome.kind === 'trap') return `trap ${outcome.code ?? 'without code'}`;
  return outcome.kind;
}

interface Campaign {
  programs: number;
  cycles: number;
  endings: Map<string, number>;
  features: Map<string, number>;
  failures: string[];
}

async function runCampaign(list: readonly number[]): Promise<Campaign> {
  const c: Campaign = { programs: 0, cycles: 0, endings: new Map(), features: new Map(), failures: [] };
  for (const seed of list) {
    const p = generateProgram(seed);
    for (const [name, n] of p.features) c.features.set(name, (c.features.get(name) ?? 0) + n);
    try {
      // a module V8 or our checker rejects is a generator bug
      if (!WebAssembly.validate(p.wasm as Uint8Array<ArrayBuffer>)) throw new Error('V8 rejects the module');
      checkModule(p.wasm);
      // a quarter of the programs that never go out of bounds are built without bounds checks
      const boundsChecks = !(p.memorySafe && seed % 4 === 0);
      const { elf } = await buildFromWasm(p.wasm, { memoryPages: p.memoryPages, boundsChecks });
      const native = recordNative(p.wasm);
      const riscv = recordRiscv(elf, { maxCycles: MAX_CYCLES });
      c.programs++;
      c.cycles += riscv.cycles ?? 0;
      const end = ending(native.outcome);
      c.endings.set(end, (c.endings.get(end) ?? 0) + 1);
      const difference = firstDifference(native, riscv);
      if (!difference) continue;
      c.failures.push(describeDifference(p, boundsChecks, difference, saveProgram(p, elf)));
    } catch (e) {
      c.failures.push(`seed ${p.seed} (profile ${p.profile}): ${(e as Error).message}\n  module: ${saveProgram(p)}`);
    }
  }
  return c;
}

/** Every instruction the generator must reach over the default seeds. */
const EXPECTED_FEATURES = [
  ...['i32', 'i64'].flatMap((t) =>
    ['const', 'clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'add', 'sub', 'mul', 'and', 'or', 'xor', 'div_s', 'div_u', 'rem_s', 'rem_u',
      'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u', 'eqz', 'load', 'load8_s',
      'load8_u', 'load16_s', 'load16_u', 'store', 'store8', 'store16'].map((op) => `${t}.${op}`),
  ),
  'i64.extend32_s', 'i64.load32_s', 'i64.load32_u', 'i64.store32', 'i32.wrap_i64', 'i64.extend_i32_s', 'i64.extend_i32_u',
  'local.get', 'local.set', 'local.tee', 'global.get', 'global.set', 'memory.size', 'memory.grow', 'memory.copy', 'memory.fill',
  'block', 'loop', 'if', 'br', 'br_if', 'br_if(loop)', 'br_table', 'return', 'select', 'nop', 'call', 'call_indirect', 'unreachable',
  'zkos.write', 'zkos.exit',
];

describe.skipIf(!haveLlvm)('random integer WebAssembly programs: RISC-V build = V8', () => {
  test(
    `seeds ${requested ?? `${DEFAULT_SEEDS.from}-${DEFAULT_SEEDS.to}`} (${seeds.length} programs)`,
    async () => {
      const c = await runCampaign(seeds);
      const share = (...names: string[]) => names.reduce((sum, n) => sum + (c.endings.get(n) ?? 0), 0) / c.programs;
      console.log(
        `wasm-fuzz: ${c.programs} programs compared, ${c.cycles} RISC-V instructions; endings ` +
          [...c.endings].sort().map(([k, n]) => `${k}: ${n}`).join(', '),
      );
      expect(c.failures, c.failures.join('\n\n')).toEqual([]);

      // the generator provably reaches every ending and every instruction (checked on big enough sets)
      if (c.programs >= 100) {
        expect(share('exit'), 'normal exits').toBeGreaterThanOrEqual(0.4);
        expect(share('trap 2', 'trap 3'), 'division traps (2, 3)').toBeGreaterThanOrEqual(0.04);
        expect(share('trap 4'), 'out-of-bounds memory traps (4)').toBeGreaterThanOrEqual(0.04);
        expect(share('trap 5', 'trap 6'), 'call_indirect traps (5, 6)').toBeGreaterThanOrEqual(0.06);
        expect(share('trap 1'), 'unreachable (1)').toBeGreaterThanOrEqual(0.04);
        for (const code of [1, 2, 3, 4, 5, 6]) expect(c.endings.get(`trap ${code}`) ?? 0, `programs ending in trap ${code}`).toBeGreaterThan(0);
        const missing = EXPECTED_FEATURES.filter((f) => !c.features.has(f));
        expect(missing, 'instructions the generator never emitted').toEqual([]);
      }
    },
    60_000 + seeds.length * 3_000,
  );

  test('the generator is deterministic: a seed always gives the same module', () => {
    for (const seed of [1, 77, 4242]) expect(generateProgram(seed).wat).toBe(generateProgram(seed).wat);
    expect(generateProgram(1).wat).not.toBe(generateProgram(2).wat);
  });
});

/** The zero-segment bug, minimised: V8 sees 00 00 03 04 at address 0, the RISC-V build 01 02 03 04. */
const ZERO_SEGMENT_WAT = `(module
  (memory (export "memory") 1 1)
  (data (i32.const 0) "\\01\\02\\03\\04")
  (data (i32.const 0) "\\00\\00")
  (func (export "main") (result i32) (i32.load (i32.const 0))))`;

/** The br_if bug, minimised: the outer br_if's value is 1, its condition holds a not-taken br_if with value 2. */
const BR_IF_VALUE_WAT = `(module
  (memory (export "memory") 1 1)
  (func (export "main") (result i32)
    (block $b (result i32)
      (drop (br_if $b (i32.const 1)
        (block (result i32)
          (drop (br_if $b (i32.const 2) (i32.const 0)))
          (i32.const 1))))
      (i32.const 3))))`;

describe.skipIf(!haveLlvm)('translator bugs found by fuzzing stay fixed', () => {
  test(`fixed: ${ZERO_SEGMENT_BUG}`, async () => {
    const wasm = assembleWat(ZERO_SEGMENT_WAT);
    const { elf } = await buildFromWasm(wasm, { memoryPages: 1 });
    const native = recordNative(wasm);
    const riscv = recordRiscv(elf, { maxCycles: MAX_CYCLES });
    // the spec (and V8): segments are copied in order, so the zeros overwrite the first two bytes
    expect(native.outcome).toEqual({ kind: 'exit', code: 0x04030000 });
    expect(firstDifference(native, riscv)).toBeUndefined();
  });

  // found by seed 50585 (not in the default set)
  test(`fixed: ${BR_IF_VALUE_BUG}`, async () => {
    const wasm = assembleWat(BR_IF_VALUE_WAT);
    const { elf } = await buildFromWasm(wasm, { memoryPages: 1 });
    const native = recordNative(wasm);
    const riscv = recordRiscv(elf, { maxCycles: MAX_CYCLES });
    // the spec (and V8): the outer br_if is taken with its value 1; the inner one is not taken
    expect(native.outcome).toEqual({ kind: 'exit', code: 1 });
    expect(firstDifference(native, riscv)).toBeUndefined();
  });
});
