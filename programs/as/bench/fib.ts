// Bench entry: fib(0) then fib(30) (recursive), between cycle markers (bench/suites/guest-cycles.ts).
import { fib } from "../fib";
import { mark, report } from "./mark";

export function main(): i32 {
  const zero = mark();
  const lo = fib(0 + zero);
  mark();
  const hi = fib(30 + zero);
  mark();
  report("fib", <u32>lo, <u32>hi);
  return 0;
}
