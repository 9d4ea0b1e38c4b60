import { Field, Form, Layout, Message } from './layout.tsx';

/** What the first-owner form shows. */
export interface SignUpView {
  csrf: string;
  workspaceName: string;
  values?: { name?: string; email?: string };
  errors?: { name?: string; email?: string; password?: string };
  alert?: string;
}

/**
 * First run: create the owner account of the first workspace.
 *
 * @example
 * c.html(<SignUpPage csrf={c.var.csrfToken} workspaceName="Demo workspace" />);
 */
export function SignUpPage(v: SignUpView) {
  return (
    <Layout title="Create the owner account">
      <p>
        No one can sign in yet. This account becomes the owner of <strong>{v.workspaceName}</strong>.
      </p>
      {v.alert ? <Message kind="alert">{v.alert}</Message> : null}
      <Form action="/sign-up" csrf={v.csrf} label="Create the owner account">
        <Field name="name" label="Your name" autocomplete="name" value={v.values?.name ?? ''} error={v.errors?.name} />
        <Field name="email" label="Email" type="email" autocomplete="username" value={v.values?.email ?? ''} error={v.errors?.email} />
        <Field name="password" label="Password" type="password" autocomplete="new-password" hint="At least 10 characters." error={v.errors?.password} />
        <button type="submit">Create account</button>
      </Form>
    </Layout>
  );
}
