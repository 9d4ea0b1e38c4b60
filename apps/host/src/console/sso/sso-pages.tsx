import { Field, Form, Layout, Message } from '../identity/views/layout.tsx';

/** What the SSO sign-in form shows. */
export interface SsoSignInView {
  csrf: string;
  email?: string;
  next?: string;
  error?: string;
}

/**
 * "Sign in with SSO": the work email picks the workspace's connection by its domain.
 *
 * @example
 * c.html(<SsoSignInPage csrf={c.var.csrfToken} email="ada@unknown.test" error="No SSO connection for unknown.test." />, 422);
 */
export function SsoSignInPage(v: SsoSignInView) {
  return (
    <Layout title="Sign in with SSO">
      <Form action={v.next ? `/sso?next=${encodeURIComponent(v.next)}` : '/sso'} csrf={v.csrf} label="Sign in with SSO">
        <Field name="email" label="Work email" type="email" autocomplete="username" value={v.email ?? ''} error={v.error} hint="You will continue at your organisation's identity provider." />
        <button type="submit">Continue</button>
      </Form>
      <p>
        <a href="/sign-in">Sign in with a password instead</a>
      </p>
    </Layout>
  );
}

/**
 * A refused SSO sign-in: what was wrong, and a way back.
 *
 * @example
 * c.html(<SsoErrorPage message="The SAML assertion has expired." />, 401);
 */
export function SsoErrorPage(props: { message: string }) {
  return (
    <Layout title="Single sign-on failed">
      <Message kind="alert">{props.message}</Message>
      <p>
        <a href="/sso">Try again</a> or <a href="/sign-in">sign in with a password</a>.
      </p>
    </Layout>
  );
}
