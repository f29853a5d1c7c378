// The Ethereum state tests (../shared/conformance/ethereum-tests), natively: shard 1 of 3 of the
// categories (test/helpers/statetests.ts, balanced by measured cost); each category must reach its
// floor in test/data/statetest-floors.json. Skipped with a message when ../shared is absent.
import { defineStateTestShard } from './helpers/statetests';

defineStateTestShard(0, 3);
