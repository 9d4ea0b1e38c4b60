/**
 * bench/ingest/store-append: `store.appendEvents` alone (no HTTP), SQLite thread vs inline writer,
 * same process and run. Prints events/s and the main thread's event-loop utilisation: what the
 * writer thread takes off the event loop is what the HTTP side gets back.
 *
 *   DURATION=5 pnpm --filter @junction/bench exec tsx ingest/store-append.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '@junction/store';

const duration = Number(process.env.DURATION ?? 5) * 1000;
const callers = Number(process.env.CALLERS ?? 64);
const perCall = 100;

async function run(mode: 'thread' | 'inline') {
  const dataDir = mkdtempSync(join(tmpdir(), 'junction-append-'));
  const store = await openStore({ dataDir, sqliteWriter: mode });
  try {
    const ws = await store.workspaces.create({ slug: 'b', name: 'B' });
    const src = await store.sources.create({ workspaceId: ws.id, slug: 'b', name: 'B' });
    let n = 0;
    const lat: number[] = [];
    const batch = () =>
      Array.from({ length: perCall }, (_, i) => {
        const messageId = `${mode}-${n++}-${Math.random().toString(36).slice(2)}`;
        return {
          messageId, type: 'track', partitionKey: `user-${i % 37}`,
          payload: { type: 'track', messageId, userId: `user-${i % 37}`, event: 'Product Viewed', properties: { sku: `sku-${i}`, price: 19.99 }, context: { library: { name: 'bench', version: '1' } } },
        };
      });
    await store.appendEvents(src.id, batch()); // warm-up (starts the writer thread)
    n = 0;
    const elu0 = performance.eventLoopUtilization();
    const start = performance.now();
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (performance.now() - start < duration) {
          const t = performance.now();
          await store.appendEvents(src.id, batch());
          lat.push(performance.now() - t);
        }
      }),
    );
    const secs = (performance.now() - start) / 1000;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    lat.sort((a, b) => a - b);
    return { mode, eventsPerSec: n / secs, elu, p50: lat[Math.floor(lat.length * 0.5)]!, p99: lat[Math.floor(lat.length * 0.99)]!, tx: store.stats().transactions };
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [];
for (const mode of (process.env.SQLITE_WRITERS ?? 'thread,inline,thread,inline').split(',') as Array<'thread' | 'inline'>) rows.push(await run(mode));
console.log(`\nstore.appendEvents, ${callers} callers × ${perCall} events, ${duration / 1000}s each, load average ${loadavg()[0]!.toFixed(2)}\n`);
console.log('| writer | events/s | main event-loop busy | p50 ms | p99 ms | transactions |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.mode} | ${Math.round(r.eventsPerSec).toLocaleString('en-US')} | ${(r.elu * 100).toFixed(0)}% | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.tx} |`);
}
