import type { ApiTokenRepo, EffectiveGrant } from '@junction/store';
import { ApiError } from './api-error.ts';
import { type Grant, isRoleId, type Principal } from './permissions.ts';

const TOUCH_EVERY_MS = 60_000;

/**
 * Checks stored grants name known roles (403 naming the role otherwise).
 *
 * @example
 * toGrants([{ roleId: 'SOURCE_ADMIN', scope: { kind: 'workspace' } }], 'API token'); // typed grants
 */
export function toGrants(grants: readonly EffectiveGrant[], holder: string): Grant[] {
  return grants.map((g) => {
    if (!isRoleId(g.roleId)) throw new ApiError(403, `the ${holder}'s role "${g.roleId}" is not known to this host`);
    return { roleId: g.roleId, scope: g.scope };
  });
}

/**
 * Resolves `Authorization: Bearer <token>` to the calling {@link Principal} with the grants the
 * token was issued with; 401 when the header is missing or the token unknown (the token is never
 * echoed). Records the token's last use at most once a minute.
 *
 * @example
 * const principal = await authenticate(admin.apiTokens, c.req.header('authorization'));
 */
export async function authenticate(tokens: ApiTokenRepo, header: string | undefined, now = Date.now()): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw new ApiError(401, 'missing or malformed Authorization header: send "Authorization: Bearer <token>"');
  const token = await tokens.findByPlaintext(match[1]!);
  if (!token) throw new ApiError(401, 'the API token is not valid (unknown or revoked)');
  const grants = toGrants(await tokens.grants(token), 'API token');
  if (token.lastUsedAt === null || now - Date.parse(token.lastUsedAt) > TOUCH_EVERY_MS) {
    await tokens.touch(token.id, new Date(now).toISOString()).catch(() => {});
  }
  return { kind: 'token', tokenId: token.id, tokenName: token.name, workspaceId: token.workspaceId, roles: [...new Set(grants.map((g) => g.roleId))], grants };
}
