import { emailDomain, openAdminStore, openIamStore, openSsoStore, type SsoConnection, type Store } from '@junction/store';
import { SsoError } from './sso-error.ts';

/**
 * Who the IdP says signed in.
 *
 * @example
 * const who: SsoIdentity = { subject: '00u1abc', email: 'ada@acme.com', name: 'Ada Lovelace' };
 */
export interface SsoIdentity {
  /** The IdP's stable id of the person (OIDC `sub`, SAML NameID). */
  subject: string;
  email: string;
  name?: string;
}

/**
 * Finds or provisions the user of an SSO sign-in: the user already linked to this IdP subject, else
 * the user with this email (linked now), else a new user (just in time). A user who is not yet a
 * member of the connection's workspace joins it with the connection's default role on the
 * workspace (audited as `User Provisioned (SSO)`). The email must be in one of the connection's
 * domains.
 *
 * @example
 * const userId = await provisionSsoUser(store, connection, { subject: 'sub-1', email: 'ada@acme.com' });
 */
export async function provisionSsoUser(store: Store, connection: SsoConnection, who: SsoIdentity): Promise<string> {
  const domain = emailDomain(who.email);
  if (!domain || !connection.domains.includes(domain)) {
    throw new SsoError(`The identity provider signed in ${JSON.stringify(who.email)}, whose domain is not one of this connection's domains (${connection.domains.join(', ')}).`, 403);
  }
  const iam = openIamStore(store);
  const sso = openSsoStore(store);
  const linked = await sso.identities.userOf(connection.id, who.subject);
  const byEmail = await iam.users.getByEmail(who.email);
  // A subject linked to another email's user follows the IdP's current email when that email has a user.
  const user = (byEmail ?? (linked ? await iam.users.get(linked) : undefined)) ?? (await iam.users.ensure({ email: who.email, ...(who.name ? { name: who.name.slice(0, 200) } : {}) }));
  if (linked !== user.id) await sso.identities.link(connection.id, who.subject, user.id);
  const workspaceId = connection.workspaceId;
  if (!(await iam.users.isMember(workspaceId, user.id))) {
    await iam.users.addToWorkspace(workspaceId, user.id);
    const grants = await iam.grants.add(workspaceId, { type: 'user', id: user.id }, [{ roleId: connection.defaultRole, resources: [{ id: workspaceId, type: 'WORKSPACE' }] }]);
    await openAdminStore(store).auditEvents.record({
      workspaceId,
      type: 'User Provisioned (SSO)',
      actor: `sso:${connection.id}`,
      resourceType: 'user',
      resourceId: user.id,
      resourceName: user.email,
      before: null,
      after: { email: user.email, connection: connection.name, protocol: connection.protocol, roles: grants.map((g) => g.roleId) },
    });
  }
  return user.id;
}
