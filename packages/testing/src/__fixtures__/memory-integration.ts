import { type ActionResult, defineAction, defineIntegration, defineSettings, type Infer } from '@junction/core';

const settings = defineSettings({
  type: 'object',
  properties: { password: { type: 'string', 'x-secret': true } },
  required: ['password'],
});

/** What the memory integration stored (it makes no HTTP request). */
export const stored: unknown[] = [];

const save = defineAction<Infer<typeof settings>>()({
  title: 'Save',
  description: 'Keep the event in memory',
  defaultSubscription: 'all',
  fields: { type: 'object', properties: { messageId: { type: 'string', default: { '@path': '$.messageId' } } }, required: ['messageId'] },
  async perform({ payload }) {
    stored.push(payload);
  },
  async performBatch({ payloads }): Promise<ActionResult[]> {
    stored.push(...payloads);
    return payloads.map(() => ({ status: 'success' }));
  },
});

/** A non-HTTP integration (like a database loader) for the suite's `transport: 'none'` mode. */
export const memory = defineIntegration({
  slug: 'memory',
  name: 'Memory',
  version: '0.0.1',
  description: 'Test fixture without HTTP.',
  categories: ['Test'],
  settings,
  actions: { save },
  delivery: { batch: { maxCount: 10, maxBytes: 10_000, maxWaitMs: 10 } },
});
