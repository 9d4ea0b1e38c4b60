import type { ActionResult } from '../integration-types.ts';
import { defineAction, defineIntegration, defineSettings } from '../define-integration.ts';
import type { Infer } from '../integration-types.ts';

export const acmeSettings = defineSettings({
  type: 'object',
  properties: {
    endpoint: { type: 'string', format: 'uri' },
    apiKey: { type: 'string', 'x-secret': true, minLength: 4 },
    region: { type: 'string', enum: ['eu', 'us'] },
  },
  required: ['endpoint', 'apiKey'],
  additionalProperties: false,
});

type Settings = Infer<typeof acmeSettings>;

export const track = defineAction<Settings>()({
  title: 'Track',
  description: 'Send a track event',
  defaultSubscription: 'type = "track"',
  fields: {
    type: 'object',
    properties: {
      name: { type: 'string', default: { '@path': '$.event' } },
      userId: { type: 'string', default: { '@path': '$.userId' } },
      revenue: { type: 'number', default: { '@path': '$.properties.revenue' } },
    },
    required: ['name'],
  },
  async perform({ settings, payload, request }) {
    return request(`${settings.endpoint}/track`, { headers: { authorization: `Bearer ${settings.apiKey}` }, json: payload });
  },
  async performBatch({ settings, payloads, request }): Promise<ActionResult[]> {
    await request(`${settings.endpoint}/batch`, { headers: { authorization: `Bearer ${settings.apiKey}` }, json: payloads });
    return payloads.map(() => ({ status: 'success' }));
  },
});

export const acme = defineIntegration({
  slug: 'acme',
  name: 'Acme',
  version: '1.2.3',
  description: 'Send events to Acme.',
  categories: ['Analytics'],
  website: 'https://acme.example',
  settings: acmeSettings,
  actions: { track },
  presets: [{ name: 'Track events', actionId: 'track', trigger: 'type = "track"' }],
  delivery: { batch: { maxCount: 10, maxBytes: 10_000, maxWaitMs: 100 }, timeoutMs: 2000 },
  errors: (response) => (response.status === 400 && response.body.includes('quota') ? 'RATE_LIMITED' : undefined),
});
