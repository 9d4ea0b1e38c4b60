import { type ActionResult, defineAction, defineIntegration, defineSettings, type Infer } from '@junction/core';

const settings = defineSettings({
  type: 'object',
  properties: { token: { type: 'string', 'x-secret': true } },
  required: ['token'],
});

const identify = defineAction<Infer<typeof settings>>()({
  title: 'Identify',
  description: 'Upsert a profile',
  defaultSubscription: 'type = "identify"',
  fields: {
    type: 'object',
    properties: {
      userId: { type: 'string', default: { '@path': '$.userId' } },
      email: { type: 'string', default: { '@path': '$.traits.email' } },
    },
    required: ['userId'],
  },
  perform: ({ settings, payload, request }) =>
    request('https://api.echo.example/v1/profiles', { headers: { authorization: `Token ${settings.token}` }, json: payload }),
  async performBatch({ settings, payloads, request }): Promise<ActionResult[]> {
    await request('https://api.echo.example/v1/profiles/batch', { headers: { authorization: `Token ${settings.token}` }, json: payloads });
    return payloads.map(() => ({ status: 'success' }));
  },
});

/** A small vendor-style integration (hard-coded host) for the harness's own tests. */
export const echo = defineIntegration({
  slug: 'echo',
  name: 'Echo',
  version: '0.0.1',
  description: 'Test fixture.',
  categories: ['Test'],
  settings,
  actions: { identify },
  presets: [{ name: 'Identify users', actionId: 'identify', trigger: 'type = "identify"' }],
  delivery: { batch: { maxCount: 50, maxBytes: 100_000, maxWaitMs: 500 } },
  async testConnection({ settings, request }) {
    await request('https://api.echo.example/v1/me', { headers: { authorization: `Token ${settings.token}` } });
  },
});
