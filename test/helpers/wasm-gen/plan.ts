// Shared vocabulary of the random WebAssembly generator: value types, signatures, the module plan
// (functions, globals, table, memory layout), hazard profiles and edge-biased constants.
import type { Rng } from '../random-program';

export type ValType = 'i32' | 'i64';
export type BodyType = ValType | 'none';

export interface Signature {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly result: BodyType;
}

export interface FunctionDecl {
  readonly name: string;
  readonly sig: Signature;
  /** a leaf makes no calls (so it needs no fuel check); every other function spends one unit of fuel per call */
  readonly leaf: boolean;
}

/** Per-site probabilities of emitting code that may trap (0 everywhere in a clean program). */
export interface Hazards {
  readonly div: number; // raw divisors biased to 0 / -1 (traps 2/3)
  readonly memory: number; // accesses at random, boundary or huge-offset addresses (trap 4)
  readonly table: number; // call_indirect with a random index or another signature (traps 5/6)
  readonly unreachable: number; // an `unreachable` statement (trap 1)
  readonly exit: number; // a zkos.exit call in the middle of the program
}

const NONE: Hazards = { div: 0, memory: 0, table: 0, unreachable: 0, exit: 0 };

export const PROFILES: Readonly<Record<string, Hazards>> = {
  clean: NONE,
  div: { ...NONE, div: 0.3 },
  memory: { ...NONE, memory: 0.06 },
  table: { ...NONE, table: 0.3 },
  unreachable: { ...NONE, unreachable: 0.04 },
  exit: { ...NONE, exit: 0.04 },
  mixed: { div: 0.03, memory: 0.01, table: 0.06, unreachable: 0.01, exit: 0.01 },
};

/** Which profile a program gets, as weights (clean programs test the arithmetic to the end). */
export const PROFILE_WEIGHTS: readonly [string, number][] = [
  ['clean', 35], ['div', 13], ['memory', 13], ['table', 13], ['unreachable', 9], ['exit', 5], ['mixed', 12],
];

/** Fixed addresses in linear memory. */
export const LAYOUT = {
  /** random in-bounds accesses use addresses masked into [0, DATA_BYTES) (plus small offsets) */
  DATA_BYTES: 512,
  /** where main stores its checksum before writing it out */
  SCRATCH: 640,
  /** word k holds k: table indices that opt cannot see as constants */
  SLOTS: 1024,
} as const;

export interface ModulePlan {
  readonly rng: Rng;
  readonly hazards: Hazards;
  readonly memoryBytes: number;
  readonly signatures: readonly Signature[];
  /** the non-main functions */
  readonly functions: readonly FunctionDecl[];
  readonly globals: readonly { readonly name: string; readonly type: ValType; readonly mutable: boolean }[];
  /** function index (into functions) per table slot, null for an empty slot */
  readonly table: readonly (number | null)[];
  /** how often each instruction was emitted (coverage statistics) */
  readonly features: Map<string, number>;
}

const EDGE: Record<ValType, readonly bigint[]> = {
  i32: [0n, 1n, -1n, 2n, 3n, 7n, 8n, 15n, 16n, 31n, 32n, 33n, 63n, 64n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x7fffn, 0x8000n, 0xffffn,
    0x7fffffffn, -0x80000000n, -0x7fffffffn, -2n, 0x12345678n, -0x55555556n],
  i64: [0n, 1n, -1n, 2n, 3n, 7n, 31n, 32n, 33n, 63n, 64n, 65n, 0x80n, 0xffn, 0x8000n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn,
    0x100000000n, -0x80000000n, -0x100000000n, 0x7fffffffffffffffn, -0x8000000000000000n, -0x7fffffffffffffffn, -2n,
    0x123456789abcdef0n, -0x0123456789abcdefn],
};

/** The most negative value: a dividend that overflows div_s by -1. */
export const INT_MIN: Record<ValType, bigint> = { i32: -0x80000000n, i64: -0x8000000000000000n };

/** A constant biased to edge values; otherwise small or fully random. */
export function randomConstant(rng: Rng, type: ValType): bigint {
  const r = rng.below(10);
  if (r < 6) return rng.pick(EDGE[type]);
  if (r < 8) return BigInt(rng.below(200)) - 100n;
  const low = BigInt(rng.next());
  return type === 'i32' ? BigInt.asIntN(32, low) : BigInt.asIntN(64, (BigInt(rng.next()) << 32n) | low);
}

export function constText(type: ValType, value: bigint): string {
  return `(${type}.const ${type === 'i32' ? BigInt.asIntN(32, value) : BigInt.asIntN(64, value)})`;
}

/** Picks one of `options` with probability proportional to its weight (weights may be 0). */
export function weighted<T>(rng: Rng, options: readonly (readonly [number, T])[]): T {
  const total = options.reduce((sum, [w]) => sum + w, 0);
  let at = (rng.next() / 2 ** 32) * total;
  for (const [w, value] of options) {
    if (at < w) return value;
    at -= w;
  }
  return options.find(([w]) => w > 0)![1];
}

export function note(plan: ModulePlan, feature: string): void {
  plan.features.set(feature, (plan.features.get(feature) ?? 0) + 1);
}
