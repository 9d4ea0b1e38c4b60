/**
 * A 53-bit hash of a dedupe key and Bloom filters over such hashes: the in-memory accelerator of
 * the SQLite dedupe runs (sqlite-dedupe-runs.ts). A "no" from the filter is certain, so
 * a fresh messageId (the common case) costs no disk lookup; a "maybe" is checked on disk.
 */

/**
 * A 53-bit hash of `key` (two 32-bit multiply–xorshift lanes), a safe integer usable as an SQLite
 * INTEGER PRIMARY KEY. Not cryptographic: collisions are possible and are resolved by checking the
 * log row the hash points to.
 *
 * @example
 * dedupeHash('3fKx/msg-1'); // 6512347718832731 (some integer in 0 … 2^53 − 1)
 */
export function dedupeHash(key: string): number {
  return hashParts(key, -1, '');
}

/**
 * `dedupeHash(`${sourceId}/${messageId}`)` without building the key string.
 *
 * @example
 * dedupeHashOf('3fKx', 'msg-1') === dedupeHash('3fKx/msg-1'); // true
 */
export function dedupeHashOf(sourceId: string, messageId: string): number {
  return hashParts(sourceId, 47 /* '/' */, messageId);
}

/** The hash of `first`, then the char code `sep` (none when negative), then `second`. */
function hashParts(first: string, sep: number, second: string): number {
  const length = first.length + (sep >= 0 ? 1 : 0) + second.length;
  let a = 0x9e3779b9 ^ length;
  let b = 0x85ebca6b ^ Math.imul(length, 0x27d4eb2f);
  for (let part = 0; part < 3; part++) {
    const text = part === 0 ? first : part === 2 ? second : undefined;
    const n = text === undefined ? (sep >= 0 ? 1 : 0) : text.length;
    for (let i = 0; i < n; i++) {
      const c = text === undefined ? sep : text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x5bd1e995);
      a ^= a >>> 13;
      b = Math.imul(b ^ c, 0x27d4eb2f);
      b ^= b >>> 15;
    }
  }
  a ^= b >>> 7;
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= a >>> 11;
  b ^= b >>> 15;
  b = Math.imul(b, 0x2c1b3c6d);
  b ^= b >>> 12;
  b = Math.imul(b, 0x297a2d39);
  b ^= b >>> 15;
  return (b & 0x1fffff) * 4294967296 + (a >>> 0);
}

/** Bits of one filter by default: 2^26 = 64 Mbit = 8 MiB. */
export const BLOOM_BITS_LOG2 = 26;

/** Keys one filter takes before its false-positive rate passes ≈ 2 % (three probes, 10 bits a key). */
export function bloomCapacity(bitsLog2: number): number {
  return Math.floor(2 ** bitsLog2 / 10);
}

/**
 * A Bloom filter over 53-bit hashes with three probes (double hashing over the hash's low 32 bits
 * and a mix of its high 21 bits), so filters up to 2^30 bits use all their bits.
 *
 * @example
 * const bloom = new DedupeBloom();
 * bloom.add(dedupeHash('s/m1'));
 * bloom.mayHave(dedupeHash('s/m1')); // true
 * bloom.mayHave(dedupeHash('s/m2')); // false (almost always)
 */
export class DedupeBloom {
  readonly #words: Int32Array;
  readonly #mask: number;
  readonly bitsLog2: number;
  #count = 0;

  constructor(bitsLog2: number = BLOOM_BITS_LOG2) {
    if (!Number.isInteger(bitsLog2) || bitsLog2 < 5 || bitsLog2 > 30) throw new RangeError(`bloom bitsLog2 must be an integer in 5..30, got ${bitsLog2}`);
    this.#words = new Int32Array(2 ** (bitsLog2 - 5));
    this.#mask = 2 ** bitsLog2 - 1;
    this.bitsLog2 = bitsLog2;
  }

  /** Hashes added so far. */
  get count(): number {
    return this.#count;
  }

  add(hash: number): void {
    const a = hash >>> 0;
    const b = Math.imul(Math.floor(hash / 4294967296) ^ (a >>> 17), 0x9e3779b1) | 1;
    const m = this.#mask;
    this.#set(a & m);
    this.#set((a + b) & m);
    this.#set((a + 2 * b) & m);
    this.#count++;
  }

  mayHave(hash: number): boolean {
    const a = hash >>> 0;
    const b = Math.imul(Math.floor(hash / 4294967296) ^ (a >>> 17), 0x9e3779b1) | 1;
    const m = this.#mask;
    return this.#get(a & m) && this.#get((a + b) & m) && this.#get((a + 2 * b) & m);
  }

  #set(bit: number): void {
    this.#words[bit >>> 5]! |= 1 << (bit & 31);
  }

  #get(bit: number): boolean {
    return (this.#words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }
}

/**
 * Bloom filters that grow with their keys: when the newest filter holds its capacity, the next
 * one is four times larger (up to 2^30 bits each), so the false-positive rate stays near 2 % per
 * filter however many keys a day brings. A lookup asks every filter (one to three in practice).
 *
 * @example
 * const bloom = new GrowingBloom(1_000_000); // first filter sized for a million keys
 * bloom.add(h);
 * bloom.mayHave(h); // true
 */
export class GrowingBloom {
  readonly #filters: DedupeBloom[] = [];

  constructor(expectedKeys = 0) {
    let log2 = BLOOM_BITS_LOG2;
    while (log2 < 30 && bloomCapacity(log2) < expectedKeys) log2 += 2;
    this.#filters.push(new DedupeBloom(log2));
  }

  /** Hashes added so far. */
  get count(): number {
    let n = 0;
    for (const f of this.#filters) n += f.count;
    return n;
  }

  /** Filters so far. */
  get filters(): number {
    return this.#filters.length;
  }

  add(hash: number): void {
    let last = this.#filters[this.#filters.length - 1]!;
    if (last.count >= bloomCapacity(last.bitsLog2)) {
      last = new DedupeBloom(Math.min(30, last.bitsLog2 + 2));
      this.#filters.push(last);
    }
    last.add(hash);
  }

  mayHave(hash: number): boolean {
    const filters = this.#filters;
    for (let i = 0; i < filters.length; i++) if (filters[i]!.mayHave(hash)) return true;
    return false;
  }
}
