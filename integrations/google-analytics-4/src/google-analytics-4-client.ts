import { type ActionResult, errorResult, IntegrationError, type RequestFn } from '@junction/core';
import { type Ga4Event, streamOf } from './google-analytics-4-event.ts';
import { GA4_LIMITS } from './google-analytics-4-rules.ts';
import type { GoogleAnalytics4Settings } from './google-analytics-4-settings.ts';

/**
 * Collection hosts by `serverRegion`.
 *
 * @example
 * GA4_HOSTS.eu; // 'https://region1.google-analytics.com'
 */
export const GA4_HOSTS = { global: 'https://www.google-analytics.com', eu: 'https://region1.google-analytics.com' } as const;

/**
 * The collect (or validation) URL: `/mp/collect?measurement_id=…&api_secret=…` for web streams,
 * `?firebase_app_id=…&api_secret=…` for app streams (colons of the Firebase App ID kept as is).
 *
 * @example
 * collectUrl({ measurementId: 'G-ABC123', apiSecret: 's3cr3t_123' }); // 'https://www.google-analytics.com/mp/collect?measurement_id=G-ABC123&api_secret=s3cr3t_123'
 */
export function collectUrl(settings: GoogleAnalytics4Settings, debug = false): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%3A/gi, ':');
  const stream = streamOf(settings) === 'web' ? `measurement_id=${encode(settings.measurementId!)}` : `firebase_app_id=${encode(settings.firebaseAppId!)}`;
  return `${GA4_HOSTS[settings.serverRegion ?? 'global']}${debug ? '/debug' : ''}/mp/collect?${stream}&api_secret=${encode(settings.apiSecret)}`;
}

/**
 * Splits events into Measurement Protocol requests: events sharing their request-level fields
 * (identifier, user_id, user_properties, consent) go together, at most 25 per request and about
 * 130 KB. Returns the indexes of the events in each request.
 *
 * @example
 * planRequests([a, b, c]); // [[0, 2], [1]] when a and c are about the same client
 */
export function planRequests(events: Ga4Event[]): number[][] {
  const groups = new Map<string, number[][]>();
  const sizes = new Map<number[], number>();
  for (const [i, e] of events.entries()) {
    const key = JSON.stringify(e.identity);
    const size = JSON.stringify(e.event).length + 1;
    const chunks = groups.get(key) ?? [];
    let last = chunks.at(-1);
    if (!last || last.length >= GA4_LIMITS.eventsPerRequest || (sizes.get(last) ?? 0) + size > GA4_LIMITS.bytesPerRequest - 2_000) {
      last = [];
      chunks.push(last);
      groups.set(key, chunks);
    }
    last.push(i);
    sizes.set(last, (sizes.get(last) ?? 0) + size);
  }
  return [...groups.values()].flat();
}

/**
 * Sends prepared events (or the `IntegrationError` that stopped one being built) and answers one
 * result per entry. The Measurement Protocol answers 2xx even for events it drops, so only HTTP
 * failures fail a request (each of its events).
 *
 * @example
 * const results = await sendGa4Events(request, settings, [toGa4Event(settings, 'page_view', payload)]);
 */
export async function sendGa4Events(request: RequestFn, settings: GoogleAnalytics4Settings, entries: Array<Ga4Event | IntegrationError>): Promise<ActionResult[]> {
  const results: ActionResult[] = entries.map((e) => (e instanceof IntegrationError ? errorResult(e) : { status: 'success' }));
  const indexes = entries.flatMap((e, i) => (e instanceof IntegrationError ? [] : [i]));
  const events = indexes.map((i) => entries[i] as Ga4Event);
  if (events.length === 0) return results;
  const url = collectUrl(settings);
  for (const chunk of planRequests(events)) {
    const json = { ...events[chunk[0]!]!.identity, events: chunk.map((j) => events[j]!.event) };
    const outcome = await request(url, { method: 'POST', json }).then((): ActionResult => ({ status: 'success' }), errorResult);
    for (const j of chunk) results[indexes[j]!] = outcome;
  }
  return results;
}

