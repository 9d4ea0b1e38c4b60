import { Form, Layout } from './layout.tsx';

/**
 * Confirms signing out (a POST, so a link elsewhere cannot sign anyone out).
 *
 * @example
 * c.html(<SignOutPage csrf={c.var.csrfToken} email="ada@example.com" />);
 */
export function SignOutPage(v: { csrf: string; email?: string }) {
  return (
    <Layout title="Sign out">
      {v.email ? <p>Signed in as {v.email}.</p> : <p>You are not signed in.</p>}
      <Form action="/sign-out" csrf={v.csrf} label="Sign out">
        <button type="submit">Sign out</button>
      </Form>
    </Layout>
  );
}
