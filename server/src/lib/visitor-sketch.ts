// Distinct visitors over any range, from per-hour and per-day sketches: distinct counts are not
// additive, so the sketches are HyperLogLog (Flajolet et al. 2007) with HLL++'s sparse idea: a
// sketch stays an exact set of 53-bit hashes while small, and becomes 2^12 registers (standard error
// 1.04/√4096 ≈ 1.6 %) once it would be larger than them. Small sites and short ranges are therefore
// counted exactly (up to a 53-bit hash collision); large ones within a few percent.

export const SKETCH_PRECISION = 12;
const M = 1 << SKETCH_PRECISION;
/** How many registers a dense sketch has. */
export const REGISTERS = M;
/** A sparse sketch of this many hashes takes as many bytes as the dense registers. */
const SPARSE_MAX = M / 8;
/** What `merge` is given when its result is stored: stored sketches turn dense past SPARSE_MAX. */
export const STORED_EXACT_MAX = SPARSE_MAX;
/** While merging for a read, an exact union is kept up to this size before turning dense. */
export const MERGE_EXACT_MAX = 50_000;
const SPARSE = 0;
const DENSE = 1;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** cyrb53 (bryc, public domain): a fast, well-mixed 53-bit string hash, exact in a double. */
export function hashVisitor(key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A hash's register: its low 12 bits (`>>> 0` keeps an integer's low 32 bits exactly). */
export const registerIndex = (hash: number): number => (hash >>> 0) & (M - 1);

/**
 * A hash's rank: the position of the first 1 bit in its other 41 bits, counted from the top (42 when
 * they are all 0). Integer operations on the two 32-bit halves, as reads rank every hash of a union
 * past the exact limit.
 */
export function registerRank(hash: number): number {
  const hi = Math.floor(hash / 4294967296);
  return hi > 0 ? Math.clz32(hi) - 10 : Math.clz32((hash >>> 0) >>> 12) + 10;
}

/** 2^-v for every rank a register can hold (0–42): the estimate sums 4,096 of them per sketch. */
const INVERSE_POWERS = Float64Array.from({ length: 64 }, (_, v) => 2 ** -v);

/** The HyperLogLog estimate of dense registers. */
export function estimateRegisters(registers: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    const v = registers[i]!;
    sum += INVERSE_POWERS[v]!;
    if (v === 0) zeros += 1;
  }
  const raw = (ALPHA * M * M) / sum;
  // Small-range correction (linear counting); 53-bit hashes need no large-range correction.
  return Math.round(raw <= 2.5 * M && zeros > 0 ? M * Math.log(M / zeros) : raw);
}

export class VisitorSketch {
  private exact: Set<number> | undefined = new Set();
  private registers: Uint8Array | undefined;

  static decode(buf: Uint8Array | null | undefined): VisitorSketch {
    const s = new VisitorSketch();
    if (!buf || buf.length === 0) return s;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (buf[0] === DENSE) {
      s.exact = undefined;
      s.registers = Uint8Array.from(buf.subarray(1, 1 + M));
    } else {
      for (let o = 1; o + 8 <= buf.length; o += 8) s.exact!.add(view.getFloat64(o, true));
    }
    return s;
  }

  encode(): Buffer {
    if (this.registers) return Buffer.concat([Buffer.from([DENSE]), this.registers]);
    const buf = Buffer.alloc(1 + 8 * this.exact!.size);
    buf[0] = SPARSE;
    let o = 1;
    for (const h of this.exact!) o = buf.writeDoubleLE(h, o);
    return buf;
  }

  add(hash: number, exactMax = SPARSE_MAX): void {
    if (this.exact) {
      this.exact.add(hash);
      if (this.exact.size > exactMax) this.densify();
      return;
    }
    const i = registerIndex(hash);
    const rank = registerRank(hash);
    if (rank > this.registers![i]!) this.registers![i] = rank;
  }

  /**
   * Union with another sketch. A read keeps the union exact up to MERGE_EXACT_MAX (as SketchUnion,
   * which reads merge their stored sketches with, does); a sketch that is stored passes
   * `exactMax = SPARSE_MAX` (`STORED_EXACT_MAX`), so it turns dense where ingestion's would and a
   * union of stored sketches is stored exactly as adding their hashes one by one.
   */
  merge(other: VisitorSketch, exactMax = MERGE_EXACT_MAX): void {
    if (other.exact) {
      for (const h of other.exact) this.add(h, exactMax);
      return;
    }
    if (this.exact) this.densify();
    const r = this.registers!;
    const o = other.registers!;
    for (let i = 0; i < M; i++) if (o[i]! > r[i]!) r[i] = o[i]!;
  }

  get isExact(): boolean {
    return this.exact !== undefined;
  }

  estimate(): number {
    return this.exact ? this.exact.size : estimateRegisters(this.registers!);
  }

  private densify(): void {
    const hashes = this.exact!;
    this.exact = undefined;
    this.registers = new Uint8Array(M);
    for (const h of hashes) this.add(h);
  }
}
