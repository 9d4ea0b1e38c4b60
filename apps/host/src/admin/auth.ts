import type { ApiTokenRepo } from '@junction/store';
import { ApiError } from './api-error.ts';
import { isRoleId, type Principal } from './permissions.ts';

const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves `Authorization: Bearer <token>` to the calling {@link Principal}; 401 when the header
 * is missing or the token unknown (the token is never echoed). Records the token's last use at
 * most once a minute.
 *
 * @example
 * const principal = await authenticate(admin.apiTokens, c.req.header('authorization'));
 */
export async function authenticate(tokens: ApiTokenRepo, header: string | undefined, now = Date.now()): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw new ApiError(401, 'missing or malformed Authorization header: send "Authorization: Bearer <token>"');
  const token = await tokens.findByPlaintext(match[1]!);
  if (!token) throw new ApiError(401, 'the API token is not valid (unknown or revoked)');
  if (!isRoleId(token.role)) throw new ApiError(403, `the API token's role "${token.role}" is not known to this host`);
  if (token.lastUsedAt === null || now - Date.parse(token.lastUsedAt) > TOUCH_EVERY_MS) {
    await tokens.touch(token.id, new Date(now).toISOString()).catch(() => {});
  }
  return { tokenId: token.id, tokenName: token.name, workspaceId: token.workspaceId, roles: [token.role] };
}
