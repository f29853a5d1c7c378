// oracle/wasm-cache.ts: the native runner's own modules made by binaryen once and then read from the
// build cache: what a second call returns comes from the file, a damaged file is made again, a
// different text is another file, and a cache that cannot be written still gives the binaries.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cacheFile, cachedBinaries, type WasmRecipe } from '../oracle/wasm-cache';

const ADD: WasmRecipe = {
  name: 'test-add',
  text: '(module (func $twice (param i32) (result i32) (i32.add (local.get 0) (local.get 0))) (func (export "f") (param i32) (result i32) (call $twice (local.get 0))))',
  inline: true,
};
/** A different valid module, put in the cache by hand. */
const OTHER = '(module (func (export "f") (param i32) (result i32) (i32.const 7)))';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'zkos-wasm-cache-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const call = (bytes: Uint8Array, x: number) =>
  (new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).exports.f as (x: number) => number)(x);

describe('cachedBinaries', () => {
  test('made once and written to the cache; the next call reads the file', async () => {
    const dir = scratch();
    const [made] = await cachedBinaries([ADD], dir);
    expect(call(made, 21)).toBe(42);
    const file = cacheFile(ADD, dir);
    expect(new Uint8Array(readFileSync(file))).toEqual(made);
    // what the file holds is what the next call returns
    const [other] = await cachedBinaries([{ name: 'test-other', text: OTHER }], scratch());
    writeFileSync(file, other);
    const [read] = await cachedBinaries([ADD], dir);
    expect(call(read, 21)).toBe(7);
  });

  test('a damaged file is made again; another text is another file', async () => {
    const dir = scratch();
    const file = cacheFile(ADD, dir);
    await cachedBinaries([ADD], dir);
    writeFileSync(file, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9]));
    const [again] = await cachedBinaries([ADD], dir);
    expect(call(again, 5)).toBe(10);
    expect(WebAssembly.validate(readFileSync(file))).toBe(true);
    expect(cacheFile({ ...ADD, text: ADD.text + ' ' }, dir)).not.toBe(file);
    expect(cacheFile({ ...ADD, inline: false }, dir)).not.toBe(file);
  });

  test('a cache directory that cannot be made (a file is in the way): the binaries all the same', async () => {
    const blocker = join(scratch(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const dir = join(blocker, 'cache');
    const [made] = await cachedBinaries([ADD], dir);
    expect(call(made, 4)).toBe(8);
    expect(existsSync(cacheFile(ADD, dir))).toBe(false);
  });
});
