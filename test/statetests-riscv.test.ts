// The whole state-test dev set on RISC-V — a long run, behind a flag:
//   ZKOS_STATETESTS_RISCV=1 npx vitest run test/statetests-riscv.test.ts   (or: make statetests-riscv)
// Every case runs on both targets; the RISC-V result must equal the native one (pass, status, reason,
// gas), except where the case reaches the cycle limit (ZKOS_STATETESTS_MAX_CYCLES, default 10^9),
// which is reported and counted. Skipped, with this reason, in the default test run: the dev set takes
// far longer on the emulator than CI's 10 minutes (the default run covers a RISC-V sample in
// test/statetests.test.ts).
import { describe, expect, it } from 'vitest';
import { runStateCase } from '../oracle/statetest/run';
import { loadStateTestFile } from '../oracle/statetest/load';
import { hasTool } from '../toolchain/llvm';
import { HAVE_STATE_TESTS, stateTestCategories } from './helpers/statetests';

const ENABLED = process.env.ZKOS_STATETESTS_RISCV === '1';
const MAX_CYCLES = Number(process.env.ZKOS_STATETESTS_MAX_CYCLES ?? 1e9);

describe.skipIf(!ENABLED || !HAVE_STATE_TESTS || !hasTool('llc'))('state tests on RISC-V, whole dev set (ZKOS_STATETESTS_RISCV=1; skipped by default: 12.5 minutes of emulation on 2 cores, over the default test budget)', () => {
  for (const category of HAVE_STATE_TESTS ? stateTestCategories() : []) {
    it(category.name, async () => {
      let same = 0;
      let cycleLimit = 0;
      const differ: string[] = [];
      for (const file of category.files) {
        for (const c of loadStateTestFile(file)) {
          const native = await runStateCase(c, { target: 'native' });
          const riscv = await runStateCase(c, { target: 'riscv', maxCycles: MAX_CYCLES });
          await new Promise((resolve) => setImmediate(resolve));
          if (riscv.failure === 'cycle limit') cycleLimit++;
          else if (riscv.pass === native.pass && riscv.status === native.status && riscv.reason === native.reason && riscv.gasUsed === native.gasUsed) same++;
          else differ.push(`${c.id}: native ${native.pass ? 'pass' : native.failure}, riscv ${riscv.pass ? 'pass' : `${riscv.failure}: ${riscv.message}`}`);
        }
      }
      console.log(`statetests riscv ${category.name}: ${same} same as native, ${cycleLimit} at the cycle limit, ${differ.length} differ`);
      expect(differ).toEqual([]);
    }, 24 * 3600_000);
  }
});
