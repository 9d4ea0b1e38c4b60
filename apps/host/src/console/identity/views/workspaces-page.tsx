import { Field, Form, Layout, Message } from './layout.tsx';

/**
 * The workspace picker: the user's workspaces and a form to create one.
 *
 * @example
 * c.html(<WorkspacesPage csrf={c.var.csrfToken} workspaces={[{ id, name: 'Demo', slug: 'demo' }]} currentId={id} />);
 */
export function WorkspacesPage(v: {
  csrf: string;
  workspaces: readonly { id: string; name: string; slug: string }[];
  currentId?: string | null;
  values?: { name?: string; slug?: string };
  errors?: { name?: string; slug?: string };
  alert?: string;
}) {
  return (
    <Layout title="Workspaces">
      {v.alert ? <Message kind="alert">{v.alert}</Message> : null}
      {v.workspaces.length === 0 ? <p>You are not a member of any workspace yet.</p> : null}
      <ul>
        {v.workspaces.map((w) => (
          <li>
            <Form action="/workspaces/select" csrf={v.csrf} label={`Open ${w.name}`}>
              <input type="hidden" name="workspaceId" value={w.id} />
              <button type="submit" class={w.id === v.currentId ? '' : 'secondary'} aria-current={w.id === v.currentId ? 'true' : undefined}>
                {`Open ${w.name}`}
              </button>{' '}
              <code>{w.slug}</code>
            </Form>
          </li>
        ))}
      </ul>
      <h2>Create a workspace</h2>
      <Form action="/workspaces/new" csrf={v.csrf} label="Create a workspace">
        <Field name="name" label="Name" value={v.values?.name ?? ''} error={v.errors?.name} />
        <Field name="slug" label="Slug" value={v.values?.slug ?? ''} hint="Lower-case letters, digits and dashes." error={v.errors?.slug} />
        <button type="submit">Create workspace</button>
      </Form>
      <p>
        <a href="/sign-out">Sign out</a>
      </p>
    </Layout>
  );
}
