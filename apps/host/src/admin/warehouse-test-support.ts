import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the tests load into (see .ci/with-postgres.sh). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:54329/postgres';

/**
 * postgres-warehouse settings pointing at the test PostgreSQL, in a fresh schema name (the loader
 * creates it), with a password (ignored by the trust-auth test cluster) to check redaction.
 *
 * @example
 * const settings = testWarehouseSettings('whsecret-0001'); // { host, port, database, user, password, schema: 'wh_1a2b3c4d', sslMode: 'disable' }
 */
export function testWarehouseSettings(password: string): Record<string, unknown> & { schema: string } {
  const url = new URL(TEST_DATABASE_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    database: url.pathname.slice(1) || 'postgres',
    user: decodeURIComponent(url.username) || 'postgres',
    password,
    schema: `wh_${randomBytes(4).toString('hex')}`,
    sslMode: 'disable',
  };
}

/**
 * Runs queries on the test PostgreSQL with a client of its own.
 *
 * @example
 * const rows = await withTestPg((c) => c.query('SELECT 1 AS one')).then((r) => r.rows);
 */
export async function withTestPg<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
