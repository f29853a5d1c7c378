// Loads Ethereum state tests (../shared/conformance/ethereum-tests/SOURCE.md): a file or a folder of
// files `{ testName: { env, pre, transaction, post } }`, expanded into one case per `post.Cancun`
// entry, each turned into a one-transaction block (the signed `txbytes`) with the test's pre-state.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { blockFromJson, BlockFormatError, FieldReader, type Block } from '../block/format';

export const FORK = 'Cancun';

export interface StateTestCase {
  /** "<category>/<testName>[d0,g1,v0]" (or with #n when indexes repeat) */
  readonly id: string;
  /** the test's folder relative to GeneralStateTests (e.g. "stExample", "VMTests/vmArithmeticTest") */
  readonly category: string;
  readonly file: string;
  readonly testName: string;
  readonly indexes: { readonly data: number; readonly gas: number; readonly value: number };
  readonly block: Block;
  /** the expected state root and logs hash (32 bytes, 0x-hex) */
  readonly hash: string;
  readonly logs: string;
  /** the exception the filler expects (the transaction must be rejected) */
  readonly expectException?: string;
}

/** A state-test file cannot be used: names the file and what is wrong. */
export class StateTestFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateTestFormatError';
  }
}

/** Every .json file under `path` (or `path` itself), sorted. */
export function stateTestFiles(path: string): string[] {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new StateTestFormatError(`${path}: no such file or folder`);
  if (st.isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) out.push(p);
    }
  };
  walk(path);
  return out;
}

/** The category of a test file: its folder below GeneralStateTests, else the folder's name. */
export function categoryOf(file: string): string {
  const parts = dirname(file).split(sep);
  const at = parts.lastIndexOf('GeneralStateTests');
  if (at >= 0 && at < parts.length - 1) return parts.slice(at + 1).join('/');
  return basename(dirname(file));
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The cases of one test file (for FORK); `filter` (on the case id) drops cases before their block is built. */
export function loadStateTestFile(file: string, filter?: RegExp, category = categoryOf(file)): StateTestCase[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StateTestFormatError(`${file}: ${(e as Error).message}`);
  }
  if (!isObject(data)) throw new StateTestFormatError(`${file}: expected an object of tests`);
  const cases: StateTestCase[] = [];
  for (const [testName, test] of Object.entries(data)) {
    const where = `${file}: ${testName}`;
    if (!isObject(test) || !isObject(test.env) || !isObject(test.pre) || !isObject(test.post)) {
      throw new StateTestFormatError(`${where}: expected env, pre and post objects`);
    }
    const post = test.post[FORK];
    if (post === undefined) continue;
    if (!Array.isArray(post)) throw new StateTestFormatError(`${where}: post.${FORK} is not an array`);
    const env = test.env;
    const seen = new Map<string, number>();
    let base: Block | undefined;
    post.forEach((c: unknown, i) => {
      if (!isObject(c) || !isObject(c.indexes) || typeof c.txbytes !== 'string' || typeof c.hash !== 'string' || typeof c.logs !== 'string') {
        throw new StateTestFormatError(`${where}: post.${FORK}[${i}]: expected indexes, hash, logs and txbytes`);
      }
      const indexes = { data: Number(c.indexes.data), gas: Number(c.indexes.gas), value: Number(c.indexes.value) };
      const key = `d${indexes.data},g${indexes.gas},v${indexes.value}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const id = `${category}/${testName}[${key}${n ? `#${n}` : ''}]`;
      if (filter && !filter.test(id)) return;
      base ??= blockOf(env, test.pre as Json, where);
      let transactions: Uint8Array[];
      try {
        transactions = [new FieldReader(where).bytes(c.txbytes, `post.${FORK}[${i}].txbytes`)];
      } catch (e) {
        if (e instanceof BlockFormatError) throw new StateTestFormatError(e.message);
        throw e;
      }
      cases.push({
        id,
        category,
        file,
        testName,
        indexes,
        block: { ...base, transactions },
        hash: c.hash.toLowerCase(),
        logs: c.logs.toLowerCase(),
        ...(typeof c.expectException === 'string' ? { expectException: c.expectException } : {}),
      });
    });
  }
  return cases;
}

/** The block-file object of a test's env (context) and pre-state. */
function blockJson(env: Json, pre: Json): Json {
  return {
    context: {
      number: env.currentNumber,
      timestamp: env.currentTimestamp,
      coinbase: env.currentCoinbase,
      gasLimit: env.currentGasLimit,
      baseFee: env.currentBaseFee ?? '0x00',
      chainId: '1',
      prevrandao: env.currentRandom ?? env.currentDifficulty,
      excessBlobGas: env.currentExcessBlobGas ?? '0x00',
      parentHash: '0x' + '00'.repeat(32),
    },
    transactions: [],
    pre,
  };
}

function blockOf(env: Json, pre: Json, where: string): Block {
  try {
    return blockFromJson(blockJson(env, pre), where);
  } catch (e) {
    if (e instanceof BlockFormatError) throw new StateTestFormatError(e.message.replace(/context\./, 'env: '));
    throw e;
  }
}

/** Every case under `path` (a file or folder), optionally filtered by a regular expression on the id. */
export function loadStateTests(path: string, filter?: RegExp): StateTestCase[] {
  return stateTestFiles(path).flatMap((f) => loadStateTestFile(f, filter));
}

