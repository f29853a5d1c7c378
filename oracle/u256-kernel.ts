// The RISC-V runs' u256_op host calls (zk-calls.ts) do their Montgomery products in the native
// runner's WebAssembly kernel (native-accel.ts: 64-bit products, the reduction specific to
// secp256k1's p and n) instead of JavaScript on 24-bit limbs: an ERC-20 block's RISC-V run makes
// ~140,000 of them (`montMul256` and the `mulWideAt` under it lead a CPU profile of that run:
// node --cpu-prof dist/zkos.mjs block programs/blocks/erc20.json --target riscv). The operands are
// copied into a page of the kernel's own and the result back, so the guest's memory needs no
// particular layout. Loaded on request (loadU256Kernel, by the block runner): loading makes the
// kernel's text and reads its binary from the build cache, which a short `zkos run` need not pay;
// until then the JavaScript path runs.
import { U256_CARRY_IN, U256_MODULUS_MASK } from '../toolchain/wasm/abi';
import { u256OpAt } from './accelerators/u256';

/** Word offsets in the kernel's page: a, b, out; m at byte 512 (a modulus address the op word can hold). */
const A = 0;
const B = 8;
const OUT = 16;
const M_BYTE = 512;
const M = M_BYTE / 4;

const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
const words = new Uint32Array(memory.buffer);
let kernel: ((op: number, a: number, b: number, out: number) => number) | undefined;

/** Makes the kernel ready (once); montMulAt uses JavaScript until this has finished. */
export async function loadU256Kernel(): Promise<void> {
  if (kernel !== undefined) return;
  const { instantiateFastAccel } = await import('./native-accel');
  const fast = instantiateFastAccel(memory, {
    // what the kernel does not serve goes to the JavaScript path, on the kernel's page
    u256_op: (op, a, b, out) => u256OpAt(op, words, a >>> 2, b >>> 2, out >>> 2, (op & U256_MODULUS_MASK) >>> 2),
    keccak_f: () => {
      throw new Error('oracle bug: the u256 kernel was asked for keccak_f');
    },
  });
  kernel = fast.u256_op;
}

/** Whether montMulAt runs in WebAssembly (loadU256Kernel finished). */
export const u256KernelLoaded = (): boolean => kernel !== undefined;

/**
 * MONT_MUL (op's low byte) of a = w[aAt..+8] and b = w[bAt..+8] modulo m = w[mAt..+8] into
 * w[outAt..+8], operands checked by the caller (u256OperandError); out may alias a or b. As
 * u256OpAt, in the WebAssembly kernel once it is loaded.
 */
export function montMulAt(op: number, w: Uint32Array, aAt: number, bAt: number, mAt: number, outAt: number): number {
  if (kernel === undefined) return u256OpAt(op, w, aAt, bAt, outAt, mAt);
  for (let i = 0; i < 8; i++) {
    words[A + i] = w[aAt + i];
    words[B + i] = w[bAt + i];
    words[M + i] = w[mAt + i];
  }
  const flag = kernel((op & (0xff | U256_CARRY_IN)) | M_BYTE, 4 * A, 4 * B, 4 * OUT);
  for (let i = 0; i < 8; i++) w[outAt + i] = words[OUT + i];
  return flag;
}
