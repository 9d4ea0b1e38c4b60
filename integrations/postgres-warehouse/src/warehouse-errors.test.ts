import { createServer } from 'node:net';
import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgErrorServer } from './__fixtures__/pg-error-server.ts';
import { DATABASE_URL, useWarehouseSchema } from './__fixtures__/test-database.ts';
import postgresWarehouse, { openPoolCount, warehouseStatus } from './index.ts';

const db = useWarehouseSchema('errors');
const password = 'hunter2-secret-pw-0123';
let t: TestIntegration;
beforeAll(async () => {
  t = await createTestIntegration(postgresWarehouse);
});
afterAll(() => t.close());

const fields = (port: number) => ({ host: '127.0.0.1', port, database: 'analytics', user: 'junction', password, schema: 'web', sslMode: 'disable' as const });
const load = (settings: unknown) => t.run({ action: 'load', event: sampleEvents.track, settings });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('postgres-warehouse: error mapping', () => {
  it('maps a wrong password (28P01) to INVALID_CREDENTIALS, never showing the password', async () => {
    const server = await startPgErrorServer({ code: '28P01', message: 'password authentication failed for user "junction"', askPassword: true });
    try {
      const settings = fields(server.port);
      const result = await load(settings);
      expect(result).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS', retryable: false });
      if (result.status === 'error') {
        expect(result.message).toContain('PostgreSQL 28P01: password authentication failed for user "junction"');
        expect(result.message).toContain('(got "'); // the server echoed the password…
        expect(result.message).not.toContain(password); // …and it was scrubbed
      }
      expect(await t.testConnection(settings)).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
      const status = warehouseStatus(settings)!;
      expect(status.lastLoad).toMatchObject({ ok: false, events: 1, error: { code: 'INVALID_CREDENTIALS' } });
      expect(JSON.stringify(status)).not.toContain(password);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['53300', 'sorry, too many clients already'],
    ['57P03', 'the database system is starting up'],
  ])('maps %s (%s) to a retryable DESTINATION_UNAVAILABLE', async (code, message) => {
    const server = await startPgErrorServer({ code, message });
    try {
      expect(await load(fields(server.port))).toMatchObject({ status: 'error', code: 'DESTINATION_UNAVAILABLE', retryable: true });
    } finally {
      await server.close();
    }
  });

  it('maps an unreachable port to a retryable NETWORK_ERROR', async () => {
    const settings = fields(await freePort());
    expect(await load(settings)).toMatchObject({ status: 'error', code: 'NETWORK_ERROR', retryable: true });
    expect(await t.testConnection(settings)).toMatchObject({ status: 'error', code: 'NETWORK_ERROR', retryable: true });
  });

  it('maps a database that does not exist (3D000) to INVALID_SETTINGS', async () => {
    const url = new URL(DATABASE_URL);
    url.pathname = '/junction_no_such_database';
    const result = await load({ connectionString: url.toString(), schema: db.schema, sslMode: 'disable' });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS', retryable: false });
    if (result.status === 'error') expect(result.message).toContain('3D000');
  });

  it('maps TLS required by the settings but not offered by the server to INVALID_SETTINGS', async () => {
    const result = await load({ ...db.settings, sslMode: 'require' });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
    if (result.status === 'error') expect(result.message).toContain('sslMode');
  });

  it('maps a user without CREATE privilege (42501) to FORBIDDEN; testConnection says what to grant', async () => {
    const role = `${db.schema}_reader`;
    await db.query(`CREATE ROLE "${role}" LOGIN`);
    db.cleanupLater(`DROP ROLE IF EXISTS "${role}"`);
    const url = new URL(DATABASE_URL);
    url.username = role;
    const settings = { connectionString: url.toString(), schema: db.schema, sslMode: 'disable' as const };
    const result = await load(settings);
    expect(result).toMatchObject({ status: 'error', code: 'FORBIDDEN', retryable: false });
    if (result.status === 'error') expect(result.message).toContain('42501');
    const check = await t.testConnection(settings);
    expect(check).toMatchObject({ status: 'error', code: 'FORBIDDEN' });
    if (check.status === 'error') expect(check.message).toContain(`user "${role}" lacks CREATE on the database`);
    // once granted, the same user can load
    await db.query(`CREATE SCHEMA "${db.schema}"`);
    await db.query(`GRANT USAGE, CREATE ON SCHEMA "${db.schema}" TO "${role}"`);
    expect(await t.testConnection(settings)).toEqual({ status: 'success' });
    expect(await load(settings)).toEqual({ status: 'success' });
    expect(await db.query(`SELECT id FROM "${db.schema}".order_completed`)).toEqual([{ id: 'sample-track-2' }]);
  });

  it('refuses incomplete settings and connection strings that name local files, naming the fields', async () => {
    const missing = await load({ host: 'db.internal', schema: 'web' });
    expect(missing).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
    if (missing.status === 'error') expect(missing.message).toContain('settings.database, settings.user');
    const files = await load({ connectionString: `${DATABASE_URL}?sslrootcert=/etc/passwd`, schema: 'web' });
    expect(files).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
    if (files.status === 'error') expect(files.message).toContain('settings.connectionString must not name local files (sslrootcert)');
    expect(await load({ ...db.settings, schema: 'Bad-Name' })).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
  });

  it('passes testConnection with working settings and keeps one pool per connection', async () => {
    expect(await t.testConnection(db.settings)).toEqual({ status: 'success' });
    const before = openPoolCount();
    expect(await t.testConnection(db.settings)).toEqual({ status: 'success' });
    expect(await load(db.settings)).toEqual({ status: 'success' });
    expect(openPoolCount()).toBe(before);
  });
});
