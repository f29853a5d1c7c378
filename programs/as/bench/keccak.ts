// Bench entry: keccak-f[1600] permutations with count 1 then 101, between cycle markers (bench/suites/guest-cycles.ts).
import { keccakF } from "../keccak";
import { mark, report } from "./mark";

export function main(): i32 {
  const zero = mark();
  const lo = keccakF(1 + zero);
  mark();
  const hi = keccakF(101 + zero);
  mark();
  report("keccak", <u32>lo, <u32>hi);
  return 0;
}
