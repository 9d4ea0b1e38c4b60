import * as xmllint from '@authenio/samlify-node-xmllint';
import { openSsoStore, type SsoConnection } from '@junction/store';
import * as samlify from 'samlify';
import type { ConsoleDeps } from '../console-env.ts';
import { SSO_REQUEST_TTL_MS } from './oidc-flow.ts';
import { SsoError } from './sso-error.ts';
import type { SsoIdentity } from './sso-provision.ts';

// samlify requires a schema validator: node-xmllint (libxml2 compiled to JavaScript, no Java) checks
// every SAML message against the SAML 2.0 XSDs before anything else reads it.
samlify.setSchemaValidator({ validate: (xml: string) => xmllint.validate(xml) });

const { binding } = samlify.Constants.namespace;

/**
 * The SP's URLs of a SAML connection: entity id (also its metadata URL) and ACS (HTTP-POST).
 *
 * @example
 * samlUrls('https://cdp.example.com', 'c1'); // { entityId: 'https://cdp.example.com/sso/saml/c1/metadata', acs: 'https://cdp.example.com/sso/saml/c1/acs' }
 */
export function samlUrls(baseUrl: string, connectionId: string): { entityId: string; acs: string } {
  return { entityId: new URL(`/sso/saml/${connectionId}/metadata`, baseUrl).href, acs: new URL(`/sso/saml/${connectionId}/acs`, baseUrl).href };
}

/**
 * The host as SAML service provider for one connection (unsigned AuthnRequests, signed assertions wanted).
 *
 * @example
 * const xml = samlServiceProvider(deps.baseUrl, connection.id).getMetadata();
 */
export function samlServiceProvider(baseUrl: string, connectionId: string): samlify.ServiceProviderInstance {
  const { entityId, acs } = samlUrls(baseUrl, connectionId);
  return samlify.ServiceProvider({
    entityID: entityId,
    authnRequestsSigned: false,
    wantAssertionsSigned: true,
    wantMessageSigned: false,
    nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    assertionConsumerService: [{ Binding: binding.post, Location: acs }],
  });
}

function identityProvider(connection: SsoConnection): samlify.IdentityProviderInstance {
  const s = connection.saml;
  if (!s) throw new SsoError(`SSO connection "${connection.name}" is not a SAML connection`, 400);
  return samlify.IdentityProvider({
    entityID: s.entityId,
    signingCert: s.certificate,
    wantAuthnRequestsSigned: false,
    singleSignOnService: [
      { Binding: binding.redirect, Location: s.ssoUrl },
      { Binding: binding.post, Location: s.ssoUrl },
    ],
  });
}

/**
 * Starts a SAML sign-in: an AuthnRequest by HTTP-Redirect to the IdP; its id is recorded (10
 * minutes, single use) so only a response to it is accepted.
 *
 * @example
 * const url = await startSaml(deps, connection, '/sources');
 */
export async function startSaml(deps: Pick<ConsoleDeps, 'store' | 'baseUrl'>, connection: SsoConnection, next: string): Promise<string> {
  const sp = samlServiceProvider(deps.baseUrl, connection.id);
  const request = sp.createLoginRequest(identityProvider(connection), 'redirect') as { id: string; context: string };
  await openSsoStore(deps.store).requests.put(`saml:${request.id}`, { connectionId: connection.id, data: { next }, expiresAt: new Date(Date.now() + SSO_REQUEST_TTL_MS).toISOString() });
  return request.context;
}

const SAMLIFY_ERRORS: Record<string, string> = {
  FAILED_TO_VERIFY_SIGNATURE: 'The SAML response is not signed with the identity provider\'s certificate (signature missing or invalid).',
  ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION: 'The SAML response is not signed with the identity provider\'s certificate (signature missing or invalid).',
  ERROR_UNMATCH_CERTIFICATE_DECLARATION_IN_METADATA: 'The SAML response is signed with a certificate other than the identity provider\'s.',
  ERR_SUBJECT_UNCONFIRMED: 'The SAML assertion has expired or is not yet valid (Conditions NotBefore/NotOnOrAfter).',
  ERR_EXPIRED_SESSION: 'The SAML assertion has expired (SessionNotOnOrAfter).',
  ERR_UNMATCH_ISSUER: 'The SAML assertion was issued by another identity provider (Issuer).',
  ERR_POTENTIAL_WRAPPING_ATTACK: 'The SAML response is malformed (signature wrapping).',
  ERR_EXCEPTION_VALIDATE_XML: 'The SAML response is not valid SAML 2.0 XML.',
  ERR_INVALID_XML: 'The SAML response is not valid XML.',
};

function refusal(err: unknown): SsoError {
  const code = err instanceof Error ? err.message : String(err);
  if (code.startsWith('ERR_FAILED_STATUS')) return new SsoError('The identity provider refused the sign-in (SAML status not Success).', 401);
  return new SsoError(SAMLIFY_ERRORS[code] ?? 'The SAML response could not be read.', 401);
}

