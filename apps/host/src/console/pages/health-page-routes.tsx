import { Hono } from 'hono';
import { authorize } from '../../admin/permissions.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { redirectWithFlash } from './flash.ts';
import { HealthOverview, type IncidentView, LIMIT_FIELDS, NUMBER_FIELDS, type ThresholdValues, ThresholdsForm, type WorkspaceHealthView } from './health-pages.tsx';
import { problem, render } from './layout.tsx';
import { type AdminError, api, FieldErrors, formError, type PageContext, readForm } from './page-kit.ts';

type Thresholds = Record<string, number | { degraded: number; failing: number }>;

/** The admin API names threshold fields `thresholds.minEvents`; the form names them `minEvents`. */
const alias = (field: string) => field.replace(/^thresholds\./, '');

function canEdit(c: PageContext): boolean {
  const p = c.var.principal;
  return p !== undefined && authorize(p, 'workspace:write', { type: 'workspace', id: p.workspaceId, workspaceId: p.workspaceId });
}

function valuesOf(t: Thresholds): ThresholdValues {
  const out: ThresholdValues = {};
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'number') out[k] = String(v);
    else if (v && typeof v === 'object') for (const [edge, n] of Object.entries(v)) out[`${k}.${edge}`] = String(n);
  }
  return out;
}

/** Reads the form into a partial thresholds patch (blank fields are left unchanged). */
function readThresholds(form: Awaited<ReturnType<typeof readForm>>): { v: ThresholdValues; patch: Record<string, unknown>; errors: AdminError[] } {
  const v: ThresholdValues = {};
  const patch: Record<string, unknown> = {};
  const errors: AdminError[] = [];
  const num = (name: string, label: string): number | undefined => {
    const text = form.get(name).trim();
    v[name] = text;
    if (text === '') return undefined;
    const n = Number(text);
    if (!Number.isFinite(n)) errors.push(formError(name, `${label}: enter a number, got "${text}".`));
    return n;
  };
  for (const f of NUMBER_FIELDS) {
    const n = num(f.name, f.label);
    if (n !== undefined) patch[f.name] = n;
  }
  for (const f of LIMIT_FIELDS) {
    const limit: Record<string, number> = {};
    for (const edge of ['degraded', 'failing'] as const) {
      const n = num(`${f.name}.${edge}`, `${f.label} (${edge})`);
      if (n !== undefined) limit[edge] = n;
    }
    if (Object.keys(limit).length > 0) patch[f.name] = limit;
  }
  return { v, patch, errors };
}

async function settingsPage(c: PageContext, deps: ConsoleDeps, v?: ThresholdValues, errors = new FieldErrors([], alias)) {
  let values = v;
  if (!values) {
    const r = await api<{ settings: { thresholds: Thresholds } }>(deps, c, 'GET', '/workspace-health/settings');
    if (!r.data) return problem(c, deps, 'health', r);
    values = valuesOf(r.data.settings.thresholds);
  }
  const body = <ThresholdsForm csrf={c.var.csrfToken} v={values} errors={errors} canEdit={canEdit(c)} />;
  return render(c, deps, { title: 'Health thresholds', section: 'health', status: errors.any ? 422 : 200 }, body);
}

/**
 * Workspace Health pages: `GET /workspace-health` (storage, sources, destinations with state text and
 * reasons, recent incidents) and the thresholds form `GET|POST /workspace-health/settings`
 * (`PATCH /workspace-health/settings`, owners only; bad values re-render with 422).
 *
 * @example
 * app.route('/', healthPageRoutes(deps));
 */
export function healthPageRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/workspace-health', async (c) => {
    const [h, incidents] = await Promise.all([
      api<{ health: WorkspaceHealthView }>(deps, c, 'GET', '/workspace-health'),
      api<{ incidents: IncidentView[] }>(deps, c, 'GET', '/workspace-health/incidents?pagination.count=20'),
    ]);
    if (!h.data) return problem(c, deps, 'health', h);
    return render(c, deps, { title: 'Workspace Health', section: 'health' }, <HealthOverview health={h.data.health} incidents={incidents.data?.incidents ?? []} />);
  });
  app.get('/workspace-health/settings', (c) => settingsPage(c, deps));
  app.post('/workspace-health/settings', async (c) => {
    const { v, patch, errors } = readThresholds(await readForm(c));
    if (errors.length > 0) return settingsPage(c, deps, v, new FieldErrors(errors, alias));
    const r = await api(deps, c, 'PATCH', '/workspace-health/settings', { thresholds: patch });
    if (r.status === 422) return settingsPage(c, deps, v, new FieldErrors(r.errors, alias));
    if (r.status !== 200) return problem(c, deps, 'health', r);
    return redirectWithFlash(c, deps, '/workspace-health/settings', 'Health thresholds saved.');
  });
  return app;
}
