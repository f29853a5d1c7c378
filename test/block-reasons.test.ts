// The rejection reasons agree in all three places: docs/guest-os.md's table (the source), the host's
// oracle/block/reasons.ts and the guest's guest/bootloader/tx/reasons.ts.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reasonName, REJECTION_REASONS } from '../oracle/block/reasons';

function docTable(): Map<number, string> {
  const text = readFileSync('docs/guest-os.md', 'utf8');
  const table = new Map<number, string>();
  for (const [, code, name] of text.matchAll(/\|\s*(\d+)\s*\|\s*`([A-Z_0-9]+)`/g)) table.set(Number(code), name);
  return new Map([...table].sort((a, b) => a[0] - b[0]));
}

const GUEST = 'guest/bootloader/tx/reasons.ts';

describe('rejection reasons', () => {
  it('the host table is the table of docs/guest-os.md', () => {
    const doc = docTable();
    expect(doc.size).toBe(18);
    expect(new Map(Object.entries(REJECTION_REASONS).map(([k, v]) => [Number(k), v]))).toEqual(doc);
    expect(reasonName(8)).toBe('INSUFFICIENT_FUNDS');
    expect(reasonName(99)).toBe('UNKNOWN_REASON_99');
  });

  it.skipIf(!existsSync(GUEST))('the guest constants are the same codes', () => {
    const guest = new Map<number, string>();
    for (const [, name, code] of readFileSync(GUEST, 'utf8').matchAll(/export const ([A-Z_0-9]+): u32 = (\d+);/g)) {
      if (name !== 'OK' && !name.startsWith('MAX_')) guest.set(Number(code), name); // OK = 0 and MAX_REASON are not reasons
    }
    expect([...guest].sort((a, b) => a[0] - b[0])).toEqual([...docTable()]);
  });
});
