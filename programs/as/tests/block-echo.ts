// block-echo: a stand-in for the guest OS that speaks the block protocol (docs/guest-os.md) without
// an EVM, to test the host side (oracle/block/) end to end. It reads block_metadata and every
// transaction; a transaction of even length is rejected (MALFORMED), one of odd length "succeeds"
// with 21,000 gas and one log (address: the coinbase, topic: keccak256 of the tx, data: the tx);
// then it reports the coinbase's account with balance + 1, report_block, and commits the block
// number and the keccak256 digest of every report payload, as finishBlock does.
import { commit, query, readAnswer } from "../../../guest/lib/oracle";
import { keccak256 } from "../../../guest/common/keccak256";
import {
  QUERY_ACCOUNT_PROPERTIES, QUERY_BLOCK_METADATA, QUERY_NEXT_TRANSACTION, QUERY_REPORT_ACCOUNT,
  QUERY_REPORT_BLOCK, QUERY_REPORT_LOG, QUERY_REPORT_TRANSACTION,
} from "../../../guest/lib/queries";

const META: usize = memory.data(45 * 4, 16);
const TX: usize = memory.data((1 << 16) * 4 + 16, 16);
const PAYLOAD: usize = memory.data((1 << 16) * 4 + 256, 16);
const ACCOUNT: usize = memory.data(20 * 4, 16);
const OUT: usize = memory.data(10 * 4, 16);
const NONE: usize = memory.data(16, 16);

// every report payload, in order, hashed once at the end (a block of this guest is small)
const LOG_BYTES: usize = 1 << 20;
const LOG: usize = memory.data(<i32>LOG_BYTES, 16);
let logged: usize = 0;

/** Sends report `id` with `words` payload words at PAYLOAD and appends them to the digest's input. */
function report(id: u32, words: u32): void {
  query(id, PAYLOAD, words);
  const n = <usize>words << 2;
  if (logged + n > LOG_BYTES) unreachable();
  memory.copy(LOG + logged, PAYLOAD, n);
  logged += n;
}

export function main(): i32 {
  query(QUERY_BLOCK_METADATA, NONE, 0);
  readAnswer(META, 45);
  // the coinbase: words 4..8 of the metadata
  query(QUERY_ACCOUNT_PROPERTIES, META + 16, 5);
  readAnswer(ACCOUNT, 20);

  let count: u32 = 0;
  let gas: u64 = 0;
  while (true) {
    const words = query(QUERY_NEXT_TRANSACTION, NONE, 0);
    readAnswer(TX, words);
    const length = load<u32>(TX);
    if (length == 0) break;
    const bytes = TX + 4;
    memory.fill(PAYLOAD, 0, 40);
    store<u32>(PAYLOAD, count);
    if ((length & 1) == 0) {
      store<u32>(PAYLOAD, 2, 4); // rejected
      store<u32>(PAYLOAD, 1, 8); // MALFORMED
      report(QUERY_REPORT_TRANSACTION, 10);
    } else {
      store<u32>(PAYLOAD, 1, 4); // succeeded
      store<u32>(PAYLOAD, 21000, 12);
      report(QUERY_REPORT_TRANSACTION, 10);
      gas += 21000;
      // report_log: index, address (the coinbase), 1 topic, topics, data
      memory.fill(PAYLOAD, 0, 160);
      store<u32>(PAYLOAD, count);
      memory.copy(PAYLOAD + 4, META + 16, 20);
      store<u32>(PAYLOAD, 1, 24);
      keccak256(bytes, length, PAYLOAD + 28);
      store<u32>(PAYLOAD, length, 156);
      memory.fill(PAYLOAD + 160, 0, ((length + 3) & ~3));
      memory.copy(PAYLOAD + 160, bytes, length);
      report(QUERY_REPORT_LOG, 40 + ((length + 3) >> 2));
    }
    count++;
  }

  // report_account: the coinbase with balance + 1 (flags 0)
  memory.copy(PAYLOAD, META + 16, 20);
  store<u32>(PAYLOAD, 0, 20);
  memory.copy(PAYLOAD + 24, ACCOUNT + 4, 8); // nonce
  let carry: u64 = 1;
  for (let i: usize = 0; i < 8; i++) {
    const sum: u64 = <u64>load<u32>(ACCOUNT + 12 + (i << 2)) + carry;
    store<u32>(PAYLOAD + 32 + (i << 2), <u32>sum);
    carry = sum >> 32;
  }
  memory.copy(PAYLOAD + 64, ACCOUNT + 44, 32); // code hash
  report(QUERY_REPORT_ACCOUNT, 24);

  store<u32>(PAYLOAD, count);
  store<u64>(PAYLOAD + 4, gas);
  report(QUERY_REPORT_BLOCK, 3);

  memory.copy(OUT, META, 8); // block number
  keccak256(LOG, logged, OUT + 8);
  commit(OUT, 10);
  return 0;
}
