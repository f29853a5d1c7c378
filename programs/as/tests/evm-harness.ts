// EVM test harness (test/evm.test.ts): runs one call or deployment through the runner
// (guest/bootloader/runner.ts) on the pre-state served by the oracle's account/storage/bytecode
// queries, then prints the outcome so the test can compare it with @ethereumjs/evm.
//
// Input (the run's input bytes): mode u32 (0 call, 1 deploy), gas u64 (2 u32 LE), data length u32,
// slot count u32, then 32-byte big-endian fields caller, to (the callee, or the new contract's
// address for a deployment), value, gas price, then the call data / init code (zero-padded to 4
// bytes), then `slot count` pairs (address, key) of 32-byte big-endian words to read afterwards.
// Output (stdout): "R <success 0/1> <gas left> <refund counter>\n", "D <return data hex>\n", then one
// "S <value hex>\n" per requested slot. The logs go out through the system's report_log queries.
import { inputRead, inputSize } from '../../../guest/lib/oracle';
import { flush, putByte, putHexBytes, putString, putU32, putU64 } from '../../../guest/lib/io';
import * as sys from '../../../guest/system/system';
import { runCall, runDeploy } from '../../../guest/bootloader/runner';
import { CallRequest, DeployRequest, MODIFIER_CALL } from '../../../guest/ee/interface';
import { fromBytesBE, setU64, toBytesBE } from '../../../guest/common/u256';
import { newWord } from '../../../guest/common/word';

function word(p: usize): usize {
  const w = newWord();
  fromBytesBE(w, p);
  return w;
}

export function main(): i32 {
  const size = inputSize();
  const buf = heap.alloc(((<usize>size + 3) & ~3) + 4);
  inputRead(0, (size + 3) >> 2, buf);
  const mode = load<u32>(buf);
  const gas = load<u64>(buf + 4);
  const dataLen = load<u32>(buf + 12);
  const slots = load<u32>(buf + 16);
  const caller = word(buf + 20);
  const to = word(buf + 52);
  const value = word(buf + 84);
  const gasPrice = word(buf + 116);
  const data = new Uint8Array(<i32>dataLen);
  memory.copy(data.dataStart, buf + 148, dataLen);
  const slotBase = buf + 148 + ((<usize>dataLen + 3) & ~3);

  sys.initBlock();
  sys.beginTransaction(caller, gasPrice, new Uint8Array(0));
  sys.warmAccount(caller);
  sys.warmAccount(to);
  const cb = newWord();
  sys.coinbase(cb);
  sys.warmAccount(cb);
  for (let i: u64 = 1; i <= 10; i++) {
    const p = newWord();
    setU64(p, i);
    sys.warmAccount(p);
  }

  let success = false;
  let gasLeft: u64 = 0;
  let ret = new Uint8Array(0);
  if (mode == 0) {
    const req = new CallRequest();
    req.modifier = MODIFIER_CALL;
    req.caller = caller;
    req.callee = to;
    req.codeAddress = to;
    req.value = value;
    req.transfersValue = true;
    req.calldata = data;
    req.gas = gas;
    const r = runCall(req);
    success = r.success;
    gasLeft = r.gasLeft;
    ret = r.returnData;
  } else {
    const req = new DeployRequest();
    req.deployer = caller;
    req.value = value;
    req.initCode = data;
    req.gas = gas;
    req.address = to;
    const r = runDeploy(req);
    success = r.success;
    gasLeft = r.gasLeft;
    ret = r.returnData;
  }
  // report_transaction, and report_log for each log of a successful run (the test collects them)
  sys.reportTransaction(0, success ? 1 : 0, 0, gas - gasLeft, mode == 1 && success ? to : 0);
  putString('R ');
  putU32(success ? 1 : 0);
  putByte(32);
  putU64(gasLeft);
  putByte(32);
  const refund = sys.refundCounter();
  if (refund < 0) putByte(45);
  putU64(<u64>(refund < 0 ? -refund : refund));
  putString('\nD ');
  putHexBytes(ret.dataStart, <usize>ret.length);
  putByte(10);
  const out = newWord();
  const tmp = heap.alloc(32);
  for (let i: u32 = 0; i < slots; i++) {
    const addr = word(slotBase + <usize>i * 64);
    const key = word(slotBase + <usize>i * 64 + 32);
    sys.sload(addr, key, out);
    toBytesBE(tmp, out);
    putString('S ');
    putHexBytes(tmp, 32);
    putByte(10);
  }
  flush();
  return 0;
}
