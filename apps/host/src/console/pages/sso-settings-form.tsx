import { ROLES } from '../../admin/permissions.ts';
import { OIDC_CALLBACK_PATH } from '../sso/oidc-flow.ts';
import { ActionButton, Checkbox, ErrorSummary, Input, PostForm, Select, TextArea } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';

/** An SSO connection as the admin API shows it (never the client secret). */
export interface SsoConnectionView {
  id: string;
  name: string;
  protocol: 'oidc' | 'saml';
  domains: string[];
  defaultRole: string;
  requireSso: boolean;
  oidc?: { issuer: string; clientId: string; clientSecretSet: boolean; redirectPath: string };
  saml?: { entityId: string; ssoUrl: string; certificate: string; spEntityIdPath: string; acsPath: string; spMetadataPath: string };
}

/** The form's values (the client secret is never among them: it is write-only). */
export interface SsoFormValues {
  name: string;
  protocol: 'oidc' | 'saml';
  domains: string;
  defaultRole: string;
  requireSso: boolean;
  issuer: string;
  clientId: string;
  metadata: string;
  entityId: string;
  ssoUrl: string;
  certificate: string;
}

/**
 * The form values of a connection (or of a new one of `protocol`).
 *
 * @example
 * ssoFormValues(undefined, 'oidc').defaultRole; // 'WORKSPACE_MEMBER'
 */
export function ssoFormValues(c: SsoConnectionView | undefined, protocol: 'oidc' | 'saml'): SsoFormValues {
  return {
    name: c?.name ?? '',
    protocol: c?.protocol ?? protocol,
    domains: c?.domains.join('\n') ?? '',
    defaultRole: c?.defaultRole ?? 'WORKSPACE_MEMBER',
    requireSso: c?.requireSso ?? false,
    issuer: c?.oidc?.issuer ?? '',
    clientId: c?.oidc?.clientId ?? '',
    metadata: '',
    entityId: c?.saml?.entityId ?? '',
    ssoUrl: c?.saml?.ssoUrl ?? '',
    certificate: c?.saml?.certificate ?? '',
  };
}

/**
 * What to give the identity provider: the OIDC redirect URI, or the SAML SP entity id, ACS and
 * metadata URLs (known once the connection exists).
 *
 * @example
 * <ServiceProviderInfo baseUrl="https://junction.acme.com" protocol="oidc" />
 */
export function ServiceProviderInfo(props: { baseUrl: string; protocol: 'oidc' | 'saml'; connection?: SsoConnectionView | undefined }) {
  const url = (path: string) => `${props.baseUrl.replace(/\/$/, '')}${path}`;
  const saml = props.connection?.saml;
  return (
    <section aria-labelledby="sp-info">
      <h2 id="sp-info">For your identity provider</h2>
      {props.protocol === 'oidc' ? (
        <dl>
          <dt>Redirect URI (allowed callback URL)</dt>
          <dd>
            <code data-testid="sp-redirect-uri">{url(props.connection?.oidc?.redirectPath ?? OIDC_CALLBACK_PATH)}</code>
          </dd>
        </dl>
      ) : saml ? (
        <dl>
          <dt>SP entity id (audience)</dt>
          <dd>
            <code data-testid="sp-entity-id">{url(saml.spEntityIdPath)}</code>
          </dd>
          <dt>Assertion consumer service (ACS) URL</dt>
          <dd>
            <code data-testid="sp-acs-url">{url(saml.acsPath)}</code>
          </dd>
          <dt>SP metadata</dt>
          <dd>
            <a href={saml.spMetadataPath}>
              <code data-testid="sp-metadata-url">{url(saml.spMetadataPath)}</code>
            </a>
          </dd>
        </dl>
      ) : (
        <p>The SP entity id, ACS URL and metadata URL are shown once the connection is saved.</p>
      )}
    </section>
  );
}

/**
 * The create/edit form of a connection; the OIDC client secret is a password field never filled in.
 *
 * @example
 * <SsoForm csrf={csrf} action="/settings/sso/new" v={v} errors={errs} secretSet={false} />
 */
export function SsoForm(props: { csrf: string; action: string; v: SsoFormValues; errors: FieldErrors; secretSet: boolean; connectionId?: string }) {
  const { v, errors } = props;
  const roles = Object.entries(ROLES).map(([id, r]) => ({ value: id, label: r.name }));
  return (
    <>
      <ErrorSummary errors={errors} />
      <PostForm action={props.action} csrf={props.csrf} label={props.connectionId ? 'Edit the SSO connection' : 'Create an SSO connection'}>
        <input type="hidden" name="protocol" value={v.protocol} />
        <Input name="name" label="Name" value={v.name} error={errors.for('name')} required />
        <TextArea name="domains" label="Email domains" value={v.domains} hint="One per line, e.g. acme.com: people with these email domains sign in through this connection." error={errors.for('domains')} required />
        <Select name="defaultRole" label="Role of new users" value={v.defaultRole} options={roles} hint="People signing in for the first time join the workspace with this role." error={errors.for('defaultRole')} required />
        <Checkbox name="requireSso" label="Require SSO for these domains (no password sign-in)" checked={v.requireSso} error={errors.for('requireSso')} />
        {v.protocol === 'oidc' ? (
          <fieldset>
            <legend>OpenID Connect</legend>
            <Input name="oidc.issuer" type="url" label="Issuer URL" value={v.issuer} hint="e.g. https://acme.okta.com" error={errors.for('oidc.issuer')} required />
            <Input name="oidc.clientId" label="Client id" value={v.clientId} autocomplete="off" error={errors.for('oidc.clientId')} required />
            <Input
              name="oidc.clientSecret"
              type="password"
              label="Client secret"
              autocomplete="new-password"
              hint={props.secretSet ? 'A secret is set and is never shown. Leave empty to keep it; type a new one to replace it.' : undefined}
              error={errors.for('oidc.clientSecret')}
              required={!props.secretSet}
            />
          </fieldset>
        ) : (
          <fieldset>
            <legend>SAML 2.0</legend>
            <TextArea name="saml.metadata" label="IdP metadata XML" value={v.metadata} rows={6} mono hint="Paste the identity provider's metadata, or fill in the three fields below instead." error={errors.for('saml.metadata')} />
            <Input name="saml.entityId" label="IdP entity id" value={v.entityId} error={errors.for('saml.entityId')} />
            <Input name="saml.ssoUrl" type="url" label="IdP single sign-on URL" value={v.ssoUrl} error={errors.for('saml.ssoUrl')} />
            <TextArea name="saml.certificate" label="IdP signing certificate (PEM or base64)" value={v.certificate} rows={6} mono error={errors.for('saml.certificate')} />
          </fieldset>
        )}
        <button type="submit">{props.connectionId ? 'Save connection' : 'Create connection'}</button>
      </PostForm>
      {props.connectionId ? (
        <>
          <h2>Delete the connection</h2>
          <p>People of its domains sign in with their password again (if they have one).</p>
          <ActionButton action={`/settings/sso/${props.connectionId}/delete`} csrf={props.csrf} label={`Delete connection ${v.name}`} danger />
        </>
      ) : null}
    </>
  );
}
