import { describe, expect, it } from 'vitest';
import { harness } from './__fixtures__/backends.ts';
import { seedWebhook } from './__fixtures__/scenario.ts';
import { createMetricsRecorder } from './metrics-recorder.ts';

const T0 = Date.parse('2026-01-05T10:00:10.000Z');
const MIN0 = '2026-01-05T10:00:00.000Z';
const MIN1 = '2026-01-05T10:01:00.000Z';
const END = '2026-01-05T10:02:00.000Z';

describe('metrics recorder', () => {
  const h = harness('sqlite');

  it('sums repeated records per destination, outcome, code, minute and latency bucket, across flushes', async () => {
    const store = await h.open(await h.location());
    const a = await seedWebhook(store, 'http://127.0.0.1:9/a');
    const b = await seedWebhook(store, 'http://127.0.0.1:9/b', { sourceId: a.sourceId, name: 'B' });
    const { delivery } = a;
    const [d1, d2] = [a.destination.id, b.destination.id];
    let now = T0;
    const rec = createMetricsRecorder(() => now);
    for (let i = 0; i < 5; i++) rec.record(d1, 'delivered', '', 1, 20); // bucket 25
    rec.record(d1, 'delivered', '', 2, 300); // bucket 500
    rec.record(d2, 'delivered', '', 1, 20);
    rec.record(d1, 'retried', 'DESTINATION_UNAVAILABLE', 1);
    rec.record(d1, 'delivered', '', 1, 24); // back to an entry touched before
    now = T0 + 60_000;
    rec.record(d1, 'delivered', '', 3, 5); // next minute, bucket 10
    await rec.flush(delivery);
    rec.record(d1, 'delivered', '', 4, 20); // after a flush: summed into the stored rows
    await rec.flush(delivery);

    const counts = await delivery.metrics.counts(d1, MIN0, END);
    const byKey = Object.fromEntries(counts.map((c) => [`${c.minute} ${c.outcome} ${c.errorCode}`, c.count]));
    expect(byKey).toEqual({ [`${MIN0} delivered `]: 8, [`${MIN0} retried DESTINATION_UNAVAILABLE`]: 1, [`${MIN1} delivered `]: 7 });
    const latency = await delivery.metrics.latency(d1, MIN0, END);
    const byBucket = Object.fromEntries(latency.map((l) => [`${l.minute} ${l.bucket}`, l.count]));
    expect(byBucket).toEqual({ [`${MIN0} 25`]: 6, [`${MIN0} 500`]: 2, [`${MIN1} 10`]: 3, [`${MIN1} 25`]: 4 });
    expect((await delivery.metrics.counts(d2, MIN0, END)).map((c) => c.count)).toEqual([1]);
    expect(rec.totals()).toEqual({ delivered: 16, retried: 1, failed: 0, filtered: 0, discarded: 0 });
  });
});
