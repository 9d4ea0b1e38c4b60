import type { LaneCommit } from './delivery-commit.ts';
import type { Kysely } from 'kysely';
import type { BackendKind } from './backend.ts';
import type { DestinationRepo } from './destinations.ts';
import type { ReadLogOptions } from './log-read.ts';
import type { Database } from './schema.ts';
import type { SourceRepo } from './sources.ts';
import type { AppendEvent, AppendResult, AppendStats, LogEvent, LogSegment, Source } from './types.ts';
import type { WorkspaceRepo } from './workspaces.ts';
import type { WriteKeyRepo } from './write-keys.ts';

/**
 * The one persistence interface of Junction; identical on SQLite and PostgreSQL.
 *
 * @example
 * const store: Store = await openStore({ dataDir: './.data' });
 * const source = await store.findSourceByWriteKey(writeKey);
 * if (source?.enabled) await store.appendEvents(source.id, events);
 */
export interface Store {
  readonly backend: BackendKind;
  /** Number of event-log partitions (fixed per deployment). */
  readonly partitions: number;
  readonly workspaces: WorkspaceRepo;
  readonly sources: SourceRepo;
  readonly writeKeys: WriteKeyRepo;
  readonly destinations: DestinationRepo;
  /** The source of a write key (cached, see README), or undefined. Check `enabled` yourself. */
  findSourceByWriteKey(key: string): Promise<Source | undefined>;
  /**
   * Appends events of one source; resolves after the COMMIT is durable, with one result per event
   * in input order. Concurrent calls share a transaction (group commit).
   */
  appendEvents(sourceId: string, events: readonly AppendEvent[]): Promise<AppendResult[]>;
  /** Events of one partition after a cursor, in seq order (see README for the no-skip rule). */
  readLog(opts: ReadLogOptions): Promise<LogEvent[]>;
  /** The last committed seq (0 when the log is empty). */
  logHead(): Promise<number>;
  listSegments(): Promise<LogSegment[]>;
  /** Drops whole segments whose UTC day is before the day of `before`; returns their names. */
  dropSegmentsBefore(before: Date | string): Promise<string[]>;
  /**
   * Deletes dedupe keys older than the dedupe window; returns how many entries went (on SQLite a
   * key seen again after its window is an entry per sighting). Run it periodically.
   */
  pruneDedupe(): Promise<number>;
  /**
   * Commits delivery lane chunks (delivery-commit.ts `commitLanes`) where appends are written: on
   * the SQLite writer thread when this process's appends have started it (one write connection, no
   * lock contention between appends and lane commits, no event-loop time), else through this
   * store's connection.
   */
  commitLanes(commits: readonly LaneCommit[]): Promise<PromiseSettledResult<boolean>[]>;
  /** Append counters: calls, transactions (fewer than calls under concurrency), appended, duplicates. */
  stats(): AppendStats;
  /** The Kysely instance, for packages that add their own tables through store migrations. */
  readonly db: Kysely<Database>;
  /** Flushes pending appends and closes the database. */
  close(): Promise<void>;
}
