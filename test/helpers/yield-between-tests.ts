// Set up for every test file (vitest.config.ts setupFiles): after each test, one turn of the event
// loop. Most tests here are synchronous and CPU-bound; between them vitest only awaits promises,
// so a file of them ran without the worker ever reading its IPC channel. A file longer than vitest's
// 60 s RPC timeout (compiler-js-tier.test.ts, 57-65 s on the 2-core CI machine) then failed the run
// with "[vitest-worker]: Timeout calling onTaskUpdate", every test passed: the worker saw the
// timer before the answer that had long arrived. A macrotask between tests lets it read the answer.
import { afterEach } from 'vitest';

afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
