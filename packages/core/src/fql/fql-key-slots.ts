/**
 * Per-key property reads without `eval`. V8 keeps one inline cache per property-access site in the
 * source, shared by every closure made from the same function literal; a site that sees several
 * key names (`type` for one query, `event` for the next) goes megamorphic and reads become a
 * generic lookup several times slower. `readKey` has one access site per slot, and each distinct
 * key gets its own slot (first come, first served), so every site sees a single name and stays
 * fast. Keys beyond the slots share the last site (correct, just not specialised).
 */

type Obj = Record<string, unknown>;

/** Number of dedicated key slots (the switch below has one case per slot). */
export const KEY_SLOTS = 32;

const slots = new Map<string, number>();

/**
 * The read slot of a key: a stable small integer, `KEY_SLOTS` once the slots are used up.
 * @example
 * const s = keySlot('type'); // same number on every call with 'type'
 */
export function keySlot(key: string): number {
  let s = slots.get(key);
  if (s === undefined) {
    s = Math.min(slots.size, KEY_SLOTS);
    if (s < KEY_SLOTS) slots.set(key, s);
  }
  return s;
}

/**
 * `o[key]` through the access site of `slot` (from `keySlot(key)`); `o` must be a non-null object.
 * @example
 * readKey({ type: 'track' }, 'type', keySlot('type')); // 'track'
 */
export function readKey(o: Obj, key: string, slot: number): unknown {
  // biome-ignore format: one access site per slot is the point of this function
  switch (slot) {
    case 0: return o[key]; case 1: return o[key]; case 2: return o[key]; case 3: return o[key];
    case 4: return o[key]; case 5: return o[key]; case 6: return o[key]; case 7: return o[key];
    case 8: return o[key]; case 9: return o[key]; case 10: return o[key]; case 11: return o[key];
    case 12: return o[key]; case 13: return o[key]; case 14: return o[key]; case 15: return o[key];
    case 16: return o[key]; case 17: return o[key]; case 18: return o[key]; case 19: return o[key];
    case 20: return o[key]; case 21: return o[key]; case 22: return o[key]; case 23: return o[key];
    case 24: return o[key]; case 25: return o[key]; case 26: return o[key]; case 27: return o[key];
    case 28: return o[key]; case 29: return o[key]; case 30: return o[key]; case 31: return o[key];
    default: return o[key];
  }
}
