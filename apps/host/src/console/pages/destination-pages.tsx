import type { CatalogEntry } from './catalog-pages.tsx';
import { ActionButton, ErrorSummary, Input, PostForm } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';
import { SettingsFields } from './settings-form.tsx';
import { Status } from './source-pages.tsx';

/** A destination as the admin API shows it (settings with secrets redacted). */
export interface DestinationView {
  id: string;
  name: string;
  enabled: boolean;
  sourceId: string;
  settings: Record<string, unknown>;
  metadata: CatalogEntry;
}

/** A subscription as the admin API shows it (`settings` is the mapping). */
export interface SubscriptionView {
  id: string;
  name: string;
  actionId: string;
  enabled: boolean;
  trigger: string;
  settings: Record<string, unknown>;
}

/** A destination filter as the admin API shows it. */
export interface FilterView {
  id: string;
  title: string;
  description?: string;
  if: string;
  enabled: boolean;
  actions: { type: string; percent?: number; path?: string; fields?: Record<string, string[]> }[];
}

/**
 * The workspace's destinations.
 *
 * @example
 * <DestinationList destinations={list} sources={new Map([[id, 'Web']])} />
 */
export function DestinationList(props: { destinations: readonly DestinationView[]; sources: ReadonlyMap<string, string> }) {
  return (
    <>
      <p class="actions">
        <a href="/catalog">Add a destination from the catalog</a>
      </p>
      {props.destinations.length === 0 ? <p>No destinations yet.</p> : null}
      <ul>
        {props.destinations.map((d) => (
          <li>
            <a href={`/destinations/${d.id}`}>{d.name}</a> ({d.metadata.name}) from {props.sources.get(d.sourceId) ?? d.sourceId} <Status enabled={d.enabled} />
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * A destination: enable/disable, settings (generated form), subscriptions, filters, delete.
 *
 * @example
 * <DestinationDetail csrf={csrf} d={d} subscriptions={subs} filters={filters} v={{ name, settings }} errors={errs} />
 */
export function DestinationDetail(props: {
  csrf: string;
  d: DestinationView;
  sourceName: string;
  subscriptions: readonly SubscriptionView[];
  filters: readonly FilterView[];
  v: { name: string; settings: Record<string, unknown> };
  errors: FieldErrors;
}) {
  const { d, csrf, errors } = props;
  return (
    <>
      <p>
        {d.metadata.name} destination of source <a href={`/sources/${d.sourceId}`}>{props.sourceName}</a> <Status enabled={d.enabled} />
      </p>
      <div class="actions">
        <ActionButton action={`/destinations/${d.id}/enabled`} csrf={csrf} label={d.enabled ? 'Disable destination' : 'Enable destination'} fields={{ enabled: d.enabled ? 'false' : 'true' }} />
        <ActionButton action={`/destinations/${d.id}/delete`} csrf={csrf} label="Delete destination" danger />
        <a href={`/destinations/${d.id}/tester`}>Event Tester</a>
        <a href={`/destinations/${d.id}/delivery?window=24h`}>Event Delivery</a>
      </div>
      <h2>Subscriptions</h2>
      {props.subscriptions.length === 0 ? <p>No subscriptions: nothing is sent.</p> : null}
      <ul>
        {props.subscriptions.map((s) => (
          <li>
            <a href={`/destinations/${d.id}/subscriptions/${s.id}`}>{s.name}</a> — action <code>{s.actionId}</code>, trigger <code>{s.trigger}</code> <Status enabled={s.enabled} />
          </li>
        ))}
      </ul>
      <p>
        <a href={`/destinations/${d.id}/subscriptions/new`}>Add a subscription</a>
      </p>
      <h2>Filters</h2>
      {props.filters.length === 0 ? <p>No filters.</p> : null}
      <ul>
        {props.filters.map((f) => (
          <li>
            <a href={`/destinations/${d.id}/filters/${f.id}`}>{f.title}</a> — if <code>{f.if}</code>: {f.actions.map((a) => a.type).join(', ')} <Status enabled={f.enabled} />
          </li>
        ))}
      </ul>
      <p>
        <a href={`/destinations/${d.id}/filters/new`}>Add a filter</a>
      </p>
      <h2>Settings</h2>
      <ErrorSummary errors={errors} />
      <PostForm action={`/destinations/${d.id}`} csrf={csrf} label="Destination settings">
        <Input name="name" label="Name" value={props.v.name} error={errors.for('name')} />
        <SettingsFields options={d.metadata.options} values={props.v.settings} errors={errors} editing />
        <button type="submit">Save settings</button>
      </PostForm>
    </>
  );
}
