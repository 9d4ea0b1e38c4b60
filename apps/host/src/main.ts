import { serve } from '@hono/node-server';
import { openStore } from '@junction/store';
import { createApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { loadConfig } from './config.ts';
import { RateLimiter } from './tracking/rate-limiter.ts';

const config = loadConfig();
const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
const demo = await bootstrap(store);
const limiter =
  config.trackingRateLimit > 0
    ? new RateLimiter({ ratePerSecond: config.trackingRateLimit, burst: config.trackingRateLimit * 2 })
    : undefined;
const app = createApp({ store, ...(limiter ? { limiter } : {}) });

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const base = `http://localhost:${info.port}`;
  console.log(`junction host listening on ${base} (storage: ${store.backend})`);
  console.log(`console: ${base}/`);
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
      await store.close();
      process.exit(0);
    });
  });
}
