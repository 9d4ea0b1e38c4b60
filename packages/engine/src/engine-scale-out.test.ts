import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, harness } from './__fixtures__/backends.ts';
import { startSink, type Sink } from './__fixtures__/sink-server.ts';
import { ingest, orderByUser, seedWebhook, until } from './__fixtures__/scenario.ts';
import { kill, spawnWorker } from './__fixtures__/spawn-worker.ts';

describe.each(BACKENDS.filter((b) => b === 'postgres'))('engine scale-out on %s', (backend) => {
  const h = harness(backend);
  const children: ChildProcess[] = [];
  const sinks: Sink[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await kill(c, 'SIGKILL');
    for (const s of sinks.splice(0)) await s.close();
  });

  it('shares one stream across three workers with no loss and per-user order', async () => {
    const loc = await h.location();
    const store = await h.open(loc);
    const s = await startSink();
    sinks.push(s);
    let n = 0;
    s.answer(() => (++n % 7 === 0 ? { status: 503 } : { status: 200 }));
    const { sourceId } = await seedWebhook(store, s.url, { options: { batch: false, retry: { initialDelayMs: 20, maxDelayMs: 100 } } });
    const workers = await Promise.all(['w1', 'w2', 'w3'].map((id) => spawnWorker(loc, id, 3000)));
    children.push(...workers);
    const events = await ingest(store, sourceId, 600, 30);
    await until(() => new Set(s.received.map((r) => r.messageId)).size === 600, 'all 600 events', 20_000);
    const byUser = orderByUser(s.received);
    for (let u = 0; u < 30; u++) expect(byUser.get(`u${u}`)).toEqual(events.filter((x) => x.userId === `u${u}`).map((x) => x.messageId));
    const d = (await import('@junction/store')).openDeliveryStore(store);
    const owners = new Set((await d.db.selectFrom('delivery_cursors').select('lease_owner').execute()).map((r) => r.lease_owner));
    expect(owners.size).toBeGreaterThan(1);
    await Promise.all(workers.map((w) => kill(w, 'SIGTERM')));
    const released = await d.db.selectFrom('delivery_cursors').select('lease_owner').where('lease_owner', 'is not', null).execute();
    expect(released).toEqual([]);
  }, 40_000);
});
