import { type ApiToken, ConflictError, openAdminStore, type Store } from '@junction/store';

/**
 * Makes sure an owner token with exactly `token` as its value exists for the workspace (the
 * `JUNCTION_BOOTSTRAP_TOKEN` of the operator contract). Idempotent and safe when several hosts
 * start at once. Returns the token's record, never its value.
 *
 * @example
 * if (process.env.JUNCTION_BOOTSTRAP_TOKEN) await ensureBootstrapToken(store, workspace.id, process.env.JUNCTION_BOOTSTRAP_TOKEN);
 */
export async function ensureBootstrapToken(store: Store, workspaceId: string, token: string): Promise<ApiToken> {
  const { apiTokens } = openAdminStore(store);
  const existing = await apiTokens.findByPlaintext(token);
  if (existing) {
    if (existing.workspaceId !== workspaceId) throw new Error('JUNCTION_BOOTSTRAP_TOKEN is already the token of another workspace');
    return existing;
  }
  try {
    return (await apiTokens.create({ workspaceId, name: 'Bootstrap token', role: 'WORKSPACE_OWNER', plaintext: token })).token;
  } catch (error) {
    const raced = error instanceof ConflictError ? await apiTokens.findByPlaintext(token) : undefined;
    if (raced) return raced;
    throw error;
  }
}
