// Test runner configuration: every suite lives under test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one turn of the event loop after each test (see the file): keeps vitest's worker RPC alive
    setupFiles: ['test/helpers/yield-between-tests.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // vitest's default on a 2-core machine is one fork; the suites are CPU-bound and mostly
    // single-threaded, so two forks cut the wall time there (fresh-clone `make test`: 8.3 -> 5.5 min)
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
  },
});
