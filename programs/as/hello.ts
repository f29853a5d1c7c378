// hello: prints one line and returns 0; the smallest guest, for checking a toolchain end to end.
import { println } from "../../guest/lib/io";

export function main(): i32 {
  println("Hello from AssemblyScript on zkos! ✓");
  return 0;
}
