import { type ErrorCode, IntegrationError, toIntegrationError } from '@junction/core';

/** SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) with their own code. */
const bySqlState: Readonly<Record<string, ErrorCode>> = {
  '28P01': 'INVALID_CREDENTIALS', // invalid_password
  '28000': 'INVALID_CREDENTIALS', // invalid_authorization_specification (pg_hba rejects, no such role)
  '42501': 'FORBIDDEN', // insufficient_privilege
  '25006': 'FORBIDDEN', // read_only_sql_transaction (connected to a standby)
  '3D000': 'INVALID_SETTINGS', // invalid_catalog_name: the database does not exist
  '57014': 'TIMEOUT', // query_canceled (statement_timeout)
  '55P03': 'DESTINATION_UNAVAILABLE', // lock_not_available
  '40001': 'DESTINATION_UNAVAILABLE', // serialization_failure
  '40P01': 'DESTINATION_UNAVAILABLE', // deadlock_detected
  '42P01': 'DESTINATION_UNAVAILABLE', // undefined_table: dropped while loading, retried
  '42703': 'DESTINATION_UNAVAILABLE', // undefined_column: dropped while loading, retried
  '54011': 'PAYLOAD_REJECTED', // too_many_columns (1600 per table)
};

/** SQLSTATE classes (first two characters). */
const byClass: Readonly<Record<string, ErrorCode>> = {
  '08': 'NETWORK_ERROR', // connection_exception
  '53': 'DESTINATION_UNAVAILABLE', // insufficient_resources (disk full, too many connections)
  '57': 'DESTINATION_UNAVAILABLE', // operator_intervention (shutdown, cannot_connect_now)
  '58': 'DESTINATION_UNAVAILABLE', // system_error (I/O)
  XX: 'DESTINATION_UNAVAILABLE', // internal_error
  '22': 'PAYLOAD_REJECTED', // data_exception
  '23': 'PAYLOAD_REJECTED', // integrity_constraint_violation
  '42': 'PAYLOAD_REJECTED', // syntax_error_or_access_rule_violation
  '54': 'PAYLOAD_REJECTED', // program_limit_exceeded
};

/** node-postgres errors without a SQLSTATE, recognised by message. */
const byMessage: ReadonlyArray<readonly [RegExp, ErrorCode, string]> = [
  [/timeout exceeded when trying to connect|connection timeout/i, 'TIMEOUT', 'no connection within 10 s'],
  [/Connection terminated/i, 'NETWORK_ERROR', 'the server closed the connection'],
  [/does not support SSL/i, 'INVALID_SETTINGS', 'set settings.sslMode to "disable", or enable TLS on the server'],
  [/SASL|SCRAM|password must be a string/i, 'INVALID_CREDENTIALS', 'the server asks for a password: set settings.password'],
];

function sqlState(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Turns a `pg` error into an `IntegrationError` with a catalogued code: auth failures
 * `INVALID_CREDENTIALS`, missing privileges `FORBIDDEN`, unknown database `INVALID_SETTINGS`,
 * refused/reset connections `NETWORK_ERROR`, timeouts `TIMEOUT`, server-side trouble
 * `DESTINATION_UNAVAILABLE` (retried), data errors `PAYLOAD_REJECTED`. The SQLSTATE leads the message.
 *
 * @example
 * toWarehouseError(Object.assign(new Error('password authentication failed for user "junction"'), { code: '28P01' })).code;
 * // 'INVALID_CREDENTIALS'
 */
export function toWarehouseError(err: unknown): IntegrationError {
  if (err instanceof IntegrationError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const state = sqlState(err);
  if (state) {
    const code = bySqlState[state] ?? byClass[state.slice(0, 2)] ?? 'UNKNOWN';
    return new IntegrationError(code, `PostgreSQL ${state}: ${message}`, { errno: state, cause: err });
  }
  const network = toIntegrationError(err);
  if (network.code !== 'UNKNOWN') return network;
  for (const [pattern, code, hint] of byMessage) {
    if (pattern.test(message)) return new IntegrationError(code, `${message} (${hint})`, { cause: err });
  }
  return network;
}
