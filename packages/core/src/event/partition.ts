/**
 * Partitioning of events: the key (who the event is about) and a stable hash of it. The hash is
 * 32-bit FNV-1a over the UTF-8 bytes of the key (lone surrogates as U+FFFD, as `Buffer` and
 * `TextEncoder` encode them). It must never change once data exists: cursors are per partition.
 */

/**
 * The identity fields `partitionKey` reads.
 *
 * @example
 * const e: PartitionKeySource = { messageId: 'm1', anonymousId: 'a1' };
 */
export interface PartitionKeySource {
  messageId: string;
  userId?: string | null;
  anonymousId?: string | null;
  previousId?: string | null;
}

/**
 * The partition key of an event: userId, else anonymousId, else previousId, else messageId
 * (empty strings count as absent).
 *
 * @example
 * partitionKey({ messageId: 'm1', anonymousId: 'a1' }); // 'a1'
 */
export function partitionKey(event: PartitionKeySource): string {
  for (const id of [event.userId, event.anonymousId, event.previousId]) {
    if (typeof id === 'string' && id !== '') return id;
  }
  return event.messageId;
}

/**
 * 32-bit FNV-1a of the UTF-8 encoding of `text`, as an unsigned integer. Allocation-free.
 *
 * @example
 * fnv1a32(''); // 2166136261
 * fnv1a32('a'); // 3826002220
 */
export function fnv1a32(text: string): number {
  // No inner closure: under tsx each arrow created per call also costs a `__name` defineProperty.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, 0x01000193);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else code = 0xfffd;
    }
    if (code < 0x800) {
      hash = Math.imul(hash ^ (0xc0 | (code >> 6)), 0x01000193);
    } else if (code < 0x10000) {
      hash = Math.imul(hash ^ (0xe0 | (code >> 12)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), 0x01000193);
    } else {
      hash = Math.imul(hash ^ (0xf0 | (code >> 18)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | ((code >> 12) & 0x3f)), 0x01000193);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), 0x01000193);
    }
    hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The partition (0 … partitions − 1) of a key. Throws `RangeError` unless `partitions` is an
 * integer from 1 to 2^32.
 *
 * @example
 * partitionOf('user-42', 16); // the same number in 0..15, every time, on every host
 */
export function partitionOf(key: string, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 2 ** 32) {
    throw new RangeError(`partitionOf: partitions must be an integer from 1 to 2^32, got ${partitions}`);
  }
  return fnv1a32(key) % partitions;
}
