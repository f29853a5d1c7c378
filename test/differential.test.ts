// The fast interpreter against the reference interpreter, instruction by instruction, on seeded
// random programs: same pc, registers, traps, exit, cycle counts and memory.
import { describe, expect, test } from 'vitest';
import { collectingSink, standardEcalls } from '../emulator/ecall';
import { run } from '../emulator/interpreter';
import { Machine } from '../emulator/machine';
import { stepReference } from '../emulator/reference';
import type { RunResult } from '../emulator/trap';
import { programMachine } from './helpers/machine';
import { randomProgram, Rng, type RandomProgram } from './helpers/random-program';

const MEMORY = 64 * 1024;
const BASE = 0x1000;

const machineFor = (p: RandomProgram): Machine => programMachine(p, MEMORY);

const hex = (n: number) => '0x' + (n >>> 0).toString(16);

/** Runs both interpreters one instruction at a time; returns the number of steps compared. */
function lockstep(p: RandomProgram, maxSteps: number, label: string): { steps: number; end: RunResult['kind'] | 'running' } {
  const fast = machineFor(p);
  const ref = machineFor(p);
  const fastOut = collectingSink();
  const refOut = collectingSink();
  const fastHost = standardEcalls(fastOut.sink);
  const refHost = standardEcalls(refOut.sink);
  for (let step = 0; step < maxSteps; step++) {
    const before = hex(fast.pc);
    const a = run(fast, fastHost, fast.cycles + 1);
    const b = stepReference(ref, refHost);
    const where = `${label}, step ${step}, pc ${before}`;
    expect(fast.pc, where).toBe(ref.pc);
    expect(fast.cycles, where).toBe(ref.cycles);
    expect(Array.from(fast.regs), where).toEqual(Array.from(ref.regs));
    if (b.kind === 'retired') {
      expect(a.kind, where).toBe('cycle-limit');
      continue;
    }
    expect(a, where).toEqual(b);
    expect(Buffer.compare(fast.memory.u8, ref.memory.u8), `${where}: memory`).toBe(0);
    expect(fastOut.stdout(), where).toEqual(refOut.stdout());
    return { steps: step + 1, end: b.kind };
  }
  expect(Buffer.compare(fast.memory.u8, ref.memory.u8), `${label}: memory`).toBe(0);
  return { steps: maxSteps, end: 'running' };
}

describe('fast interpreter = reference interpreter on random programs', () => {
  test('2,000 random programs in lockstep (fixed seeds)', () => {
    const ends = new Map<string, number>();
    let steps = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const program = randomProgram(new Rng(seed), 256, BASE, MEMORY);
      const r = lockstep(program, 400, `seed ${seed}`);
      steps += r.steps;
      ends.set(r.end, (ends.get(r.end) ?? 0) + 1);
    }
    // The generator must reach every way a run can end, or the comparison proves little.
    expect(ends.get('trap') ?? 0).toBeGreaterThan(500);
    expect(ends.get('exit') ?? 0).toBeGreaterThan(0);
    expect(steps).toBeGreaterThan(30_000);
  });

  test('whole runs agree with lockstep runs (the cycle limit does not change results)', () => {
    for (let seed = 5000; seed < 5200; seed++) {
      const program = randomProgram(new Rng(seed), 256, BASE, MEMORY);
      const whole = machineFor(program);
      const stepped = machineFor(program);
      const sinkA = collectingSink();
      const sinkB = collectingSink();
      const hostA = standardEcalls(sinkA.sink);
      const hostB = standardEcalls(sinkB.sink);
      const a = run(whole, hostA, 500);
      let b: RunResult;
      do b = run(stepped, hostB, Math.min(500, stepped.cycles + 1 + (seed % 7)));
      while (b.kind === 'cycle-limit' && stepped.cycles < 500);
      expect(a, `seed ${seed}`).toEqual(b);
      expect(Array.from(whole.regs), `seed ${seed}`).toEqual(Array.from(stepped.regs));
      expect(whole.pc, `seed ${seed}`).toBe(stepped.pc);
    }
  });
});
