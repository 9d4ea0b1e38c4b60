import type { AnyIntegrationDefinition } from '@junction/core';
import { webhook } from '@junction/integration-webhook';
import { openDeliveryStore, type Store } from '@junction/store';
import { afterEach } from 'vitest';
import type { Engine } from '../engine.ts';
import type { Sink } from './sink-server.ts';

/**
 * Engines and sinks a test file pushes, stopped and closed after each test.
 *
 * @example
 * const { engines, sinks } = stoppedAfterEach();
 */
export function stoppedAfterEach(): { engines: Engine[]; sinks: Sink[] } {
  const engines: Engine[] = [];
  const sinks: Sink[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop();
    for (const s of sinks.splice(0)) await s.close();
  });
  return { engines, sinks };
}

/** The plugins tests resolve. */
export const resolveIntegration = (slug: string): AnyIntegrationDefinition | undefined => (slug === 'webhook' ? webhook : undefined);

/** A workspace, a source and a webhook destination with one "send" subscription. */
export async function seedWebhook(store: Store, url: string, o: { name?: string; options?: Record<string, unknown>; settings?: Record<string, unknown>; sourceId?: string } = {}) {
  let sourceId = o.sourceId;
  if (!sourceId) {
    const ws = await store.workspaces.create({ slug: `ws-${Math.random().toString(36).slice(2, 10)}`, name: 'Test' });
    sourceId = (await store.sources.create({ workspaceId: ws.id, slug: 'web', name: 'Web' })).id;
  }
  const destination = await store.destinations.create({
    sourceId,
    integration: 'webhook',
    pluginVersion: webhook.version,
    name: o.name ?? 'Hook',
    settings: JSON.stringify({ url, ...o.settings }),
  });
  const delivery = openDeliveryStore(store);
  const subscription = await delivery.config.createSubscription({ destinationId: destination.id, actionId: 'send', name: 'All', trigger: 'all' });
  if (o.options) await delivery.config.setOptions(destination.id, o.options);
  return { sourceId, destination, subscription, delivery };
}

/** Appends `count` track events of `users` users (round robin) and returns them in ingest order. */
export async function ingest(store: Store, sourceId: string, count: number, users = 5, prefix = 'm', extra: Record<string, unknown> = {}) {
  const events = Array.from({ length: count }, (_, i) => ({
    messageId: `${prefix}-${i}`,
    type: 'track',
    userId: `u${i % users}`,
    event: 'Order Completed',
    properties: { i },
    ...extra,
  }));
  for (let i = 0; i < events.length; i += 200) {
    await store.appendEvents(
      sourceId,
      events.slice(i, i + 200).map((e) => ({ messageId: e.messageId, type: e.type, partitionKey: e.userId, payload: e })),
    );
  }
  return events;
}

/** Polls until `check` is true (fails with `what` after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** messageIds per user in arrival order, first arrival only. */
export function orderByUser(received: Array<{ messageId: string; userId: string | undefined }>): Map<string, string[]> {
  const seen = new Set<string>();
  const out = new Map<string, string[]>();
  for (const r of received) {
    if (seen.has(r.messageId)) continue;
    seen.add(r.messageId);
    const list = out.get(r.userId ?? '') ?? [];
    list.push(r.messageId);
    out.set(r.userId ?? '', list);
  }
  return out;
}
