import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
beforeAll(async () => {
  t = await pageTestApp();
});
afterAll(() => t.close());

describe('console layout', () => {
  it('frames every page: title, skip link, workspace header, navigation with the current section, main landmark', async () => {
    const res = await t.get('/settings');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Workspace settings · Acme Inc · Junction</title>');
    expect(html).toMatch(/<a class="skip" href="#main">Skip to content<\/a>/);
    expect(html).toMatch(/<main id="main"[^>]*>\s*<h1>Workspace settings<\/h1>/);
    expect(html).toContain('data-testid="workspace-name">Acme Inc</strong>');
    expect(html).toContain('<a href="/workspaces">Switch workspace</a>');
    expect(html).toMatch(/<nav class="main-nav" aria-label="Main">/);
    expect(html).toContain('<a href="/settings" aria-current="page">Settings</a>');
    expect(html).toContain('<a href="/sources">Sources</a>');
    for (const label of ['Destinations', 'Catalog', 'Access', 'Health', 'Event Delivery', 'Audit']) expect(html).toContain(`>${label}</a>`);
  });

  it('serves the stylesheet and scripts with cache headers (immutable when versioned)', async () => {
    const html = await (await t.get('/settings')).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const css = await t.get(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await css.text()).toContain(':focus-visible');
    const plain = await t.get('/assets/copy-button.js');
    expect(plain.headers.get('cache-control')).toContain('must-revalidate');
    expect(await (await t.get('/assets/nope.js')).text()).toBe('not found');
  });

  it('sends / to the sources page', async () => {
    const res = await t.get('/');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sources');
  });

  it('checks FQL for the live validation with line and column', async () => {
    expect(await (await t.get(`/assist/fql?q=${encodeURIComponent('type = "track"')}`)).json()).toEqual({ valid: true });
    const bad = (await (await t.get(`/assist/fql?q=${encodeURIComponent('type = "track" and\n  event = ')}`)).json()) as Record<string, unknown>;
    expect(bad).toMatchObject({ valid: false, line: 2 });
    expect(bad.column).toBeGreaterThan(1);
    expect(String(bad.message)).not.toBe('');
  });
});

describe('workspace settings page', () => {
  it('renders the current settings in a labelled form carrying _csrf', async () => {
    const html = await (await t.get('/settings')).text();
    for (const [id, label] of [['f-name', 'Name'], ['f-slug', 'Slug'], ['f-plan', 'Plan'], ['f-billingContacts', 'Billing contacts'], ['f-incidentContacts', 'Incident contacts']]) {
      expect(html).toMatch(new RegExp(`<label for="${id}">${label}`));
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toMatch(/id="f-slug" name="slug" type="text" value="acme"/);
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('saves name, slug, plan and contacts through the admin API', async () => {
    const res = await t.post('/settings', { name: 'Acme Corp', slug: 'acme-corp', plan: 'Business', billingContacts: 'Bea Billing <bills@acme.test>\n', incidentContacts: 'oncall@acme.test' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/settings');
    const ws = (await t.admin<{ workspace: Record<string, unknown> }>('GET', '/')).data!.workspace;
    expect(ws).toMatchObject({ name: 'Acme Corp', slug: 'acme-corp', plan: 'Business', billingContacts: [{ name: 'Bea Billing', email: 'bills@acme.test' }], incidentContacts: [{ name: '', email: 'oncall@acme.test' }] });
    const next = await (await t.get('/settings')).text();
    expect(next).toContain('role="status">Workspace settings saved.</p>');
    expect(next).toContain('Bea Billing &lt;bills@acme.test&gt;');
    expect(await (await t.get('/settings')).text()).not.toContain('Workspace settings saved.');
  });

  it('shows the admin API 422 next to the slug field, keeping what was typed', async () => {
    const res = await t.post('/settings', { name: 'Acme Corp', slug: 'Not A Slug', plan: 'Business', billingContacts: '', incidentContacts: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="f-slug" name="slug" type="text" value="Not A Slug" aria-required="true" aria-invalid="true" aria-describedby="f-slug-hint f-slug-error"/);
    expect(html).toMatch(/<p id="f-slug-error" class="error">[^<]*slug must be/);
    expect(textOf(html)).toContain('The form was not saved');
    expect((await t.admin<{ workspace: { slug: string } }>('GET', '/')).data!.workspace.slug).toBe('acme-corp');
  });

  it('names the contact field whose email is bad', async () => {
    const res = await t.post('/settings', { name: 'Acme Corp', slug: 'acme-corp', plan: 'Business', billingContacts: 'Bea <not-an-email>', incidentContacts: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-billingContacts-error" class="error">billingContacts\[0\]\.email must be an email address/);
    expect(html).toMatch(/id="f-billingContacts"[^>]*aria-invalid="true"/);
  });

  // Last: it deletes the workspace.
  it('deletes the workspace only when its slug is typed, then sends the user to the workspace picker', async () => {
    const slug = (await t.admin<{ workspace: { slug: string } }>('GET', '/')).data!.workspace.slug;
    const wrong = await t.post('/settings/delete', { confirm: 'nope' });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toMatch(/id="f-confirm"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/<p id="f-confirm-error" class="error">confirm must be the workspace&#39;s slug/);
    expect(await t.store.workspaces.get(t.workspaceId)).toBeDefined();
    const done = await t.post('/settings/delete', { confirm: slug });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/workspaces');
    expect(await t.store.workspaces.get(t.workspaceId)).toBeUndefined();
  });
});
