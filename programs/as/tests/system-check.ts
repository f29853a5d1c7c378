// Test guest for guest/system on both targets: one scripted block over the fixture of
// test/guest-system.test.ts (transfers, storage, frames with reverts, logs, a deployment, an EIP-6780
// self-destruct, EIP-161 touches, heap.reset between transactions), ending with finishBlock. The test
// compares the native and RISC-V runs call by call and checks the reports and the digest.
import * as S from "../../../guest/system/system";
import { newWord } from "../../../guest/common/word";
import { setU64 } from "../../../guest/common/u256";
import { putString, putHexBytes, flush, putU32 } from "../../../guest/lib/io";
import { arenaUsed } from "../../../guest/system/arena";

function addr(tag: u32, low: u32): usize {
  const w = newWord();
  store<u32>(w, low);
  store<u32>(w + 16, tag);
  return w;
}
function num(v: u64): usize {
  const w = newWord();
  setU64(w, v);
  return w;
}
function show(label: string, w: usize): void {
  putString(label);
  putString(" ");
  putHexBytes(w, 32);
  flush();
}

export function main(): i32 {
  S.initBlock();
  const count: u32 = 24;
  for (let n: u32 = 0; n < count; n++) {
    const A = addr(0x010000aa, 1);
    const B = addr(0x020000bb, 2);
    const C = addr(0x030000cc, 3);
    const EMPTY = addr(0x0e0000ee, 0x0e);
    const NEW = addr(0x09000011, 9 + n);
    S.beginTransaction(A, num(1), new Uint8Array(0));
    S.warmAccount(A);
    S.transfer(A, B, num(1 + n));
    S.startFrame();
    S.sstore(B, num(n & 3), num(100 + n));
    const topics = newWord();
    setU64(topics, n);
    S.emitLog(B, topics, 1, new Uint8Array(<i32>n));
    S.startFrame();
    S.sstore(B, num(9), num(n));
    S.tstore(B, num(1), num(n));
    S.finishFrame(true);
    S.finishFrame(n % 3 == 0);
    if (n == 1) {
      S.startFrame();
      S.markCreated(NEW);
      S.setNonce(NEW, 1);
      const code = new Uint8Array(40);
      for (let i = 0; i < 40; i++) code[i] = <u8>(i * 3);
      S.setCode(NEW, code);
      S.sstore(NEW, num(4), num(44));
      S.transfer(A, NEW, num(10));
      S.finishFrame(false);
      S.touch(EMPTY);
    }
    if (n == 2) {
      S.markCreated(NEW);
      S.addBalance(NEW, num(7));
      S.sstore(NEW, num(1), num(1));
      S.selfDestruct(NEW, C);
    }
    const code = S.getCode(B);
    putString("tx ");
    putU32(n);
    putString(" code ");
    putU32(<u32>code.length);
    flush();
    S.reportTransaction(n, n == 5 ? 0 : 1, 0, 21000 + <u64>n, n == 1 ? NEW : 0);
    S.endTransaction();
    heap.reset();
  }
  const w = newWord();
  S.getBalance(addr(0x020000bb, 2), w);
  show("balance B", w);
  putString("region ");
  putU32(<u32>arenaUsed());
  flush();
  S.finishBlock(count, 21000 * <u64>count);
  return 0;
}
