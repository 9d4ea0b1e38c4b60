import { type ActionResult, errorFromResponse, errorResult, IntegrationError, parseRetryAfter, type RequestFn } from '@junction/core';
import { amplitudeErrors, parseAmplitudeBody, rejectedEvents } from './amplitude-errors.ts';
import type { AmplitudeSettings } from './amplitude-settings.ts';

/**
 * Event ingestion endpoints by API and data center.
 *
 * @example
 * AMPLITUDE_ENDPOINTS.httpapi.EU; // 'https://api.eu.amplitude.com/2/httpapi'
 */
export const AMPLITUDE_ENDPOINTS = {
  httpapi: { US: 'https://api2.amplitude.com/2/httpapi', EU: 'https://api.eu.amplitude.com/2/httpapi' },
  batch: { US: 'https://api2.amplitude.com/batch', EU: 'https://api.eu.amplitude.com/batch' },
} as const;

/** How long Amplitude asks throttled senders to pause when it sends no Retry-After (30 s). */
export const AMPLITUDE_THROTTLE_PAUSE_MS = 30_000;

/**
 * An event as the HTTP V2 and Batch APIs take it.
 *
 * @example
 * const e: AmplitudeEvent = { event_type: 'Signed Up', user_id: 'user-1', time: 1736935200000, insert_id: 'm1' };
 */
export type AmplitudeEvent = { event_type: string } & Record<string, unknown>;

/**
 * The endpoint the settings select (HTTP V2 unless `useBatchEndpoint`, US unless `region: "EU"`).
 *
 * @example
 * endpointFor({ apiKey: 'k', region: 'EU', useBatchEndpoint: true }); // 'https://api.eu.amplitude.com/batch'
 */
export function endpointFor(settings: AmplitudeSettings): string {
  return AMPLITUDE_ENDPOINTS[settings.useBatchEndpoint ? 'batch' : 'httpapi'][settings.region ?? 'US'];
}

async function post(request: RequestFn, settings: AmplitudeSettings, events: AmplitudeEvent[], resend: boolean): Promise<ActionResult[]> {
  const json = {
    api_key: settings.apiKey,
    events,
    ...(settings.minIdLength === undefined ? {} : { options: { min_id_length: settings.minIdLength } }),
  };
  const response = await request(endpointFor(settings), { method: 'POST', json, throwHttpErrors: false });
  if (response.status >= 200 && response.status < 300) return events.map(() => ({ status: 'success' }));
  const body = parseAmplitudeBody(response.body);
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']) ?? AMPLITUDE_THROTTLE_PAUSE_MS;
    const throttled = new Set(Array.isArray(body.throttled_events) ? body.throttled_events : []);
    return events.map((_, i) => ({
      status: 'error',
      code: 'RATE_LIMITED',
      retryable: true,
      httpStatus: 429,
      retryAfterMs,
      message: throttled.has(i)
        ? `Amplitude throttled this event's user or device (over ${body.eps_threshold ?? 'the'} events per second)`
        : `Amplitude throttled the request: ${body.error ?? 'too many requests'}`,
    }));
  }
  const rejected = response.status === 400 ? rejectedEvents(body) : new Map<number, string>();
  if (rejected.size > 0) {
    // Amplitude ingested nothing: the named events are refused, the others are sent again once.
    const keep = events.map((_, i) => i).filter((i) => !rejected.has(i));
    const again = resend && keep.length > 0 ? await post(request, settings, keep.map((i) => events[i]!), false) : [];
    return events.map((_, i): ActionResult => {
      const reason = rejected.get(i);
      if (reason !== undefined) return { status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 400, message: `Amplitude rejected the event: ${reason}` };
      return again[keep.indexOf(i)] ?? { status: 'error', code: 'PAYLOAD_REJECTED', retryable: true, httpStatus: 400, message: 'not ingested: another event of the request was rejected' };
    });
  }
  const error = errorFromResponse(response, amplitudeErrors) ?? new IntegrationError('UNKNOWN', `Amplitude answered HTTP ${response.status}`);
  const result = errorResult(error);
  return events.map(() => result);
}

/**
 * Sends the events of several payloads in one request and folds the answer back into one result
 * per payload (a payload fails when any of its events fails). A payload with neither `user_id`
 * nor `device_id` fails as `INVALID_PAYLOAD` without being sent. A 400 naming events
 * (`events_with_invalid_fields`, `events_with_missing_fields`, …) fails those and sends the rest
 * again once, as Amplitude asks; a 429 fails every payload as `RATE_LIMITED`, retrying after
 * `Retry-After` or 30 s.
 *
 * @example
 * const [result] = await sendPayloadEvents(request, settings, [[{ event_type: 'Signed Up', user_id: 'user-1' }]]);
 */
export async function sendPayloadEvents(request: RequestFn, settings: AmplitudeSettings, perPayload: AmplitudeEvent[][]): Promise<ActionResult[]> {
  const anonymous = (group: AmplitudeEvent[]) => group.some((e) => !e.user_id && !e.device_id);
  const sendable = perPayload.filter((group) => !anonymous(group));
  const events = sendable.flat();
  const results = events.length > 0 ? await post(request, settings, events, true) : [];
  let next = 0;
  return perPayload.map((group): ActionResult => {
    if (anonymous(group)) {
      return { status: 'error', code: 'INVALID_PAYLOAD', retryable: false, message: 'payload.user_id or payload.device_id is required by Amplitude (both are empty)' };
    }
    const mine = results.slice(next, next + group.length);
    next += group.length;
    return mine.find((r) => r.status === 'error') ?? { status: 'success' };
  });
}

/**
 * Turns an error result back into the `IntegrationError` a `perform` throws.
 *
 * @example
 * throwIfError((await sendPayloadEvents(request, settings, [[event]]))[0]!);
 */
export function throwIfError(result: ActionResult): void {
  if (result.status === 'success') return;
  throw new IntegrationError(result.code, result.message, {
    ...(result.httpStatus === undefined ? {} : { status: result.httpStatus }),
    retryable: result.retryable,
    ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
  });
}
