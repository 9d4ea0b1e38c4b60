import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useWarehouseSchema } from './__fixtures__/test-database.ts';
import postgresWarehouse, { warehouseStatus } from './index.ts';

const db = useWarehouseSchema('batch');
const { schema, settings } = db;
let t: TestIntegration;
beforeAll(async () => {
  t = await createTestIntegration(postgresWarehouse);
});
afterAll(() => t.close());

const track = (messageId: string, event: string, properties: Record<string, unknown>) => ({ ...structuredClone(sampleEvents.track), messageId, event, properties });
const exists = async (table: string) => (await db.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`"${schema}"."${table}"`]))[0]!.t !== null;

describe('postgres-warehouse: batched loads', () => {
  it('loads a large batch (more rows than one INSERT holds) with one result per event', async () => {
    const properties = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`prop${i}`, i]));
    const events = Array.from({ length: 1200 }, (_, i) => track(`big-${i}`, 'Item Viewed', { ...properties, index: i }));
    const results = await t.runBatch({ action: 'load', events, settings });
    expect(results).toHaveLength(1200);
    expect(results.every((r) => r.status === 'success')).toBe(true);
    const [row] = await db.query<{ n: string; sum: number }>(`SELECT count(*) AS n, sum(index) AS sum FROM "${schema}".item_viewed`);
    expect(row).toEqual({ n: '1200', sum: (1199 * 1200) / 2 });
    expect(warehouseStatus(settings)!.lastLoad).toMatchObject({ ok: true, events: 1200, rows: { tracks: 1200, item_viewed: 1200 }, tablesCreated: ['tracks', 'item_viewed'] });
  });

  it('loads a batch in one transaction: when one row is refused, nothing of the batch is written', async () => {
    await db.query(`CREATE TABLE "${schema}".refund_issued (id text PRIMARY KEY, uuid uuid, uuid_ts timestamptz DEFAULT now(), received_at timestamptz, amount double precision CHECK (amount > 0))`);
    const events = [track('r-1', 'Refund Issued', { amount: 5 }), track('r-2', 'Refund Issued', { amount: -1, reason: 'typo' }), { ...sampleEvents.page, messageId: 'r-page' }];
    const results = await t.runBatch({ action: 'load', events, settings });
    for (const r of results) expect(r).toMatchObject({ status: 'error', code: 'PAYLOAD_REJECTED', retryable: false });
    if (results[0]!.status === 'error') expect(results[0]!.message).toContain('PostgreSQL 23514');
    expect(await db.query(`SELECT count(*)::int AS n FROM "${schema}".refund_issued`)).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM "${schema}".tracks WHERE id LIKE 'r-%'`)).toEqual([{ n: 0 }]);
    expect(await exists('pages')).toBe(false); // the DDL was rolled back too
    expect(await db.columns('refund_issued')).not.toHaveProperty('reason');
    const status = warehouseStatus(settings)!;
    expect(status.lastLoad).toMatchObject({ ok: false, events: 3, error: { code: 'PAYLOAD_REJECTED' } });
    expect(status.failedLoads).toBe(1);
    expect(status.lastSuccessAt).toBeDefined();
  });

  it('lets concurrent loads add the same new table and columns', async () => {
    const batch = (n: number) => Array.from({ length: 20 }, (_, i) => track(`cc-${n}-${i}`, 'Coupon Applied', { code: `C${i}`, discount: i / 10, [`only_${n}`]: true }));
    const results = await Promise.all([1, 2, 3].map((n) => t.runBatch({ action: 'load', events: batch(n), settings })));
    for (const r of results.flat()) expect(r).toEqual({ status: 'success' });
    expect(await db.columns('coupon_applied')).toMatchObject({ code: 'text', discount: 'double precision', only_1: 'boolean', only_2: 'boolean', only_3: 'boolean' });
    expect(await db.query(`SELECT count(*)::int AS n FROM "${schema}".coupon_applied`)).toEqual([{ n: 60 }]);
  });

  it('drops duplicates inside one batch and counts them', async () => {
    const event = track('dup-1', 'Coupon Applied', { code: 'X' });
    const results = await t.runBatch({ action: 'load', events: [event, event, event], settings });
    expect(results).toEqual([{ status: 'success' }, { status: 'success' }, { status: 'success' }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM "${schema}".coupon_applied WHERE id = 'dup-1'`)).toEqual([{ n: 1 }]);
    expect(warehouseStatus(settings)!.lastLoad).toMatchObject({ rows: { tracks: 1, coupon_applied: 1 }, duplicates: 4 });
  });
});
