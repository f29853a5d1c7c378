// The end of a transaction (EIP-6780 destructions, EIP-161 deletion of touched empty accounts, the
// block-level "changed" marks) and the end of the block: report_account / report_storage /
// report_code for everything the block changed, report_block, then the public output (block number
// and the digest of every report).
import {
  accountCount, acc, isEmptyEntry, EMPTY_CODE_HASH, A_ADDR, A_BAL, A_HASH, A_NONCE, A_FLAGS, A_CODELEN,
  A_CODEPTR, A_TOUCH, A_CREATED, A_DESTRUCT, F_EXISTS, F_INIT_EXISTS, F_CODE_LOADED, F_DIRTY, F_STORAGE_RESET,
  F_CODE_DEPLOYED, F_EVER_EXISTED, F_CODE_ON_HEAP,
} from "./accounts";
import { slotCount, slot, clearAccountStorage, S_ADDR, S_KEY, S_CUR, S_INIT, S_ACCOUNT } from "./storage";
import { tx, txId } from "./tx-state";
import { sendReport } from "./oracle-io";
import { arenaAlloc } from "./arena";
import { digestFinish } from "./digest";
import { QUERY_REPORT_ACCOUNT, QUERY_REPORT_STORAGE, QUERY_REPORT_CODE, QUERY_REPORT_BLOCK } from "../lib/queries";
import { commit } from "../lib/oracle";
import { isZero, eq } from "../common/u256";

/** Deletes account entry `i`: properties, code and storage (it may be created again later in the block). */
function deleteAccount(i: u32): void {
  clearAccountStorage(i);
  const e = acc(i);
  memory.fill(e + A_BAL, 0, 32);
  memory.copy(e + A_HASH, EMPTY_CODE_HASH, 32);
  store<u64>(e + A_NONCE, 0);
  store<u32>(e + A_CODELEN, 0);
  store<u32>(e + A_CODEPTR, 0);
  const f = load<u32>(e + A_FLAGS);
  store<u32>(e + A_FLAGS, ((f & ~(F_EXISTS | F_CODE_DEPLOYED | F_CODE_ON_HEAP)) | F_CODE_LOADED | F_STORAGE_RESET | F_DIRTY));
}

/** Sweeps the accounts the transaction listed: 6780 destructions, 161 deletions, changed marks. */
export function sweepTransaction(): void {
  const listed = tx().listed;
  for (let n: u32 = 0; n < listed.len; n += 4) {
    const i = load<u32>(listed.ptr + n);
    const e = acc(i);
    const destructed = load<u32>(e + A_DESTRUCT) == txId;
    const touched = load<u32>(e + A_TOUCH) == txId;
    const created = load<u32>(e + A_CREATED) == txId;
    if (!destructed && !touched && !created) continue; // every mark was reverted
    let f = load<u32>(e + A_FLAGS);
    if (destructed || (touched && (f & F_EXISTS) != 0 && isEmptyEntry(e))) {
      deleteAccount(i);
      continue;
    }
    f |= F_DIRTY;
    if (f & F_CODE_ON_HEAP) {
      // code deployed in this transaction: into the block region (the heap is about to be reset)
      const len = load<u32>(e + A_CODELEN);
      const p = arenaAlloc(len);
      memory.copy(p, <usize>load<u32>(e + A_CODEPTR), len);
      store<u32>(e + A_CODEPTR, <u32>p);
      f &= ~F_CODE_ON_HEAP;
    }
    if (f & F_EXISTS) {
      f |= F_EVER_EXISTED;
      if (created) f |= F_STORAGE_RESET;
    }
    store<u32>(e + A_FLAGS, f);
  }
}

const PAY: usize = memory.data(128, 16);
const OUT: usize = memory.data(64, 16);

/** Reports the block's changes and totals and commits the public output (block number, digest). */
export function reportBlock(blockNumber: u64, transactionCount: u32, gasUsed: u64): void {
  const accounts = accountCount();
  for (let i: u32 = 0; i < accounts; i++) {
    const e = acc(i);
    const f = load<u32>(e + A_FLAGS);
    if ((f & F_DIRTY) == 0) continue;
    memory.fill(PAY, 0, 96);
    memory.copy(PAY, e + A_ADDR, 20);
    if ((f & F_EXISTS) == 0) {
      if ((f & (F_INIT_EXISTS | F_EVER_EXISTED)) == 0) continue; // never existed: nothing to tell
      store<u32>(PAY, 3, 20); // deleted, storage reset
      memory.copy(PAY + 64, EMPTY_CODE_HASH, 32);
    } else {
      store<u32>(PAY, (f & F_STORAGE_RESET) ? 2 : 0, 20);
      store<u64>(PAY, load<u64>(e + A_NONCE), 24);
      memory.copy(PAY + 32, e + A_BAL, 32);
      memory.copy(PAY + 64, e + A_HASH, 32);
    }
    sendReport(QUERY_REPORT_ACCOUNT, PAY, 24);
  }
  const slots = slotCount();
  for (let n: u32 = 0; n < slots; n++) {
    const s = slot(n);
    const f = load<u32>(acc(load<u32>(s + S_ACCOUNT)) + A_FLAGS);
    if ((f & F_EXISTS) == 0) continue;
    const changed = (f & F_STORAGE_RESET) ? !isZero(s + S_CUR) : !eq(s + S_CUR, s + S_INIT);
    if (!changed) continue;
    memory.copy(PAY, s + S_ADDR, 20);
    memory.copy(PAY + 20, s + S_KEY, 32);
    memory.copy(PAY + 52, s + S_CUR, 32);
    sendReport(QUERY_REPORT_STORAGE, PAY, 21);
  }
  for (let i: u32 = 0; i < accounts; i++) {
    const e = acc(i);
    const f = load<u32>(e + A_FLAGS);
    if ((f & (F_EXISTS | F_CODE_DEPLOYED)) != (F_EXISTS | F_CODE_DEPLOYED)) continue;
    const len = load<u32>(e + A_CODELEN);
    if (len == 0) continue; // empty code: the host knows its hash
    const words = 9 + ((len + 3) >> 2);
    const p = heap.alloc(<usize>words << 2);
    memory.fill(p, 0, <usize>words << 2);
    memory.copy(p, e + A_HASH, 32);
    store<u32>(p, len, 32);
    memory.copy(p + 36, <usize>load<u32>(e + A_CODEPTR), len);
    sendReport(QUERY_REPORT_CODE, p, words);
  }
  store<u32>(PAY, transactionCount);
  store<u64>(PAY + 4, gasUsed);
  sendReport(QUERY_REPORT_BLOCK, PAY, 3);
  store<u64>(OUT, blockNumber);
  digestFinish(OUT + 8);
  commit(OUT, 10);
}


/**
 * The debug check of docs/guest-os.md "Memory discipline": how many account entries hold a pointer
 * into the heap (code not yet moved to the block region). 0 between transactions.
 */
export function heapPointersInBlockState(): u32 {
  const heapBase = __heap_base;
  let n: u32 = 0;
  const accounts = accountCount();
  for (let i: u32 = 0; i < accounts; i++) {
    const e = acc(i);
    const ptr = <usize>load<u32>(e + A_CODEPTR);
    if ((load<u32>(e + A_FLAGS) & F_CODE_ON_HEAP) != 0 || ptr >= heapBase) n++;
  }
  return n;
}
