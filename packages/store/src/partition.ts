/**
 * Partitioning of the event log: the hash is `@junction/core`'s (32-bit FNV-1a over UTF-8,
 * modulo the partition count), re-exported so every package partitions identically. It must never
 * change once data exists: cursors are per partition.
 */
import { fnv1a32 as coreFnv1a32, partitionOf as corePartitionOf } from '@junction/core';

/** Default number of event-log partitions. */
export const DEFAULT_PARTITIONS = 16;

/**
 * 32-bit FNV-1a over the UTF-8 bytes of `text`, as an unsigned integer (from @junction/core).
 *
 * @example
 * fnv1a32(''); // 2166136261
 * fnv1a32('a'); // 3826002220
 */
export const fnv1a32: (text: string) => number = coreFnv1a32;

/**
 * The partition (0 … partitions-1) of a partition key (userId, else anonymousId).
 *
 * @example
 * partitionOf('user-42', 16); // same value every time, 0..15
 */
export function partitionOf(key: string, partitions: number = DEFAULT_PARTITIONS): number {
  return corePartitionOf(key, partitions);
}
