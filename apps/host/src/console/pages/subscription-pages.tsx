import type { ActionField, CatalogEntry } from './catalog-pages.tsx';
import { ActionButton, Checkbox, ErrorSummary, fieldId, Input, PostForm, TextArea } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';

/** Values of the subscription form (mapping values as the JSON text shown). */
export interface SubscriptionValues {
  name: string;
  actionId: string;
  trigger: string;
  enabled: boolean;
  mapping: Record<string, string>;
  mappingJson: string;
}

/**
 * Step 1 of a new subscription: pick the action (a GET form, so it works without JS).
 *
 * @example
 * <PickAction destinationId={id} actions={meta.actions} />
 */
export function PickAction(props: { destinationId: string; actions: CatalogEntry['actions'] }) {
  return (
    <form method="get" action={`/destinations/${props.destinationId}/subscriptions/new`} aria-label="Pick an action">
      <fieldset>
        <legend>Action</legend>
        {props.actions.map((a, i) => (
          <div class="field check">
            <input type="radio" id={fieldId(`actionId-${a.id}`)} name="actionId" value={a.id} checked={i === 0} aria-describedby={fieldId(`actionId-${a.id}-hint`)} />{' '}
            <label for={fieldId(`actionId-${a.id}`)}>{a.name}</label>
            <p class="hint" id={fieldId(`actionId-${a.id}-hint`)}>
              {a.description}
            </p>
          </div>
        ))}
      </fieldset>
      <button type="submit">Continue</button>
    </form>
  );
}

/**
 * The mapping editor: one row per field of the action (its default mapping pre-filled), and a
 * JSON text area for advanced mappings (which, when filled, replaces the rows).
 *
 * @example
 * <MappingEditor fields={action.fields} v={v} errors={errs} />
 */
export function MappingEditor(props: { fields: readonly ActionField[]; v: SubscriptionValues; errors: FieldErrors }) {
  return (
    <fieldset>
      <legend>Mapping</legend>
      <p class="hint">Each value is JSON: a directive such as {'{"@path": "$.properties.email"}'}, or a literal such as "text" or 42. Leave empty to send nothing.</p>
      {props.fields.map((f) => (
        <TextArea
          name={`mapping.${f.fieldKey}`}
          label={`${f.label} (${f.fieldKey})`}
          value={props.v.mapping[f.fieldKey] ?? ''}
          rows={2}
          mono
          hint={[f.description, f.required ? 'Required by the action.' : ''].filter(Boolean).join(' ') || undefined}
          error={props.errors.for(`mapping.${f.fieldKey}`) ?? props.errors.for(`settings.${f.fieldKey}`)}
        />
      ))}
      <TextArea name="mappingJson" label="Advanced: the whole mapping as JSON" value={props.v.mappingJson} rows={4} mono hint="When filled, this object is the mapping and the rows above are ignored." error={props.errors.for('mappingJson') ?? props.errors.for('settings')} />
    </fieldset>
  );
}

/**
 * The subscription form (create or edit): name, trigger with live FQL validation, enabled, mapping.
 *
 * @example
 * <SubscriptionForm csrf={csrf} action={`/destinations/${id}/subscriptions/new`} actionMeta={a} v={v} errors={errs} />
 */
export function SubscriptionForm(props: { csrf: string; action: string; destinationId: string; actionMeta: CatalogEntry['actions'][number]; v: SubscriptionValues; errors: FieldErrors; deleteAction?: string }) {
  const { v, errors } = props;
  return (
    <>
      <p>
        Action: <strong>{props.actionMeta.name}</strong> — {props.actionMeta.description}
      </p>
      <ErrorSummary errors={errors} />
      <PostForm action={props.action} csrf={props.csrf} label="Subscription">
        <input type="hidden" name="actionId" value={v.actionId} />
        <Input name="name" label="Name" value={v.name} error={errors.for('name')} required />
        <TextArea name="trigger" label="Trigger (FQL)" value={v.trigger} mono live data={{ 'data-fql': '' }} hint='Which events run the action, e.g. type = "track" and event = "Order Completed", or all.' error={errors.for('trigger')} required />
        <Checkbox name="enabled" label="Enabled" checked={v.enabled} />
        <MappingEditor fields={props.actionMeta.fields} v={v} errors={errors} />
        <button type="submit">Save subscription</button>
      </PostForm>
      {props.deleteAction ? <ActionButton action={props.deleteAction} csrf={props.csrf} label="Delete subscription" danger /> : null}
      <p>
        <a href={`/destinations/${props.destinationId}`}>Back to the destination</a>
      </p>
    </>
  );
}
