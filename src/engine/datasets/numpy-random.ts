// numpy's default_rng(seed).permutation(n), bit for bit: SeedSequence → PCG64 (XSL-RR 128/64)
// → Generator.shuffle's Fisher–Yates with masked rejection sampling. `datasets` shuffles and
// splits with exactly this, so the same seed picks the same rows here as in Python.
// Hand-written because no npm package reproduces numpy's SeedSequence + PCG64 streams.

const M32 = 0xffffffff;
const mul32 = (a: number, b: number): number => Math.imul(a, b) >>> 0;

/** numpy.random.SeedSequence(seed).generate_state(nWords) as uint32 words (pool size 4). */
function seedSequenceState(seed: number, nWords: number): number[] {
  const XSHIFT = 16;
  const entropy: number[] = [];
  let rest = BigInt(seed);
  do {
    entropy.push(Number(rest & 0xffffffffn));
    rest >>= 32n;
  } while (rest > 0n);
  let hashA = 0x43b0d7e5;
  const hashmix = (v: number): number => {
    v = (v ^ hashA) >>> 0;
    hashA = mul32(hashA, 0x931e8875);
    v = mul32(v, hashA);
    return (v ^ (v >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (mul32(0xca01f9dd, x) - mul32(0x4973f715, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };
  const pool = [0, 0, 0, 0].map((_, i) => hashmix(i < entropy.length ? entropy[i] : 0));
  for (let src = 0; src < 4; src++) {
    for (let dst = 0; dst < 4; dst++) if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
  }
  for (let src = 4; src < entropy.length; src++) {
    for (let dst = 0; dst < 4; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
  }
  let hashB = 0x8b51f9dd;
  const out: number[] = [];
  for (let i = 0; i < nWords; i++) {
    let v = (pool[i % 4] ^ hashB) >>> 0;
    hashB = mul32(hashB, 0x58f38ded);
    v = mul32(v, hashB);
    out.push((v ^ (v >>> XSHIFT)) >>> 0);
  }
  return out;
}

const MASK128 = (1n << 128n) - 1n;
const MASK64 = (1n << 64n) - 1n;
const PCG_MULT = (2549297995355413924n << 64n) + 4865540595714422341n;

/** numpy's PCG64 bit generator, including its buffered 32-bit draws. */
class Pcg64 {
  private state = 0n;
  private readonly inc: bigint;
  private buffered: number | null = null;

  constructor(seed: number) {
    const w = seedSequenceState(seed, 8);
    // generate_state(4, uint64): little-endian pairs of uint32.
    const u64 = [0, 2, 4, 6].map((i) => (BigInt(w[i + 1]) << 32n) | BigInt(w[i]));
    const initState = (u64[0] << 64n) | u64[1];
    const initSeq = (u64[2] << 64n) | u64[3];
    this.inc = ((initSeq << 1n) | 1n) & MASK128;
    this.step();
    this.state = (this.state + initState) & MASK128;
    this.step();
  }

  private step(): void {
    this.state = (this.state * PCG_MULT + this.inc) & MASK128;
  }

  next64(): bigint {
    this.step();
    const xored = ((this.state >> 64n) ^ this.state) & MASK64;
    const rot = this.state >> 122n;
    return ((xored >> rot) | (xored << ((64n - rot) & 63n))) & MASK64;
  }

  next32(): number {
    if (this.buffered !== null) {
      const v = this.buffered;
      this.buffered = null;
      return v;
    }
    const v = this.next64();
    this.buffered = Number(v >> 32n);
    return Number(v & 0xffffffffn);
  }
}

/** numpy's random_interval: uniform in [0, max] by masked rejection. */
function randomInterval(rng: Pcg64, max: number): number {
  if (max === 0) return 0;
  if (max <= M32) {
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    for (;;) {
      const v = (rng.next32() & mask) >>> 0;
      if (v <= max) return v;
    }
  }
  let mask = BigInt(max);
  for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> s;
  for (;;) {
    const v = rng.next64() & mask;
    if (v <= BigInt(max)) return Number(v);
  }
}

/** np.random.default_rng(seed).permutation(n). */
export function numpyPermutation(n: number, seed: number): Int32Array {
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  const rng = new Pcg64(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i >= 1; i--) {
    const j = randomInterval(rng, i);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** A fresh seed for calls without one, as numpy draws from OS entropy. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
