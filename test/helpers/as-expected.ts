// Expected stdout and exit code of every programs/as guest, computed here independently of the
// guests and our toolchain (Node's crypto, a reference Keccak, BigInt, plain JS).
import { createHash } from 'node:crypto';
import { keccak256 } from './keccak-ref';

export interface ExpectedRun {
  stdout: string;
  exitCode: number;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
/** the guests' test message: byte i = (i * 31 + 7) & 0xff */
const pattern = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const lines = (...l: string[]): string => l.map((s) => `${s}\n`).join('');

function fib(n: number): bigint {
  let [a, b] = [0n, 1n];
  for (let i = 0; i < n; i++) [a, b] = [b, a + b];
  return a;
}

function sha256Program(): string {
  const sha = (m: Uint8Array) => createHash('sha256').update(m).digest('hex');
  return lines(
    `sha256("") = ${sha(new Uint8Array())}`,
    `sha256("abc") = ${sha(ascii('abc'))}`,
    `sha256(1000 bytes i*31+7) = ${sha(pattern(1000))}`,
  );
}

function keccakProgram(): string {
  return lines(
    `keccak256("") = ${hex(keccak256(new Uint8Array()))}`,
    `keccak256("abc") = ${hex(keccak256(ascii('abc')))}`,
    `keccak256(136 bytes i*31+7) = ${hex(keccak256(pattern(136)))}`,
    `keccak256(1000 bytes i*31+7) = ${hex(keccak256(pattern(1000)))}`,
  );
}

function u256Program(): string {
  const a = 0x0123456789abcdeffedcba98765432100f1e2d3c4b5a69788796a5b4c3d2e1f0n;
  const b = 0xdeadbeefcafebabe0123456789abcdeff0e1d2c3b4a5968778695a4b3c2d1e0fn;
  const p = 2n ** 256n - 2n ** 32n - 977n; // secp256k1 field prime
  const n = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n; // BN254 scalar field
  const pow = (base: bigint, exponent: bigint, m: bigint): bigint => {
    let result = 1n;
    for (base %= m; exponent > 0n; exponent >>= 1n, base = (base * base) % m) if (exponent & 1n) result = (result * base) % m;
    return result;
  };
  const h = (x: bigint, digits = 64) => `0x${x.toString(16).padStart(digits, '0')}`;
  const inverse3 = pow(3n, p - 2n, p);
  return lines(
    `a = ${h(a)}`,
    `b = ${h(b)}`,
    `a * b = ${h(a * b, 128)}`,
    `p = ${h(p)}`,
    `a * b mod p = ${h((a * b) % p)}`,
    `a ^ b mod p = ${h(pow(a, b, p))}`,
    `3 ^ (p - 2) mod p = ${h(inverse3)}`,
    `3 * 3 ^ (p - 2) mod p = ${h((3n * inverse3) % p)}`,
    `n = ${h(n)}`,
    `a * b mod n = ${h((a * b) % n)}`,
    `a ^ b mod n = ${h(pow(a, b, n))}`,
  );
}

function quicksortProgram(): string {
  const values = new Uint32Array(10000);
  let x = 2463534242;
  for (let i = 0; i < values.length; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    values[i] = x;
  }
  const checksum = (v: Uint32Array) => v.reduce((sum, value, i) => (sum + Math.imul(i + 1, value)) >>> 0, 0);
  const before = checksum(values);
  values.sort();
  return lines(
    `checksum before = ${before}`,
    `checksum after = ${checksum(values)}`,
    `min = ${values[0]}`,
    `median = ${values[5000]}`,
    `max = ${values[9999]}`,
    'sorted = yes',
  );
}

/** Sum and count of primes below 10,000, and how many bytecode instructions the guest's program executes. */
function bytecodeProgram(): string {
  const limit = 10000;
  let sum = 0;
  let count = 0;
  // instruction counts of the program's pieces (programs/as/bytecode.ts, assemblePrimes)
  let steps = 6; // initialisation
  for (let n = 2; n < limit; n++) {
    steps += 4 + 2; // loop test, d = 2
    let d = 2;
    let prime = true;
    for (; d * d < n + 1; d++) {
      steps += 8 + 4; // inner test, n % d test
      if (n % d === 0) {
        prime = false;
        break;
      }
      steps += 5; // d += 1; jump
    }
    if (prime) {
      steps += 8 + 8; // the failed inner test, sum and count
      sum += n;
      count++;
    }
    steps += 5; // n += 1; jump
  }
  steps += 4 + 1; // the last loop test, halt
  return lines(`sum of primes below ${limit} = ${sum}`, `primes below ${limit} = ${count}`, `bytecode instructions executed = ${steps}`);
}

export function expectedRuns(): Record<string, ExpectedRun> {
  return {
    hello: { stdout: lines('Hello from AssemblyScript on zkos! ✓'), exitCode: 0 },
    fib: {
      stdout: lines(`fib_iterative(30) = ${fib(30)}`, `fib_recursive(30) = ${fib(30)}`, `fib_iterative(90) = ${fib(90)}`),
      exitCode: 0,
    },
    sha256: { stdout: sha256Program(), exitCode: 0 },
    keccak: { stdout: keccakProgram(), exitCode: 0 },
    u256: { stdout: u256Program(), exitCode: 0 },
    quicksort: { stdout: quicksortProgram(), exitCode: 0 },
    bytecode: { stdout: bytecodeProgram(), exitCode: 0 },
  };
}
