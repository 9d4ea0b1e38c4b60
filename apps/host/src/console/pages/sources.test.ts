import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceView } from './source-pages.tsx';
import { formsCarryCsrf, pageTestApp, textOf } from './__fixtures__/page-test-app.ts';

let t: Awaited<ReturnType<typeof pageTestApp>>;
beforeAll(async () => {
  t = await pageTestApp();
});
afterAll(() => t.close());

const source = async (id: string) => (await t.admin<{ source: SourceView }>('GET', `/sources/${id}`)).data?.source;
let id = '';

describe('source pages', () => {
  it('offers the catalog source types on the create form', async () => {
    const res = await t.get('/sources/new');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Create a source · Acme Inc · Junction</title>');
    expect(html).toMatch(/<label for="f-metadataId">Type/);
    expect(html).toContain('<option value="javascript">JavaScript</option>');
    expect(formsCarryCsrf(html)).toBe(true);
  });

  it('refuses a bad slug with the admin API message next to the field', async () => {
    const res = await t.post('/sources/new', { name: 'Web', slug: 'Bad Slug!', metadataId: 'javascript' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/<p id="f-slug-error" class="error">[^<]*slug/);
    expect(html).toMatch(/id="f-slug"[^>]*value="Bad Slug!"[^>]*aria-invalid="true"/);
    expect(html).toContain('<option value="javascript" selected="">JavaScript</option>');
    expect((await t.admin<{ sources: unknown[] }>('GET', '/sources')).data!.sources).toEqual([]);
  });

  it('asks for a type when none is chosen', async () => {
    const res = await t.post('/sources/new', { name: 'Web', slug: 'web', metadataId: '' });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/<p id="f-metadataId-error" class="error">Type: choose/);
  });

  it('creates a source and shows it with its write key, in the list too', async () => {
    const res = await t.post('/sources/new', { name: 'Web site', slug: 'web', metadataId: 'javascript' });
    expect(res.status).toBe(303);
    id = res.headers.get('location')!.split('/').pop()!;
    const created = await source(id);
    expect(created).toMatchObject({ name: 'Web site', slug: 'web', enabled: true, metadata: { id: 'javascript' } });
    expect(created!.writeKeys).toHaveLength(1);
    const html = await (await t.get(`/sources/${id}`)).text();
    expect(html).toContain('role="status">Source Web site created.</p>');
    expect(html).toContain(`<code data-testid="write-key">${created!.writeKeys[0]}</code>`);
    expect(html).toMatch(/<button type="button" class="secondary" data-copy="[^"]+" aria-describedby="wk-status" hidden="">Copy<\/button>/);
    expect(html).toMatch(/<script src="\/assets\/copy-button\.js\?v=\w+" defer="">/);
    expect(textOf(html)).toContain('Connected destinations');
    expect(formsCarryCsrf(html)).toBe(true);
    const list = await (await t.get('/sources')).text();
    expect(list).toContain(`<a href="/sources/${id}">Web site</a>`);
  });

  it('rotates a write key: a new one replaces the old one', async () => {
    const [old] = (await source(id))!.writeKeys;
    const res = await t.post(`/sources/${id}/writekeys/rotate`, { writeKey: old! });
    expect(res.status).toBe(303);
    const keys = (await source(id))!.writeKeys;
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(old);
  });

  it('sets labels, disables and enables, renames', async () => {
    expect((await t.post(`/sources/${id}/labels`, { 'labels.present': '1', labels: 'environment:prod' })).status).toBe(303);
    expect((await source(id))!.labels).toEqual([expect.objectContaining({ key: 'environment', value: 'prod' })]);
    expect(await (await t.get(`/sources/${id}`)).text()).toMatch(/type="checkbox" name="labels" value="environment:prod" checked=""/);
    expect((await t.post(`/sources/${id}/enabled`, { enabled: 'false' })).status).toBe(303);
    expect((await source(id))!.enabled).toBe(false);
    expect((await t.post(`/sources/${id}/enabled`, { enabled: 'true' })).status).toBe(303);
    expect((await source(id))!.enabled).toBe(true);
    const bad = await t.post(`/sources/${id}`, { name: 'Web', slug: 'NO WAY' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toMatch(/<p id="f-slug-error" class="error">[^<]*slug/);
    expect((await t.post(`/sources/${id}`, { name: 'Website', slug: 'website' })).status).toBe(303);
    expect(await source(id)).toMatchObject({ name: 'Website', slug: 'website' });
  });

  it('deletes only after the slug is typed', async () => {
    const page = await (await t.get(`/sources/${id}/delete`)).text();
    expect(page).toContain('<label for="f-confirm">Type the slug &quot;website&quot; to confirm');
    const wrong = await t.post(`/sources/${id}/delete`, { confirm: 'web' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toMatch(/<p id="f-confirm-error" class="error">confirm: type the slug/);
    expect(await source(id)).toBeDefined();
    const res = await t.post(`/sources/${id}/delete`, { confirm: 'website' });
    expect(res.headers.get('location')).toBe('/sources');
    expect(await source(id)).toBeUndefined();
    expect((await t.get(`/sources/${id}`)).status).toBe(404);
  });
});
