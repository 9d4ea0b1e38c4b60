import { InvalidInputError } from '@junction/store';
import * as samlify from 'samlify';

/**
 * Reads an IdP's SAML metadata XML: entity id, SSO URL (HTTP-Redirect, else HTTP-POST) and signing
 * certificate. Errors name the field `saml.metadata`.
 *
 * @example
 * const { entityId, ssoUrl, certificate } = parseIdpMetadata(xml);
 */
export function parseIdpMetadata(xml: string): { entityId: string; ssoUrl: string; certificate: string } {
  let meta: ReturnType<typeof samlify.IdPMetadata>;
  try {
    meta = samlify.IdPMetadata(xml);
  } catch (err) {
    throw new InvalidInputError(`saml.metadata is not IdP metadata XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const location = (b: 'redirect' | 'post') => {
    const v = meta.getSingleSignOnService(b) as unknown;
    return typeof v === 'string' ? v : undefined;
  };
  const entityId = meta.getEntityID();
  const ssoUrl = location('redirect') ?? location('post');
  const cert = meta.getX509Certificate('signing') as unknown;
  const certificate = Array.isArray(cert) ? String(cert[0] ?? '') : typeof cert === 'string' ? cert : '';
  if (!entityId) throw new InvalidInputError('saml.metadata has no entityID');
  if (!ssoUrl) throw new InvalidInputError('saml.metadata has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding');
  if (!certificate) throw new InvalidInputError('saml.metadata has no signing X509Certificate');
  return { entityId, ssoUrl, certificate };
}
