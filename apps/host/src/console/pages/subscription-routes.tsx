import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import type { SubscriptionView } from './destination-pages.tsx';
import { loadDestination } from './destination-routes.tsx';
import { redirectWithFlash } from './flash.ts';
import { problem, render } from './layout.tsx';
import { type AdminError, api, FieldErrors, formError, type PageContext, readForm, seg } from './page-kit.ts';
import { PickAction, SubscriptionForm, type SubscriptionValues } from './subscription-pages.tsx';

const SCRIPTS = ['fql-live.js'];
const show = (v: unknown) => JSON.stringify(v);

function readMapping(form: Awaited<ReturnType<typeof readForm>>, fieldKeys: readonly string[]): { mapping: Record<string, unknown>; errors: AdminError[] } {
  const advanced = form.get('mappingJson').trim();
  if (advanced !== '') {
    try {
      const parsed = JSON.parse(advanced) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { mapping: parsed as Record<string, unknown>, errors: [] };
    } catch {
      // reported below
    }
    return { mapping: {}, errors: [formError('mappingJson', 'mappingJson: the advanced mapping must be a JSON object, e.g. {"data": {"@path": "$"}}')] };
  }
  const mapping: Record<string, unknown> = {};
  for (const key of fieldKeys) {
    const text = form.get(`mapping.${key}`).trim();
    if (text === '') continue;
    try {
      mapping[key] = JSON.parse(text);
    } catch {
      mapping[key] = text; // a bare word is a literal text
    }
  }
  return { mapping, errors: [] };
}

/**
 * Subscription pages of a destination: new (pick an action, then the form), edit, delete — each
 * through the admin API, which validates the FQL trigger (the page also checks it live).
 *
 * @example
 * app.route('/', subscriptionRoutes(deps));
 */
export function subscriptionRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const base = '/destinations/:id/subscriptions';

  async function formPage(c: PageContext, id: string, sub: SubscriptionView | undefined, v: SubscriptionValues | undefined, errors = new FieldErrors()) {
    const r = await loadDestination(deps, c, id);
    const d = r.data?.destination;
    if (!d) return problem(c, deps, 'destinations', r);
    const actionId = v?.actionId ?? sub?.actionId ?? c.req.query('actionId') ?? '';
    const action = d.metadata.actions.find((a) => a.id === actionId);
    if (!action) {
      const body = <PickAction destinationId={d.id} actions={d.metadata.actions} />;
      return render(c, deps, { title: `New subscription for ${d.name}`, section: 'destinations' }, body);
    }
    const defaults = Object.fromEntries(action.fields.filter((f) => f.defaultValue !== undefined).map((f) => [f.fieldKey, show(f.defaultValue)]));
    const values: SubscriptionValues = v ?? (sub
      ? { name: sub.name, actionId, trigger: sub.trigger, enabled: sub.enabled, mapping: Object.fromEntries(Object.entries(sub.settings).map(([k, x]) => [k, show(x)])), mappingJson: '' }
      : { name: action.name, actionId, trigger: action.defaultTrigger, enabled: true, mapping: defaults, mappingJson: '' });
    const post = sub ? `/destinations/${d.id}/subscriptions/${sub.id}` : `/destinations/${d.id}/subscriptions/new`;
    const body = <SubscriptionForm csrf={c.var.csrfToken} action={post} destinationId={d.id} actionMeta={action} v={values} errors={errors} {...(sub ? { deleteAction: `${post}/delete` } : {})} />;
    const title = sub ? `Subscription ${sub.name}` : `New subscription for ${d.name}`;
    return render(c, deps, { title, section: 'destinations', status: errors.any ? 422 : 200, scripts: SCRIPTS }, body);
  }

  async function save(c: PageContext, sub: SubscriptionView | undefined) {
    const id = c.req.param('id')!;
    const r = await loadDestination(deps, c, id);
    const d = r.data?.destination;
    if (!d) return problem(c, deps, 'destinations', r);
    const form = await readForm(c);
    const actionId = sub?.actionId ?? form.get('actionId');
    const fieldKeys = d.metadata.actions.find((a) => a.id === actionId)?.fields.map((f) => f.fieldKey) ?? [];
    const v: SubscriptionValues = {
      name: form.get('name').trim(),
      actionId,
      trigger: form.get('trigger'),
      enabled: form.get('enabled') === 'true',
      mapping: Object.fromEntries(fieldKeys.map((k) => [k, form.get(`mapping.${k}`)])),
      mappingJson: form.get('mappingJson'),
    };
    const { mapping, errors } = readMapping(form, fieldKeys);
    if (errors.length > 0) return formPage(c, id, sub, v, new FieldErrors(errors));
    const input = { name: v.name, trigger: v.trigger, enabled: v.enabled, settings: mapping };
    const answer = sub
      ? await api(deps, c, 'PATCH', `/destinations/${seg(id)}/subscriptions/${seg(sub.id)}`, { input })
      : await api(deps, c, 'POST', `/destinations/${seg(id)}/subscriptions`, { ...input, actionId });
    if (answer.status === 422) return formPage(c, id, sub, v, new FieldErrors(answer.errors));
    if (answer.status !== 200) return problem(c, deps, 'destinations', answer);
    return redirectWithFlash(c, deps, `/destinations/${id}`, `Subscription ${v.name} saved.`);
  }

  async function loadSub(c: PageContext) {
    return api<{ subscription: SubscriptionView }>(deps, c, 'GET', `/destinations/${seg(c.req.param('id')!)}/subscriptions/${seg(c.req.param('subId')!)}`);
  }

  app.get(`${base}/new`, (c) => formPage(c, c.req.param('id'), undefined, undefined));
  app.post(`${base}/new`, (c) => save(c, undefined));
  app.get(`${base}/:subId`, async (c) => {
    const s = await loadSub(c);
    return s.data ? formPage(c, c.req.param('id'), s.data.subscription, undefined) : problem(c, deps, 'destinations', s);
  });
  app.post(`${base}/:subId`, async (c) => {
    const s = await loadSub(c);
    return s.data ? save(c, s.data.subscription) : problem(c, deps, 'destinations', s);
  });
  app.post(`${base}/:subId/delete`, async (c) => {
    const id = c.req.param('id');
    const r = await api(deps, c, 'DELETE', `/destinations/${seg(id)}/subscriptions/${seg(c.req.param('subId'))}`);
    if (r.status !== 200) return problem(c, deps, 'destinations', r);
    return redirectWithFlash(c, deps, `/destinations/${id}`, 'Subscription deleted.');
  });
  return app;
}
