/**
 * An engine worker thread for engine-thread.test.ts. workerData: { dataDir } (SQLite) or
 * { databaseUrl, schema } (PostgreSQL), plus workerId. Has its own store connection.
 */
import { workerData } from 'node:worker_threads';
import { openStore } from '@junction/store';
import { createEngine } from '../engine.ts';
import { serveEngineThread } from '../engine-thread-serve.ts';
import { resolveIntegration } from './scenario.ts';

const data = workerData as { dataDir?: string; databaseUrl?: string; schema?: string; workerId: string };
const store = data.databaseUrl ? await openStore({ databaseUrl: data.databaseUrl, schema: data.schema!, poolSize: 4 }) : await openStore({ dataDir: data.dataDir! });
const engine = createEngine({ store, resolveIntegration, workerId: data.workerId, pollIntervalMs: 20, configRefreshMs: 200, metricsFlushMs: 200, breaker: { threshold: 3, minProbeMs: 50, maxProbeMs: 200 } });
await serveEngineThread(engine, { onStop: () => store.close() });
