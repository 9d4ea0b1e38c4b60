import type { Kysely } from 'kysely';
import { type GrantRepo, grantRepo } from './iam-grants.ts';
import { type GroupRepo, groupRepo } from './iam-groups.ts';
import { type InviteRepo, inviteRepo } from './iam-invites.ts';
import { type IamDatabase, iamDb } from './iam-schema.ts';
import type { GrantSubject, EffectiveGrant } from './iam-types.ts';
import { type UserRepo, userRepo } from './iam-users.ts';
import type { Store } from './store.ts';

export type * from './iam-types.ts';
export { GRANT_RESOURCE_TYPES } from './iam-types.ts';
export type { GrantRepo, GroupRepo, InviteRepo, UserRepo, IamDatabase };
export { INVITE_TTL_DAYS } from './iam-invites.ts';
export { checkEmail } from './iam-users.ts';

/**
 * Access management over a store's database (tables of migration `0004_iam`).
 *
 * @example
 * const iam = openIamStore(store);
 * const ada = await iam.users.ensure({ email: 'ada@example.com' });
 */
export interface IamStore {
  readonly db: Kysely<IamDatabase>;
  readonly users: UserRepo;
  readonly invites: InviteRepo;
  readonly groups: GroupRepo;
  readonly grants: GrantRepo;
  /** A user's effective grants in a workspace: their own plus their groups'. */
  userGrants(workspaceId: string, userId: string): Promise<EffectiveGrant[]>;
}

/**
 * The access-management repositories of an open store (same database, same connection pool).
 *
 * @example
 * const { groups, grants } = openIamStore(store);
 * const g = await groups.create(workspaceId, 'Analysts');
 * await grants.replace(workspaceId, { type: 'group', id: g.id }, [{ roleId: 'SOURCE_READ_ONLY', resources: [{ id: workspaceId, type: 'WORKSPACE' }] }]);
 */
export function openIamStore(store: Pick<Store, 'db'>): IamStore {
  const db = iamDb(store.db);
  const users = userRepo(db);
  const groups = groupRepo(db);
  const grants = grantRepo(db);
  return {
    db,
    users,
    invites: inviteRepo(db),
    groups,
    grants,
    async userGrants(workspaceId, userId) {
      const subjects: GrantSubject[] = [{ type: 'user', id: userId }, ...(await groups.groupsOfUser(workspaceId, userId)).map((g) => ({ type: 'group' as const, id: g.id }))];
      return grants.effective(workspaceId, subjects);
    },
  };
}
