import { createHash } from 'node:crypto';
import { IntegrationError } from '@junction/core';
import pg from 'pg';
import type { PostgresWarehouseSettings } from './postgres-warehouse-settings.ts';

/** Pools unused for this long are ended by the sweeper. */
const POOL_IDLE_MS = 5 * 60_000;
const SWEEP_EVERY_MS = 60_000;
const FILE_PARAMS = ['sslcert', 'sslkey', 'sslrootcert', 'sslpassword'];

interface CachedPool {
  pool: pg.Pool;
  lastUsed: number;
}

const pools = new Map<string, CachedPool>();
let sweeper: ReturnType<typeof setInterval> | undefined;

function sslOptions(settings: PostgresWarehouseSettings): pg.PoolConfig['ssl'] {
  const ca = settings.sslRootCert ? { ca: settings.sslRootCert } : {};
  switch (settings.sslMode ?? 'require') {
    case 'disable':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
      return { ...ca, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    default:
      return { ...ca, rejectUnauthorized: true };
  }
}

function checkConnectionString(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IntegrationError('INVALID_SETTINGS', 'settings.connectionString is not a valid postgres:// URL');
  }
  const fileParam = FILE_PARAMS.find((p) => url.searchParams.has(p));
  if (fileParam) {
    throw new IntegrationError('INVALID_SETTINGS', `settings.connectionString must not name local files (${fileParam}): paste the CA into settings.sslRootCert`);
  }
}

/**
 * The `pg` pool configuration for the settings: the connection string (its `sslmode` wins) or the
 * individual fields, TLS from `sslMode`, sessions in UTC. Throws `INVALID_SETTINGS` naming what is missing.
 *
 * @example
 * poolConfig({ host: 'db', database: 'analytics', user: 'junction', schema: 'web', sslMode: 'disable' }).port; // 5432
 */
export function poolConfig(settings: PostgresWarehouseSettings): pg.PoolConfig {
  const base: pg.PoolConfig = {
    ssl: sslOptions(settings),
    max: 4,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 10_000,
    allowExitOnIdle: true,
    application_name: 'junction-warehouse',
    options: '-c TimeZone=UTC -c statement_timeout=120000',
  };
  if (settings.connectionString) {
    checkConnectionString(settings.connectionString);
    return { ...base, connectionString: settings.connectionString };
  }
  const missing = (['host', 'database', 'user'] as const).filter((k) => !settings[k]).map((k) => `settings.${k}`);
  if (missing.length > 0) {
    throw new IntegrationError('INVALID_SETTINGS', `settings: give settings.connectionString, or ${missing.join(', ')} (missing)`);
  }
  return { ...base, host: settings.host, port: settings.port ?? 5432, database: settings.database, user: settings.user, password: settings.password };
}

/**
 * A stable, non-reversible key for the connection the settings describe (secrets are hashed, never kept).
 *
 * @example
 * connectionKey(settings); // '3f9a…' (64 hex characters)
 */
export function connectionKey(settings: PostgresWarehouseSettings): string {
  const { schema: _schema, ...connection } = settings;
  return createHash('sha256').update(JSON.stringify(connection)).digest('hex');
}

function sweep(): void {
  const now = Date.now();
  for (const [key, entry] of pools) {
    if (now - entry.lastUsed > POOL_IDLE_MS && entry.pool.waitingCount === 0 && entry.pool.idleCount === entry.pool.totalCount) {
      pools.delete(key);
      void entry.pool.end().catch(() => undefined);
    }
  }
  if (pools.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/**
 * The pool for these settings: one per distinct connection (module cache). Idle connections close
 * after 10 s; pools unused for 5 minutes are ended.
 *
 * @example
 * const client = await getPool(settings).connect();
 */
export function getPool(settings: PostgresWarehouseSettings): pg.Pool {
  const key = connectionKey(settings);
  let entry = pools.get(key);
  if (!entry) {
    const pool = new pg.Pool(poolConfig(settings));
    // An idle client whose server went away emits 'error' on the pool; the pool drops it. Without a
    // listener Node would crash the host.
    pool.on('error', () => undefined);
    entry = { pool, lastUsed: Date.now() };
    pools.set(key, entry);
    if (!sweeper) {
      sweeper = setInterval(sweep, SWEEP_EVERY_MS);
      sweeper.unref();
    }
  }
  entry.lastUsed = Date.now();
  return entry.pool;
}

/**
 * Ends every cached pool (host shutdown, end of a test file).
 *
 * @example
 * afterAll(() => closeAllPools());
 */
export async function closeAllPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  if (sweeper) clearInterval(sweeper);
  sweeper = undefined;
  await Promise.all(all.map((e) => e.pool.end().catch(() => undefined)));
}

/**
 * How many pools are open (for status pages and tests).
 *
 * @example
 * openPoolCount(); // 1
 */
export function openPoolCount(): number {
  return pools.size;
}
