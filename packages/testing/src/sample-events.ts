import type { EventType, SegmentEvent } from '@junction/core';

const context = {
  library: { name: 'analytics.js', version: '5.2.0' },
  ip: '203.0.113.7',
  locale: 'en-GB',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0',
  page: { path: '/pricing', url: 'https://shop.example/pricing', title: 'Pricing', referrer: '' },
};

function base<T extends EventType>(type: T, n: number) {
  return {
    type,
    messageId: `sample-${type}-${n}` as string,
    userId: 'user-1',
    anonymousId: 'anon-1',
    context,
    integrations: {},
    timestamp: '2025-01-15T10:00:00.000Z',
    originalTimestamp: '2025-01-15T10:00:00.000Z',
    sentAt: '2025-01-15T10:00:00.100Z',
    receivedAt: '2025-01-15T10:00:00.200Z',
  } as const;
}

/**
 * One realistic, normalised event of each Segment call type, for mapping and delivery tests.
 *
 * @example
 * await t.run({ action: 'send', event: sampleEvents.track, settings });
 */
export const sampleEvents = {
  identify: { ...base('identify', 1), traits: { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' } },
  track: {
    ...base('track', 2),
    event: 'Order Completed',
    properties: { order_id: 'o-42', revenue: 99.5, currency: 'EUR', products: [{ sku: 'sku-1', price: 99.5, quantity: 1 }] },
  },
  page: { ...base('page', 3), name: 'Pricing', category: 'Docs', properties: { path: '/pricing', title: 'Pricing' } },
  screen: { ...base('screen', 4), name: 'Settings', properties: { variant: 'dark' } },
  group: { ...base('group', 5), groupId: 'org-7', traits: { name: 'Acme Inc', employees: 42 } },
  alias: { ...base('alias', 6), previousId: 'anon-1' },
} satisfies { [K in EventType]: Extract<SegmentEvent, { type: K }> };

/**
 * The sample events as a list, in spec order (identify, track, page, screen, group, alias).
 *
 * @example
 * for (const event of sampleEventList()) console.log(event.type);
 */
export function sampleEventList(): SegmentEvent[] {
  return Object.values(sampleEvents).map((e) => structuredClone(e) as SegmentEvent);
}
