import type { Kysely, Selectable, Transaction } from 'kysely';
import { ConflictError, InvalidInputError, isUniqueViolation, NotFoundError } from './errors.ts';
import { newId } from './ids.ts';
import type { SsoConnectionTable, SsoDatabase } from './sso-schema.ts';
import { nowIso } from './time.ts';
import { checkText } from './validate.ts';

/** SSO protocols. */
export const SSO_PROTOCOLS = ['oidc', 'saml'] as const;
/** An SSO protocol. */
export type SsoProtocol = (typeof SSO_PROTOCOLS)[number];

/**
 * An SSO connection as stored (the OIDC client secret only sealed: never show it).
 *
 * @example
 * const c: SsoConnection = { id, workspaceId, name: 'Okta', protocol: 'oidc', domains: ['acme.com'], defaultRole: 'WORKSPACE_MEMBER', requireSso: false, oidc: { issuer: 'https://acme.okta.com', clientId: 'abc', clientSecretSealed: '{…}' }, createdAt, updatedAt };
 */
export interface SsoConnection {
  id: string;
  workspaceId: string;
  name: string;
  protocol: SsoProtocol;
  /** Lower-case email domains routed to this connection. */
  domains: string[];
  defaultRole: string;
  requireSso: boolean;
  oidc?: { issuer: string; clientId: string; clientSecretSealed: string };
  saml?: { entityId: string; ssoUrl: string; certificate: string; metadata: string | null };
  createdAt: string;
  updatedAt: string;
}

/**
 * What creates or (in part) updates a connection.
 *
 * @example
 * const input: SsoConnectionInput = { name: 'Okta', protocol: 'saml', domains: ['acme.com'], defaultRole: 'WORKSPACE_MEMBER', requireSso: true, saml: { entityId, ssoUrl, certificate } };
 */
export interface SsoConnectionInput {
  name: string;
  protocol: SsoProtocol;
  domains: string[];
  defaultRole: string;
  requireSso?: boolean;
  oidc?: { issuer: string; clientId: string; clientSecretSealed: string };
  saml?: { entityId: string; ssoUrl: string; certificate: string; metadata?: string | null };
}

