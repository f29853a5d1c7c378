// The ecall ABI as the translator emits it: the host writes a0 after every ecall that returns, so code
// after a void host call must not rely on a0 still holding its argument. Checked on a guest whose
// optimised code used the pointer in a0 after keccak_f: RISC-V and native must both give keccak256.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, test } from 'vitest';
import { recordNative, recordRiscv } from '../oracle/diff';
import { OracleSession } from '../oracle/session';
import { buildGuest } from '../toolchain/build';
import { hasTool } from '../toolchain/llvm';

const haveLlvm = hasTool('llc') && hasTool('opt');

describe.skipIf(!haveLlvm)('ecall ABI', () => {
  test('a void host call does not keep its argument in a0 (streaming keccak256 after keccak_f)', async () => {
    const { wasm, elf } = await buildGuest('programs/as/tests/ecall-clobber.ts');
    const expected = Array.from(new Uint32Array(keccak_256(Uint8Array.from({ length: 140 }, (_, i) => i)).buffer));
    const native = new OracleSession();
    recordNative(wasm, { oracle: native });
    const riscv = new OracleSession();
    recordRiscv(elf, { oracle: riscv });
    expect(native.publicOutput).toEqual(expected);
    expect(riscv.publicOutput).toEqual(expected);
  }, 120_000);
});
