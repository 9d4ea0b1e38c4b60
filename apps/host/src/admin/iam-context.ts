import { type IamStore, openIamStore, type User, type UserGroup } from '@junction/store';
import { ApiError } from './api-error.ts';
import type { RouteContext } from './route-types.ts';

/**
 * The access-management repositories for a route.
 *
 * @example
 * const users = await iamOf(ctx).users.listMembers(ctx.principal.workspaceId);
 */
export function iamOf(ctx: RouteContext): IamStore {
  return openIamStore(ctx.deps.store);
}

/**
 * A user of the caller's workspace; 404 when unknown or a member of other workspaces only.
 *
 * @example
 * const user = await loadUser(ctx, ctx.param('userId'));
 */
export async function loadUser(ctx: RouteContext, id: string): Promise<User> {
  const iam = iamOf(ctx);
  const user = await iam.users.get(id);
  if (!user || !(await iam.users.isMember(ctx.principal.workspaceId, id))) throw new ApiError(404, `user "${id}" not found`);
  ctx.require({ type: 'user', id, workspaceId: ctx.principal.workspaceId });
  return user;
}

/**
 * A user group of the caller's workspace; 404 when unknown or of another workspace.
 *
 * @example
 * const group = await loadGroup(ctx, ctx.param('userGroupId'));
 */
export async function loadGroup(ctx: RouteContext, id: string): Promise<UserGroup> {
  const group = await iamOf(ctx).groups.get(ctx.principal.workspaceId, id);
  if (!group) throw new ApiError(404, `user group "${id}" not found`);
  ctx.require({ type: 'group', id, workspaceId: group.workspaceId });
  return group;
}

/**
 * The values of a list query parameter, in any form clients send: `emails=a&emails=b`,
 * `emails[0]=a&emails[1]=b` (the SDK), `emails[]=a` or `emails=a,b`.
 *
 * @example
 * queryList(ctx, 'emails'); // ['a@example.com', 'b@example.com']
 */
export function queryList(ctx: RouteContext, name: string): string[] {
  const out: string[] = [];
  const pattern = new RegExp(`^${name}(\\[\\d*\\])?$`);
  for (const [key, value] of new URL(ctx.c.req.url).searchParams) {
    if (pattern.test(key)) out.push(...value.split(',').map((v) => v.trim()).filter((v) => v !== ''));
  }
  return out;
}
