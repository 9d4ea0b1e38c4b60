import { Field, Form, Layout, Message } from './layout.tsx';

/** What the invitation page shows. */
export interface InviteView {
  csrf: string;
  token?: string;
  workspaceName?: string;
  email?: string;
  /** `new`: choose a name and password; `existing`: confirm with the account's password. */
  mode?: 'new' | 'existing';
  name?: string;
  errors?: { name?: string; password?: string };
  invalid?: string;
}

/**
 * Accepts an invitation to a workspace.
 *
 * @example
 * c.html(<InvitePage csrf={c.var.csrfToken} token={token} workspaceName="Demo" email="bo@example.com" mode="new" />);
 */
export function InvitePage(v: InviteView) {
  if (v.invalid) {
    return (
      <Layout title="Invitation">
        <Message kind="alert">{v.invalid}</Message>
        <p>
          <a href="/sign-in">Go to sign in</a>
        </p>
      </Layout>
    );
  }
  return (
    <Layout title={`Join ${v.workspaceName ?? 'the workspace'}`}>
      <p>
        You were invited as <strong>{v.email}</strong>.
      </p>
      <Form action="/invite/accept" csrf={v.csrf} label="Accept the invitation">
        <input type="hidden" name="token" value={v.token ?? ''} />
        {v.mode === 'new' ? (
          <>
            <Field name="name" label="Your name" autocomplete="name" value={v.name ?? ''} error={v.errors?.name} />
            <Field name="password" label="Choose a password" type="password" autocomplete="new-password" hint="At least 10 characters." error={v.errors?.password} />
          </>
        ) : (
          <Field name="password" label="Your password" type="password" autocomplete="current-password" hint="You already have an account: confirm it is you." error={v.errors?.password} />
        )}
        <button type="submit">Accept invitation</button>
      </Form>
    </Layout>
  );
}
