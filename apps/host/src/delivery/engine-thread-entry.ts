/**
 * The host's delivery engine in a worker thread (`ENGINE=thread`, started by startDelivery): its
 * own store connection (SQLite WAL or a PostgreSQL pool) and plugins resolved by the same loader,
 * cipher and resolver code as the host. workerData: { env, options } (plain engine options).
 */
import { workerData } from 'node:worker_threads';
import { createEngine, type EngineOptions, serveEngineThread } from '@junction/engine';
import { openStore } from '@junction/store';
import { firstPartySlugs } from '../catalog/first-party-registry.ts';
import { loadConfig } from '../config.ts';
import { createPluginLoader, installPluginFaultGuard } from '../plugins/index.ts';
import { createSettingsCipher } from '../secrets/settings-cipher.ts';
import { createSyncResolver } from './plugin-resolver.ts';

const { env, options } = workerData as { env: NodeJS.ProcessEnv; options: Partial<EngineOptions> };
const config = loadConfig(env);
// This thread only delivers: its lane commits run on its own connection (no second writer thread).
const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir, sqliteWriter: 'inline' });
const cipher = await createSettingsCipher({ dataDir: config.dataDir, env });
const loader = createPluginLoader({ dataDir: config.dataDir });
const resolver = await createSyncResolver(loader, cipher, firstPartySlugs());
installPluginFaultGuard({ loader, onCrash: (status) => resolver.forget(status.slug, status.version) });
const engine = createEngine({ ...options, store, ...resolver });
await serveEngineThread(engine, { onStop: () => store.close() });
