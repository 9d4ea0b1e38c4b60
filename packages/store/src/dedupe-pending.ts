import { type KeyColumns, keyColumns } from './dedupe-block.ts';

/**
 * The dedupe keys of committed events not yet written to disk: an open-addressing hash table from
 * 53-bit hash to (seq, first seen), in typed arrays. No object per key: the write-behind buffer
 * holds tens of thousands of keys for about a second, and as JS objects each one survived (and was
 * copied by) the young-generation collections of the writer thread.
 *
 * A hash names a key only probably; callers confirm a hit against the log row at its seq.
 */
export class PendingKeys {
  #keys: Float64Array;
  #seq: Float64Array;
  #seen: Float64Array;
  #mask: number;
  #size = 0;

  /** @param capacityLog2 initial slots (2^n); the table doubles when half full. */
  constructor(capacityLog2 = 16) {
    const slots = 2 ** capacityLog2;
    this.#keys = new Float64Array(slots).fill(-1);
    this.#seq = new Float64Array(slots);
    this.#seen = new Float64Array(slots);
    this.#mask = slots - 1;
  }

  /** Slots of the table (it doubles when half full). */
  get capacity(): number {
    return this.#mask + 1;
  }

  /** Keys held. */
  get size(): number {
    return this.#size;
  }

  /**
   * Records hash `h` for the event at `seq` first seen at `seen` (epoch ms); a hash already held is
   * overwritten (the newest sighting wins).
   *
   * @example
   * pending.set(dedupeHashOf(sourceId, messageId), 42, Date.now());
   */
  set(h: number, seq: number, seen: number): void {
    if (this.#size * 2 >= this.#mask + 1) this.#grow();
    const keys = this.#keys;
    let slot = (h >>> 0) & this.#mask;
    for (;;) {
      const k = keys[slot]!;
      if (k === -1) {
        keys[slot] = h;
        this.#size++;
        break;
      }
      if (k === h) break;
      slot = (slot + 1) & this.#mask;
    }
    this.#seq[slot] = seq;
    this.#seen[slot] = seen;
  }

  /**
   * The slot of hash `h`, or -1; read it with {@link seqAt} and {@link seenAt}.
   *
   * @example
   * const slot = pending.find(h);
   * if (slot >= 0 && pending.seenAt(slot) >= cutoffMs) …
   */
  find(h: number): number {
    const keys = this.#keys;
    let slot = (h >>> 0) & this.#mask;
    for (;;) {
      const k = keys[slot]!;
      if (k === h) return slot;
      if (k === -1) return -1;
      slot = (slot + 1) & this.#mask;
    }
  }

  seqAt(slot: number): number {
    return this.#seq[slot]!;
  }

  seenAt(slot: number): number {
    return this.#seen[slot]!;
  }

  /**
   * Empties the table, keeping its size: the buffer reuses a flushed table rather than growing a
   * fresh one (new memory costs page faults, and the first growths rehash).
   *
   * @example
   * flushed.clear();
   */
  clear(): void {
    this.#keys.fill(-1);
    this.#size = 0;
  }

  /**
   * Every key as columns, in slot order (unsorted): into `into` when it has room for them all
   * (its `n` set to the count; reusing it spares the page faults of new memory), else new arrays.
   *
   * @example
   * const { h, seq, seen, n } = pending.columns();
   */
  columns(into?: KeyColumns): KeyColumns {
    const n = this.#size;
    const fits = into !== undefined && into.h.length >= n && into.seq.length >= n && into.seen.length >= n;
    const { h, seq, seen } = fits ? into : keyColumns(n);
    const keys = this.#keys;
    let k = 0;
    for (let slot = 0; slot < keys.length && k < n; slot++) {
      if (keys[slot] === -1) continue;
      h[k] = keys[slot]!;
      seq[k] = this.#seq[slot]!;
      seen[k++] = this.#seen[slot]!;
    }
    if (fits) {
      into.n = n;
      return into;
    }
    return { h, seq, seen, n };
  }

  #grow(): void {
    const { h, seq, seen, n } = this.columns();
    const slots = (this.#mask + 1) * 2;
    this.#keys = new Float64Array(slots).fill(-1);
    this.#seq = new Float64Array(slots);
    this.#seen = new Float64Array(slots);
    this.#mask = slots - 1;
    this.#size = 0;
    for (let i = 0; i < n; i++) this.set(h[i]!, seq[i]!, seen[i]!);
  }
}
