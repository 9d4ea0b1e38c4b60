import { webhook } from '@junction/integration-webhook';
import type { Destination, StoredFilter, Subscription } from '@junction/store';
import { describe, expect, it } from 'vitest';
import { compileDestination, type DestinationRuntime } from './destination-runtime.ts';
import { routeEvent } from './route-event.ts';

const now = '2025-01-01T00:00:00.000Z';
const destination: Destination = { id: 'd1', workspaceId: 'w1', sourceId: 's1', integration: 'webhook', pluginVersion: webhook.version, name: 'Hook', enabled: true, settings: '', createdAt: now, updatedAt: now };
function sub(id: string, trigger: string): Subscription {
  return { id, destinationId: 'd1', actionId: 'send', name: id, trigger, mapping: {}, enabled: true, createdAt: now, updatedAt: now };
}
function filter(id: string, enabled: boolean, actions: StoredFilter['actions'] = [{ type: 'DROP' }]): StoredFilter {
  return { id, destinationId: 'd1', title: id, description: '', if: 'userId = "blocked"', actions, enabled, createdAt: now, updatedAt: now };
}
function runtime(subscriptions: Subscription[], filters: StoredFilter[] = []): DestinationRuntime {
  return compileDestination({ destination, definition: webhook, settings: { url: 'http://127.0.0.1:9/hook' }, subscriptions, filters, options: {} }, undefined);
}
const track = { type: 'track', event: 'Signed Up', userId: 'u1' };

describe('routeEvent', () => {
  it('hands the event itself and the runtime’s own list when no filter is enabled and every subscription matches', () => {
    for (const filters of [[], [filter('off', false)]]) {
      const rt = runtime([sub('a', 'all'), sub('b', 'type = "track"')], filters);
      expect(rt.filtering).toBe(false);
      const route = routeEvent(rt, track);
      expect(route.kind === 'deliver' && route.event).toBe(track);
      expect(route.kind === 'deliver' && route.subscriptions).toBe(rt.subscriptions);
    }
  });

  it('keeps only the matching subscriptions, in order', () => {
    const rt = runtime([sub('a', 'type = "identify"'), sub('b', 'all'), sub('c', 'type = "identify"'), sub('d', 'event = "Signed Up"')]);
    const route = routeEvent(rt, track);
    expect(route.kind === 'deliver' && route.subscriptions.map((s) => s.id)).toEqual(['b', 'd']);
    expect(routeEvent(runtime([sub('a', 'type = "identify"')]), track)).toEqual({ kind: 'discarded', reason: 'NO_MATCHING_MAPPING' });
  });

  it('applies enabled filters: drops with the filter id, and routes an edited copy', () => {
    const rt = runtime([sub('a', 'all')], [filter('df_drop', true), filter('off', false)]);
    expect(rt.filtering).toBe(true);
    expect(routeEvent(rt, { ...track, userId: 'blocked' })).toEqual({ kind: 'filtered', reason: 'FILTERED_BY_RULES', droppedBy: 'df_drop' });
    const editing = runtime([sub('a', 'all')], [{ ...filter('df_edit', true, [{ type: 'DROP_PROPERTIES', fields: { properties: ['secret'] } }] as never), if: 'all' }]);
    const event = { ...track, properties: { secret: 1, kept: 2 } };
    const route = routeEvent(editing, event);
    expect(route.kind).toBe('deliver');
    if (route.kind === 'deliver') {
      expect(route.event).not.toBe(event);
      expect(route.event).toMatchObject({ properties: { kept: 2 } });
      expect((route.event as typeof event).properties).not.toHaveProperty('secret');
    }
  });
});
