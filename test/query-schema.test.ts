// The query schema is defined once (oracle/schema/queries.ts): the guest's constants
// (guest/lib/queries.ts, rendered from it) and the accelerator op codes must agree with the host's.
// Regenerate guest/lib/queries.ts with: ZKOS_UPDATE=1 npx vitest run test/query-schema.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { GUEST_QUERIES_FILE, renderGuestQueries } from '../oracle/schema/guest-queries';
import { QUERIES } from '../oracle/schema/queries';
import { U256_CARRY_IN, U256_MODULUS_MASK, U256_OP } from '../toolchain/wasm/abi';

describe('query schema', () => {
  test(`${GUEST_QUERIES_FILE} is rendered from oracle/schema/queries.ts`, () => {
    if (process.env.ZKOS_UPDATE) writeFileSync(GUEST_QUERIES_FILE, renderGuestQueries());
    expect(readFileSync(GUEST_QUERIES_FILE, 'utf8'), 'out of date: ZKOS_UPDATE=1 npx vitest run test/query-schema.test.ts').toBe(renderGuestQueries());
  });

  test('ids and names are unique, ids are non-zero u32', () => {
    expect(new Set(QUERIES.map((q) => q.id)).size).toBe(QUERIES.length);
    expect(new Set(QUERIES.map((q) => q.name)).size).toBe(QUERIES.length);
    for (const q of QUERIES) expect(q.id > 0 && q.id <= 0xffffffff).toBe(true);
  });

  test('guest/lib/accel.ts has the u256 op codes of abi.ts', () => {
    const source = readFileSync('guest/lib/accel.ts', 'utf8');
    const guest = Object.fromEntries([...source.matchAll(/export const U256_(\w+): u32 = (0x[0-9a-f]+|\d+);/g)].map((m) => [m[1], Number(m[2])]));
    expect(guest).toEqual({ ...U256_OP, CARRY_IN: U256_CARRY_IN });
  });

  test("guest/lib/accel.ts puts the modulus address in abi.ts's U256_MODULUS_MASK bits", () => {
    const source = readFileSync('guest/lib/accel.ts', 'utf8');
    const mask = /const MODULUS_BITS: u32 = (0x[0-9a-f]+);/.exec(source);
    expect(mask, 'guest/lib/accel.ts defines MODULUS_BITS').not.toBeNull();
    expect(Number(mask![1])).toBe(U256_MODULUS_MASK);
  });
});
