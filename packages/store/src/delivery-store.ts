import type { Kysely } from 'kysely';
import type { LaneCommit } from './delivery-commit.ts';
import { type DeliveryConfigRepo, deliveryConfigRepo } from './delivery-config.ts';
import { type CursorRepo, cursorRepo } from './delivery-cursors.ts';
import { type FailureRepo, failureRepo } from './delivery-failures.ts';
import { type LogPositionRepo, logPositionRepo } from './delivery-log.ts';
import { type MetricsRepo, metricsRepo } from './delivery-metrics.ts';
import { type RetryRepo, retryRepo } from './delivery-retries.ts';
import { type DeliveryDatabase, deliveryDb } from './delivery-schema.ts';
import type { Store } from './store.ts';

/**
 * The delivery engine's persistence, over a store's database (tables of migration `0002_delivery`).
 *
 * @example
 * const delivery = openDeliveryStore(store);
 * await delivery.config.createSubscription({ destinationId, actionId: 'send', name: 'All', trigger: 'all' });
 */
export interface DeliveryStore {
  readonly db: Kysely<DeliveryDatabase>;
  readonly config: DeliveryConfigRepo;
  readonly cursors: CursorRepo;
  readonly retries: RetryRepo;
  readonly failures: FailureRepo;
  readonly metrics: MetricsRepo;
  readonly log: LogPositionRepo;
  /** Commits a lane's chunk atomically with its cursor, guarded by its lease (false: lease lost). */
  commitLane(commit: LaneCommit): Promise<boolean>;
  /** Commits several lanes' chunks in one transaction, each guarded by its own lease (false: that lane's lease was lost). */
  commitLanes(commits: readonly LaneCommit[]): Promise<PromiseSettledResult<boolean>[]>;
}

/**
 * The delivery repositories of an open store (same database, same connection pool).
 *
 * @example
 * const { failures } = openDeliveryStore(store);
 * await failures.replay({ destinationId, errorCodes: ['PAYLOAD_REJECTED'] }, Date.now());
 */
export function openDeliveryStore(store: Pick<Store, 'db' | 'commitLanes'>): DeliveryStore {
  const db = deliveryDb(store.db);
  // Lane commits go through the store, which sends them to its SQLite writer thread when it runs.
  const commitLanes = (commits: readonly LaneCommit[]) => store.commitLanes(commits);
  return {
    db,
    config: deliveryConfigRepo(db),
    cursors: cursorRepo(db),
    retries: retryRepo(db),
    failures: failureRepo(db),
    metrics: metricsRepo(db),
    log: logPositionRepo(db),
    async commitLane(commit) {
      const [settled] = await commitLanes([commit]);
      if (settled!.status === 'rejected') throw settled!.reason;
      return settled!.value;
    },
    commitLanes,
  };
}
