import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, harness } from './__fixtures__/backends.ts';
import { startSink, type Sink } from './__fixtures__/sink-server.ts';
import { ingest, seedWebhook, until } from './__fixtures__/scenario.ts';
import { kill, spawnWorker } from './__fixtures__/spawn-worker.ts';

describe.each(BACKENDS)('engine worker processes on %s', (backend) => {
  const h = harness(backend);
  const children: ChildProcess[] = [];
  const sinks: Sink[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await kill(c, 'SIGKILL');
    for (const s of sinks.splice(0)) await s.close();
  });

  it('delivers every acknowledged event at least once when a worker is SIGKILLed mid-flight', async () => {
    const loc = await h.location();
    const store = await h.open(loc);
    const s = await startSink();
    sinks.push(s);
    s.answer(() => ({ status: 200, delayMs: 5 }));
    const { sourceId } = await seedWebhook(store, s.url, { options: { batch: false } });
    const first = await spawnWorker(loc, 'doomed', 1500);
    children.push(first);
    const events = await ingest(store, sourceId, 400, 40);
    await until(() => s.received.length >= 40, 'the first deliveries', 15_000);
    await kill(first, 'SIGKILL');
    const before = new Set(s.received.map((r) => r.messageId)).size;
    expect(before).toBeLessThan(400);
    const second = await spawnWorker(loc, 'heir', 1500);
    children.push(second);
    await until(() => new Set(s.received.map((r) => r.messageId)).size === 400, 'every event after the takeover', 15_000);
    expect(new Set(s.received.map((r) => r.messageId))).toEqual(new Set(events.map((e) => e.messageId)));
  }, 40_000);

});
