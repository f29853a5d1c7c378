// 256-bit integer arithmetic as pure functions on 8-word little-endian operands (word 0 least
// significant). Shared by the oracle's u256_op accelerator and Airbender's bigint delegation.

/** A 256-bit result and the bit that fell out of it (carry, borrow, or "high half not zero"). */
export interface U256WithFlag {
  readonly out: Uint32Array;
  readonly flag: 0 | 1;
}

/** a + sign·b + sign·carryIn over 8 words: sign 1 adds (flag = carry out), -1 subtracts (flag = borrow out). */
function addSigned(a: ArrayLike<number>, b: ArrayLike<number>, carryIn: number, sign: 1 | -1): U256WithFlag {
  const out = new Uint32Array(8);
  let carry = sign * carryIn;
  for (let i = 0; i < 8; i++) {
    const sum = (a[i] >>> 0) + sign * (b[i] >>> 0) + carry;
    out[i] = sum >>> 0;
    carry = Math.floor(sum / 2 ** 32);
  }
  return { out, flag: carry === 0 ? 0 : 1 };
}

/** (a + b + carryIn) mod 2^256 and the carry out. */
export const addWithCarry = (a: ArrayLike<number>, b: ArrayLike<number>, carryIn: number): U256WithFlag => addSigned(a, b, carryIn, 1);

/** (a - b - borrowIn) mod 2^256 and the borrow out. */
export const subWithBorrow = (a: ArrayLike<number>, b: ArrayLike<number>, borrowIn: number): U256WithFlag => addSigned(a, b, borrowIn, -1);

const MASK16 = 0xffff;

/** The 512-bit product as 16 words, computed on 16-bit limbs (column sums stay below 2^53). */
export function mulWide(a: ArrayLike<number>, b: ArrayLike<number>): Uint32Array {
  const limbs = (x: ArrayLike<number>) => Array.from({ length: 16 }, (_, i) => (x[i >> 1] >>> ((i & 1) * 16)) & MASK16);
  const [x, y] = [limbs(a), limbs(b)];
  const columns = new Array<number>(32).fill(0);
  for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) columns[i + j] += x[i] * y[j];
  const words = new Uint32Array(16);
  let carry = 0;
  for (let k = 0; k < 32; k++) {
    const column = columns[k] + carry;
    const limb = column % 65536;
    carry = (column - limb) / 65536;
    words[k >> 1] |= limb << ((k & 1) * 16);
  }
  return words;
}

/** The low or high 256 bits of a·b; flag = 1 when the high half is not zero. */
export function mulHalf(a: ArrayLike<number>, b: ArrayLike<number>, half: 'lo' | 'hi'): U256WithFlag {
  const p = mulWide(a, b);
  const high = p.slice(8, 16);
  return { out: half === 'lo' ? p.slice(0, 8) : high, flag: high.some((w) => w !== 0) ? 1 : 0 };
}

/** -1, 0 or 1 as a is below, equal to or above b (unsigned). */
export function compareU256(a: ArrayLike<number>, b: ArrayLike<number>): -1 | 0 | 1 {
  for (let i = 7; i >= 0; i--) if (a[i] >>> 0 !== b[i] >>> 0) return a[i] >>> 0 < b[i] >>> 0 ? -1 : 1;
  return 0;
}
