/**
 * A worker process running only the engine (for crash and scale-out tests).
 * Env: DATA_DIR (SQLite) or DATABASE_URL + DB_SCHEMA (PostgreSQL), WORKER_ID, LEASE_MS.
 */
import { openStore } from '@junction/store';
import { createEngine } from '../engine.ts';
import { resolveIntegration } from './scenario.ts';

const env = process.env;
const store = env.DATABASE_URL
  ? await openStore({ databaseUrl: env.DATABASE_URL, schema: env.DB_SCHEMA!, poolSize: 4 })
  : await openStore({ dataDir: env.DATA_DIR! });
const engine = createEngine({
  store,
  resolveIntegration,
  workerId: env.WORKER_ID,
  leaseMs: Number(env.LEASE_MS ?? 2000),
  pollIntervalMs: 20,
  configRefreshMs: 200,
  metricsFlushMs: 500,
});
await engine.start();
console.log('engine ready');
process.on('SIGTERM', async () => {
  await engine.stop();
  await store.close();
  process.exit(0);
});
if (env.ENGINE_DEBUG) setInterval(async () => console.log(JSON.stringify(engine.status()), await store.logHead()), 1000).unref();
