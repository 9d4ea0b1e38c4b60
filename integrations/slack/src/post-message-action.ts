import { defineAction } from '@junction/core';
import type { SlackSettings } from './slack-settings.ts';

/**
 * Action "postMessage": POSTs `{ text, channel?, username?, icon_url?, icon_emoji?, mrkdwn?, blocks? }`
 * to the incoming webhook. Fields override the settings' defaults.
 *
 * @example
 * await t.run({ action: 'postMessage', event: sampleEvents.track, settings: { webhookUrl } });
 */
export const postMessage = defineAction<SlackSettings>()({
  title: 'Post message',
  description: 'Post a message to a Slack channel through an incoming webhook.',
  defaultSubscription: 'type = "track"',
  fields: {
    type: 'object',
    properties: {
      text: {
        type: 'string',
        minLength: 1,
        maxLength: 40_000,
        title: 'Message',
        description: "The message, in Slack's mrkdwn (e.g. *bold*, <https://example.com|link>). Build it with a template such as \"{{event}} by {{userId}}\".",
        default: {
          '@if': {
            exists: { '@path': '$.userId' },
            // biome-ignore lint/suspicious/noThenProperty: "then" is the @if branch key of the mapping language
            then: { '@template': '*{{event}}* by user {{userId}}' },
            else: { '@template': '*{{event}}* by anonymous user {{anonymousId}}' },
          },
        },
      },
      channel: { type: 'string', minLength: 1, title: 'Channel', description: 'Overrides the channel setting (legacy webhooks only).' },
      username: { type: 'string', minLength: 1, title: 'Sender name', description: 'Overrides the sender name setting (legacy webhooks only).' },
      iconUrl: { type: 'string', title: 'Icon URL', description: 'Overrides the icon URL setting.' },
      iconEmoji: { type: 'string', title: 'Icon emoji', description: 'Overrides the icon emoji setting, e.g. ":tada:".' },
      mrkdwn: { type: 'boolean', title: 'Format text', description: 'Set to false to post the text literally, without mrkdwn formatting.' },
      blocks: {
        type: 'array',
        items: { type: 'object' },
        maxItems: 50,
        title: 'Blocks',
        description: 'Optional Block Kit blocks; `text` is then the notification fallback.',
      },
    },
    required: ['text'],
  },
  async perform({ settings, payload, request }) {
    const iconUrl = payload.iconUrl ?? settings.iconUrl;
    const body = {
      text: payload.text,
      channel: payload.channel ?? settings.channel,
      username: payload.username ?? settings.username,
      icon_url: iconUrl,
      icon_emoji: iconUrl === undefined ? (payload.iconEmoji ?? settings.iconEmoji) : undefined,
      mrkdwn: payload.mrkdwn,
      blocks: payload.blocks,
    };
    return request(settings.webhookUrl, { method: 'POST', json: body });
  },
});
