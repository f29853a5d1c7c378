// Native accelerator check: an ecrecover and a 256-bit exponentiation, thousands of u256_op calls.
// Input: hash, r, s (32 bytes each), v (u32 LE), base, exponent (32 bytes each, little-endian
// limbs). Prints the recovered address and base^exponent mod 2^256 in hex.
import { inputRead } from "../../../guest/lib/oracle";
import { putHexBytes, putString, putByte, flush } from "../../../guest/lib/io";
import { exp, toBytesBE } from "../../../guest/common/u256";
import { ecrecover } from "../../../guest/common/secp256k1";

const IN: usize = memory.data(176, 16);
const OUT: usize = memory.data(32, 16);
const BE: usize = memory.data(32, 16);

export function main(): i32 {
  inputRead(0, 44, IN);
  putString(ecrecover(IN, load<u32>(IN + 96), IN + 32, IN + 64, OUT) ? "address " : "failed ");
  putHexBytes(OUT, 20);
  putByte(10);
  exp(OUT, IN + 100, IN + 132);
  toBytesBE(BE, OUT);
  putString("exp ");
  putHexBytes(BE, 32);
  putByte(10);
  flush();
  return 0;
}
