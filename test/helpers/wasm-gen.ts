// Seeded random integer WebAssembly programs for differential testing of the translator: one seed
// gives one module (text and binary), valid and accepted by checkModule, that always terminates.
import binaryen from 'binaryen';
import { moduleText, planModule } from './wasm-gen/module';
import { PROFILE_WEIGHTS, PROFILES, weighted } from './wasm-gen/plan';
import { Rng } from './random-program';

export interface GeneratedProgram {
  readonly seed: number;
  /** which hazards the program may hit (a key of PROFILES) */
  readonly profile: string;
  /** declared memory (initial = maximum), what the build must be told */
  readonly memoryPages: number;
  /** no access can be out of bounds (no memory hazard): the build may omit bounds checks */
  readonly memorySafe: boolean;
  readonly wat: string;
  readonly wasm: Uint8Array;
  /** instruction (or construct) → how many times the generator emitted it */
  readonly features: ReadonlyMap<string, number>;
}

/** Assembles WebAssembly text into a binary (MVP + sign extension + bulk memory, as zkos accepts). */
export function assembleWat(wat: string): Uint8Array {
  const module = binaryen.parseText(wat);
  try {
    module.setFeatures(binaryen.Features.MVP | binaryen.Features.SignExt | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt);
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

/** murmur3's finaliser: neighbouring seeds start the xorshift generator far apart. */
function mixSeed(seed: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The program of `seed` (deterministic: same seed, same module). */
export function generateProgram(seed: number): GeneratedProgram {
  const rng = new Rng(mixSeed(seed));
  for (let k = 0; k < 4; k++) rng.next();
  const profile = weighted(rng, PROFILE_WEIGHTS.map(([name, weight]) => [weight, name] as const));
  const memoryPages = 1 + rng.below(4);
  const plan = planModule(rng, PROFILES[profile]!, memoryPages);
  const fuel = 8 + rng.below(120);
  const wat = `;; zkos wasm-fuzz seed ${seed}, profile ${profile}\n` + moduleText(plan, memoryPages, fuel);
  return { seed, profile, memoryPages, memorySafe: PROFILES[profile]!.memory === 0, wat, wasm: assembleWat(wat), features: plan.features };
}
