import { Field, Form, Layout, Message } from './layout.tsx';

/**
 * Enrols an authenticator app: shows the secret (and its `otpauth://` URI) and asks for a first code.
 *
 * @example
 * c.html(<MfaSetupPage csrf={c.var.csrfToken} secret={secret} uri={uri} required />);
 */
export function MfaSetupPage(v: { csrf: string; secret: string; uri: string; error?: string; required?: boolean }) {
  const grouped = v.secret.match(/.{1,4}/g)?.join(' ') ?? v.secret;
  return (
    <Layout title="Set up two-factor authentication">
      {v.required ? <Message kind="alert">This workspace requires two-factor authentication. Set it up to continue.</Message> : null}
      <ol>
        <li>
          In your authenticator app, add an account with this setup key: <code data-testid="totp-secret">{grouped}</code>
          <details>
            <summary>Or import this link</summary>
            <pre>{v.uri}</pre>
          </details>
        </li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <Form action="/mfa/setup" csrf={v.csrf} label="Confirm the authenticator">
        <Field name="code" label="6-digit code" inputmode="numeric" autocomplete="one-time-code" error={v.error} />
        <button type="submit">Turn on two-factor authentication</button>
      </Form>
    </Layout>
  );
}

/**
 * Shown once after enrolment: the recovery codes.
 *
 * @example
 * c.html(<RecoveryCodesPage codes={codes} next="/" />);
 */
export function RecoveryCodesPage(v: { codes: readonly string[]; next: string }) {
  return (
    <Layout title="Save your recovery codes">
      <Message kind="notice">Two-factor authentication is on.</Message>
      <p>Each code signs you in once if you lose your authenticator. They are shown only now: store them somewhere safe.</p>
      <ul data-testid="recovery-codes">
        {v.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a href={v.next}>Continue</a>
      </p>
    </Layout>
  );
}

/**
 * For a user who already has MFA: turn it off (with the password), unless a workspace requires it.
 *
 * @example
 * c.html(<MfaEnabledPage csrf={c.var.csrfToken} remainingCodes={9} />);
 */
export function MfaEnabledPage(v: { csrf: string; remainingCodes: number; error?: string; locked?: boolean }) {
  return (
    <Layout title="Two-factor authentication">
      <Message kind="notice">Two-factor authentication is on. {v.remainingCodes} recovery codes left.</Message>
      {v.locked ? (
        <p>Your workspace requires two-factor authentication, so it cannot be turned off.</p>
      ) : (
        <Form action="/mfa/disable" csrf={v.csrf} label="Turn off two-factor authentication">
          <Field name="password" label="Your password" type="password" autocomplete="current-password" error={v.error} />
          <button type="submit" class="secondary">
            Turn off two-factor authentication
          </button>
        </Form>
      )}
    </Layout>
  );
}
