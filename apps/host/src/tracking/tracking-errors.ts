import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One problem reported by the tracking API. `index` is the item's position in a batch. */
export interface TrackingIssue {
  path: string;
  message: string;
  reason: string;
  index?: number;
}

/**
 * The tracking API's error answer: `{ success: false, message, errors: [...] }`. Segment answers 200
 * to nearly everything; Junction names the problem instead (see docs/tracking-api.md).
 *
 * @example
 * return trackingError(c, 401, 'Unknown writeKey.', [{ path: 'writeKey', message: '…', reason: 'unknown_source' }]);
 */
export function trackingError(
  c: Context,
  status: ContentfulStatusCode,
  message: string,
  errors: TrackingIssue[] = [],
  headers: Record<string, string> = {},
) {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json({ success: false, message, errors }, status);
}
