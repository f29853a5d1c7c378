// Suite `guest-cycles`: RISC-V cycles (= retired instructions) per unit of work of the AssemblyScript
// kernels as our toolchain compiles them, next to clang -O2 anchors, plus V8's time per unit.
import { collectingSink, ECALL, standardEcalls, type OutputSink } from '../../emulator/ecall';
import { execute } from '../../emulator/execute';
import type { Host } from '../../emulator/host';
import { parseProgram } from '../../emulator/loader';
import { buildGuest, type BuildOptions } from '../../toolchain/build';
import { medianOf, type Figure, type Suite } from '../suite';

/**
 * A kernel: an entry under programs/as/bench whose `main` marks the cycle count (a zero-byte
 * write), runs the kernel with `counts[0]`, marks, runs it with `counts[1]`, marks, and prints
 * both results. Start-up and per-call set-up cancel in the difference of the two segments.
 */
export interface GuestKernel {
  /** the --only key */
  readonly name: string;
  /** what one unit is, e.g. "keccak-f[1600] permutation" */
  readonly unit: string;
  readonly entry: string;
  /** the two counts the entry passes, as written in it */
  readonly counts: readonly [number, number];
  /** units the difference of the two runs covers */
  readonly units: number;
  /** clang -O2 rv32im instructions per unit for straightforward C, when measured */
  readonly anchor?: number;
  /** the program and export V8 runs natively, called with `nativeCount` */
  readonly native: { readonly program: string; readonly exportName: string; readonly count: number; readonly units: number };
}

export const TARGET_RATIO = 1.3;

export const GUEST_KERNELS: readonly GuestKernel[] = [
  {
    name: 'keccak', unit: 'keccak-f[1600] permutation', entry: 'programs/as/bench/keccak.ts', counts: [1, 101], units: 100, anchor: 31_200,
    native: { program: 'programs/as/keccak.ts', exportName: 'keccakF', count: 10_000, units: 10_000 },
  },
  {
    name: 'sha256', unit: 'SHA-256 block', entry: 'programs/as/bench/sha256.ts', counts: [1, 101], units: 100, anchor: 4_760,
    native: { program: 'programs/as/sha256.ts', exportName: 'sha256Blocks', count: 10_000, units: 10_000 },
  },
  {
    name: 'u256-mul', unit: '256x256->512-bit multiply', entry: 'programs/as/bench/u256-mul.ts', counts: [1, 101], units: 100,
    native: { program: 'programs/as/u256.ts', exportName: 'u256Mul', count: 10_000, units: 10_000 },
  },
  {
    name: 'u256-montmul', unit: 'Montgomery multiply (256-bit)', entry: 'programs/as/bench/u256-montmul.ts', counts: [1, 101], units: 100,
    native: { program: 'programs/as/u256.ts', exportName: 'u256MontMul', count: 10_000, units: 10_000 },
  },
  {
    name: 'fib', unit: 'fib(30), recursive', entry: 'programs/as/bench/fib.ts', counts: [0, 30], units: 1,
    native: { program: 'programs/as/fib.ts', exportName: 'fib', count: 30, units: 1 },
  },
];

export interface KernelCycles {
  /** cycles between the markers around the first and the second run */
  readonly segments: readonly [number, number];
  /** (second - first) / units */
  readonly perUnit: number;
  readonly stdout: string;
  readonly exitCode: number;
}

/** A host that timestamps every zero-byte write (the entries' markers) with the cycle count. */
function markingHost(sink: OutputSink, marks: number[]): Host {
  const inner = standardEcalls(sink); // write and exit: all a kernel entry uses (a trap stops the run)
  return {
    ecall(machine) {
      if (machine.regs[17] === ECALL.WRITE && machine.regs[12] === 0) marks.push(machine.cycles);
      return inner.ecall(machine);
    },
  };
}

/** Runs a kernel entry's ELF on the emulator; throws unless it exits 0 after exactly three marks. */
export function runKernelElf(kernel: GuestKernel, elf: Uint8Array): KernelCycles {
  const marks: number[] = [];
  const out = collectingSink();
  const { result } = execute(parseProgram(elf), { sink: out.sink, host: markingHost(out.sink, marks) });
  const stdout = Buffer.from(out.stdout()).toString();
  if (result.kind !== 'exit' || result.exitCode !== 0) throw new Error(`${kernel.entry}: did not exit 0: ${JSON.stringify(result)}`);
  if (marks.length !== 3) throw new Error(`${kernel.entry}: expected 3 cycle marks, got ${marks.length}`);
  const segments = [marks[1] - marks[0], marks[2] - marks[1]] as const;
  return { segments, perUnit: (segments[1] - segments[0]) / kernel.units, stdout, exitCode: result.exitCode };
}

/** Builds a kernel's entry (through the build cache unless told otherwise) and runs it. */
export async function measureKernelCycles(kernel: GuestKernel, options: BuildOptions = {}): Promise<KernelCycles & { wasm: Uint8Array; elf: Uint8Array }> {
  const { wasm, elf } = await buildGuest(kernel.entry, options);
  return { ...runKernelElf(kernel, elf), wasm, elf };
}

/** V8's time per unit: the program's export called with `count`, median of `runs`. */
async function nativeSecondsPerUnit(kernel: GuestKernel, runs: number): Promise<number> {
  const { compileAssemblyScript } = await import('../../toolchain/asc');
  const { wasm } = await compileAssemblyScript(kernel.native.program);
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(wasm as Uint8Array<ArrayBuffer>), {
    zkos: { write: () => 0, exit: () => 0 },
    env: { abort: () => { throw new Error(`${kernel.native.program}: abort`); } },
  });
  const fn = instance.exports[kernel.native.exportName] as (n: number) => number;
  const seconds = medianOf(runs, () => {
    const started = performance.now();
    fn(kernel.native.count);
    return (performance.now() - started) / 1000;
  }, (s) => s);
  return seconds / kernel.native.units;
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

export const guestCyclesSuite: Suite = {
  name: 'guest-cycles',
  description: 'RISC-V cycles per unit of the AssemblyScript kernels (keccak, sha256, u256, fib) vs clang -O2 anchors',
  async run({ only, runs }) {
    const figures: Figure[] = [];
    for (const kernel of GUEST_KERNELS) {
      if (only && only !== kernel.name) continue;
      const reproduce = `npm run bench -- --suite guest-cycles --only ${kernel.name}`;
      const cycles = await measureKernelCycles(kernel);
      const [lo, hi] = kernel.counts;
      const ratio = kernel.anchor ? `; clang -O2 anchor ${fmt(kernel.anchor)}: ${(cycles.perUnit / kernel.anchor).toFixed(2)}x (target <= ${TARGET_RATIO}x)` : '';
      figures.push({
        label: `${kernel.name}: cycles per ${kernel.unit}`,
        value: cycles.perUnit,
        unit: 'cycles',
        detail: `runs of ${lo} and ${hi}: ${fmt(cycles.segments[0])} and ${fmt(cycles.segments[1])} cycles${ratio}`,
        reproduce,
      });
      const seconds = await nativeSecondsPerUnit(kernel, runs);
      figures.push({
        label: `${kernel.name}: V8 time per ${kernel.unit}`,
        value: seconds * 1e9,
        unit: 'ns',
        detail: `${kernel.native.exportName}(${kernel.native.count}) natively, median of ${runs}`,
        reproduce,
      });
    }
    return figures;
  },
};
