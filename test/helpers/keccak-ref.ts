// A deliberately plain Keccak-256 (BigInt lanes, FIPS 202 step by step) used only to compute
// expected outputs independently of the AssemblyScript guest.
const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, n: number): bigint => (n === 0 ? x : ((x << BigInt(n)) | (x >> BigInt(64 - n))) & MASK);

/** rc(t) of FIPS 202 (Algorithm 5), on an array of bits exactly as written there. */
function rcBit(t: number): bigint {
  if (t % 255 === 0) return 1n;
  let r = [1, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 1; i <= t % 255; i++) {
    r = [0, ...r];
    r[0] ^= r[8]!;
    r[4] ^= r[8]!;
    r[5] ^= r[8]!;
    r[6] ^= r[8]!;
    r = r.slice(0, 8);
  }
  return BigInt(r[0]!);
}

/** keccak-f[1600] in place on 25 lanes (index x + 5y). */
export function permute(a: bigint[]): void {
  for (let round = 0; round < 24; round++) {
    // theta
    const c = [0, 1, 2, 3, 4].map((x) => a[x]! ^ a[x + 5]! ^ a[x + 10]! ^ a[x + 15]! ^ a[x + 20]!);
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1);
      for (let y = 0; y < 5; y++) a[x + 5 * y] = a[x + 5 * y]! ^ d;
    }
    // rho and pi
    const b: bigint[] = new Array(25).fill(0n);
    let [x, y] = [1, 0];
    b[0] = a[0]!;
    for (let t = 0; t < 24; t++) {
      const [nx, ny] = [y, (2 * x + 3 * y) % 5];
      b[nx + 5 * ny] = rotl(a[x + 5 * y]!, (((t + 1) * (t + 2)) / 2) % 64);
      [x, y] = [nx, ny];
    }
    // chi
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) a[x + 5 * y] = b[x + 5 * y]! ^ (~b[((x + 1) % 5) + 5 * y]! & MASK & b[((x + 2) % 5) + 5 * y]!);
    }
    // iota
    let rc = 0n;
    for (let j = 0; j <= 6; j++) rc |= rcBit(j + 7 * round) << BigInt((1 << j) - 1);
    a[0] = a[0]! ^ rc;
  }
}

/** Keccak-256 as Ethereum uses it (multi-rate padding 0x01 ... 0x80, not SHA3's 0x06). */
export function keccak256(message: Uint8Array): Uint8Array {
  const rate = 136;
  const padded = new Uint8Array(Math.floor(message.length / rate + 1) * rate);
  padded.set(message);
  padded[message.length]! ^= 0x01;
  padded[padded.length - 1]! ^= 0x80;
  const state: bigint[] = new Array(25).fill(0n);
  for (let offset = 0; offset < padded.length; offset += rate) {
    for (let i = 0; i < rate / 8; i++) {
      let lane = 0n;
      for (let k = 7; k >= 0; k--) lane = (lane << 8n) | BigInt(padded[offset + 8 * i + k]!);
      state[i] = state[i]! ^ lane;
    }
    permute(state);
  }
  const digest = new Uint8Array(32);
  for (let i = 0; i < 32; i++) digest[i] = Number((state[i >> 3]! >> BigInt(8 * (i & 7))) & 0xffn);
  return digest;
}
