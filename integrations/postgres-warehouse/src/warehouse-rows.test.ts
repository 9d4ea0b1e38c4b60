import { describe, expect, it } from 'vitest';
import { coerce, inferKind, isTimestamp } from './column-types.ts';
import { toWarehouseError } from './postgres-warehouse-errors.ts';
import { rowsForEvent } from './warehouse-rows.ts';

const columns = (p: Parameters<typeof rowsForEvent>[0]) => rowsForEvent(p).map((r) => ({ table: r.table, columns: Object.fromEntries(r.columns) }));

describe('rowsForEvent', () => {
  it('flattens objects, stringifies arrays, skips nulls, snake_cases keys, drops reserved names', () => {
    const rows = columns({
      type: 'track',
      messageId: 'm-1',
      event: 'Order Completed',
      userId: 'u-1',
      properties: { orderId: 'o-1', items: [1, 2], shipping: { address: { zipCode: '75001' } }, note: null, id: 'spoofed', text: 'a\u0000b' },
      context: { library: { name: 'analytics.js' } },
    });
    expect(rows).toEqual([
      { table: 'tracks', columns: { id: 'm-1', user_id: 'u-1', event: 'order_completed', event_text: 'Order Completed', context_library_name: 'analytics.js' } },
      {
        table: 'order_completed',
        columns: { id: 'm-1', user_id: 'u-1', event: 'order_completed', event_text: 'Order Completed', context_library_name: 'analytics.js', order_id: 'o-1', items: '[1,2]', shipping_address_zip_code: '75001', text: 'ab' },
      },
    ]);
  });

  it('writes identifies and a users row only with a userId', () => {
    expect(columns({ type: 'identify', messageId: 'i-1', userId: 'u-1', traits: { firstName: 'Ada' }, receivedAt: '2025-01-01T00:00:00Z' }).map((r) => r.table)).toEqual(['identifies', 'users']);
    expect(columns({ type: 'identify', messageId: 'i-2', anonymousId: 'a-1', traits: { firstName: 'Ada' } }).map((r) => r.table)).toEqual(['identifies']);
    expect(columns({ type: 'identify', messageId: 'i-3', userId: 'u-1', traits: { firstName: 'Ada', id: 'x' } })[1]).toEqual({ table: 'users', columns: { id: 'u-1', first_name: 'Ada' } });
  });
});

describe('column types', () => {
  it('infers text, double precision, boolean and timestamptz from the first value', () => {
    expect([inferKind('x'), inferKind(1), inferKind(1.5), inferKind(false), inferKind('2025-01-15T10:00:00.000Z'), inferKind('2025-01-15')]).toEqual(['text', 'float', 'float', 'boolean', 'timestamp', 'text']);
    expect(isTimestamp('2025-13-45T10:00:00Z')).toBe(false);
  });

  it.each([
    ['12.5', 'float', { ok: true, value: 12.5 }],
    ['lots', 'float', { ok: false }],
    [7, 'text', { ok: true, value: '7' }],
    ['true', 'boolean', { ok: true, value: true }],
    [1, 'boolean', { ok: false }],
    [1.5, 'integer', { ok: false }],
    ['abcdef', 'text', { ok: true, value: 'abc' }],
  ] as const)('coerces %o into a %s column → %o', (value, kind, expected) => {
    expect(coerce(value, kind, kind === 'text' && value === 'abcdef' ? 3 : undefined)).toEqual(expected);
  });
});

describe('toWarehouseError', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
  it.each([
    ['28P01', 'INVALID_CREDENTIALS', false],
    ['42501', 'FORBIDDEN', false],
    ['3D000', 'INVALID_SETTINGS', false],
    ['53100', 'DESTINATION_UNAVAILABLE', true],
    ['40P01', 'DESTINATION_UNAVAILABLE', true],
    ['57014', 'TIMEOUT', true],
    ['08006', 'NETWORK_ERROR', true],
    ['22P02', 'PAYLOAD_REJECTED', false],
  ])('SQLSTATE %s → %s', (state, code, retryable) => {
    expect(toWarehouseError(pgError(state, 'boom'))).toMatchObject({ code, retryable, message: `PostgreSQL ${state}: boom` });
  });

  it('classifies driver errors without a SQLSTATE', () => {
    expect(toWarehouseError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'))).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    expect(toWarehouseError(new Error('timeout exceeded when trying to connect'))).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(toWarehouseError(new Error('Connection terminated unexpectedly'))).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
  });
});
