import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHost, allEvents, startTestHost } from '../test-support/test-host.ts';

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host.close());

describe('the real @segment/analytics-node client', () => {
  it('delivers every call type, and each lands in the store with corrected timestamps', async () => {
    const analytics = new Analytics({ writeKey: host.writeKey, host: host.url, flushAt: 20, flushInterval: 50 });
    const failures: unknown[] = [];
    analytics.on('error', (error) => failures.push(error));
    const past = new Date(Date.now() - 60_000);
    analytics.identify({ userId: 'node-user', traits: { email: 'n@example.com' }, timestamp: past });
    analytics.track({ userId: 'node-user', event: 'Signed Up', properties: { plan: 'pro' }, timestamp: past });
    analytics.page({ userId: 'node-user', name: 'Pricing' });
    analytics.screen({ userId: 'node-user', name: 'Home' });
    analytics.group({ userId: 'node-user', groupId: 'acme', traits: { seats: 3 } });
    analytics.alias({ userId: 'node-user', previousId: 'anon-1' });
    for (let i = 0; i < 50; i++) analytics.track({ anonymousId: `anon-${i}`, event: 'Bulk', properties: { i } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);

    const events = await allEvents(host.store);
    const types = new Set(events.filter((e) => e.userId === 'node-user').map((e) => e.type));
    expect([...types].sort()).toEqual(['alias', 'group', 'identify', 'page', 'screen', 'track']);
    expect(events.filter((e) => e.event === 'Bulk')).toHaveLength(50);

    const signUp = events.find((e) => e.event === 'Signed Up')!;
    expect(signUp.originalTimestamp).toBe(past.toISOString());
    // The client's clock agrees with ours, so the corrected timestamp stays within a second of it.
    expect(Math.abs(Date.parse(signUp.timestamp as string) - past.getTime())).toBeLessThan(1_000);
    expect((signUp.context as { library?: { name?: string } }).library?.name).toBe('@segment/analytics-node');
    expect(new Set(events.map((e) => e.messageId)).size).toBe(events.length);
  });
});
