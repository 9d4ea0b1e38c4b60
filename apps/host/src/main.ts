import { serve } from '@hono/node-server';
import { catalogPolicyRepo, openStore } from '@junction/store';
import { ensureBootstrapToken } from './admin/index.ts';
import { createApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { storeCatalogPolicyStore } from './catalog/catalog-policy.ts';
import { createCatalog } from './catalog/create-catalog.ts';
import { firstPartySlugs } from './catalog/first-party-registry.ts';
import { loadConfig } from './config.ts';
import { createSyncResolver } from './delivery/plugin-resolver.ts';
import { engineEnabled, startDelivery } from './delivery/start-delivery.ts';
import { bootstrapAdminFromEnv, consoleMailer } from './console/identity/index.ts';
import { startHealth } from './health/start-health.ts';
import { createPluginLoader, installPluginFaultGuard } from './plugins/index.ts';
import { createSettingsCipher } from './secrets/settings-cipher.ts';
import { startHostRetention } from './retention/index.ts';
import { RateLimiter } from './tracking/rate-limiter.ts';

const config = loadConfig();
const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
const demo = await bootstrap(store);
const cipher = await createSettingsCipher({ dataDir: config.dataDir, env: process.env });
const loader = createPluginLoader({ dataDir: config.dataDir });
const catalog = createCatalog({ loader, policies: storeCatalogPolicyStore(catalogPolicyRepo(store.db)) });
const workspace = (await store.workspaces.list())[0];
if (process.env.JUNCTION_BOOTSTRAP_TOKEN && workspace) {
  await ensureBootstrapToken(store, workspace.id, process.env.JUNCTION_BOOTSTRAP_TOKEN);
}
// Console: JUNCTION_ADMIN_EMAIL/JUNCTION_ADMIN_PASSWORD create the first owner (else the first visit to / does).
const bootstrappedAdmin = workspace ? await bootstrapAdminFromEnv(store, workspace.id, process.env) : undefined;
const publicUrl = (process.env.PUBLIC_URL || `http://localhost:${config.port}`).replace(/\/+$/, '');
const consoleMail = consoleMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
const limiter =
  config.trackingRateLimit > 0
    ? new RateLimiter({ ratePerSecond: config.trackingRateLimit, burst: config.trackingRateLimit * 2 })
    : undefined;
const health = startHealth({ store, intervalSeconds: config.healthIntervalSeconds, smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, ingestFlushMs: config.ingestFlushMs, engine: () => engine });
const app = createApp({ store, ingest: health.ingest, admin: { store, catalog, cipher, health: health.admin }, console: { baseUrl: publicUrl, send: consoleMail.send, ...(consoleMail.outbox ? { outbox: consoleMail.outbox } : {}) }, ...(limiter ? { limiter } : {}) });
const resolver = await createSyncResolver(loader, cipher, firstPartySlugs());
installPluginFaultGuard({ loader, onCrash: (status) => resolver.forget(status.slug, status.version) });
const engine = engineEnabled() ? await startDelivery(store, resolver) : undefined;
// Retention (hourly): audit trail, ingest metrics (INGEST_METRICS_RETENTION_DAYS, MTU_RETENTION_DAYS), expired console sessions.
const retention = startHostRetention(store, { auditRetentionDays: config.auditRetentionDays, env: process.env });

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const base = `http://localhost:${info.port}`;
  console.log(`junction host listening on ${base} (storage: ${store.backend})`);
  console.log(`admin API: ${base}/api (OpenAPI at ${base}/api/openapi.json)`);
  console.log(`console: ${publicUrl}/${bootstrappedAdmin ? ` (owner ${bootstrappedAdmin} created from JUNCTION_ADMIN_EMAIL)` : ''}`);
  if (consoleMail.outbox) console.log(`no SMTP_URL: console mails (password resets, invitations) are shown at ${publicUrl}/dev/outbox`);
  if (demo) {
    console.log(`demo source "${demo.source.name}" writeKey: ${demo.writeKey}`);
    console.log(
      `try: curl -u ${demo.writeKey}: -H 'content-type: application/json' -d '{"userId":"u1","event":"Hello"}' ${base}/v1/track`,
    );
  }
});

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    server.close(async () => {
      retention.stop();
      consoleMail.close();
      await health.stop();
      await engine?.stop();
      await store.close();
      process.exit(0);
    });
  });
}
