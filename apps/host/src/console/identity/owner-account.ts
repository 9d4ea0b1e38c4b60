import { openIamStore, openIdentityStore, type Store, type User } from '@junction/store';
import { hashPassword, passwordProblem } from './password.ts';

/**
 * Creates a user with a password as a Workspace Owner of a workspace (first run and
 * `JUNCTION_ADMIN_EMAIL`/`JUNCTION_ADMIN_PASSWORD`); an existing user is only made a member/owner,
 * their password is left as it is.
 *
 * @example
 * const ada = await createOwner(store, workspace.id, { email: 'ada@example.com', name: 'Ada', password: 'correct horse battery' });
 */
export async function createOwner(store: Store, workspaceId: string, input: { email: string; name?: string; password: string }): Promise<User> {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new Error(problem);
  const iam = openIamStore(store);
  const existing = await iam.users.getByEmail(input.email);
  const user = existing ?? (await iam.users.create({ email: input.email, ...(input.name ? { name: input.name } : {}) }));
  if (!existing) await openIdentityStore(store).credentials.setPasswordHash(user.id, await hashPassword(input.password));
  if (!(await iam.users.isMember(workspaceId, user.id))) {
    await iam.users.addToWorkspace(workspaceId, user.id);
    await iam.grants.add(workspaceId, { type: 'user', id: user.id }, [{ roleId: 'WORKSPACE_OWNER', resources: [{ id: workspaceId, type: 'WORKSPACE' }] }]);
  }
  return user;
}

/**
 * Start-up bootstrap from the environment: when `JUNCTION_ADMIN_EMAIL` and
 * `JUNCTION_ADMIN_PASSWORD` are both set and that user does not exist yet, creates them as owner
 * of the workspace. Returns the email when an account was created.
 *
 * @example
 * await bootstrapAdminFromEnv(store, workspace.id, process.env);
 */
export async function bootstrapAdminFromEnv(store: Store, workspaceId: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const email = env.JUNCTION_ADMIN_EMAIL?.trim();
  const password = env.JUNCTION_ADMIN_PASSWORD;
  if (!email || !password) return undefined;
  if (await openIamStore(store).users.getByEmail(email)) return undefined;
  try {
    await createOwner(store, workspaceId, { email, password });
  } catch (error) {
    throw new Error(`JUNCTION_ADMIN_EMAIL/JUNCTION_ADMIN_PASSWORD: ${error instanceof Error ? error.message : String(error)}`);
  }
  return email;
}
