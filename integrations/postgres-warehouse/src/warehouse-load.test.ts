import { createTestIntegration, sampleEventList, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWarehouseSchema } from './__fixtures__/test-database.ts';
import postgresWarehouse, { warehouseStatus } from './index.ts';

const db = useWarehouseSchema('load');
const { schema, settings } = db;
let t: TestIntegration;
beforeAll(async () => {
  t = await createTestIntegration(postgresWarehouse);
});
afterAll(() => t.close());

const track = (messageId: string, event: string, properties: Record<string, unknown>, receivedAt = '2025-01-15T10:05:00.000Z') => ({
  ...structuredClone(sampleEvents.track),
  messageId,
  event,
  properties,
  receivedAt,
});
const identify = (messageId: string, traits: Record<string, unknown>, receivedAt: string, userId: string | null = 'user-1') => ({
  ...structuredClone(sampleEvents.identify),
  messageId,
  userId,
  traits,
  receivedAt,
});
const count = async (table: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."${table}"`))[0]!.n);

describe('postgres-warehouse: Segment warehouse schema', () => {
  it('loads one event of each type into tracks, the event table, identifies, users, pages, screens, groups, aliases', async () => {
    const results = await t.runBatch({ action: 'load', events: sampleEventList(), settings });
    expect(results).toEqual(sampleEventList().map(() => ({ status: 'success' })));
    expect(t.server.requests).toHaveLength(0);
    const tables = await db.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema]);
    expect(tables.map((r) => r.table_name)).toEqual(['aliases', 'groups', 'identifies', 'order_completed', 'pages', 'screens', 'tracks', 'users']);
    for (const table of ['aliases', 'groups', 'identifies', 'order_completed', 'pages', 'screens', 'tracks', 'users']) expect(await count(table)).toBe(1);
  });

  it('creates typed, snake_cased columns from properties, traits and flattened context', async () => {
    const event = await db.columns('order_completed');
    expect(event).toMatchObject({
      id: 'text',
      uuid: 'uuid',
      uuid_ts: 'timestamp with time zone',
      received_at: 'timestamp with time zone',
      sent_at: 'timestamp with time zone',
      timestamp: 'timestamp with time zone',
      original_timestamp: 'timestamp with time zone',
      user_id: 'text',
      anonymous_id: 'text',
      event: 'text',
      event_text: 'text',
      order_id: 'text',
      revenue: 'double precision',
      currency: 'text',
      products: 'text',
      context_library_name: 'text',
      context_library_version: 'text',
      context_page_url: 'text',
    });
    const tracks = await db.columns('tracks');
    expect(tracks).toHaveProperty('context_library_name', 'text');
    expect(tracks).not.toHaveProperty('revenue');
    expect(await db.columns('groups')).toMatchObject({ group_id: 'text', name: 'text', employees: 'double precision' });
    expect(await db.columns('aliases')).toMatchObject({ previous_id: 'text', user_id: 'text' });
    expect(await db.columns('pages')).toMatchObject({ name: 'text', category: 'text', path: 'text', title: 'text' });
    expect(await db.columns('users')).toEqual({ id: 'text', uuid: 'uuid', uuid_ts: 'timestamp with time zone', received_at: 'timestamp with time zone', email: 'text', name: 'text', plan: 'text' });
  });

  it('stores the values: id = messageId, event slug and text, numbers, stringified arrays, timestamps', async () => {
    const [row] = await db.query(`SELECT * FROM "${schema}".order_completed`);
    expect(row).toMatchObject({
      id: 'sample-track-2',
      event: 'order_completed',
      event_text: 'Order Completed',
      revenue: 99.5,
      currency: 'EUR',
      products: JSON.stringify(sampleEvents.track.properties.products),
      context_library_name: 'analytics.js',
      user_id: 'user-1',
      received_at: new Date('2025-01-15T10:00:00.200Z'),
      sent_at: new Date('2025-01-15T10:00:00.100Z'),
    });
    expect(row!.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(row!.uuid_ts).toBeInstanceOf(Date);
    const [user] = await db.query(`SELECT * FROM "${schema}".users`);
    expect(user).toMatchObject({ id: 'user-1', email: 'ada@example.com', plan: 'pro', received_at: new Date('2025-01-15T10:00:00.200Z') });
  });

  it('adds columns as new properties appear, and names event tables in snake_case', async () => {
    const results = await t.runBatch({
      action: 'load',
      events: [
        track('t-new-1', 'Order Completed', { order_id: 'o-43', revenue: 10, couponCode: 'WINTER', isGift: true, deliveredAt: '2025-02-01T12:00:00Z', shipping: { address: { city: 'Lyon' } } }),
        track('t-new-2', 'Signed Up', { accountType: 'Facebook', user_id: 'spoofed', Plan: 'Pro Annual' }),
        track('t-new-3', 'Pages', { n: 1 }),
      ],
      settings,
    });
    expect(results.every((r) => r.status === 'success')).toBe(true);
    expect(await db.columns('order_completed')).toMatchObject({ coupon_code: 'text', is_gift: 'boolean', delivered_at: 'timestamp with time zone', shipping_address_city: 'text' });
    const rows = await db.query(`SELECT id, coupon_code, is_gift, delivered_at, shipping_address_city FROM "${schema}".order_completed ORDER BY id`);
    expect(rows).toEqual([
      { id: 'sample-track-2', coupon_code: null, is_gift: null, delivered_at: null, shipping_address_city: null },
      { id: 't-new-1', coupon_code: 'WINTER', is_gift: true, delivered_at: new Date('2025-02-01T12:00:00Z'), shipping_address_city: 'Lyon' },
    ]);
    // reserved names (user_id) are dropped: the column keeps the event's userId
    expect(await db.query(`SELECT event, account_type, plan, user_id FROM "${schema}".signed_up`)).toEqual([{ event: 'signed_up', account_type: 'Facebook', plan: 'Pro Annual', user_id: 'user-1' }]);
    // an event named like a standard table gets its own, prefixed table
    expect(await db.query(`SELECT event, n FROM "${schema}"._pages`)).toEqual([{ event: '_pages', n: 1 }]);
    expect(await count('pages')).toBe(1);
    expect(await count('tracks')).toBe(4);
  });

  it('upserts users from identify traits: latest values win, missing traits are kept, replays cannot roll back', async () => {
    await t.run({ action: 'load', event: identify('i-2', { plan: 'enterprise', company: { name: 'Acme' } }, '2025-01-16T09:00:00.000Z'), settings });
    await t.run({ action: 'load', event: identify('i-old', { plan: 'free', email: 'old@example.com' }, '2025-01-10T09:00:00.000Z'), settings });
    await t.run({ action: 'load', event: identify('i-anon', { plan: 'trial' }, '2025-01-17T09:00:00.000Z', null), settings });
    expect(await db.query(`SELECT id, email, name, plan, company_name, received_at FROM "${schema}".users`)).toEqual([
      { id: 'user-1', email: 'ada@example.com', name: 'Ada Lovelace', plan: 'enterprise', company_name: 'Acme', received_at: new Date('2025-01-16T09:00:00.000Z') },
    ]);
    expect(await count('identifies')).toBe(4);
  });

  it('merges several identifies of one user in one batch', async () => {
    const results = await t.runBatch({
      action: 'load',
      events: [identify('i-b2', { plan: 'team' }, '2025-01-18T10:00:00.000Z', 'user-2'), identify('i-b1', { plan: 'solo', email: 'bob@example.com' }, '2025-01-18T09:00:00.000Z', 'user-2')],
      settings,
    });
    expect(results).toEqual([{ status: 'success' }, { status: 'success' }]);
    expect(await db.query(`SELECT email, plan FROM "${schema}".users WHERE id = 'user-2'`)).toEqual([{ email: 'bob@example.com', plan: 'team' }]);
  });

  it('is idempotent on messageId: re-loading a batch writes nothing and reports the duplicates', async () => {
    const before = await count('tracks');
    const results = await t.runBatch({ action: 'load', events: sampleEventList(), settings });
    expect(results.every((r) => r.status === 'success')).toBe(true);
    expect(await count('tracks')).toBe(before);
    expect(await count('order_completed')).toBe(2);
    const status = warehouseStatus(settings)!;
    expect(status.lastLoad).toMatchObject({ ok: true, events: 6, duplicates: 7, tablesCreated: [], columnsAdded: [] });
    expect(status.lastLoad.rows).toMatchObject({ tracks: 0, order_completed: 0, identifies: 0, pages: 0, screens: 0, groups: 0, aliases: 0 });
  });

  it('keeps the first column type: convertible values are converted, others stored as NULL and reported', async () => {
    await t.runBatch({
      action: 'load',
      events: [track('t-c1', 'Order Completed', { revenue: '12.5', currency: 42 }), track('t-c2', 'Order Completed', { revenue: 'lots', is_gift: 'yes' })],
      settings,
    });
    expect(await db.query(`SELECT id, revenue, currency, is_gift FROM "${schema}".order_completed WHERE id LIKE 't-c%' ORDER BY id`)).toEqual([
      { id: 't-c1', revenue: 12.5, currency: '42', is_gift: null },
      { id: 't-c2', revenue: null, currency: null, is_gift: null },
    ]);
    expect(await db.columns('order_completed')).toMatchObject({ revenue: 'double precision', currency: 'text', is_gift: 'boolean' });
    expect(warehouseStatus(settings)!.lastLoad.typeConflicts).toEqual([
      { table: 'order_completed', column: 'revenue', columnKind: 'float', valueType: 'string', count: 1 },
      { table: 'order_completed', column: 'is_gift', columnKind: 'boolean', valueType: 'string', count: 1 },
    ]);
  });
});
