/**
 * Deterministic, JSON-parsed Segment events for the FQL benchmark: tracks, identifies and pages
 * with the usual context, properties and traits, varied by a seeded PRNG.
 */

/** Deterministic PRNG (mulberry32) so every run sees the same events. */
export function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Order Completed', 'Product Added', 'Product Viewed', 'Checkout Started', 'Signed Up', 'Page Viewed'];
const URLS = ['https://shop.example.com/checkout/step-1', 'https://shop.example.com/products/42', 'https://blog.example.com/'];

/**
 * `n` events, generated with a fixed seed and then passed through `JSON.stringify`/`JSON.parse`
 * (events reach the engine as JSON, so they have JSON-parsed object shapes and strings).
 * @example
 * const events = makeEvents(1000); // same 1000 events on every run
 */
export function makeEvents(n: number): object[] {
  const r = rng(1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const events = Array.from({ length: n }, (_, i) => {
    const type = pick(['track', 'track', 'track', 'identify', 'page']);
    const base = {
      messageId: `m-${i}`,
      type,
      userId: r() < 0.8 ? `user-${Math.floor(r() * 5000)}` : null,
      anonymousId: `anon-${i}`,
      timestamp: '2024-06-01T12:00:00.000Z',
      context: {
        library: { name: pick(['analytics.js', 'analytics-node', 'analytics-ios']), version: '4.1.0' },
        page: { url: pick(URLS), path: '/x' },
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
      },
    };
    if (type === 'identify') return { ...base, traits: { email: r() < 0.7 ? `u${i}@example.com` : undefined, plan: pick(['free', 'pro']) } };
    return {
      ...base,
      event: type === 'track' ? pick(NAMES) : undefined,
      properties: {
        revenue: Math.round(r() * 20000) / 100,
        total: Math.round(r() * 300),
        currency: pick(['USD', 'EUR']),
        plan: pick(['free', 'pro', 'enterprise']),
        coupon: r() < 0.5 ? null : 'SPRING',
        discount: Math.floor(r() * 20),
        products: [
          { sku: 'A-1', price: 10 },
          { sku: 'B-2', price: 20 },
        ],
      },
    };
  });
  return events.map((e) => JSON.parse(JSON.stringify(e)) as object);
}
