// quicksort: sorts 10,000 pseudo-random u32 (xorshift32) in place with quicksort (median of three,
// insertion sort below 16 elements) and prints a checksum, the extremes and whether it is sorted.
import { putString, putU32, putByte, flush } from "../../guest/lib/io";

const COUNT: i32 = 10000;
const SEED: u32 = 2463534242;
const SMALL: i32 = 16;

/** Fills `values` with xorshift32 (13, 17, 5) outputs starting from SEED. */
function fillRandom(values: StaticArray<u32>): void {
  let x = SEED;
  for (let i = 0; i < values.length; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    unchecked((values[i] = x));
  }
}

function insertionSort(v: StaticArray<u32>, lo: i32, hi: i32): void {
  for (let i = lo + 1; i <= hi; i++) {
    const x = unchecked(v[i]);
    let j = i - 1;
    while (j >= lo && unchecked(v[j]) > x) {
      unchecked((v[j + 1] = v[j]));
      j--;
    }
    unchecked((v[j + 1] = x));
  }
}

/** Sorts v[lo..hi] (inclusive): Hoare partition around a median-of-three pivot; recurses on the smaller side. */
function quicksort(v: StaticArray<u32>, lo: i32, hi: i32): void {
  while (hi - lo >= SMALL) {
    const mid = lo + ((hi - lo) >> 1);
    let a = unchecked(v[lo]), b = unchecked(v[mid]), c = unchecked(v[hi]);
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo - 1;
    let j = hi + 1;
    while (true) {
      do i++; while (unchecked(v[i]) < pivot);
      do j--; while (unchecked(v[j]) > pivot);
      if (i >= j) break;
      const t = unchecked(v[i]);
      unchecked((v[i] = v[j]));
      unchecked((v[j] = t));
    }
    if (j - lo < hi - j) {
      quicksort(v, lo, j);
      lo = j + 1;
    } else {
      quicksort(v, j + 1, hi);
      hi = j;
    }
  }
  insertionSort(v, lo, hi);
}

/** sum over i of (i + 1) * v[i], mod 2^32: depends on the order */
function checksum(v: StaticArray<u32>): u32 {
  let sum: u32 = 0;
  for (let i = 0; i < v.length; i++) sum += <u32>(i + 1) * unchecked(v[i]);
  return sum;
}

function isSorted(v: StaticArray<u32>): bool {
  for (let i = 1; i < v.length; i++) if (unchecked(v[i - 1]) > unchecked(v[i])) return false;
  return true;
}

function printLine(label: string, value: u32): void {
  putString(label);
  putString(" = ");
  putU32(value);
  putByte(10);
  flush();
}

export function main(): i32 {
  const values = new StaticArray<u32>(COUNT);
  fillRandom(values);
  printLine("checksum before", checksum(values));
  quicksort(values, 0, COUNT - 1);
  printLine("checksum after", checksum(values));
  printLine("min", values[0]);
  printLine("median", values[COUNT / 2]);
  printLine("max", values[COUNT - 1]);
  const sorted = isSorted(values);
  putString("sorted = ");
  putString(sorted ? "yes" : "no");
  putByte(10);
  flush();
  return sorted ? 0 : 1;
}
