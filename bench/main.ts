// The benchmark harness (`npm run bench` / `make bench`): runs the registered suites and prints
// each figure with the command that reproduces it. Ratios are measured side by side in one run.
import '../cli/v8-flags';
import '../cli/tuning-env';
import { parseArgs } from 'node:util';
import type { Figure, Suite } from './suite';
import { guestCyclesSuite } from './suites/guest-cycles';
import { hostCallsSuite } from './suites/host-calls';
import { compilerSuite } from './suites/compiler';
import { interpreterSuite } from './suites/interpreter';
import { traceSuite } from './suites/trace';
import { blockSuite } from './suites/block';
import { steadySuite } from './suites/steady';

const SUITES: readonly Suite[] = [interpreterSuite, guestCyclesSuite, compilerSuite, traceSuite, hostCallsSuite, blockSuite, steadySuite];

const { values } = parseArgs({
  options: {
    suite: { type: 'string' },
    only: { type: 'string' },
    runs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const s of SUITES) console.log(`${s.name.padEnd(14)} ${s.description}`);
  process.exit(0);
}
const chosen = SUITES.filter((s) => !values.suite || s.name === values.suite);
if (chosen.length === 0) {
  console.error(`bench: no suite '${values.suite}'; suites: ${SUITES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const runs = Math.max(1, Number(values.runs));
const results: { suite: string; figures: Figure[] }[] = [];
for (const suite of chosen) {
  if (!values.json) console.log(`\n## ${suite.name}: ${suite.description}`);
  let figures: Figure[];
  try {
    figures = await suite.run({ only: values.only, runs });
  } catch (e) {
    // A suite that cannot measure (e.g. the guest OS does not run blocks yet) says why; the others go on.
    console.error(`bench: suite ${suite.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
    continue;
  }
  results.push({ suite: suite.name, figures });
  if (values.json) continue;
  for (const f of figures) {
    console.log(`${f.label.padEnd(44)} ${f.value.toFixed(f.value < 10 ? 2 : 0).padStart(9)} ${f.unit}${f.detail ? `  (${f.detail})` : ''}`);
    console.log(`${''.padEnd(44)} reproduce: ${f.reproduce}`);
  }
}
if (values.json) console.log(JSON.stringify({ runs, results }, null, 2));
else console.log(`\nmedian of ${runs} runs after a warm-up, one process; all suites: npm run bench (or make bench); --list for suites`);
