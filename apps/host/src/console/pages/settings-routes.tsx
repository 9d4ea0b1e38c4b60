import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { type Contact, contactsToText, textToContacts } from './contacts-text.ts';
import { redirectWithFlash } from './flash.ts';
import { ErrorSummary, Input, PostForm, Select, TextArea } from './form-parts.tsx';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, type PageContext, readForm } from './page-kit.ts';

interface WorkspaceView {
  id: string;
  name: string;
  slug: string;
  plan: string;
  billingContacts: Contact[];
  incidentContacts: Contact[];
}

interface SettingsValues {
  name: string;
  slug: string;
  plan: string;
  billingContacts: string;
  incidentContacts: string;
}

const PLANS = ['Free', 'Team', 'Business'];

function SettingsForm(props: { csrf: string; v: SettingsValues; errors: FieldErrors }) {
  const { v, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <PostForm action="/settings" csrf={props.csrf} label="Workspace settings">
        <Input name="name" label="Name" value={v.name} error={errors.for('name')} required />
        <Input name="slug" label="Slug" value={v.slug} hint="Lower-case letters, digits and dashes. Sources and destinations keep working when it changes." error={errors.for('slug')} required />
        <Select name="plan" label="Plan" value={v.plan} options={PLANS.map((p) => ({ value: p, label: p }))} error={errors.for('plan')} hint="On Free and Team every member is a workspace owner; roles are a Business feature." />
        <TextArea name="billingContacts" label="Billing contacts" value={v.billingContacts} hint="One per line: Name <email@example.com>, or just the email." error={errors.for('billingContacts')} />
        <TextArea name="incidentContacts" label="Incident contacts" value={v.incidentContacts} hint="One per line: Name <email@example.com>, or just the email." error={errors.for('incidentContacts')} />
        <button type="submit">Save settings</button>
      </PostForm>
      <h2>Authentication</h2>
      <p>
        <a href="/settings/authentication">Authentication settings</a> (MFA and single sign-on).
      </p>
      <h2>Delete this workspace</h2>
      <p>Deletes its sources, destinations, event log, metrics and audit trail. This cannot be undone.</p>
      <PostForm action="/settings/delete" csrf={props.csrf} label="Delete this workspace">
        <Input name="confirm" label={`Type ${v.slug} to confirm deletion`} value="" error={errors.for('confirm')} required />
        <button type="submit">Delete workspace</button>
      </PostForm>
    </>
  );
}

async function page(c: PageContext, deps: ConsoleDeps, v: SettingsValues, errors: FieldErrors) {
  return render(c, deps, { title: 'Workspace settings', section: 'settings', status: errors.any ? 422 : 200 }, <SettingsForm csrf={c.var.csrfToken} v={v} errors={errors} />);
}

/**
 * Workspace settings: `GET /settings` and `POST /settings` (the admin API's `PATCH /`).
 *
 * @example
 * app.route('/', settingsRoutes(deps));
 */
export function settingsRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/settings', async (c) => {
    const r = await api<{ workspace: WorkspaceView }>(deps, c, 'GET', '/');
    const ws = r.data?.workspace;
    if (!ws) return problem(c, deps, 'settings', r);
    const v = { name: ws.name, slug: ws.slug, plan: ws.plan, billingContacts: contactsToText(ws.billingContacts), incidentContacts: contactsToText(ws.incidentContacts) };
    return page(c, deps, v, new FieldErrors());
  });
  app.post('/settings', async (c) => {
    const form = await readForm(c);
    const v: SettingsValues = { name: form.get('name'), slug: form.get('slug'), plan: form.get('plan'), billingContacts: form.get('billingContacts'), incidentContacts: form.get('incidentContacts') };
    const r = await api(deps, c, 'PATCH', '/', {
      name: v.name,
      slug: v.slug,
      plan: v.plan,
      billingContacts: textToContacts(v.billingContacts),
      incidentContacts: textToContacts(v.incidentContacts),
    });
    if (r.status === 422) return page(c, deps, v, new FieldErrors(r.errors));
    if (r.status !== 200) return problem(c, deps, 'settings', r);
    return redirectWithFlash(c, deps, '/settings', 'Workspace settings saved.');
  });
  app.post('/settings/delete', async (c) => {
    const form = await readForm(c);
    const r = await api(deps, c, 'DELETE', '/', { confirm: form.get('confirm') });
    if (r.status === 422) {
      const current = await api<{ workspace: WorkspaceView }>(deps, c, 'GET', '/');
      const ws = current.data?.workspace;
      if (!ws) return problem(c, deps, 'settings', current);
      const v = { name: ws.name, slug: ws.slug, plan: ws.plan, billingContacts: contactsToText(ws.billingContacts), incidentContacts: contactsToText(ws.incidentContacts) };
      return page(c, deps, v, new FieldErrors(r.errors));
    }
    if (r.status !== 200) return problem(c, deps, 'settings', r);
    return c.redirect('/workspaces', 303);
  });
  return app;
}
