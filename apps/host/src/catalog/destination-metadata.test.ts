import webhook from '@junction/integration-webhook';
import { describe, expect, it } from 'vitest';
import { destinationMetadata } from './destination-metadata.ts';
import { settingsOptions } from './settings-options.ts';

describe('destination metadata', () => {
  it("describes the webhook in Segment's Destination-metadata shape", () => {
    const meta = destinationMetadata(webhook, { packageName: '@junction/integration-webhook' });
    expect(Object.keys(meta)).toEqual(
      expect.arrayContaining(['id', 'name', 'slug', 'description', 'logos', 'options', 'status', 'categories', 'website', 'supportedMethods', 'actions', 'presets', 'version']),
    );
    expect(meta).toMatchObject({ id: 'webhook', slug: 'webhook', name: 'Webhook', status: 'PUBLIC', categories: ['Raw Data'], version: webhook.version, origin: 'first-party' });
    expect(meta.description).toBe(webhook.description);
    expect(meta.logos.default).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(meta.options).toEqual([
      { name: 'url', type: 'string', required: true, label: 'Webhook URL', description: 'Where events are POSTed (http or https).' },
      { name: 'headers', type: 'map', required: false, label: 'Extra headers', description: expect.stringContaining('Headers added') },
      { name: 'sharedSecret', type: 'password', required: false, label: 'Shared secret', description: expect.stringContaining('X-Signature') },
      { name: 'batchRequests', type: 'boolean', required: false, label: 'Send batches as JSON arrays', description: expect.any(String) },
    ]);
    expect(meta.supportedMethods).toEqual({ track: true, pageview: true, identify: true, group: true, alias: true });
    expect(meta.actions).toEqual([
      {
        id: 'send',
        name: 'Send',
        description: 'POST the event as JSON to the webhook URL.',
        defaultTrigger: 'all',
        batching: true,
        fields: [{ fieldKey: 'data', label: 'Data', type: 'object', required: true, multiple: false, description: expect.any(String), defaultValue: { '@path': '$' } }],
      },
    ]);
    expect(meta.presets).toEqual([{ actionId: 'send', name: 'Send all events', trigger: 'all', fields: {} }]);
    expect(JSON.parse(JSON.stringify(meta))).toEqual(meta);
  });

  it('derives supported methods from the triggers', () => {
    const meta = destinationMetadata({
      ...webhook,
      actions: { send: { ...webhook.actions.send, defaultSubscription: 'type = "track" or type = "identify"' } },
      presets: [{ name: 'Pages', actionId: 'send', trigger: 'type = "page"' }],
    });
    expect(meta.supportedMethods).toEqual({ track: true, pageview: true, identify: true, group: false, alias: false });
  });

  it('derives options: enums become selects, defaults and humanised labels, secrets never show a default', () => {
    const options = settingsOptions({
      type: 'object',
      properties: {
        region: { type: 'string', enum: ['eu', 'us'], default: 'us' },
        batchSize: { type: 'integer', default: 100 },
        apiKey: { type: 'string', 'x-secret': true, default: 'do-not-show' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['apiKey'],
    });
    expect(options).toEqual([
      { name: 'region', type: 'select', required: false, defaultValue: 'us', label: 'Region', choices: ['eu', 'us'] },
      { name: 'batchSize', type: 'number', required: false, defaultValue: 100, label: 'Batch size' },
      { name: 'apiKey', type: 'password', required: true, label: 'Api key' },
      { name: 'tags', type: 'array', required: false, label: 'Tags' },
    ]);
  });
});
