import { Field, Form, Layout, Message } from './layout.tsx';

/**
 * Signs in with a recovery code instead of the authenticator.
 *
 * @example
 * c.html(<RecoveryPage csrf={c.var.csrfToken} />);
 */
export function RecoveryPage(v: { csrf: string; error?: string; alert?: string }) {
  return (
    <Layout title="Use a recovery code">
      {v.alert ? <Message kind="alert">{v.alert}</Message> : null}
      <Form action="/mfa/recovery" csrf={v.csrf} label="Enter a recovery code">
        <Field name="code" label="Recovery code" autocomplete="off" hint="Like ABCD-EFGH-JKLM; each code works once." error={v.error} />
        <button type="submit">Verify</button>
      </Form>
      <p>
        <a href="/mfa/challenge">Use the authenticator app</a>
      </p>
    </Layout>
  );
}
