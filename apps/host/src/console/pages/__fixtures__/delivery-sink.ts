import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalizeEvent, validateEvent } from '@junction/core';
import { createEngine } from '@junction/engine';
import { webhook } from '@junction/integration-webhook';
import { openDeliveryStore, type Store } from '@junction/store';

/** A request the loopback destination received. */
export interface Hit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback HTTP destination on 127.0.0.1: records every request; answers 400 when the body has
 * `"fail":true`, else 200 `{"ok":true}`.
 */
export async function startSink() {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const fail = body.includes('"fail":true');
      res.writeHead(fail ? 400 : 200, { 'content-type': 'application/json' }).end(fail ? '{"error":"fail flag set"}' : '{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Stores an event in a source's log as the tracking API does (validated, normalised). */
export async function trackEvent(store: Store, sourceId: string, raw: Record<string, unknown>): Promise<string> {
  const checked = validateEvent(raw);
  if (!checked.valid) throw new Error(`test event is invalid: ${checked.errors.map((e) => e.message).join('; ')}`);
  const event = normalizeEvent(checked.event, { receivedAt: new Date() }) as unknown as Record<string, unknown>;
  const messageId = String(event.messageId);
  await store.appendEvents(sourceId, [{ messageId, type: String(event.type), partitionKey: (event.userId ?? event.anonymousId ?? null) as string | null, payload: event }]);
  return messageId;
}

/**
 * Runs a real delivery engine (webhook plugin) until the destination has read the whole log and
 * has no retries queued, then stops it (its metrics are flushed to the store). The destination's
 * settings must hold no secret (they are read as stored).
 */
export async function deliverAll(store: Store, sourceId: string, destinationId: string): Promise<void> {
  const delivery = openDeliveryStore(store);
  const engine = createEngine({ store, resolveIntegration: () => webhook, decryptSettings: (d) => JSON.parse(d.settings) as Record<string, unknown>, pollIntervalMs: 20, metricsFlushMs: 50, configRefreshMs: 100 });
  await engine.start();
  try {
    for (;;) {
      const cursors = await delivery.cursors.list(destinationId);
      const pending = await delivery.log.pending(sourceId, new Map(cursors.map((c) => [c.partition, c.seq])));
      if (cursors.length > 0 && pending.count === 0 && (await delivery.retries.backlog(destinationId)).count === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await engine.stop();
  }
}
