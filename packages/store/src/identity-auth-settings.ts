import type { Kysely } from 'kysely';
import type { IdentityDatabase } from './identity-schema.ts';
import { nowIso } from './time.ts';

/**
 * Authentication settings of a workspace.
 *
 * @example
 * const s: WorkspaceAuthSettings = { requireMfa: true };
 */
export interface WorkspaceAuthSettings {
  /** Every member must sign in with a second factor to act in this workspace. */
  requireMfa: boolean;
}

/** Workspace authentication settings (defaults when never set: nothing required). */
export interface WorkspaceAuthSettingsRepo {
  get(workspaceId: string): Promise<WorkspaceAuthSettings>;
  set(workspaceId: string, settings: WorkspaceAuthSettings): Promise<WorkspaceAuthSettings>;
}

/**
 * Workspace authentication settings over a Kysely instance.
 *
 * @example
 * await workspaceAuthSettingsRepo(db).set(workspaceId, { requireMfa: true });
 */
export function workspaceAuthSettingsRepo(db: Kysely<IdentityDatabase>): WorkspaceAuthSettingsRepo {
  return {
    async get(workspaceId) {
      const r = await db.selectFrom('workspace_auth_settings').select('require_mfa').where('workspace_id', '=', workspaceId).executeTakeFirst();
      return { requireMfa: Number(r?.require_mfa ?? 0) === 1 };
    },
    async set(workspaceId, settings) {
      const row = { workspace_id: workspaceId, require_mfa: settings.requireMfa ? 1 : 0, updated_at: nowIso() };
      await db
        .insertInto('workspace_auth_settings')
        .values(row)
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ require_mfa: row.require_mfa, updated_at: row.updated_at }))
        .execute();
      return { requireMfa: settings.requireMfa };
    },
  };
}
