// Bench entry: SHA-256 compressions with count 1 then 101, between cycle markers (bench/suites/guest-cycles.ts).
import { sha256Blocks } from "../sha256";
import { mark, report } from "./mark";

export function main(): i32 {
  const zero = mark();
  const lo = sha256Blocks(1 + zero);
  mark();
  const hi = sha256Blocks(101 + zero);
  mark();
  report("sha256", <u32>lo, <u32>hi);
  return 0;
}
