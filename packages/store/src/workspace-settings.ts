import type { Kysely } from 'kysely';
import type { AdminDatabase } from './admin-schema.ts';
import { InvalidInputError } from './errors.ts';
import { nowIso } from './time.ts';

/**
 * A person to reach about billing or incidents.
 *
 * @example
 * const c: Contact = { name: 'Ops', email: 'ops@example.com' };
 */
export interface Contact {
  name: string;
  email: string;
}

/**
 * Workspace settings beyond id/slug/name/plan.
 *
 * @example
 * const s: WorkspaceSettings = { billingContacts: [], incidentContacts: [{ name: 'Ops', email: 'ops@example.com' }], updatedAt: null };
 */
export interface WorkspaceSettings {
  billingContacts: Contact[];
  incidentContacts: Contact[];
  /** Null until first saved. */
  updatedAt: string | null;
}

/** Per-workspace settings. */
export interface WorkspaceSettingsRepo {
  /** The settings (empty contact lists when never saved). */
  get(workspaceId: string): Promise<WorkspaceSettings>;
  update(workspaceId: string, patch: { billingContacts?: Contact[]; incidentContacts?: Contact[] }): Promise<WorkspaceSettings>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_CONTACTS = 50;

/**
 * Checks a list of contacts (each `{ name?, email }` with a valid email); names the bad entry.
 *
 * @example
 * checkContacts('billingContacts', [{ email: 'a@b.co' }]); // [{ name: '', email: 'a@b.co' }]
 */
export function checkContacts(field: string, value: unknown): Contact[] {
  if (!Array.isArray(value)) throw new InvalidInputError(`${field} must be an array of { name, email }`);
  if (value.length > MAX_CONTACTS) throw new InvalidInputError(`${field} holds at most ${MAX_CONTACTS} contacts, got ${value.length}`);
  return value.map((c, i) => {
    const at = `${field}[${i}]`;
    if (c === null || typeof c !== 'object') throw new InvalidInputError(`${at} must be an object { name, email }`);
    const { name, email } = c as Record<string, unknown>;
    if (typeof email !== 'string' || email.length > 254 || !EMAIL.test(email)) throw new InvalidInputError(`${at}.email must be an email address, got ${JSON.stringify(email)}`);
    if (name !== undefined && (typeof name !== 'string' || name.length > 200)) throw new InvalidInputError(`${at}.name must be a string of at most 200 characters`);
    return { name: typeof name === 'string' ? name : '', email };
  });
}

/**
 * Workspace settings functions over a Kysely instance.
 *
 * @example
 * await workspaceSettingsRepo(db).update(workspaceId, { incidentContacts: [{ name: 'Ops', email: 'ops@example.com' }] });
 */
export function workspaceSettingsRepo(db: Kysely<AdminDatabase>): WorkspaceSettingsRepo {
  const repo: WorkspaceSettingsRepo = {
    async get(workspaceId) {
      const r = await db.selectFrom('workspace_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
      if (!r) return { billingContacts: [], incidentContacts: [], updatedAt: null };
      return { billingContacts: JSON.parse(r.billing_contacts) as Contact[], incidentContacts: JSON.parse(r.incident_contacts) as Contact[], updatedAt: r.updated_at };
    },
    async update(workspaceId, patch) {
      const billing = patch.billingContacts === undefined ? undefined : checkContacts('billingContacts', patch.billingContacts);
      const incident = patch.incidentContacts === undefined ? undefined : checkContacts('incidentContacts', patch.incidentContacts);
      const ws = await db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst();
      if (!ws) throw new InvalidInputError(`workspaceSettings.workspaceId: workspace "${workspaceId}" not found`);
      const now = nowIso();
      const current = await repo.get(workspaceId);
      const row = {
        workspace_id: workspaceId,
        billing_contacts: JSON.stringify(billing ?? current.billingContacts),
        incident_contacts: JSON.stringify(incident ?? current.incidentContacts),
        updated_at: now,
      };
      await db
        .insertInto('workspace_settings')
        .values(row)
        .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ billing_contacts: row.billing_contacts, incident_contacts: row.incident_contacts, updated_at: now }))
        .execute();
      return repo.get(workspaceId);
    },
  };
  return repo;
}
