import { type ActionResult, errorResult, type RequestFn } from '@junction/core';
import type { PosthogSettings } from './posthog-settings.ts';

/**
 * The default ingestion host (US Cloud).
 *
 * @example
 * settings.host ?? POSTHOG_US_HOST;
 */
export const POSTHOG_US_HOST = 'https://us.i.posthog.com';

/**
 * An event as PostHog's capture endpoints take it.
 *
 * @example
 * const e: PosthogEvent = { event: '$pageview', distinct_id: 'user-1', properties: { $current_url: 'https://shop.example/' } };
 */
export interface PosthogEvent {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  timestamp?: string;
}

function base(settings: PosthogSettings): string {
  return (settings.host ?? POSTHOG_US_HOST).replace(/\/+$/, '');
}

function withSettings(settings: PosthogSettings, event: PosthogEvent): PosthogEvent {
  const properties = { ...event.properties, $lib: 'junction' } as Record<string, unknown>;
  if (settings.geoipDisable) properties.$geoip_disable = true;
  return { ...event, properties };
}

/**
 * Sends one event to `/capture/`, or to `/batch/` when `historicalMigration` is on (only the batch
 * endpoint takes that flag).
 *
 * @example
 * await captureOne(request, settings, { event: 'Signed Up', distinct_id: 'user-1', properties: {} });
 */
export async function captureOne(request: RequestFn, settings: PosthogSettings, event: PosthogEvent): Promise<void> {
  if (settings.historicalMigration) {
    await captureBatch(request, settings, [event]);
    return;
  }
  await request(`${base(settings)}/capture/`, { method: 'POST', json: { api_key: settings.apiKey, ...withSettings(settings, event) } });
}

/**
 * Sends events to `/batch/` as `{ api_key, historical_migration?, batch: [...] }` (the whole
 * request is accepted or refused).
 *
 * @example
 * await captureBatch(request, settings, [{ event: 'Signed Up', distinct_id: 'user-1', properties: {} }]);
 */
export async function captureBatch(request: RequestFn, settings: PosthogSettings, events: PosthogEvent[]): Promise<void> {
  await request(`${base(settings)}/batch/`, {
    method: 'POST',
    json: {
      api_key: settings.apiKey,
      ...(settings.historicalMigration ? { historical_migration: true } : {}),
      batch: events.map((e) => withSettings(settings, e)),
    },
  });
}

/**
 * `performBatch` for every PostHog action: one `/batch/` request; one result per payload (all
 * succeed, or all fail with the classified error, as PostHog reports no per-event outcome).
 *
 * @example
 * performBatch: ({ settings, payloads, request }) => batchResults(request, settings, payloads.map(toEvent)),
 */
export async function batchResults(request: RequestFn, settings: PosthogSettings, events: PosthogEvent[]): Promise<ActionResult[]> {
  try {
    await captureBatch(request, settings, events);
    return events.map(() => ({ status: 'success' }));
  } catch (err) {
    const result = errorResult(err);
    return events.map(() => result);
  }
}
