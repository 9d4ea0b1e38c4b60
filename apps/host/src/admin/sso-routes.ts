import { openSsoStore, type SsoConnection, type SsoConnectionInput } from '@junction/store';
import { OIDC_CALLBACK_PATH } from '../console/sso/oidc-flow.ts';
import { parseIdpMetadata } from '../console/sso/saml-metadata.ts';
import { sealClientSecret } from '../console/sso/sso-secret.ts';
import { ApiError } from './api-error.ts';
import { boolField, objectField, stringField } from './body-fields.ts';
import { isRoleId, ROLES } from './permissions.ts';
import type { RouteContext, RouteDef } from './route-types.ts';

/**
 * What the API shows of a connection: never the OIDC client secret (only whether one is set).
 *
 * @example
 * ssoConnectionView(connection).oidc; // { issuer, clientId, clientSecretSet: true, redirectPath: '/sso/oidc/callback' }
 */
export function ssoConnectionView(c: SsoConnection) {
  return {
    id: c.id,
    name: c.name,
    protocol: c.protocol,
    domains: c.domains,
    defaultRole: c.defaultRole,
    requireSso: c.requireSso,
    ...(c.oidc ? { oidc: { issuer: c.oidc.issuer, clientId: c.oidc.clientId, clientSecretSet: c.oidc.clientSecretSealed !== '', redirectPath: OIDC_CALLBACK_PATH } } : {}),
    ...(c.saml
      ? { saml: { entityId: c.saml.entityId, ssoUrl: c.saml.ssoUrl, certificate: c.saml.certificate, spEntityIdPath: `/sso/saml/${c.id}/metadata`, acsPath: `/sso/saml/${c.id}/acs`, spMetadataPath: `/sso/saml/${c.id}/metadata` } }
      : {}),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** Reads the connection fields of a body (all optional: the store checks what a connection needs). */
function readInput(ctx: RouteContext, body: Record<string, unknown>): Partial<SsoConnectionInput> {
  const name = stringField(body, 'name');
  const protocol = stringField(body, 'protocol');
  const defaultRole = stringField(body, 'defaultRole');
  if (defaultRole !== undefined && !isRoleId(defaultRole)) throw new ApiError(422, `defaultRole must be one of ${Object.keys(ROLES).join(', ')}, got ${JSON.stringify(defaultRole)}`, 'defaultRole');
  const requireSso = boolField(body, 'requireSso');
  if (body.domains !== undefined && (!Array.isArray(body.domains) || body.domains.some((d) => typeof d !== 'string'))) throw new ApiError(422, 'domains must be an array of domain names', 'domains');
  const out: Partial<SsoConnectionInput> = {
    ...(name !== undefined ? { name } : {}),
    ...(protocol !== undefined ? { protocol: protocol as SsoConnectionInput['protocol'] } : {}),
    ...(defaultRole !== undefined ? { defaultRole } : {}),
    ...(requireSso !== undefined ? { requireSso } : {}),
    ...(body.domains !== undefined ? { domains: body.domains as string[] } : {}),
  };
  const oidc = objectField(body, 'oidc');
  if (oidc) {
    const secret = stringField(oidc, 'clientSecret');
    const issuer = stringField(oidc, 'issuer');
    const clientId = stringField(oidc, 'clientId');
    out.oidc = {
      ...(issuer !== undefined ? { issuer } : {}),
      ...(clientId !== undefined ? { clientId } : {}),
      ...(secret !== undefined && secret !== '' ? { clientSecretSealed: sealClientSecret(ctx.deps.cipher, secret) } : {}),
    } as NonNullable<SsoConnectionInput['oidc']>;
  }
  const saml = objectField(body, 'saml');
  if (saml) {
    const metadata = stringField(saml, 'metadata');
    const fields = metadata ? { ...parseIdpMetadata(metadata), metadata } : {};
    const entityId = stringField(saml, 'entityId');
    const ssoUrl = stringField(saml, 'ssoUrl');
    const certificate = stringField(saml, 'certificate');
    out.saml = { ...fields, ...(entityId !== undefined ? { entityId } : {}), ...(ssoUrl !== undefined ? { ssoUrl } : {}), ...(certificate !== undefined ? { certificate } : {}) } as NonNullable<SsoConnectionInput['saml']>;
  }
  return out;
}

async function load(ctx: RouteContext): Promise<SsoConnection> {
  const id = ctx.param('connectionId');
  const c = await openSsoStore(ctx.deps.store).connections.get(ctx.principal.workspaceId, id);
  if (!c) throw new ApiError(404, `SSO connection "${id}" not found`);
  return c;
}

const tag = 'Single Sign-On';
const connectionBody = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    protocol: { enum: ['oidc', 'saml'] },
    domains: { type: 'array', items: { type: 'string' } },
    defaultRole: { type: 'string' },
    requireSso: { type: 'boolean' },
    oidc: { type: 'object', properties: { issuer: { type: 'string' }, clientId: { type: 'string' }, clientSecret: { type: 'string', writeOnly: true } } },
    saml: { type: 'object', properties: { metadata: { type: 'string' }, entityId: { type: 'string' }, ssoUrl: { type: 'string' }, certificate: { type: 'string' } } },
  },
};

