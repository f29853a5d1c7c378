// The oracle functions (query, answer_read, commit) on the bindings' fast path (no call log:
// oracle/zk-calls.ts queryCall, answerReadCall, commitCall) against the logged, generic path: the
// same values, faults, guest memory, tape and public output for the same calls, through both
// bindings; and the block handlers' address key (words.ts addressAt) against its BigInt form, readAddress.
import { describe, expect, test } from 'vitest';
import { addressAt, readAddress } from '../oracle/block/words';
import { standardQueries } from '../oracle/handlers';
import { OracleSession } from '../oracle/session';
import { rng } from './helpers/rng';
import { Binding, MEMORY_BYTES, type BindingName } from './helpers/zk-bindings';

const BYTES = MEMORY_BYTES;
const INPUT = Uint8Array.from({ length: 37 }, (_, i) => (i * 29 + 7) & 0xff);

/** A fresh memory and live oracle with calls through binding `kind`, with or without a call log. */
const setup = (kind: BindingName, logged: boolean) => new Binding(kind, new OracleSession({ kind: 'live', queries: standardQueries({ input: INPUT }) }), logged);

/** A run of oracle calls, good and bad: input queries, reads in parts, commits, and each fault. */
function script(): [string, number[]][] {
  const gen = rng(0x6f7261636c65n);
  const calls: [string, number[]][] = [];
  for (let round = 0; round < 30; round++) {
    calls.push(['query', [1, 0x100, 0]]); // input length
    calls.push(['answer_read', [0x200, 1 + gen.int(3)]]);
    calls.push(['query', [2, gen.int(2) ? 0x180 : 0x188, 2]]); // input words: all, or 4 from word 3
    calls.push(['answer_read', [0x300 + 4 * gen.int(16), gen.int(6)]]);
    calls.push(['answer_read', [0x400, 100]]);
    calls.push(['answer_read', [0x400, 100]]); // nothing left
    calls.push(['commit', [0x200, gen.int(4)]]);
  }
  calls.push(
    ['query', [1, 0x102, 0]], // misaligned payload
    ['query', [1, BYTES - 4, 2]], // payload past the end
    ['query', [1, 0x100, 1 << 20]], // too many words
    ['query', [0xdead, 0x100, 0]], // unknown id
    ['query', [1, 0x100, 3]], // malformed payload
    ['query', [2, 0x190, 2]], // words outside the input
    ['query', [2, 0x180, 2]],
    ['answer_read', [0x1fe, 1]], // misaligned
    ['answer_read', [BYTES, 1]], // outside memory
    ['answer_read', [0x1fe, 0]],
    ['answer_read', [-4, 2]], // a "negative" pointer is a huge one
    ['commit', [0xfff8, 3]],
    ['commit', [0x202, 1]],
    ['commit', [0x200, 1 << 20]],
    ['commit', [0x200, 0]],
  );
  return calls;
}

describe.each(['ecall', 'wasm'] as const)('oracle functions through the %s binding: fast path = logged path', (kind) => {
  test('values, faults, memory, tape and public output', () => {
    const fast = setup(kind, false);
    const logged = setup(kind, true);
    for (const s of [fast, logged]) {
      for (let i = 0; i < 64; i++) s.memory[0x100 + i] = (i * 13) & 0xff;
      const view = new DataView(s.memory.buffer, s.memory.byteOffset);
      [0, 10, 3, 4, 8, 5].forEach((w, i) => view.setUint32(0x180 + 4 * i, w, true));
    }
    let faults = 0;
    for (const [name, args] of script()) {
      const want = logged.invoke(name, ...args);
      if (want.error) faults++;
      const got = fast.invoke(name, ...args);
      expect(got, `${name}(${args.join(', ')})`).toEqual(want);
    }
    expect(faults).toBe(13);
    expect(logged.log.length, 'the logged binding took the generic path').toBeGreaterThan(100);
    expect(fast.log.length, 'the other took the fast path (no log)').toBe(0);
    expect(Buffer.from(fast.memory).equals(Buffer.from(logged.memory))).toBe(true);
    expect(fast.oracle.tape).toEqual(logged.oracle.tape);
    expect(fast.oracle.publicOutput).toEqual(logged.oracle.publicOutput);
    expect(fast.oracle.publicOutput.length).toBeGreaterThan(10);
  });
});

test('addressAt (the account query key) = readAddress on random and edge words', () => {
  const gen = rng(0x61646472n);
  const edges = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1, 0x0000ff00];
  for (let i = 0; i < 2000; i++) {
    const words = Array.from({ length: 7 }, () => (gen.int(3) === 0 ? edges[gen.int(edges.length)]! : Number(gen.next64() & 0xffffffffn)));
    const at = gen.int(3);
    expect(addressAt(words, at)).toBe(readAddress(words, at));
    expect(addressAt(Uint32Array.from(words), at)).toBe(readAddress(Uint32Array.from(words), at));
  }
});
