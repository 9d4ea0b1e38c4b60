/**
 * @junction/integration-slack: post messages to Slack through incoming webhooks. See ../README.md.
 */
import { defineIntegration } from '@junction/core';
import { postMessage } from './post-message-action.ts';
import { slackErrors } from './slack-errors.ts';
import { slackSettings } from './slack-settings.ts';

export { SLACK_ERROR_CODES, slackErrors } from './slack-errors.ts';
export { type SlackSettings, slackSettings } from './slack-settings.ts';

/**
 * The Slack destination.
 *
 * @example
 * import slack from '@junction/integration-slack';
 * catalog.register(slack);
 */
export const slack = defineIntegration({
  slug: 'slack',
  name: 'Slack',
  version: '0.1.0',
  description: 'Post a message to a Slack channel when an event matches, through an incoming webhook.',
  categories: ['Productivity'],
  website: 'https://slack.com',
  settings: slackSettings,
  actions: { postMessage },
  presets: [{ name: 'Post track events', actionId: 'postMessage', trigger: 'type = "track"' }],
  delivery: {
    // Slack allows about one message per second per webhook, with short bursts.
    rateLimit: { perSecond: 1, burst: 5 },
    concurrency: 1,
    timeoutMs: 10_000,
  },
  errors: slackErrors,
});

export default slack;
