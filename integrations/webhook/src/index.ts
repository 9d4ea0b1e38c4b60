/**
 * @junction/integration-webhook: send events to any HTTP endpoint, optionally signed.
 * The template every Junction integration copies. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { send } from './send-action.ts';
import { webhookSettings } from './webhook-settings.ts';

export { EVENT_JSON } from '@junction/core';
export { SIGNATURE_HEADER, signBody, verifySignature } from './signature.ts';
export { type WebhookSettings, webhookSettings } from './webhook-settings.ts';

const HOUR = 3_600_000;

/**
 * The webhook destination.
 *
 * @example
 * import webhook from '@junction/integration-webhook';
 * catalog.register(webhook);
 */
export const webhook = defineIntegration({
  slug: 'webhook',
  name: 'Webhook',
  version: '0.1.0',
  description: 'Send events as JSON to any HTTP endpoint, optionally signed with HMAC-SHA256.',
  categories: ['Raw Data'],
  settings: webhookSettings,
  actions: { send },
  presets: [{ name: 'Send all events', actionId: 'send', trigger: 'all' }],
  delivery: {
    batch: { maxCount: 100, maxBytes: 512_000, maxWaitMs: 1000 },
    concurrency: 10,
    timeoutMs: 10_000,
    retry: { maxAgeMs: 4 * HOUR, initialDelayMs: 1000, maxDelayMs: 10 * 60_000 },
  },
});

export default webhook;
