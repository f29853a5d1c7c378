// The bootloader's transaction code and precompiles on both targets: the input is a raw signed
// transaction. Prints the decode/recovery reason, the sender and the intrinsic gas, then SHA-256 and
// RIPEMD-160 (through runPrecompile) of the first n bytes of a fixed 300-byte pattern for several n.
// test/precompiles.test.ts compares the output with @noble and the two targets with each other.
import { inputRead, inputSize } from "../../../guest/lib/oracle";
import { putHexBytes, putString, putByte, putU32, putU64, flush } from "../../../guest/lib/io";
import { decodeTransaction } from "../../../guest/bootloader/tx/decode";
import { recoverSender } from "../../../guest/bootloader/tx/sender";
import { intrinsicGas } from "../../../guest/bootloader/tx/intrinsic";
import { Transaction } from "../../../guest/bootloader/tx/transaction";
import { OK } from "../../../guest/bootloader/tx/reasons";
import { runPrecompile } from "../../../guest/bootloader/hooks/index";
import { addressToBytes } from "../../../guest/common/word";
import { setU64 } from "../../../guest/common/u256";

const IN: usize = memory.data(4096, 16);
const ADDR: usize = memory.data(20, 16);
const LENGTHS: StaticArray<u32> = [0, 3, 55, 56, 64, 119, 300];

export function main(): i32 {
  const size = inputSize();
  if (size > 4096) return 1;
  inputRead(0, (size + 3) >> 2, IN);
  const raw = new Uint8Array(<i32>size);
  memory.copy(raw.dataStart, IN, size);
  const tx = new Transaction();
  let reason = decodeTransaction(raw, tx);
  if (reason == OK) reason = recoverSender(tx);
  addressToBytes(ADDR, tx.sender);
  putString("tx ");
  putU32(reason);
  putByte(32);
  putHexBytes(ADDR, 20);
  putByte(32);
  putU64(reason == OK ? intrinsicGas(tx) : 0);
  putByte(10);
  flush();
  const data = new Uint8Array(300);
  for (let i = 0; i < 300; i++) data[i] = <u8>(i * 131 + 7);
  const addr = heap.alloc(32);
  for (let p: u64 = 2; p <= 3; p++) {
    setU64(addr, p);
    for (let k = 0; k < LENGTHS.length; k++) {
      const n = LENGTHS[k];
      const r = runPrecompile(addr, data.subarray(0, <i32>n), 1_000_000);
      putString(p == 2 ? "sha256 " : "ripemd160 ");
      putU32(n);
      putByte(32);
      putHexBytes(r.returnData.dataStart, <usize>r.returnData.length);
      putByte(32);
      putU64(r.gasLeft);
      putByte(10);
      flush();
    }
  }
  return 0;
}
