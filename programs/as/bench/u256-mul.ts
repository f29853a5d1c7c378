// Bench entry: 256x256-bit multiplies with count 1 then 101, between cycle markers (bench/suites/guest-cycles.ts).
import { u256Mul } from "../u256";
import { mark, report } from "./mark";

export function main(): i32 {
  const zero = mark();
  const lo = u256Mul(1 + zero);
  mark();
  const hi = u256Mul(101 + zero);
  mark();
  report("u256-mul", <u32>lo, <u32>hi);
  return 0;
}
