import { estimateRegisters, MERGE_EXACT_MAX, REGISTERS, registerIndex, registerRank } from './visitor-sketch.js';

// A read merges thousands of stored sketches per group (a breakdown by browser over all time at
// 10 M events: some 600 to 2,000 sketches, hundreds of thousands of hashes). VisitorSketch keeps its
// exact hashes in a Set, which boxes every double it holds; this keeps them unboxed in an
// open-addressing table, and turns each into its register once the union is past the exact limit.

const EMPTY = -1; // hashes are non-negative 53-bit integers
/** Twice the exact limit, rounded up to a power of two: the table never needs more. */
const MAX_TABLE = 2 ** Math.ceil(Math.log2(2 * MERGE_EXACT_MAX + 2));
const DENSE = 1;

/**
 * The union of encoded sketches (VisitorSketch.encode), counted as VisitorSketch.merge counts a read:
 * exact up to MERGE_EXACT_MAX hashes, past it (or once a dense sketch is merged) the HyperLogLog
 * estimate of the registers of every hash merged.
 */
export class SketchUnion {
  // Small at first: a series merges a union per bucket, most of a few sparse sketches.
  private table: Float64Array = new Float64Array(64).fill(EMPTY);
  private size = 0;
  private registers: Uint8Array | undefined;
  private wholes: Uint8Array[] = [];

  mergeEncoded(buf: Uint8Array | null | undefined): void {
    if (!buf || buf.length === 0) return;
    if (buf[0] === DENSE) {
      const r = this.registers ?? this.densify();
      for (let i = 0; i < REGISTERS; i++) if (buf[1 + i]! > r[i]!) r[i] = buf[1 + i]!;
      return;
    }
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (!this.registers) this.reserve(this.size + ((buf.length - 1) >> 3));
    for (let o = 1; o + 8 <= buf.length; o += 8) this.add(view.getFloat64(o, true));
  }

  /**
   * Merges a sketch whose hashes could also be read from finer sketches (its parts: the days of a
   * month, the hours of a day). A sparse one holds exactly its parts' hashes and is merged now; a
   * dense one waits for `settle`, as its parts may all be sparse and the union exact without it.
   */
  mergeWhole(buf: Uint8Array | null | undefined): void {
    if (buf && buf[0] === DENSE) this.wholes.push(buf);
    else this.mergeEncoded(buf);
  }

  /**
   * Whether the dense wholes kept aside must be read as their parts instead (they are dropped then):
   * not when the union is dense anyway, as a dense whole adds the registers its parts would.
   */
  settle(): boolean {
    if (this.wholes.length === 0) return false;
    const wholes = this.wholes;
    this.wholes = [];
    if (!this.registers) return true;
    for (const w of wholes) this.mergeEncoded(w);
    return false;
  }

  estimate(): number {
    return this.registers ? estimateRegisters(this.registers) : this.size;
  }

  private add(hash: number): void {
    if (this.registers) {
      setRegister(this.registers, hash);
      return;
    }
    const t = this.table;
    const mask = t.length - 1;
    // The hash is well mixed: its low bits are the slot.
    for (let i = (hash >>> 0) & mask; ; i = (i + 1) & mask) {
      const v = t[i]!;
      if (v === hash) return;
      if (v === EMPTY) {
        t[i] = hash;
        break;
      }
    }
    this.size += 1;
    if (this.size > MERGE_EXACT_MAX) this.densify();
    else if (this.size * 2 > t.length) this.reserve(this.size);
  }

  /** Room for `n` hashes at most half full, grown once per sketch merged rather than step by step. */
  private reserve(n: number): void {
    let length = this.table.length;
    while (n * 2 > length && length < MAX_TABLE) length *= 2;
    if (length === this.table.length) return;
    const old = this.table;
    this.table = new Float64Array(length).fill(EMPTY);
    this.size = 0;
    for (const h of old) if (h !== EMPTY) this.add(h);
  }

  private densify(): Uint8Array {
    const r = new Uint8Array(REGISTERS);
    for (const h of this.table) if (h !== EMPTY) setRegister(r, h);
    this.registers = r;
    this.table = new Float64Array(0);
    return r;
  }
}

function setRegister(r: Uint8Array, hash: number): void {
  const i = registerIndex(hash);
  const rank = registerRank(hash);
  if (rank > r[i]!) r[i] = rank;
}
