import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@junction/store';
import { afterAll, describe, expect, it } from 'vitest';
import { type HostProcess, killHard, spawnHost } from '../test-support/host-process.ts';
import { allEvents, basicAuth } from '../test-support/test-host.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'junction-crash-'));
let host: HostProcess | undefined;
afterAll(async () => {
  if (host) await killHard(host.child);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('keeps every acknowledged event when the host is SIGKILLed mid-traffic', async () => {
    host = await spawnHost({ DATA_DIR: dataDir });
    const { url, writeKey } = host;
    const acknowledged: string[] = [];
    let sent = 0;
    let stop = false;

    const client = async (worker: number) => {
      for (let n = 0; !stop && n < 10_000; n++) {
        const ids = Array.from({ length: 10 }, (_, i) => `w${worker}-n${n}-i${i}`);
        sent += ids.length;
        try {
          const res = await fetch(`${url}/v1/batch`, {
            method: 'POST',
            headers: { authorization: basicAuth(writeKey), 'content-type': 'application/json' },
            body: JSON.stringify({
              batch: ids.map((messageId) => ({ type: 'track', userId: `user-${worker}`, event: 'Crash Test', messageId })),
            }),
          });
          if (res.status === 200) acknowledged.push(...ids);
          else if (!stop) throw new Error(`unexpected status ${res.status}`);
        } catch (error) {
          if (!stop) throw error;
        }
      }
    };

    const clients = Array.from({ length: 8 }, (_, i) => client(i));
    // Kill once a good amount of traffic has been acknowledged, while requests are in flight.
    while (acknowledged.length < 2_000) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await killHard(host.child);
    await Promise.allSettled(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(2_000);
    expect(sent).toBeGreaterThan(acknowledged.length - 1);

    // Restart on the same data: it must come up and still accept events.
    host = await spawnHost({ DATA_DIR: dataDir });
    expect(host.writeKey).toBe(writeKey);
    const res = await fetch(`${host.url}/v1/track`, {
      method: 'POST',
      headers: { authorization: basicAuth(writeKey) },
      body: JSON.stringify({ userId: 'after', event: 'After Restart', messageId: 'after-restart' }),
    });
    expect(res.status).toBe(200);
    await killHard(host.child);
    host = undefined;

    const store = await openStore({ dataDir });
    try {
      const stored = new Set((await allEvents(store)).map((e) => e.messageId as string));
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      expect(stored.has('after-restart')).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);
});
