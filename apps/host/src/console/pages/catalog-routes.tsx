import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { CatalogDetail, type CatalogEntry, CatalogList, type InstallValues } from './catalog-pages.tsx';
import { redirectWithFlash } from './flash.ts';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, formError, type PageContext, readForm, seg } from './page-kit.ts';
import { readSettings } from './settings-form.tsx';

async function detailPage(c: PageContext, deps: ConsoleDeps, id: string, v: InstallValues | undefined, errors = new FieldErrors()) {
  const [meta, sources] = await Promise.all([
    api<{ destinationMetadata: CatalogEntry }>(deps, c, 'GET', `/catalog/destinations/${seg(id)}`),
    api<{ sources: { id: string; name: string }[] }>(deps, c, 'GET', '/sources?pagination.count=1000'),
  ]);
  const entry = meta.data?.destinationMetadata;
  if (!entry) return problem(c, deps, 'catalog', meta);
  const values = v ?? { sourceId: c.req.query('sourceId') ?? '', name: entry.name, settings: {} };
  const body = <CatalogDetail csrf={c.var.csrfToken} entry={entry} sources={sources.data?.sources ?? []} v={values} errors={errors} />;
  return render(c, deps, { title: entry.name, section: 'catalog', status: errors.any ? 422 : 200 }, body);
}

/**
 * Catalog pages: `GET /catalog` (search `q`, `category`), `GET /catalog/destinations/:id` and
 * `POST /catalog/destinations/:id/install` (the admin API's `POST /destinations`).
 *
 * @example
 * app.route('/', catalogRoutes(deps));
 */
export function catalogRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/catalog', async (c) => {
    const r = await api<{ destinationsCatalog: CatalogEntry[] }>(deps, c, 'GET', '/catalog/destinations?pagination.count=1000');
    if (!r.data) return problem(c, deps, 'catalog', r);
    const all = r.data.destinationsCatalog.filter((d) => d.status !== 'FAILED');
    const q = (c.req.query('q') ?? '').trim();
    const category = c.req.query('category') ?? '';
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    const entries = all.filter((d) => {
      const text = `${d.name} ${d.id} ${d.description} ${d.categories.join(' ')}`.toLowerCase();
      return words.every((w) => text.includes(w)) && (category === '' || d.categories.includes(category));
    });
    const categories = [...new Set(all.flatMap((d) => d.categories))].sort();
    return render(c, deps, { title: 'Catalog', section: 'catalog' }, <CatalogList entries={entries} categories={categories} q={q} category={category} sourceId={c.req.query('sourceId') ?? ''} />);
  });
  app.get('/catalog/destinations/:id', (c) => detailPage(c, deps, c.req.param('id'), undefined));
  app.post('/catalog/destinations/:id/install', async (c) => {
    const id = c.req.param('id');
    const meta = await api<{ destinationMetadata: CatalogEntry }>(deps, c, 'GET', `/catalog/destinations/${seg(id)}`);
    if (!meta.data) return problem(c, deps, 'catalog', meta);
    const form = await readForm(c);
    const { settings, errors } = readSettings(form, meta.data.destinationMetadata.options);
    const v = { sourceId: form.get('sourceId'), name: form.get('name').trim(), settings };
    if (v.sourceId === '') errors.unshift(formError('sourceId', 'Source: choose the source whose events this destination receives.'));
    if (errors.length > 0) return detailPage(c, deps, id, v, new FieldErrors(errors));
    const r = await api<{ destination: { id: string; name: string } }>(deps, c, 'POST', '/destinations', { sourceId: v.sourceId, metadataId: id, name: v.name || meta.data.destinationMetadata.name, enabled: true, settings });
    if (r.status === 422) return detailPage(c, deps, id, v, new FieldErrors(r.errors));
    if (!r.data) return problem(c, deps, 'catalog', r);
    return redirectWithFlash(c, deps, `/destinations/${r.data.destination.id}`, `${r.data.destination.name} installed.`);
  });
  return app;
}