/** What samlify extracts of a login response (from the verified assertion). */
interface LoginExtract {
  audience?: unknown;
  response?: { destination?: string; inResponseTo?: string };
  nameID?: unknown;
  attributes?: Record<string, unknown>;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);
const EMAIL_ATTRIBUTES = ['email', 'mail', 'emailAddress', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', 'urn:oid:0.9.2342.19200300.100.1.3'];
const NAME_ATTRIBUTES = ['name', 'displayName', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', 'urn:oid:2.16.840.1.113730.3.1.241'];

/**
 * Finishes a SAML sign-in at the ACS (HTTP-POST binding). samlify checks the schema, the signature
 * against the connection's certificate, the issuer and the Conditions' time window; this checks
 * the audience (the SP entity id), Destination and SubjectConfirmationData Recipient (the ACS), its
 * NotOnOrAfter, InResponseTo (a request this host sent, within 10 minutes, used once) and replay
 * (each assertion id accepted once).
 *
 * @example
 * const done = await finishSaml(deps, connectionId, await c.req.parseBody());
 */
export async function finishSaml(
  deps: Pick<ConsoleDeps, 'store' | 'baseUrl'>,
  connectionId: string,
  body: Record<string, unknown>,
): Promise<{ connection: SsoConnection; who: SsoIdentity; next: string }> {
  const sso = openSsoStore(deps.store);
  const connection = await sso.connections.byId(connectionId);
  if (!connection?.saml) throw new SsoError('This SAML connection does not exist.', 400);
  if (typeof body.SAMLResponse !== 'string' || body.SAMLResponse === '') throw new SsoError('The identity provider posted no SAMLResponse.', 400);
  const { entityId, acs } = samlUrls(deps.baseUrl, connection.id);
  let result: { samlContent: string; extract: LoginExtract };
  try {
    result = (await samlServiceProvider(deps.baseUrl, connection.id).parseLoginResponse(identityProvider(connection), 'post', { body: { SAMLResponse: body.SAMLResponse } } as never)) as typeof result;
  } catch (err) {
    throw refusal(err);
  }
  const x = result.extract;
  const extra = samlify.Extractor.extract(result.samlContent, [
    { key: 'assertion', localPath: ['Response', 'Assertion'], attributes: ['ID'] },
    { key: 'confirmation', localPath: ['Response', 'Assertion', 'Subject', 'SubjectConfirmation', 'SubjectConfirmationData'], attributes: ['Recipient', 'NotOnOrAfter', 'InResponseTo'] },
  ]) as { assertion?: unknown; confirmation?: { recipient?: string; notOnOrAfter?: string; inResponseTo?: string } | unknown[] };
  // One assertion only: the one whose signature samlify verified.
  if (typeof extra.assertion !== 'string' || Array.isArray(extra.confirmation) || !extra.confirmation) throw new SsoError('The SAML response must carry exactly one assertion with one SubjectConfirmationData.', 401);
  const confirmation = extra.confirmation;
  if (!list(x.audience).includes(entityId)) throw new SsoError(`The SAML assertion was issued for another service provider (audience ${JSON.stringify(list(x.audience).join(', '))}, expected ${entityId}).`, 401);
  if (x.response?.destination && x.response.destination !== acs) throw new SsoError(`The SAML response was sent to another address (Destination ${JSON.stringify(x.response.destination)}, expected ${acs}).`, 401);
  if (confirmation.recipient !== acs) throw new SsoError(`The SAML assertion names another recipient (${JSON.stringify(confirmation.recipient ?? '')}, expected ${acs}).`, 401);
  const until = Date.parse(confirmation.notOnOrAfter ?? '');
  if (!Number.isFinite(until) || until <= Date.now()) throw new SsoError('The SAML assertion has expired (SubjectConfirmationData NotOnOrAfter).', 401);
  const inResponseTo = x.response?.inResponseTo;
  if (!inResponseTo || confirmation.inResponseTo !== inResponseTo) throw new SsoError('The SAML response does not answer a sign-in started here (InResponseTo missing or inconsistent): start from "Sign in with SSO".', 401);
  const pending = await sso.requests.take(`saml:${inResponseTo}`);
  if (!pending || pending.connectionId !== connection.id) throw new SsoError('The SAML response answers no pending sign-in (expired, already used, or started elsewhere): start again from "Sign in with SSO".', 401);
  if (!(await sso.replays.claim(`${connection.id}:${extra.assertion}`, new Date(until)))) throw new SsoError('This SAML assertion was already used (replay refused).', 401);
  const attributes = (x.attributes ?? {}) as Record<string, unknown>;
  const email = [...EMAIL_ATTRIBUTES.flatMap((a) => list(attributes[a])), String(x.nameID ?? '')].find((v) => v.includes('@')) ?? '';
  if (!email) throw new SsoError('The SAML assertion carries no email address (NameID or an email attribute).', 401);
  const name = NAME_ATTRIBUTES.flatMap((a) => list(attributes[a]))[0];
  return { connection, who: { subject: String(x.nameID ?? email), email, ...(name ? { name } : {}) }, next: pending.data.next ?? '/' };
}
