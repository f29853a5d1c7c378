// The Ethereum state tests (../shared/conformance/ethereum-tests), natively: shard 2 of 3 of the
// categories (test/helpers/statetests.ts); each category must reach its floor in
// test/data/statetest-floors.json. Plus a small sample on RISC-V, which must agree with the native
// run. Skipped with a message when ../shared is absent.
import { describe, expect, it } from 'vitest';
import { loadStateTests } from '../oracle/statetest/load';
import { runStateCase } from '../oracle/statetest/run';
import { hasTool } from '../toolchain/llvm';
import { defineStateTestShard, HAVE_STATE_TESTS, STATE_TESTS } from './helpers/statetests';

defineStateTestShard(1, 3);

/** A transfer-like call, an access-list transaction, and a transaction the guest must reject. */
const SAMPLE = /^stExample\/(add11|accessListExample|invalidTr)\[d0,g0,v0\]$/;

describe.skipIf(!HAVE_STATE_TESTS || !hasTool('llc'))('state tests on RISC-V (sample)', () => {
  it('pass, with the same results as natively', async () => {
    const cases = loadStateTests(`${STATE_TESTS}/stExample`, SAMPLE);
    expect(cases.length).toBe(3);
    for (const c of cases) {
      const native = await runStateCase(c, { target: 'native' });
      const riscv = await runStateCase(c, { target: 'riscv' });
      console.log(`statetests riscv ${c.id}: ${riscv.pass ? 'pass' : `FAIL ${riscv.failure}: ${riscv.message}`}; ${riscv.cycles?.toLocaleString('en-US')} cycles`);
      expect(riscv.pass, `${c.id}: ${riscv.failure}: ${riscv.message}`).toBe(native.pass);
      expect(riscv.pass).toBe(true);
      expect([riscv.status, riscv.reason, riscv.gasUsed]).toEqual([native.status, native.reason, native.gasUsed]);
    }
  }, 1_800_000);
});
