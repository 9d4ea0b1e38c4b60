import { validateFql } from '@junction/core';
import type { Subscription } from '@junction/store';
import { ApiError } from './api-error.ts';
import { boolField, objectField, stringField } from './body-fields.ts';
import { definitionOf } from './destination-view.ts';
import { paginate } from './pagination.ts';
import { loadDestination } from './resource-loaders.ts';
import { PAGINATION_QUERY, type RouteContext, type RouteDef } from './route-types.ts';

const tag = 'Destinations';

/**
 * Segment's DestinationSubscription for a stored subscription.
 *
 * @example
 * subscriptionView(sub); // { id, name, actionId: 'send', actionSlug: 'send', destinationId, enabled: true, settings: {}, trigger: 'all' }
 */
export function subscriptionView(s: Subscription) {
  return { id: s.id, name: s.name, actionId: s.actionId, actionSlug: s.actionId, destinationId: s.destinationId, enabled: s.enabled, settings: s.mapping, trigger: s.trigger };
}

/**
 * An FQL trigger, checked: 422 naming `trigger` with the parser's line and column.
 *
 * @example
 * checkTrigger('event = '); // throws ApiError 422 'trigger: FQL syntax error at 1:9: …'
 */
export function checkTrigger(trigger: string, field = 'trigger'): string {
  const v = validateFql(trigger);
  if (!v.valid) throw new ApiError(422, `${field}: ${v.message} (line ${v.line}, column ${v.column})`, field);
  return trigger;
}

async function checkAction(ctx: RouteContext, destination: { integration: string; pluginVersion: string }, actionId: string): Promise<void> {
  const def = await definitionOf(ctx.deps, destination);
  if (!def) throw new ApiError(422, `actionId: plugin "${destination.integration}" cannot be loaded`, 'actionId');
  if (!Object.hasOwn(def.actions, actionId)) {
    throw new ApiError(422, `actionId: "${actionId}" is not an action of ${def.slug} (actions: ${Object.keys(def.actions).join(', ')})`, 'actionId');
  }
}

async function loadSubscription(ctx: RouteContext) {
  const destination = await loadDestination(ctx, ctx.param('destinationId'));
  const id = ctx.param('id');
  const sub = (await ctx.deps.delivery.listSubscriptions([destination.id])).find((s) => s.id === id);
  if (!sub) throw new ApiError(404, `subscription "${id}" not found on destination "${destination.id}"`);
  return { destination, sub };
}

/**
 * Routes of destination (action) subscriptions, with FQL triggers validated.
 *
 * @example
 * const routes = subscriptionRoutes();
 */
export function subscriptionRoutes(): RouteDef[] {
  const base = '/destinations/{destinationId}/subscriptions';
  return [
    {
      method: 'get', path: base, operationId: 'listSubscriptionsFromDestination', summary: 'List Subscriptions from Destination', tag, permission: 'destination:read:scoped', query: PAGINATION_QUERY,
      async handler(ctx) {
        const destination = await loadDestination(ctx, ctx.param('destinationId'));
        const { items, pagination } = paginate(await ctx.deps.delivery.listSubscriptions([destination.id]), ctx.page());
        return { subscriptions: items.map(subscriptionView), pagination };
      },
    },
    {
      method: 'post', path: base, operationId: 'createDestinationSubscription', summary: 'Create Destination Subscription', tag, permission: 'destination:write:scoped', audit: ['Destination Subscription Created'],
      body: { type: 'object', required: ['name', 'actionId', 'trigger', 'enabled'], properties: { name: { type: 'string' }, actionId: { type: 'string' }, trigger: { type: 'string', description: 'FQL' }, enabled: { type: 'boolean' }, settings: { type: 'object' } } },
      async handler(ctx) {
        const destination = await loadDestination(ctx, ctx.param('destinationId'));
        const body = await ctx.body();
        const name = stringField(body, 'name', true);
        const actionId = stringField(body, 'actionId', true);
        const trigger = checkTrigger(stringField(body, 'trigger', true));
        const enabled = boolField(body, 'enabled');
        const mapping = objectField(body, 'settings');
        await checkAction(ctx, destination, actionId);
        const sub = await ctx.deps.delivery.createSubscription({ destinationId: destination.id, actionId, name, trigger, ...(mapping ? { mapping } : {}), ...(enabled !== undefined ? { enabled } : {}) });
        const after = subscriptionView(sub);
        await ctx.audit({ type: 'Destination Subscription Created', resourceType: 'destination_subscription', resourceId: sub.id, resourceName: sub.name, before: null, after });
        return { destinationSubscription: after };
      },
    },
    {
      method: 'get', path: `${base}/{id}`, operationId: 'getSubscriptionFromDestination', summary: 'Get Subscription from Destination', tag, permission: 'destination:read:scoped',
      async handler(ctx) {
        return { subscription: subscriptionView((await loadSubscription(ctx)).sub) };
      },
    },
    {
      method: 'patch', path: `${base}/{id}`, operationId: 'updateSubscriptionForDestination', summary: 'Update Subscription for Destination', tag, permission: 'destination:write:scoped', audit: ['Destination Subscription Modified'],
      body: { type: 'object', required: ['input'], properties: { input: { type: 'object', properties: { name: { type: 'string' }, trigger: { type: 'string' }, enabled: { type: 'boolean' }, settings: { type: 'object' } } } } },
      async handler(ctx) {
        const { sub } = await loadSubscription(ctx);
        const raw = await ctx.body();
        // The SDK wraps the patch in `input`; a bare patch is accepted too.
        const body = objectField(raw, 'input') ?? raw;
        const name = stringField(body, 'name');
        const triggerText = stringField(body, 'trigger');
        const trigger = triggerText === undefined ? undefined : checkTrigger(triggerText, 'input.trigger');
        const enabled = boolField(body, 'enabled');
        const mapping = objectField(body, 'settings');
        const updated = await ctx.deps.delivery.updateSubscription(sub.id, {
          ...(name !== undefined ? { name } : {}),
          ...(trigger !== undefined ? { trigger } : {}),
          ...(enabled !== undefined ? { enabled } : {}),
          ...(mapping !== undefined ? { mapping } : {}),
        });
        const after = subscriptionView(updated);
        await ctx.audit({ type: 'Destination Subscription Modified', resourceType: 'destination_subscription', resourceId: sub.id, resourceName: updated.name, before: subscriptionView(sub), after });
        return { subscription: after };
      },
    },
    {
      method: 'delete', path: `${base}/{id}`, operationId: 'removeSubscriptionFromDestination', summary: 'Remove Subscription from Destination', tag, permission: 'destination:write:scoped', audit: ['Destination Subscription Deleted'],
      async handler(ctx) {
        const { sub } = await loadSubscription(ctx);
        await ctx.deps.delivery.deleteSubscription(sub.id);
        await ctx.audit({ type: 'Destination Subscription Deleted', resourceType: 'destination_subscription', resourceId: sub.id, resourceName: sub.name, before: subscriptionView(sub), after: null });
        return { status: 'SUCCESS' };
      },
    },
  ];
}
