import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { redirectWithFlash } from './flash.ts';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, formError, type PageContext, readForm, seg } from './page-kit.ts';
import { type DestinationSummary, DeleteSourceForm, NewSourceForm, type NewSourceValues, SourceDetail, SourceList, type SourceView } from './source-pages.tsx';

async function newPage(c: PageContext, deps: ConsoleDeps, v: NewSourceValues, errors: FieldErrors) {
  const types = await api<{ sourcesCatalog: { id: string; name: string }[] }>(deps, c, 'GET', '/catalog/sources?pagination.count=1000');
  const body = <NewSourceForm csrf={c.var.csrfToken} types={types.data?.sourcesCatalog ?? []} v={v} errors={errors} />;
  return render(c, deps, { title: 'Create a source', section: 'sources', status: errors.any ? 422 : 200 }, body);
}

async function detailPage(c: PageContext, deps: ConsoleDeps, id: string, errors = new FieldErrors(), v?: { name: string; slug: string }) {
  const r = await api<{ source: SourceView }>(deps, c, 'GET', `/sources/${seg(id)}`);
  const source = r.data?.source;
  if (!source) return problem(c, deps, 'sources', r);
  const [dests, labels] = await Promise.all([
    api<{ destinations: DestinationSummary[] }>(deps, c, 'GET', `/sources/${seg(id)}/connected-destinations?pagination.count=1000`),
    api<{ labels: { key: string; value: string }[] }>(deps, c, 'GET', '/labels'),
  ]);
  const body = (
    <SourceDetail csrf={c.var.csrfToken} source={source} destinations={dests.data?.destinations ?? []} labels={labels.data?.labels ?? []} v={v ?? { name: source.name, slug: source.slug }} errors={errors} />
  );
  return render(c, deps, { title: `Source ${source.name}`, section: 'sources', status: errors.any ? 422 : 200, scripts: ['copy-button.js'] }, body);
}

/**
 * Source pages: list, create, detail (write keys, labels, connected destinations), rename,
 * enable/disable, delete with confirmation — each through the admin API.
 *
 * @example
 * app.route('/', sourceRoutes(deps));
 */
export function sourceRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/sources', async (c) => {
    const r = await api<{ sources: SourceView[] }>(deps, c, 'GET', '/sources?pagination.count=1000');
    if (!r.data) return problem(c, deps, 'sources', r);
    return render(c, deps, { title: 'Sources', section: 'sources' }, <SourceList sources={r.data.sources} />);
  });
  app.get('/sources/new', (c) => newPage(c, deps, { name: '', slug: '', metadataId: '' }, new FieldErrors()));
  app.post('/sources/new', async (c) => {
    const form = await readForm(c);
    const v = { name: form.get('name').trim(), slug: form.get('slug').trim(), metadataId: form.get('metadataId') };
    if (v.metadataId === '') return newPage(c, deps, v, new FieldErrors([formError('metadataId', 'Type: choose the kind of source.')]));
    const r = await api<{ source: SourceView }>(deps, c, 'POST', '/sources', { slug: v.slug, name: v.name || v.slug, enabled: true, metadataId: v.metadataId });
    if (r.status === 422) return newPage(c, deps, v, new FieldErrors(r.errors));
    if (!r.data) return problem(c, deps, 'sources', r);
    return redirectWithFlash(c, deps, `/sources/${r.data.source.id}`, `Source ${r.data.source.name} created.`);
  });
  app.get('/sources/:id', (c) => detailPage(c, deps, c.req.param('id')));
  app.post('/sources/:id', async (c) => {
    const id = c.req.param('id');
    const form = await readForm(c);
    const v = { name: form.get('name').trim(), slug: form.get('slug').trim() };
    const r = await api(deps, c, 'PATCH', `/sources/${seg(id)}`, v);
    if (r.status === 422) return detailPage(c, deps, id, new FieldErrors(r.errors), v);
    if (r.status !== 200) return problem(c, deps, 'sources', r);
    return redirectWithFlash(c, deps, `/sources/${id}`, 'Source saved.');
  });
  app.post('/sources/:id/enabled', async (c) => {
    const id = c.req.param('id');
    const enabled = (await readForm(c)).get('enabled') === 'true';
    const r = await api(deps, c, 'PATCH', `/sources/${seg(id)}`, { enabled });
    if (r.status !== 200) return problem(c, deps, 'sources', r);
    return redirectWithFlash(c, deps, `/sources/${id}`, enabled ? 'Source enabled.' : 'Source disabled: its events are refused.');
  });
  app.post('/sources/:id/writekeys/rotate', async (c) => {
    const id = c.req.param('id');
    const old = (await readForm(c)).get('writeKey');
    const created = await api(deps, c, 'POST', `/sources/${seg(id)}/writekey`);
    if (created.status !== 200) return problem(c, deps, 'sources', created);
    const removed = await api(deps, c, 'DELETE', `/sources/${seg(id)}/writekey/${seg(old)}`);
    if (removed.status !== 200) return problem(c, deps, 'sources', removed);
    return redirectWithFlash(c, deps, `/sources/${id}`, 'Write key rotated: a new key was created and the old one removed.');
  });
  app.post('/sources/:id/labels', async (c) => {
    const id = c.req.param('id');
    const labels = (await readForm(c)).all('labels').map((text) => {
      const at = text.indexOf(':');
      return { key: text.slice(0, at), value: text.slice(at + 1) };
    });
    const r = await api(deps, c, 'PUT', `/sources/${seg(id)}/labels`, { labels });
    if (r.status === 422) return detailPage(c, deps, id, new FieldErrors(r.errors));
    if (r.status !== 200) return problem(c, deps, 'sources', r);
    return redirectWithFlash(c, deps, `/sources/${id}`, 'Labels saved.');
  });
  app.get('/sources/:id/delete', async (c) => {
    const r = await api<{ source: SourceView }>(deps, c, 'GET', `/sources/${seg(c.req.param('id'))}`);
    if (!r.data) return problem(c, deps, 'sources', r);
    return render(c, deps, { title: `Delete source ${r.data.source.name}`, section: 'sources' }, <DeleteSourceForm csrf={c.var.csrfToken} source={r.data.source} errors={new FieldErrors()} />);
  });
  app.post('/sources/:id/delete', async (c) => {
    const id = c.req.param('id');
    const r = await api<{ source: SourceView }>(deps, c, 'GET', `/sources/${seg(id)}`);
    if (!r.data) return problem(c, deps, 'sources', r);
    const source = r.data.source;
    if ((await readForm(c)).get('confirm').trim() !== source.slug) {
      const errors = new FieldErrors([formError('confirm', `confirm: type the slug "${source.slug}" exactly to delete this source.`)]);
      return render(c, deps, { title: `Delete source ${source.name}`, section: 'sources', status: 422 }, <DeleteSourceForm csrf={c.var.csrfToken} source={source} errors={errors} />);
    }
    const removed = await api(deps, c, 'DELETE', `/sources/${seg(id)}`);
    if (removed.status !== 200) return problem(c, deps, 'sources', removed);
    return redirectWithFlash(c, deps, '/sources', `Source ${source.name} deleted.`);
  });
  return app;
}