/**
 * Admin API routes of SSO connections (Junction's own): `GET|POST /sso/connections`,
 * `GET|PATCH|DELETE /sso/connections/{connectionId}`. Reading needs `workspace:read`, changing
 * `workspace:write`; every change is audited; the OIDC client secret is sealed with the host's
 * settings cipher and never returned.
 *
 * @example
 * const routes = ssoAdminRoutes();
 */
export function ssoAdminRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/sso/connections', operationId: 'listSsoConnections', summary: 'List SSO Connections (Junction)', tag, permission: 'workspace:read',
      async handler(ctx) {
        return { connections: (await openSsoStore(ctx.deps.store).connections.list(ctx.principal.workspaceId)).map(ssoConnectionView) };
      },
    },
    {
      method: 'post', path: '/sso/connections', operationId: 'createSsoConnection', summary: 'Create SSO Connection (Junction)', tag, permission: 'workspace:write', status: 201, audit: ['SSO Connection Created'], body: connectionBody,
      async handler(ctx) {
        const input = readInput(ctx, await ctx.body());
        if (input.protocol === 'oidc' && !input.oidc?.clientSecretSealed) throw new ApiError(422, 'oidc.clientSecret is required', 'oidc.clientSecret');
        const c = await openSsoStore(ctx.deps.store).connections.create(ctx.principal.workspaceId, input as SsoConnectionInput);
        const view = ssoConnectionView(c);
        await ctx.audit({ type: 'SSO Connection Created', resourceType: 'sso-connection', resourceId: c.id, resourceName: c.name, before: null, after: view });
        return { connection: view };
      },
    },
    {
      method: 'get', path: '/sso/connections/{connectionId}', operationId: 'getSsoConnection', summary: 'Get SSO Connection (Junction)', tag, permission: 'workspace:read',
      async handler(ctx) {
        return { connection: ssoConnectionView(await load(ctx)) };
      },
    },
    {
      method: 'patch', path: '/sso/connections/{connectionId}', operationId: 'updateSsoConnection', summary: 'Update SSO Connection (Junction)', tag, permission: 'workspace:write', audit: ['SSO Connection Modified'], body: connectionBody,
      async handler(ctx) {
        const current = await load(ctx);
        const c = await openSsoStore(ctx.deps.store).connections.update(ctx.principal.workspaceId, current.id, readInput(ctx, await ctx.body()));
        const view = ssoConnectionView(c);
        await ctx.audit({ type: 'SSO Connection Modified', resourceType: 'sso-connection', resourceId: c.id, resourceName: c.name, before: ssoConnectionView(current), after: view });
        return { connection: view };
      },
    },
    {
      method: 'delete', path: '/sso/connections/{connectionId}', operationId: 'deleteSsoConnection', summary: 'Delete SSO Connection (Junction)', tag, permission: 'workspace:write', audit: ['SSO Connection Deleted'],
      async handler(ctx) {
        const current = await load(ctx);
        await openSsoStore(ctx.deps.store).connections.delete(ctx.principal.workspaceId, current.id);
        await ctx.audit({ type: 'SSO Connection Deleted', resourceType: 'sso-connection', resourceId: current.id, resourceName: current.name, before: ssoConnectionView(current), after: null });
        return { status: 'SUCCESS' };
      },
    },
  ];
}
