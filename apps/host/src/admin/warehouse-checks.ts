import { type AnyIntegrationDefinition, createRequestFn, type ErrorCode, scrubSecrets, toIntegrationError } from '@junction/core';
import { createTransportPool } from '@junction/engine';

/**
 * The outcome of checking warehouse settings against the warehouse itself: Segment's
 * `CONNECTED`/`FAILED`, plus (Junction) the error code and a message without secrets.
 *
 * @example
 * const r: WarehouseCheck = { status: 'FAILED', error: { code: 'INVALID_CREDENTIALS', message: 'password authentication failed' } };
 */
export interface WarehouseCheck {
  status: 'CONNECTED' | 'FAILED';
  error?: { code: ErrorCode; message: string };
}

/**
 * Runs the integration's `testConnection` (for postgres-warehouse: a real connection that checks
 * the user may create the schema) with decrypted settings, over a transport pool of its own.
 * An integration without `testConnection` counts as connected once its settings are valid.
 *
 * @example
 * await checkWarehouse(postgresWarehouse, { connectionString, schema: 'web', sslMode: 'disable' }); // { status: 'CONNECTED' }
 */
export async function checkWarehouse(def: AnyIntegrationDefinition, settings: Record<string, unknown>): Promise<WarehouseCheck> {
  if (!def.testConnection) return { status: 'CONNECTED' };
  const pool = createTransportPool();
  try {
    const request = createRequestFn({ transport: pool.forDestination('warehouse-check'), errors: def.errors, timeoutMs: 15_000 });
    await def.testConnection({ settings, request, signal: AbortSignal.timeout(20_000) });
    return { status: 'CONNECTED' };
  } catch (err) {
    const e = toIntegrationError(err);
    return { status: 'FAILED', error: { code: e.code, message: scrubSecrets(def.settings, settings, e.message) } };
  } finally {
    await pool.close();
  }
}
