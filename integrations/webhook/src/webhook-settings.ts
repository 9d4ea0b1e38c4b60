import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of a webhook destination. `sharedSecret` is a secret: encrypted at rest, never shown.
 *
 * @example
 * redactSettings(webhookSettings, { url, sharedSecret: 'whsec_0123456789abcd' }); // sharedSecret: '••••abcd'
 */
export const webhookSettings = defineSettings({
  type: 'object',
  properties: {
    url: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://',
      title: 'Webhook URL',
      description: 'Where events are POSTed (http or https).',
    },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      title: 'Extra headers',
      description: 'Headers added to every request, e.g. {"Authorization": "Bearer …"}.',
    },
    sharedSecret: {
      type: 'string',
      minLength: 8,
      'x-secret': true,
      title: 'Shared secret',
      description: 'When set, each request carries X-Signature: sha256=<hex HMAC-SHA256 of the raw body>.',
    },
    batchRequests: {
      type: 'boolean',
      title: 'Send batches as JSON arrays',
      description: 'Off (default): one request per event. On: up to 100 events per request, as a JSON array.',
    },
  },
  required: ['url'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: WebhookSettings = { url: 'https://hooks.example.com/in', headers: { 'X-Team': 'growth' } };
 */
export type WebhookSettings = Infer<typeof webhookSettings>;
