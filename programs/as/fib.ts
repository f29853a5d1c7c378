// fib: Fibonacci numbers, iterative (u64) and naively recursive (1.6 million calls for n = 30).
// Bench unit: fib(30), the recursive version.
import { putString, putU64, putByte, flush } from "../../guest/lib/io";

/** fib(n) by the doubly recursive definition: a call-heavy benchmark. */
export function fib(n: u32): u32 {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

/** fib(n) with a loop, exact up to n = 93. */
export function fibIterative(n: u32): u64 {
  let a: u64 = 0;
  let b: u64 = 1;
  for (let i: u32 = 0; i < n; i++) {
    const next = a + b;
    a = b;
    b = next;
  }
  return a;
}

function printLine(label: string, n: u32, value: u64): void {
  putString(label);
  putString("(");
  putU64(n);
  putString(") = ");
  putU64(value);
  putByte(10);
  flush();
}

export function main(): i32 {
  printLine("fib_iterative", 30, fibIterative(30));
  printLine("fib_recursive", 30, fib(30));
  printLine("fib_iterative", 90, fibIterative(90));
  return 0;
}
