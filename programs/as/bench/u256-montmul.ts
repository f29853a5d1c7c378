// Bench entry: Montgomery multiplies mod p with count 1 then 101, between cycle markers (bench/suites/guest-cycles.ts).
import { u256MontMul } from "../u256";
import { mark, report } from "./mark";

export function main(): i32 {
  const zero = mark();
  const lo = u256MontMul(1 + zero);
  mark();
  const hi = u256MontMul(101 + zero);
  mark();
  report("u256-montmul", <u32>lo, <u32>hi);
  return 0;
}
