import { defineSettings, type Infer } from '@junction/core';

/**
 * Settings of a PostgreSQL warehouse destination. Either `connectionString`, or `host` + `database`
 * + `user` (+ `password`). `password` and `connectionString` are secrets: encrypted at rest, never shown.
 *
 * @example
 * validateAgainst(postgresWarehouseSettings, { host: 'db.internal', database: 'analytics', user: 'junction', password: 'pw-0123456789', schema: 'web' }, 'settings'); // []
 */
export const postgresWarehouseSettings = defineSettings({
  type: 'object',
  properties: {
    host: { type: 'string', minLength: 1, title: 'Host', description: 'Hostname or IP address of the PostgreSQL server.' },
    port: { type: 'integer', minimum: 1, maximum: 65535, title: 'Port', description: 'Default 5432.' },
    database: { type: 'string', minLength: 1, title: 'Database', description: 'Database to load into.' },
    user: { type: 'string', minLength: 1, title: 'User', description: 'A user allowed to CREATE in the database (or in the schema).' },
    password: { type: 'string', 'x-secret': true, title: 'Password' },
    connectionString: {
      type: 'string',
      pattern: '^postgres(ql)?://',
      'x-secret': true,
      title: 'Connection string',
      description: 'postgres://user:password@host:5432/database?sslmode=require. When set, it wins over host, port, database, user and password.',
    },
    schema: {
      type: 'string',
      pattern: '^[a-z_][a-z0-9_]{0,62}$',
      title: 'Schema name',
      description: 'The schema the tables are created in (Segment: one per source, e.g. "javascript"). Created when missing.',
    },
    sslMode: {
      type: 'string',
      enum: ['disable', 'require', 'verify-ca', 'verify-full'],
      default: 'require',
      title: 'SSL mode',
      description:
        'disable: plain TCP; require (default): TLS without certificate checks; verify-ca: TLS, certificate signed by a trusted CA; verify-full: and issued for the host. An sslmode in the connection string wins.',
    },
    sslRootCert: {
      type: 'string',
      pattern: '-----BEGIN CERTIFICATE-----',
      title: 'CA certificate (PEM)',
      description: 'Trusted CA for verify-ca / verify-full, e.g. the RDS or Cloud SQL server CA.',
    },
  },
  required: ['schema'],
  additionalProperties: false,
});

/**
 * The settings type, derived from the schema.
 *
 * @example
 * const s: PostgresWarehouseSettings = { connectionString: 'postgres://junction:pw@db:5432/analytics', schema: 'web', sslMode: 'disable' };
 */
export type PostgresWarehouseSettings = Infer<typeof postgresWarehouseSettings>;
