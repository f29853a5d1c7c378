// The guest-cycles bench suite (bench/suites/guest-cycles.ts): every kernel entry builds, runs to its
// three cycle marks, prints what V8 prints, and costs a positive, deterministic number of cycles per unit.
import { describe, expect, test } from 'vitest';
import { GUEST_KERNELS, measureKernelCycles, runKernelElf, TARGET_RATIO } from '../bench/suites/guest-cycles';
import { collectingSink } from '../emulator/ecall';
import { runNative } from '../oracle/native';
import { hasTool } from '../toolchain/llvm';

const haveLlvm = hasTool('opt') && hasTool('llc');

/** Kernel results known independently (programs/as/expected.json, SHA-256("abc"), fib(30)). */
const KNOWN_OUTPUT: Record<string, string> = {
  sha256: 'sha256: lo=ba7816bf ',
  'u256-mul': 'u256-mul: lo=27055d10 hi=27055d10',
  fib: 'fib: lo=00000000 hi=000cb228',
};

describe.skipIf(!haveLlvm)('guest-cycles kernels (skipped when LLVM 14 is missing: apt-get install llvm-14)', () => {
  for (const kernel of GUEST_KERNELS) {
    test(`${kernel.name}: same output as V8, positive and repeatable cycles per ${kernel.unit}`, async () => {
      const first = await measureKernelCycles(kernel, { cacheDir: null });
      const native = collectingSink();
      expect(runNative(first.wasm, { sink: native.sink })).toEqual({ kind: 'exit', exitCode: 0 });
      expect(first.stdout).toBe(Buffer.from(native.stdout()).toString());
      if (KNOWN_OUTPUT[kernel.name]) expect(first.stdout).toContain(KNOWN_OUTPUT[kernel.name]);

      expect(first.perUnit).toBeGreaterThan(0);
      expect(first.segments[1]).toBeGreaterThan(first.segments[0]);
      // cycles are deterministic: a second run gives the same count to the cycle
      const again = runKernelElf(kernel, first.elf);
      expect(again.segments).toEqual(first.segments);
      if (kernel.anchor) expect(first.perUnit).toBeLessThanOrEqual(kernel.anchor * TARGET_RATIO);
    }, 60_000);
  }
});
