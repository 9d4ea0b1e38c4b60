import type { Context } from 'hono';
import { ApiError } from './api-error.ts';

/** Largest request body accepted (1 MiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON object body: 413 past {@link MAX_BODY_BYTES}, 400 for bad JSON or a non-object.
 * An empty body reads as `{}`.
 *
 * @example
 * const body = await readJsonBody(c); // { slug: 'web', … }
 */
export async function readJsonBody(c: Context): Promise<Record<string, unknown>> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw new ApiError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiError(400, 'request body must be a JSON object');
  return value as Record<string, unknown>;
}
