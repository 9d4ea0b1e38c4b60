/**
 * bench/delivery: the delivery engine in a worker thread (the `thread` mode, as the host's
 * ENGINE=thread runs it). workerData: { dataDir } or { databaseUrl, schema }; its own store connection.
 */
import { workerData } from 'node:worker_threads';
import { openStore } from '@junction/store';
import { createEngine, serveEngineThread } from '../../packages/engine/src/index.ts';
import { webhook } from '../../integrations/webhook/src/index.ts';

const at = workerData as { dataDir?: string; databaseUrl?: string; schema?: string };
const store = at.databaseUrl ? await openStore({ databaseUrl: at.databaseUrl, schema: at.schema!, poolSize: 10 }) : await openStore({ dataDir: at.dataDir!, sqliteWriter: 'inline' });
const engine = createEngine({ store, resolveIntegration: (slug) => (slug === 'webhook' ? webhook : undefined), log: (m) => console.error(`engine: ${m}`) });
await serveEngineThread(engine, { onStop: () => store.close() });
