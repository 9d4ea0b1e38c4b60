import { ErrorSummary, fieldId, Input, PostForm, Select } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';
import type { SettingOption } from '../../catalog/index.ts';
import { SettingsFields } from './settings-form.tsx';

/** A catalog destination (the parts the pages use). */
export interface CatalogEntry {
  id: string;
  name: string;
  description: string;
  categories: string[];
  status: string;
  logos: { default: string };
  options: SettingOption[];
  actions: { id: string; name: string; description: string; defaultTrigger: string; fields: ActionField[] }[];
  presets: { actionId: string; name: string; trigger: string }[];
}

/** One field of an action (its default mapping is `defaultValue`). */
export interface ActionField {
  fieldKey: string;
  label: string;
  type: string;
  description: string;
  required: boolean;
  defaultValue?: unknown;
}

/**
 * The catalog: a GET search form (text and category) and the matching destinations.
 *
 * @example
 * <CatalogList entries={list} categories={['Analytics']} q="mix" category="" sourceId="" />
 */
export function CatalogList(props: { entries: readonly CatalogEntry[]; categories: readonly string[]; q: string; category: string; sourceId: string }) {
  const suffix = props.sourceId ? `?sourceId=${encodeURIComponent(props.sourceId)}` : '';
  return (
    <>
      <form method="get" action="/catalog" aria-label="Search the catalog" class="actions">
        {props.sourceId ? <input type="hidden" name="sourceId" value={props.sourceId} /> : null}
        <label for="f-q">Search</label>
        <input id="f-q" type="search" name="q" value={props.q} />
        <label for="f-category">Category</label>
        <select id="f-category" name="category">
          <option value="">All categories</option>
          {props.categories.map((c) => (
            <option value={c} selected={c === props.category}>
              {c}
            </option>
          ))}
        </select>
        <button type="submit">Search</button>
      </form>
      <p role="status">{`${props.entries.length} destination${props.entries.length === 1 ? '' : 's'}`}</p>
      <ul class="cards">
        {props.entries.map((d) => (
          <li>
            <img src={d.logos.default} alt="" />
            <a href={`/catalog/destinations/${encodeURIComponent(d.id)}${suffix}`}>{d.name}</a>
            <p class="hint">{d.categories.join(', ')}</p>
            <p>{d.description}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Values of the install form. */
export interface InstallValues {
  sourceId: string;
  name: string;
  settings: Record<string, unknown>;
}

/**
 * A catalog destination: what it does, its actions, and the install form generated from its settings.
 *
 * @example
 * <CatalogDetail csrf={csrf} entry={meta} sources={sources} v={v} errors={errs} />
 */
export function CatalogDetail(props: { csrf: string; entry: CatalogEntry; sources: readonly { id: string; name: string }[]; v: InstallValues; errors: FieldErrors }) {
  const { entry: d, v, errors } = props;
  return (
    <>
      <p>
        <img src={d.logos.default} alt="" width={32} height={32} /> {d.description}
      </p>
      <p class="hint">Categories: {d.categories.join(', ') || 'none'}</p>
      <h2>Actions</h2>
      <ul>
        {d.actions.map((a) => (
          <li>
            <strong>{a.name}</strong>: {a.description} (default trigger <code>{a.defaultTrigger}</code>)
          </li>
        ))}
      </ul>
      {d.presets.length > 0 ? <p class="hint">{`Installing creates ${d.presets.map((p) => `"${p.name}"`).join(', ')}.`}</p> : null}
      <h2 id="install">Install into a source</h2>
      {props.sources.length === 0 ? (
        <p>
          <a href="/sources/new">Create a source</a> first.
        </p>
      ) : (
        <>
          <ErrorSummary errors={errors} />
          <PostForm action={`/catalog/destinations/${encodeURIComponent(d.id)}/install`} csrf={props.csrf} label={`Install ${d.name}`}>
            <Select name="sourceId" label="Source" value={v.sourceId} empty="Choose a source" options={props.sources.map((s) => ({ value: s.id, label: s.name }))} error={errors.for('sourceId')} required />
            <Input name="name" label="Name" value={v.name} hint="How this destination is called in the workspace." error={errors.for('name')} />
            <SettingsFields options={d.options} values={v.settings} errors={errors} />
            {errors.for('metadataId') ? <p class="error" id={fieldId('metadataId')}>{errors.for('metadataId')}</p> : null}
            <button type="submit">{`Install ${d.name}`}</button>
          </PostForm>
        </>
      )}
    </>
  );
}
