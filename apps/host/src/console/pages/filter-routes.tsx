import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import type { FilterView } from './destination-pages.tsx';
import { loadDestination } from './destination-routes.tsx';
import { filterFieldAlias, filterToValues, valuesToActions } from './filter-input.ts';
import { FilterForm, type FilterValues, SAMPLE_EVENT } from './filter-pages.tsx';
import { redirectWithFlash } from './flash.ts';
import { problem, render } from './layout.tsx';
import { type AdminError, api, FieldErrors, formError, type PageContext, readForm, seg } from './page-kit.ts';

const SCRIPTS = ['fql-live.js', 'filter-preview.js'];

function readValues(form: Awaited<ReturnType<typeof readForm>>): FilterValues {
  const names = ['title', 'description', 'if', 'actionType', 'percent', 'path', 'fields', 'actionsJson', 'sample'] as const;
  const v = Object.fromEntries(names.map((n) => [n, form.get(n)])) as Omit<FilterValues, 'enabled'>;
  return { ...v, title: v.title.trim(), enabled: form.get('enabled') === 'true' };
}

/**
 * Destination filter pages: new, edit, delete, and the preview on a sample event (the admin API's
 * `POST /destination/filters/preview`; JSON for the page's script when asked with
 * `accept: application/json`, else the form re-rendered with the result).
 *
 * @example
 * app.route('/', filterRoutes(deps));
 */
export function filterRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const base = '/destinations/:id/filters';

  async function formPage(c: PageContext, id: string, filter: FilterView | undefined, v: FilterValues, errors = new FieldErrors(), preview?: string) {
    const r = await loadDestination(deps, c, id);
    const d = r.data?.destination;
    if (!d) return problem(c, deps, 'destinations', r);
    const post = filter ? `/destinations/${d.id}/filters/${filter.id}` : `/destinations/${d.id}/filters/new`;
    const body = <FilterForm csrf={c.var.csrfToken} action={post} destinationId={d.id} v={v} errors={errors} preview={preview} {...(filter ? { deleteAction: `${post}/delete` } : {})} />;
    const title = filter ? `Filter ${filter.title}` : `New filter for ${d.name}`;
    return render(c, deps, { title, section: 'destinations', status: errors.any ? 422 : 200, scripts: SCRIPTS }, body);
  }

  async function submit(c: PageContext, filter: FilterView | undefined) {
    const id = c.req.param('id')!;
    const form = await readForm(c);
    const v = readValues(form);
    const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
    const advanced = v.actionsJson.trim() !== '';
    const { actions, errors } = valuesToActions(v);
    const fail = (list: readonly AdminError[]) => (wantsJson ? c.json({ errors: list }, 422) : formPage(c, id, filter, v, new FieldErrors(list, filterFieldAlias(advanced))));
    if (form.get('intent') === 'preview') {
      let payload: unknown;
      try {
        payload = JSON.parse(v.sample);
      } catch {
        errors.push(formError('sample', 'sample: the sample event must be JSON'));
      }
      if (errors.length > 0) return fail(errors);
      const r = await api<{ result: unknown }>(deps, c, 'POST', '/destination/filters/preview', { filter: { if: v.if, actions }, payload });
      if (r.status === 422) return fail(r.errors ?? []);
      if (wantsJson) return c.json({ data: r.data }, r.status === 200 ? 200 : 422);
      const text = r.data?.result === null ? 'The event is dropped.' : JSON.stringify(r.data?.result, null, 2);
      return formPage(c, id, filter, v, new FieldErrors(), text);
    }
    if (errors.length > 0) return fail(errors);
    const body = { title: v.title, description: v.description, if: v.if, actions, enabled: v.enabled };
    const r = filter ? await api(deps, c, 'PATCH', `/destination/${seg(id)}/filters/${seg(filter.id)}`, body) : await api(deps, c, 'POST', `/destination/${seg(id)}/filters`, body);
    if (r.status === 422) return fail(r.errors ?? []);
    if (r.status !== 200) return problem(c, deps, 'destinations', r);
    return redirectWithFlash(c, deps, `/destinations/${id}`, `Filter ${v.title} saved.`);
  }

  async function loadFilter(c: PageContext) {
    return api<{ filter: FilterView }>(deps, c, 'GET', `/destination/${seg(c.req.param('id')!)}/filters/${seg(c.req.param('filterId')!)}`);
  }

  app.get(`${base}/new`, (c) => {
    const v: FilterValues = { title: '', description: '', if: 'all', enabled: true, actionType: 'DROP', percent: '', path: '', fields: '', actionsJson: '', sample: SAMPLE_EVENT };
    return formPage(c, c.req.param('id'), undefined, v);
  });
  app.post(`${base}/new`, (c) => submit(c, undefined));
  app.get(`${base}/:filterId`, async (c) => {
    const f = await loadFilter(c);
    return f.data ? formPage(c, c.req.param('id'), f.data.filter, filterToValues(f.data.filter, SAMPLE_EVENT)) : problem(c, deps, 'destinations', f);
  });
  app.post(`${base}/:filterId`, async (c) => {
    const f = await loadFilter(c);
    return f.data ? submit(c, f.data.filter) : problem(c, deps, 'destinations', f);
  });
  app.post(`${base}/:filterId/delete`, async (c) => {
    const id = c.req.param('id');
    const r = await api(deps, c, 'DELETE', `/destination/${seg(id)}/filters/${seg(c.req.param('filterId'))}`);
    if (r.status !== 200) return problem(c, deps, 'destinations', r);
    return redirectWithFlash(c, deps, `/destinations/${id}`, 'Filter deleted.');
  });
  return app;
}
