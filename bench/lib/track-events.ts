/**
 * The ingest benches' events: one `track` call as analytics-node would send it, and a `/v1/batch`
 * body of them (37 users, so a batch spans several partitions).
 *
 * @example
 * const body = batchBody(100); // about 30 KB of JSON
 */
export function trackItem(i: number) {
  return {
    type: 'track',
    userId: `user-${i % 37}`,
    event: 'Product Viewed',
    properties: { sku: `sku-${i}`, price: 19.99, currency: 'EUR', category: 'shoes' },
    context: { library: { name: 'bench', version: '1' }, ip: '203.0.113.9' },
    timestamp: new Date().toISOString(),
  };
}

/** The JSON text of a `/v1/batch` body of `n` track calls. */
export function batchBody(n: number): string {
  return JSON.stringify({ batch: Array.from({ length: n }, (_, i) => trackItem(i)) });
}
