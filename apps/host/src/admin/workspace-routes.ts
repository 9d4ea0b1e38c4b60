import { checkContacts } from '@junction/store';
import { ApiError } from './api-error.ts';
import { stringField } from './body-fields.ts';
import type { RouteContext, RouteDef } from './route-types.ts';

/** Plans, as shown (stored lowercase). */
export const PLANS = ['Free', 'Team', 'Business'] as const;

async function workspaceView(ctx: RouteContext) {
  const ws = await ctx.deps.store.workspaces.get(ctx.principal.workspaceId);
  if (!ws) throw new ApiError(404, 'workspace not found');
  const settings = await ctx.deps.admin.workspaceSettings.get(ws.id);
  const plan = PLANS.find((p) => p.toLowerCase() === ws.plan.toLowerCase()) ?? ws.plan;
  return { id: ws.id, slug: ws.slug, name: ws.name, plan, billingContacts: settings.billingContacts, incidentContacts: settings.incidentContacts };
}

const contacts = { type: 'array', items: { type: 'object', required: ['email'], properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } } } };

/**
 * Routes of the token's workspace: `GET /` (Segment's getWorkspace), `PATCH /` (name, slug,
 * plan, billing and incident contacts; IDs and writeKeys never change) and `DELETE /` (the whole
 * workspace, confirmed by its slug in the body).
 *
 * @example
 * const routes = workspaceRoutes();
 */
export function workspaceRoutes(): RouteDef[] {
  return [
    {
      method: 'get', path: '/', operationId: 'getWorkspace', summary: 'Get Workspace', tag: 'Workspaces', permission: 'workspace:read',
      async handler(ctx) {
        return { workspace: await workspaceView(ctx) };
      },
    },
    {
      method: 'patch', path: '/', operationId: 'updateWorkspace', summary: 'Update Workspace (Junction)', tag: 'Workspaces', permission: 'workspace:write', audit: ['Workspace Modified'],
      body: { type: 'object', properties: { name: { type: 'string' }, slug: { type: 'string' }, plan: { enum: [...PLANS] }, billingContacts: contacts, incidentContacts: contacts } },
      async handler(ctx) {
        const body = await ctx.body();
        const before = await workspaceView(ctx);
        const name = stringField(body, 'name');
        const slug = stringField(body, 'slug');
        const planText = stringField(body, 'plan');
        const plan = planText === undefined ? undefined : PLANS.find((p) => p.toLowerCase() === planText.toLowerCase());
        if (planText !== undefined && !plan) throw new ApiError(422, `plan must be one of ${PLANS.join(', ')}, got ${JSON.stringify(planText)}`, 'plan');
        const id = ctx.principal.workspaceId;
        const billing = body.billingContacts === undefined ? undefined : checkContacts('billingContacts', body.billingContacts);
        const incident = body.incidentContacts === undefined ? undefined : checkContacts('incidentContacts', body.incidentContacts);
        if (name !== undefined || slug !== undefined || plan !== undefined) {
          await ctx.deps.store.workspaces.update(id, { ...(name !== undefined ? { name } : {}), ...(slug !== undefined ? { slug } : {}), ...(plan ? { plan: plan.toLowerCase() } : {}) });
        }
        if (billing || incident) {
          await ctx.deps.admin.workspaceSettings.update(id, { ...(billing ? { billingContacts: billing } : {}), ...(incident ? { incidentContacts: incident } : {}) });
        }
        const after = await workspaceView(ctx);
        await ctx.audit({ type: 'Workspace Modified', resourceType: 'workspace', resourceId: id, resourceName: after.name, before, after });
        return { workspace: after };
      },
    },
    {
      method: 'delete', path: '/', operationId: 'deleteWorkspace', summary: 'Delete Workspace (Junction)', tag: 'Workspaces', permission: 'workspace:write', audit: ['Workspace Deleted'],
      body: { type: 'object', required: ['confirm'], properties: { confirm: { type: 'string', description: "The workspace's slug, typed to confirm." } } },
      async handler(ctx) {
        const body = await ctx.body();
        const before = await workspaceView(ctx);
        const confirm = stringField(body, 'confirm');
        if (confirm !== before.slug) {
          throw new ApiError(422, `confirm must be the workspace's slug ("${before.slug}") to delete it with its sources, destinations, event log and audit trail`, 'confirm');
        }
        // The audit trail goes with the workspace (its rows cascade); the host log keeps the fact.
        await ctx.audit({ type: 'Workspace Deleted', resourceType: 'workspace', resourceId: before.id, resourceName: before.name, before, after: null });
        await ctx.deps.store.workspaces.delete(before.id);
        console.log(`admin: workspace ${before.id} (${before.slug}) deleted by ${ctx.principal.tokenId}`);
        return { status: 'SUCCESS' };
      },
    },
  ];
}
