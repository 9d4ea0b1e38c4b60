/**
 * `junction worker`: runs only the delivery engine (no HTTP), sharing the database with the hosts.
 * Scale out by starting several on one PostgreSQL (DATABASE_URL); SIGTERM stops gracefully.
 */
import { openStore } from '@junction/store';
import { loadConfig } from './config.ts';
import { firstPartySlugs } from './catalog/first-party-registry.ts';
import { createSyncResolver } from './delivery/plugin-resolver.ts';
import { startDelivery } from './delivery/start-delivery.ts';
import { createPluginLoader, installPluginFaultGuard } from './plugins/index.ts';
import { createSettingsCipher } from './secrets/settings-cipher.ts';

const config = loadConfig();
// A worker only delivers: its lane commits run on its own connection (no writer thread of its own).
const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir, sqliteWriter: 'inline' });
const cipher = await createSettingsCipher({ dataDir: config.dataDir, env: process.env });
const loader = createPluginLoader({ dataDir: config.dataDir });
const resolver = await createSyncResolver(loader, cipher, firstPartySlugs());
installPluginFaultGuard({ loader, onCrash: (status) => resolver.forget(status.slug, status.version) });
const engine = await startDelivery(store, resolver);
console.log(`junction worker ${engine.status().workerId} delivering (storage: ${store.backend})`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    await engine.stop();
    await store.close();
    process.exit(0);
  });
}
