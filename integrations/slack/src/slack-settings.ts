import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of a Slack destination. `webhookUrl` is a secret (whoever holds it can post to the
 * channel): encrypted at rest and shown as `••••abcd`. `channel`, `username`, `iconUrl` and
 * `iconEmoji` are defaults that the action's fields may override per message.
 *
 * @example
 * const settings: SlackSettings = { webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX', username: 'Junction' };
 */
export const slackSettings = defineSettings({
  type: 'object',
  properties: {
    webhookUrl: {
      type: 'string',
      format: 'uri',
      pattern: '^https://hooks\\.slack(-gov)?\\.com/\\S+$',
      'x-secret': true,
      title: 'Webhook URL',
      description: 'The incoming webhook URL Slack gave you (https://hooks.slack.com/services/…).',
    },
    channel: {
      type: 'string',
      minLength: 1,
      title: 'Channel',
      description: 'Default channel override (e.g. "general" or a channel ID). Only legacy custom-integration webhooks honour it; app webhooks always post to their own channel.',
    },
    username: {
      type: 'string',
      minLength: 1,
      title: 'Sender name',
      description: 'Default sender name override (legacy custom-integration webhooks only).',
    },
    iconUrl: {
      type: 'string',
      format: 'uri',
      title: 'Icon URL',
      description: 'Default image shown next to the message (legacy custom-integration webhooks only).',
    },
    iconEmoji: {
      type: 'string',
      pattern: '^:[^:\\s]+:$',
      title: 'Icon emoji',
      description: 'Default emoji icon such as ":rocket:" (legacy custom-integration webhooks only). Ignored when an icon URL is set.',
    },
  },
  required: ['webhookUrl'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: SlackSettings = { webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX' };
 */
export type SlackSettings = Infer<typeof slackSettings>;
