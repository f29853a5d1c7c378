// guest/common on both targets: input = mode (u32) then hash, r, s (32 bytes each), v (u32), a, b
// (32 bytes each). Mode 0 prints keccak256 of 1 KiB, the recovered address, a*b, a/b, a%b, a*b mod
// (a+b); modes 1-6 run one operation (for cycle counts): keccak 1 KiB, ecrecover, nothing, 100×mul,
// 100×div, 100×mulmod. Mode 7 reads a count (u32, word 42) and that many signatures (hash, r, s: 32
// bytes each, v: u32; 25 words each) from word 43 on and prints each recovered address ("sig <hex>" or
// "sig none").
import { inputRead } from "../../../guest/lib/oracle";
import { putHexBytes, putString, putByte, flush } from "../../../guest/lib/io";
import * as U from "../../../guest/common/u256";
import { keccak256 } from "../../../guest/common/keccak256";
import { ecrecover } from "../../../guest/common/secp256k1";

const IN: usize = memory.data(256, 16);
const DATA: usize = memory.data(1024, 16);
const OUT: usize = memory.data(64, 16);
const A: usize = memory.data(32, 16);
const B: usize = memory.data(32, 16);
const C: usize = memory.data(32, 16);
const BE: usize = memory.data(32, 16);
const SIG: usize = memory.data(100, 16);

function line(label: string, p: usize, len: usize): void {
  putString(label);
  putHexBytes(p, len);
  putByte(10);
  flush();
}

function u256Line(label: string, p: usize): void {
  U.toBytesBE(BE, p);
  line(label, BE, 32);
}

export function main(): i32 {
  inputRead(0, 42, IN);
  const mode = load<u32>(IN);
  const hash = IN + 4;
  const r = IN + 36;
  const s = IN + 68;
  const v = load<u32>(IN + 100);
  U.fromBytesBE(A, IN + 104);
  U.fromBytesBE(B, IN + 136);
  for (let i: u32 = 0; i < 1024; i++) store<u8>(DATA + i, <u8>(i * 7 + 3));
  if (mode == 0 || mode == 1) keccak256(DATA, 1024, OUT);
  if (mode == 0) line("keccak ", OUT, 32);
  if (mode == 0 || mode == 2) {
    const ok = ecrecover(hash, v, r, s, OUT);
    if (mode == 0) {
      if (ok) line("address ", OUT, 20);
      else line("address none", OUT, 0);
    }
  }
  if (mode == 0) {
    U.mul(C, A, B);
    u256Line("mul ", C);
    U.div(C, A, B);
    u256Line("div ", C);
    U.mod(C, A, B);
    u256Line("mod ", C);
    U.add(C, A, B);
    U.mulmod(C, A, B, C);
    u256Line("mulmod ", C);
  }
  if (mode == 7) {
    inputRead(42, 1, SIG);
    const count = load<u32>(SIG);
    for (let i: u32 = 0; i < count; i++) {
      inputRead(43 + i * 25, 25, SIG);
      if (ecrecover(SIG, load<u32>(SIG + 96), SIG + 32, SIG + 64, OUT)) line("sig ", OUT, 20);
      else line("sig none", OUT, 0);
    }
  }
  if (mode == 4) for (let i = 0; i < 100; i++) U.mul(C, A, B);
  if (mode == 5) for (let i = 0; i < 100; i++) U.div(C, A, B);
  if (mode == 6) for (let i = 0; i < 100; i++) U.mulmod(C, A, B, A);
  return 0;
}
