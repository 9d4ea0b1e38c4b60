import { Field, Form, Layout, Message } from './layout.tsx';

/**
 * Asks for the email to send a password reset link to.
 *
 * @example
 * c.html(<ForgotPage csrf={c.var.csrfToken} sent />);
 */
export function ForgotPage(v: { csrf: string; email?: string; error?: string; sent?: boolean; alert?: string }) {
  return (
    <Layout title="Reset your password">
      {v.sent ? <Message kind="notice">If an account uses this email, a link to choose a new password is on its way. It works once, for 60 minutes.</Message> : null}
      {v.alert ? <Message kind="alert">{v.alert}</Message> : null}
      <Form action="/forgot-password" csrf={v.csrf} label="Send a reset link">
        <Field name="email" label="Email" type="email" autocomplete="username" value={v.email ?? ''} error={v.error} />
        <button type="submit">Send reset link</button>
      </Form>
      <p>
        <a href="/sign-in">Back to sign in</a>
      </p>
    </Layout>
  );
}
