import { type Apis, configureApis } from '@segment/public-api-sdk-typescript';

/**
 * Segment's Public API SDK pointed at a Junction host (`basePath` = `<host>/api`).
 *
 * @example
 * const apis = sdkFor(host.api, host.a.ownerToken);
 * const { body } = await apis.workspaces.getWorkspace();
 */
export function sdkFor(basePath: string, token: string): Apis {
  const apis = configureApis(token);
  for (const api of Object.values(apis)) (api as { basePath: string }).basePath = basePath;
  return apis;
}

/**
 * The status and error envelope of a rejected SDK call (throws when the call succeeded).
 *
 * @example
 * const { status, body } = await sdkError(apis.sources.getSource('nope')); // 404
 */
export async function sdkError(call: Promise<unknown>): Promise<{ status: number; body: { errors: Array<{ type: string; message: string; field?: string }> } }> {
  try {
    await call;
  } catch (error) {
    // The SDK rejects with its HttpError; matched by shape (vitest may load the CommonJS module twice).
    const e = error as { name?: string; statusCode?: number; body?: unknown };
    if (e?.name === 'HttpError' && typeof e.statusCode === 'number') return { status: e.statusCode, body: e.body as never };
    throw error;
  }
  throw new Error('the SDK call succeeded; an error was expected');
}
