import { ActionButton, Checkbox, ErrorSummary, Input, PostForm, Select } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';

/** A source as the admin API shows it (the parts the pages use). */
export interface SourceView {
  id: string;
  slug: string;
  name: string;
  enabled: boolean;
  writeKeys: string[];
  labels: { key: string; value: string }[];
  metadata: { id: string; name: string };
}

/** A destination as the admin API shows it (the parts the pages use). */
export interface DestinationSummary {
  id: string;
  name: string;
  enabled: boolean;
  sourceId: string;
  metadata: { id: string; name: string };
}

/**
 * On/off badge.
 *
 * @example
 * <Status enabled={true} />
 */
export function Status(props: { enabled: boolean }) {
  return <span class={props.enabled ? 'badge on' : 'badge off'}>{props.enabled ? 'Enabled' : 'Disabled'}</span>;
}

/**
 * The sources of the workspace.
 *
 * @example
 * <SourceList sources={sources} />
 */
export function SourceList(props: { sources: readonly SourceView[] }) {
  return (
    <>
      <p class="actions">
        <a href="/sources/new">Create a source</a>
      </p>
      {props.sources.length === 0 ? (
        <p>No sources yet.</p>
      ) : (
        <table>
          <caption class="hint">Sources of this workspace</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Slug</th>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Labels</th>
            </tr>
          </thead>
          <tbody>
            {props.sources.map((s) => (
              <tr>
                <td>
                  <a href={`/sources/${s.id}`}>{s.name}</a>
                </td>
                <td>
                  <code>{s.slug}</code>
                </td>
                <td>{s.metadata.name}</td>
                <td>
                  <Status enabled={s.enabled} />
                </td>
                <td>{s.labels.map((l) => `${l.key}:${l.value}`).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Values of the create-source form. */
export interface NewSourceValues {
  name: string;
  slug: string;
  metadataId: string;
}

/**
 * The create-source form (type from the sources catalog).
 *
 * @example
 * <NewSourceForm csrf={csrf} types={[{ id: 'javascript', name: 'JavaScript' }]} v={v} errors={errs} />
 */
export function NewSourceForm(props: { csrf: string; types: readonly { id: string; name: string }[]; v: NewSourceValues; errors: FieldErrors }) {
  const { v, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <PostForm action="/sources/new" csrf={props.csrf} label="Create a source">
        <Input name="name" label="Name" value={v.name} error={errors.for('name')} />
        <Input name="slug" label="Slug" value={v.slug} hint="Lower-case letters, digits and dashes." error={errors.for('slug')} required />
        <Select name="metadataId" label="Type" value={v.metadataId} empty="Choose a type" options={props.types.map((t) => ({ value: t.id, label: t.name }))} error={errors.for('metadataId')} required />
        <button type="submit">Create source</button>
      </PostForm>
    </>
  );
}

/**
 * A source: write keys (copy, rotate), labels, connected destinations, rename, enable/disable, delete.
 *
 * @example
 * <SourceDetail csrf={csrf} source={s} destinations={[]} labels={labels} v={{ name, slug }} errors={errs} />
 */
export function SourceDetail(props: {
  csrf: string;
  source: SourceView;
  destinations: readonly DestinationSummary[];
  labels: readonly { key: string; value: string; description?: string }[];
  v: { name: string; slug: string };
  errors: FieldErrors;
}) {
  const { source: s, csrf, errors } = props;
  const has = new Set(s.labels.map((l) => `${l.key}:${l.value}`));
  return (
    <>
      <p>
        {s.metadata.name} source <Status enabled={s.enabled} />
      </p>
      <div class="actions">
        <ActionButton action={`/sources/${s.id}/enabled`} csrf={csrf} label={s.enabled ? 'Disable source' : 'Enable source'} fields={{ enabled: s.enabled ? 'false' : 'true' }} />
        <a href={`/sources/${s.id}/delete`}>Delete source…</a>
        <a href={`/sources/${s.id}/debugger`}>Debugger</a>
      </div>
      <h2>Write keys</h2>
      <p class="hint" id="wk-status" aria-live="polite" />
      <ul>
        {s.writeKeys.map((key) => (
          <li>
            <code data-testid="write-key">{key}</code>{' '}
            <button type="button" class="secondary" data-copy={key} aria-describedby="wk-status" hidden>
              Copy
            </button>{' '}
            <ActionButton action={`/sources/${s.id}/writekeys/rotate`} csrf={csrf} label="Rotate" fields={{ writeKey: key }} />
          </li>
        ))}
      </ul>
      <p class="hint">Rotating creates a new write key and removes the old one: update your apps with the new key.</p>
      <h2>Connected destinations</h2>
      {props.destinations.length === 0 ? <p>No destinations yet.</p> : null}
      <ul>
        {props.destinations.map((d) => (
          <li>
            <a href={`/destinations/${d.id}`}>{d.name}</a> ({d.metadata.name}) <Status enabled={d.enabled} />
          </li>
        ))}
      </ul>
      <p>
        <a href={`/catalog?sourceId=${s.id}`}>Add a destination from the catalog</a>
      </p>
      <h2>Labels</h2>
      <PostForm action={`/sources/${s.id}/labels`} csrf={csrf} label="Labels">
        <fieldset>
          <legend>Labels of this source</legend>
          {props.labels.map((l) => (
            <Checkbox name="labels" value={`${l.key}:${l.value}`} label={`${l.key}:${l.value}`} checked={has.has(`${l.key}:${l.value}`)} />
          ))}
          {errors.for('labels') ? <p class="error">{errors.for('labels')}</p> : null}
        </fieldset>
        <button type="submit">Save labels</button>
      </PostForm>
      <h2>Name and slug</h2>
      <ErrorSummary errors={errors} />
      <PostForm action={`/sources/${s.id}`} csrf={csrf} label="Name and slug">
        <Input name="name" label="Name" value={props.v.name} error={errors.for('name')} />
        <Input name="slug" label="Slug" value={props.v.slug} error={errors.for('slug')} />
        <button type="submit">Save</button>
      </PostForm>
    </>
  );
}

/**
 * Delete confirmation: the slug must be typed.
 *
 * @example
 * <DeleteSourceForm csrf={csrf} source={s} />
 */
export function DeleteSourceForm(props: { csrf: string; source: SourceView; errors: FieldErrors }) {
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <p>
        Deleting <strong>{props.source.name}</strong> removes its write keys and its connected destinations. Events sent with its write keys are refused.
      </p>
      <PostForm action={`/sources/${props.source.id}/delete`} csrf={props.csrf} label="Delete source">
        <Input name="confirm" label={`Type the slug "${props.source.slug}" to confirm`} error={props.errors.for('confirm')} required />
        <button type="submit" class="danger">
          Delete source
        </button>
      </PostForm>
      <p>
        <a href={`/sources/${props.source.id}`}>Cancel</a>
      </p>
    </>
  );
}
