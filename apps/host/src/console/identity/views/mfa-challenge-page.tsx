import { Field, Form, Layout, Message } from './layout.tsx';

/**
 * Asks for the authenticator's code after the password.
 *
 * @example
 * c.html(<MfaChallengePage csrf={c.var.csrfToken} error="Code is not valid." />, 422);
 */
export function MfaChallengePage(v: { csrf: string; error?: string; alert?: string }) {
  return (
    <Layout title="Two-factor authentication">
      {v.alert ? <Message kind="alert">{v.alert}</Message> : null}
      <Form action="/mfa/challenge" csrf={v.csrf} label="Enter your code">
        <Field name="code" label="6-digit code from your authenticator app" inputmode="numeric" autocomplete="one-time-code" error={v.error} />
        <button type="submit">Verify</button>
      </Form>
      <p>
        <a href="/mfa/recovery">Use a recovery code</a> · <a href="/sign-out">Sign out</a>
      </p>
    </Layout>
  );
}