/** SSO connections of workspaces and their email domains. */
export interface SsoConnectionRepo {
  create(workspaceId: string, input: SsoConnectionInput): Promise<SsoConnection>;
  /** A connection of the workspace (undefined when of another workspace). */
  get(workspaceId: string, id: string): Promise<SsoConnection | undefined>;
  /** A connection by id alone (sign-in flows, which have no workspace yet). */
  byId(id: string): Promise<SsoConnection | undefined>;
  list(workspaceId: string): Promise<SsoConnection[]>;
  /** Merges the patch into the connection, checks the result; NotFoundError when not of the workspace. */
  update(workspaceId: string, id: string, patch: Partial<SsoConnectionInput>): Promise<SsoConnection>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  /** The connection an email's domain is routed to (case-insensitive). */
  forEmail(email: string): Promise<SsoConnection | undefined>;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/**
 * The domain of an email address, lower-cased (undefined when there is none).
 *
 * @example
 * emailDomain('Ada@Acme.COM'); // 'acme.com'
 */
export function emailDomain(email: string): string | undefined {
  const at = email.trim().lastIndexOf('@');
  const domain = at > 0 ? email.trim().slice(at + 1).toLowerCase() : '';
  return DOMAIN.test(domain) ? domain : undefined;
}

function checkUrl(field: string, value: unknown): string {
  checkText(field, value, 2000);
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    throw new InvalidInputError(`${field} must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidInputError(`${field} must be an http(s) URL, got ${JSON.stringify(value)}`);
  return value as string;
}

function checkInput(input: SsoConnectionInput): SsoConnectionInput {
  if (input === null || typeof input !== 'object') throw new InvalidInputError('connection must be an object');
  const name = checkText('name', input.name);
  if (!SSO_PROTOCOLS.includes(input.protocol)) throw new InvalidInputError(`protocol must be one of ${SSO_PROTOCOLS.join(', ')}, got ${JSON.stringify(input.protocol)}`);
  if (!Array.isArray(input.domains) || input.domains.length === 0) throw new InvalidInputError('domains must be a non-empty array of email domains');
  const domains = input.domains.map((d, i) => {
    const domain = typeof d === 'string' ? d.trim().toLowerCase() : '';
    if (!DOMAIN.test(domain)) throw new InvalidInputError(`domains[${i}] must be a domain name such as "acme.com", got ${JSON.stringify(d)}`);
    return domain;
  });
  if (new Set(domains).size !== domains.length) throw new InvalidInputError('domains lists a domain twice');
  const defaultRole = checkText('defaultRole', input.defaultRole, 64);
  if (input.requireSso !== undefined && typeof input.requireSso !== 'boolean') throw new InvalidInputError(`requireSso must be true or false, got ${JSON.stringify(input.requireSso)}`);
  const out: SsoConnectionInput = { name, protocol: input.protocol, domains, defaultRole, requireSso: input.requireSso ?? false };
  if (input.protocol === 'oidc') {
    const o = input.oidc;
    if (!o || typeof o !== 'object') throw new InvalidInputError('oidc is required for an OIDC connection: { issuer, clientId, clientSecret }');
    out.oidc = { issuer: checkUrl('oidc.issuer', o.issuer), clientId: checkText('oidc.clientId', o.clientId, 500), clientSecretSealed: checkText('oidc.clientSecret', o.clientSecretSealed, 5000) };
  } else {
    const s = input.saml;
    if (!s || typeof s !== 'object') throw new InvalidInputError('saml is required for a SAML connection: { entityId, ssoUrl, certificate } or { metadata }');
    out.saml = {
      entityId: checkText('saml.entityId', s.entityId, 1000),
      ssoUrl: checkUrl('saml.ssoUrl', s.ssoUrl),
      certificate: checkText('saml.certificate', s.certificate, 20_000),
      metadata: s.metadata === undefined || s.metadata === null ? null : checkText('saml.metadata', s.metadata, 200_000),
    };
  }
  return out;
}

function toConnection(r: Selectable<SsoConnectionTable>, domains: string[]): SsoConnection {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    protocol: r.protocol as SsoProtocol,
    domains,
    defaultRole: r.default_role,
    requireSso: Number(r.require_sso) === 1,
    ...(r.protocol === 'oidc' ? { oidc: { issuer: r.oidc_issuer ?? '', clientId: r.oidc_client_id ?? '', clientSecretSealed: r.oidc_client_secret ?? '' } } : {}),
    ...(r.protocol === 'saml' ? { saml: { entityId: r.saml_entity_id ?? '', ssoUrl: r.saml_sso_url ?? '', certificate: r.saml_certificate ?? '', metadata: r.saml_metadata } } : {}),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columns(input: SsoConnectionInput) {
  return {
    name: input.name,
    protocol: input.protocol,
    default_role: input.defaultRole,
    require_sso: input.requireSso ? 1 : 0,
    oidc_issuer: input.oidc?.issuer ?? null,
    oidc_client_id: input.oidc?.clientId ?? null,
    oidc_client_secret: input.oidc?.clientSecretSealed ?? null,
    saml_entity_id: input.saml?.entityId ?? null,
    saml_sso_url: input.saml?.ssoUrl ?? null,
    saml_certificate: input.saml?.certificate ?? null,
    saml_metadata: input.saml?.metadata ?? null,
  };
}

async function writeDomains(trx: Transaction<SsoDatabase>, connectionId: string, domains: readonly string[]): Promise<void> {
  await trx.deleteFrom('sso_domains').where('connection_id', '=', connectionId).execute();
  try {
    await trx.insertInto('sso_domains').values(domains.map((domain) => ({ domain, connection_id: connectionId }))).execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const taken = await trx.selectFrom('sso_domains').select('domain').where('domain', 'in', [...domains]).where('connection_id', '!=', connectionId).execute();
    throw new ConflictError(`domains: ${taken.map((t) => `"${t.domain}"`).join(', ') || 'a domain'} already routes to another SSO connection`);
  }
}

/**
 * SSO connection functions over a Kysely instance.
 *
 * @example
 * const connections = ssoConnectionRepo(db);
 * const c = await connections.forEmail('ada@acme.com');
 */
export function ssoConnectionRepo(db: Kysely<SsoDatabase>): SsoConnectionRepo {
  const load = async (rows: Selectable<SsoConnectionTable>[]) => {
    if (rows.length === 0) return [];
    const ds = await db.selectFrom('sso_domains').selectAll().where('connection_id', 'in', rows.map((r) => r.id)).orderBy('domain').execute();
    return rows.map((r) => toConnection(r, ds.filter((d) => d.connection_id === r.id).map((d) => d.domain)));
  };
  const repo: SsoConnectionRepo = {
    async create(workspaceId, input) {
      const checked = checkInput(input);
      const id = newId();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        // A conflicting domain fails before the connection row is written (PostgreSQL aborts the transaction on a unique violation).
        const taken = await trx.selectFrom('sso_domains').select('domain').where('domain', 'in', checked.domains).execute();
        if (taken.length > 0) throw new ConflictError(`domains: ${taken.map((t) => `"${t.domain}"`).join(', ')} already routes to another SSO connection`);
        await trx.insertInto('sso_connections').values({ id, workspace_id: workspaceId, ...columns(checked), created_at: now, updated_at: now }).execute();
        await writeDomains(trx, id, checked.domains);
      });
      return (await repo.byId(id))!;
    },
    async get(workspaceId, id) {
      const found = await repo.byId(id);
      return found?.workspaceId === workspaceId ? found : undefined;
    },
    async byId(id) {
      if (typeof id !== 'string') return undefined;
      return (await load(await db.selectFrom('sso_connections').selectAll().where('id', '=', id).execute()))[0];
    },
    async list(workspaceId) {
      return load(await db.selectFrom('sso_connections').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute());
    },
    async update(workspaceId, id, patch) {
      const current = await repo.get(workspaceId, id);
      if (!current) throw new NotFoundError(`SSO connection "${id}" not found`);
      const merged = checkInput({
        name: patch.name ?? current.name,
        protocol: patch.protocol ?? current.protocol,
        domains: patch.domains ?? current.domains,
        defaultRole: patch.defaultRole ?? current.defaultRole,
        requireSso: patch.requireSso ?? current.requireSso,
        ...((patch.oidc ?? current.oidc) ? { oidc: { ...current.oidc, ...patch.oidc } as SsoConnectionInput['oidc'] } : {}),
        ...((patch.saml ?? current.saml) ? { saml: { ...current.saml, ...patch.saml } as SsoConnectionInput['saml'] } : {}),
      });
      await db.transaction().execute(async (trx) => {
        const taken = await trx.selectFrom('sso_domains').select('domain').where('domain', 'in', merged.domains).where('connection_id', '!=', id).execute();
        if (taken.length > 0) throw new ConflictError(`domains: ${taken.map((t) => `"${t.domain}"`).join(', ')} already routes to another SSO connection`);
        await trx.updateTable('sso_connections').set({ ...columns(merged), updated_at: nowIso() }).where('id', '=', id).execute();
        await writeDomains(trx, id, merged.domains);
      });
      return (await repo.byId(id))!;
    },
    async delete(workspaceId, id) {
      const r = await db.deleteFrom('sso_connections').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async forEmail(email) {
      const domain = typeof email === 'string' ? emailDomain(email) : undefined;
      if (!domain) return undefined;
      const row = await db.selectFrom('sso_domains').select('connection_id').where('domain', '=', domain).executeTakeFirst();
      return row ? repo.byId(row.connection_id) : undefined;
    },
  };
  return repo;
}
