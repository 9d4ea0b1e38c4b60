import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { DestinationDetail, DestinationList, type DestinationView, type FilterView, type SubscriptionView } from './destination-pages.tsx';
import { redirectWithFlash } from './flash.ts';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, type PageContext, readForm, seg } from './page-kit.ts';
import { readSettings } from './settings-form.tsx';

/**
 * Loads a destination through the admin API.
 *
 * @example
 * const r = await loadDestination(deps, c, id); if (!r.data) return problem(c, deps, 'destinations', r);
 */
export function loadDestination(deps: ConsoleDeps, c: PageContext, id: string) {
  return api<{ destination: DestinationView }>(deps, c, 'GET', `/destinations/${seg(id)}`);
}

async function detailPage(c: PageContext, deps: ConsoleDeps, id: string, errors = new FieldErrors(), v?: { name: string; settings: Record<string, unknown> }) {
  const r = await loadDestination(deps, c, id);
  const d = r.data?.destination;
  if (!d) return problem(c, deps, 'destinations', r);
  const [subs, filters, source] = await Promise.all([
    api<{ subscriptions: SubscriptionView[] }>(deps, c, 'GET', `/destinations/${seg(id)}/subscriptions?pagination.count=1000`),
    api<{ filters: FilterView[] }>(deps, c, 'GET', `/destination/${seg(id)}/filters?pagination.count=1000`),
    api<{ source: { name: string } }>(deps, c, 'GET', `/sources/${seg(d.sourceId)}`),
  ]);
  // Secrets are shown only as the admin API's redacted placeholders, never pre-filled.
  const values = v ? { name: v.name, settings: { ...v.settings, ...Object.fromEntries(d.metadata.options.filter((o) => o.type === 'password').map((o) => [o.name, d.settings[o.name]])) } } : { name: d.name, settings: d.settings };
  const body = (
    <DestinationDetail csrf={c.var.csrfToken} d={d} sourceName={source.data?.source.name ?? d.sourceId} subscriptions={subs.data?.subscriptions ?? []} filters={filters.data?.filters ?? []} v={values} errors={errors} />
  );
  return render(c, deps, { title: `Destination ${d.name}`, section: 'destinations', status: errors.any ? 422 : 200 }, body);
}

/**
 * Destination pages: list, detail, settings (`PATCH /destinations/:id`; an empty secret keeps
 * the stored value by sending back its redacted placeholder), enable/disable, delete.
 *
 * @example
 * app.route('/', destinationRoutes(deps));
 */
export function destinationRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/destinations', async (c) => {
    const [r, sources] = await Promise.all([
      api<{ destinations: DestinationView[] }>(deps, c, 'GET', '/destinations?pagination.count=1000'),
      api<{ sources: { id: string; name: string }[] }>(deps, c, 'GET', '/sources?pagination.count=1000'),
    ]);
    if (!r.data) return problem(c, deps, 'destinations', r);
    const names = new Map((sources.data?.sources ?? []).map((s) => [s.id, s.name]));
    return render(c, deps, { title: 'Destinations', section: 'destinations' }, <DestinationList destinations={r.data.destinations} sources={names} />);
  });
  app.get('/destinations/:id', (c) => detailPage(c, deps, c.req.param('id')));
  app.post('/destinations/:id', async (c) => {
    const id = c.req.param('id');
    const current = await loadDestination(deps, c, id);
    const d = current.data?.destination;
    if (!d) return problem(c, deps, 'destinations', current);
    const form = await readForm(c);
    const { settings, errors } = readSettings(form, d.metadata.options, d.settings);
    const name = form.get('name').trim();
    if (errors.length > 0) return detailPage(c, deps, id, new FieldErrors(errors), { name, settings });
    const r = await api(deps, c, 'PATCH', `/destinations/${seg(id)}`, { ...(name ? { name } : {}), settings });
    if (r.status === 422) return detailPage(c, deps, id, new FieldErrors(r.errors), { name, settings });
    if (r.status !== 200) return problem(c, deps, 'destinations', r);
    return redirectWithFlash(c, deps, `/destinations/${id}`, 'Destination settings saved.');
  });
  app.post('/destinations/:id/enabled', async (c) => {
    const id = c.req.param('id');
    const enabled = (await readForm(c)).get('enabled') === 'true';
    const r = await api(deps, c, 'PATCH', `/destinations/${seg(id)}`, { enabled });
    if (r.status !== 200) return problem(c, deps, 'destinations', r);
    return redirectWithFlash(c, deps, `/destinations/${id}`, enabled ? 'Destination enabled.' : 'Destination disabled: nothing is sent to it.');
  });
  app.post('/destinations/:id/delete', async (c) => {
    const id = c.req.param('id');
    const r = await api(deps, c, 'DELETE', `/destinations/${seg(id)}`);
    if (r.status !== 200) return problem(c, deps, 'destinations', r);
    return redirectWithFlash(c, deps, '/destinations', 'Destination deleted.');
  });
  return app;
}
