import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { loadDestination } from './destination-routes.tsx';
import type { DestinationView, FilterView } from './destination-pages.tsx';
import { DELIVERY_WINDOWS, DeliveryDetail, DeliveryOverviewTable, type EventDeliveryData, WindowForm } from './delivery-pages.tsx';
import { problem, render } from './layout.tsx';
import { api, FieldErrors, formError, type PageContext, seg } from './page-kit.ts';

/** The window of the query (`24h` when absent); an unknown one is a field error. */
function windowOf(c: PageContext): { window: string; errors: FieldErrors } {
  const w = c.req.query('window') ?? '24h';
  if ((DELIVERY_WINDOWS as readonly string[]).includes(w)) return { window: w, errors: new FieldErrors() };
  return { window: '24h', errors: new FieldErrors([formError('window', `Window: choose one of ${DELIVERY_WINDOWS.join(', ')} (got "${w}").`)]) };
}

/**
 * Event Delivery pages: `GET /event-delivery?window=1h|24h|7d` (totals per destination) and
 * `GET /destinations/:id/delivery?window=…` (totals, counts over time, breakdown by code with
 * help and filter names, failed event samples), from `GET /destinations/{id}/event-delivery`.
 *
 * @example
 * app.route('/', deliveryPageRoutes(deps));
 */
export function deliveryPageRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.get('/event-delivery', async (c) => {
    const { window, errors } = windowOf(c);
    const list = await api<{ destinations: DestinationView[] }>(deps, c, 'GET', '/destinations?pagination.count=1000');
    if (!list.data) return problem(c, deps, 'delivery', list);
    const rows = await Promise.all(
      list.data.destinations.map(async (d) => {
        const r = await api<{ eventDelivery: EventDeliveryData }>(deps, c, 'GET', `/destinations/${seg(d.id)}/event-delivery?window=${window}&samples=0`);
        return { id: d.id, name: d.name, totals: r.data?.eventDelivery.totals ?? null };
      }),
    );
    const body = (
      <>
        <WindowForm action="/event-delivery" value={window} errors={errors} />
        <DeliveryOverviewTable rows={rows} window={window} />
      </>
    );
    return render(c, deps, { title: 'Event Delivery', section: 'delivery', status: errors.any ? 422 : 200 }, body);
  });
  app.get('/destinations/:id/delivery', async (c) => {
    const id = c.req.param('id');
    const { window, errors } = windowOf(c);
    const d = await loadDestination(deps, c, id);
    if (!d.data) return problem(c, deps, 'delivery', d);
    const [r, filters] = await Promise.all([
      api<{ eventDelivery: EventDeliveryData }>(deps, c, 'GET', `/destinations/${seg(id)}/event-delivery?window=${window}`),
      api<{ filters: FilterView[] }>(deps, c, 'GET', `/destination/${seg(id)}/filters?pagination.count=1000`),
    ]);
    if (!r.data) return problem(c, deps, 'delivery', r);
    const names = new Map((filters.data?.filters ?? []).map((f) => [f.id, f.title]));
    const body = (
      <>
        <p>
          Destination <a href={`/destinations/${id}`}>{d.data.destination.name}</a> · <a href={`/destinations/${id}/tester`}>Event Tester</a> · <a href={`/event-delivery?window=${window}`}>All destinations</a>
        </p>
        <WindowForm action={`/destinations/${id}/delivery`} value={window} errors={errors} />
        <DeliveryDetail name={d.data.destination.name} view={r.data.eventDelivery} filters={names} />
      </>
    );
    return render(c, deps, { title: 'Event Delivery', section: 'delivery', status: errors.any ? 422 : 200 }, body);
  });
  return app;
}
