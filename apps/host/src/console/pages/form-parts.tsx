import type { Child } from 'hono/jsx';
import type { FieldErrors } from './page-kit.ts';

/**
 * The id of a form field's input (`settings.url` → `f-settings-url`).
 *
 * @example
 * fieldId('settings.url'); // 'f-settings-url'
 */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^\w-]/g, '-')}`;
}

/**
 * A POST form carrying the CSRF token as `_csrf`.
 *
 * @example
 * <PostForm action="/settings" csrf={c.var.csrfToken} label="Workspace settings">…</PostForm>
 */
export function PostForm(props: { action: string; csrf: string; label: string; class?: string; testid?: string; children?: Child }) {
  return (
    <form method="post" action={props.action} aria-label={props.label} class={props.class} data-testid={props.testid} novalidate>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {props.children}
    </form>
  );
}

/**
 * Every error of a rejected form, at its top (`role="alert"`), each linking to its field.
 *
 * @example
 * <ErrorSummary errors={errs} />
 */
export function ErrorSummary(props: { errors: FieldErrors }) {
  if (!props.errors.any) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">The form was not saved</h2>
      <ul>
        {props.errors.all.map((e) => {
          const field = props.errors.fieldOf(e);
          return <li>{field ? <a href={`#${fieldId(field.replace(/\[.*$/, ''))}`}>{e.message}</a> : e.message}</li>;
        })}
      </ul>
    </div>
  );
}

interface FieldShell {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}

function describedBy(p: FieldShell): string | undefined {
  const id = fieldId(p.name);
  const ids = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function checkDescribedBy(id: string, p: FieldShell): string | undefined {
  return [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Shell(props: FieldShell & { children?: Child; after?: Child }) {
  const id = fieldId(props.name);
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="req"> (required)</span> : null}
      </label>
      {props.hint ? (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.error ? (
        <p id={`${id}-error`} class="error">
          {props.error}
        </p>
      ) : null}
      {props.after}
    </div>
  );
}

/**
 * A labelled input with hint and error (`aria-invalid`, `aria-describedby`).
 *
 * @example
 * <Input name="slug" label="Slug" value={v.slug} error={errs.for('slug')} />
 */
export function Input(props: FieldShell & { type?: string; value?: string; autocomplete?: string; placeholder?: string; step?: string }) {
  return (
    <Shell {...props}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : (props.value ?? '')}
        autocomplete={props.autocomplete}
        placeholder={props.placeholder}
        step={props.step}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </Shell>
  );
}

/**
 * A labelled textarea; `live` adds a polite live region the page's script fills (`<id>-live`).
 *
 * @example
 * <TextArea name="trigger" label="Trigger (FQL)" value={v.trigger} data={{ 'data-fql': '' }} live />
 */
export function TextArea(props: FieldShell & { value?: string; rows?: number; mono?: boolean; live?: boolean; data?: Record<string, string> }) {
  const id = fieldId(props.name);
  const live = props.live ? <p id={`${id}-live`} class="live" aria-live="polite" /> : null;
  const described = [describedBy(props), props.live ? `${id}-live` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <Shell {...props} after={live}>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        class={props.mono ? 'mono' : undefined}
        spellcheck={props.mono ? false : undefined}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described}
        {...(props.data ?? {})}
      >
        {props.value ?? ''}
      </textarea>
    </Shell>
  );
}

/**
 * A labelled select.
 *
 * @example
 * <Select name="plan" label="Plan" value="Team" options={[{ value: 'Free', label: 'Free' }]} />
 */
export function Select(props: FieldShell & { value?: string; options: readonly { value: string; label: string }[]; empty?: string }) {
  return (
    <Shell {...props}>
      <select
        id={fieldId(props.name)}
        name={props.name}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/**
 * A labelled checkbox; a hidden `<name>.present` field tells "unchecked" from "not in the form".
 *
 * @example
 * <Checkbox name="enabled" label="Enabled" checked={true} />
 */
export function Checkbox(props: FieldShell & { checked: boolean; value?: string }) {
  const id = fieldId(props.value === undefined ? props.name : `${props.name}-${props.value}`);
  return (
    <div class={props.error ? 'field check invalid' : 'field check'}>
      <input type="hidden" name={`${props.name}.present`} value="1" />
      <input
        id={id}
        type="checkbox"
        name={props.name}
        value={props.value ?? 'true'}
        checked={props.checked}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={checkDescribedBy(id, props)}
      />{' '}
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${id}-error`} class="error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A one-button POST form (enable, disable, delete, rotate).
 *
 * @example
 * <ActionButton action={`/sources/${id}/enabled`} csrf={csrf} label="Disable source" fields={{ enabled: 'false' }} />
 */
export function ActionButton(props: { action: string; csrf: string; label: string; fields?: Record<string, string>; danger?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline" aria-label={props.label}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      {Object.entries(props.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={props.danger ? 'danger' : 'secondary'}>
        {props.label}
      </button>
    </form>
  );
}
