import { Field, Form, Layout, Message } from './layout.tsx';

/** What the sign-in form shows. */
export interface SignInView {
  csrf: string;
  email?: string;
  next?: string;
  errors?: { email?: string; password?: string };
  alert?: string;
  notice?: string;
}

/**
 * The sign-in page (email and password).
 *
 * @example
 * c.html(<SignInPage csrf={c.var.csrfToken} alert="Email or password is incorrect." />, 401);
 */
export function SignInPage(v: SignInView) {
  return (
    <Layout title="Sign in">
      {v.notice ? <Message kind="notice">{v.notice}</Message> : null}
      {v.alert ? <Message kind="alert">{v.alert}</Message> : null}
      <Form action={v.next ? `/sign-in?next=${encodeURIComponent(v.next)}` : '/sign-in'} csrf={v.csrf} label="Sign in">
        <Field name="email" label="Email" type="email" autocomplete="username" value={v.email ?? ''} error={v.errors?.email} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" error={v.errors?.password} />
        <button type="submit">Sign in</button>
      </Form>
      <p>
        <a href="/forgot-password">Forgot your password?</a> · <a href="/sso">Sign in with SSO</a>
      </p>
    </Layout>
  );
}
