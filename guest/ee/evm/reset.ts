// Per-transaction state of the EVM that lives outside frames (the shared stack region, the memory
// buffer pool, the jumpdest cache): reset by the runner at the start of each top-level call or
// deployment, since the heap they point into is reset between transactions.
import { resetStackRegion } from './stack';
import { resetMemoryPool } from './memory';
import { resetJumpdestCache } from './jumpdest';

export function beginEvmTransaction(): void {
  resetStackRegion();
  resetMemoryPool();
  resetJumpdestCache();
}
