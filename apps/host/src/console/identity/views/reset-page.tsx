import { Field, Form, Layout, Message } from './layout.tsx';

/**
 * Chooses a new password from a reset link (or explains why the link does not work).
 *
 * @example
 * c.html(<ResetPage csrf={c.var.csrfToken} token={token} />);
 */
export function ResetPage(v: { csrf: string; token?: string; error?: string; invalid?: string }) {
  return (
    <Layout title="Choose a new password">
      {v.invalid ? (
        <>
          <Message kind="alert">{v.invalid}</Message>
          <p>
            <a href="/forgot-password">Send a new link</a>
          </p>
        </>
      ) : (
        <Form action="/reset-password" csrf={v.csrf} label="Choose a new password">
          <input type="hidden" name="token" value={v.token ?? ''} />
          <Field name="password" label="New password" type="password" autocomplete="new-password" hint="At least 10 characters." error={v.error} />
          <button type="submit">Save password</button>
        </Form>
      )}
    </Layout>
  );
}
