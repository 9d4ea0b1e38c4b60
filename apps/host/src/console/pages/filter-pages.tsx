import { ActionButton, Checkbox, ErrorSummary, Input, PostForm, Select, TextArea } from './form-parts.tsx';
import type { FieldErrors } from './page-kit.ts';

/** Values of the filter form, as typed. */
export interface FilterValues {
  title: string;
  description: string;
  if: string;
  enabled: boolean;
  actionType: string;
  percent: string;
  path: string;
  fields: string;
  actionsJson: string;
  sample: string;
}

/** A sample event for the preview. */
export const SAMPLE_EVENT = JSON.stringify(
  { type: 'track', event: 'Order Completed', userId: 'user-1', properties: { revenue: 42, email: 'user@example.com' }, context: { ip: '203.0.113.7' } },
  null,
  2,
);

const TYPES = [
  { value: 'DROP', label: 'Drop the event' },
  { value: 'SAMPLE', label: 'Sample (send a fraction)' },
  { value: 'DROP_PROPERTIES', label: 'Drop properties' },
  { value: 'ALLOW_PROPERTIES', label: 'Only allow properties' },
];

/**
 * The filter form with its preview on a sample event (live with JS; "Preview" button without).
 *
 * @example
 * <FilterForm csrf={csrf} action={`/destinations/${id}/filters/new`} destinationId={id} v={v} errors={errs} />
 */
export function FilterForm(props: { csrf: string; action: string; destinationId: string; v: FilterValues; errors: FieldErrors; preview?: string | undefined; deleteAction?: string }) {
  const { v, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <PostForm action={props.action} csrf={props.csrf} label="Destination filter">
        <Input name="title" label="Title" value={v.title} error={errors.for('title')} required />
        <Input name="description" label="Description" value={v.description} error={errors.for('description')} />
        <TextArea name="if" label="If (FQL)" value={v.if} mono live data={{ 'data-fql': '' }} hint='Events the filter applies to, e.g. type = "track", or all.' error={errors.for('if')} required />
        <Checkbox name="enabled" label="Enabled" checked={v.enabled} />
        <fieldset>
          <legend>Action</legend>
          <Select name="actionType" label="What to do" value={v.actionType} options={TYPES} error={errors.for('actionType')} />
          <Input name="percent" label="Sample: fraction sent" type="number" step="any" value={v.percent} hint="From 0 to 1 (0.1 sends 10 %). Only for Sample." error={errors.for('percent')} />
          <Input name="path" label="Sample: by field" value={v.path} hint="Optional, e.g. userId: the same user is always in or out." error={errors.for('path')} />
          <TextArea name="fields" label="Properties" value={v.fields} mono hint="For Drop or Only allow properties: one object per line, e.g. properties: email, phone (use : ip for the top level)." error={errors.for('fields')} />
          <TextArea name="actionsJson" label="Advanced: all actions as JSON" value={v.actionsJson} mono hint='When filled, replaces the action above, e.g. [{"type": "DROP"}].' error={errors.for('actionsJson')} />
        </fieldset>
        <TextArea name="sample" label="Sample event (JSON)" value={v.sample} rows={8} mono error={errors.for('sample')} />
        <h2 id="preview-title">Preview</h2>
        <pre id="preview-result" aria-live="polite" data-testid="filter-preview">
          {props.preview ?? 'Press "Preview" (or edit the form) to see the sample event after this filter.'}
        </pre>
        <div class="actions">
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            Save filter
          </button>
        </div>
      </PostForm>
      {props.deleteAction ? <ActionButton action={props.deleteAction} csrf={props.csrf} label="Delete filter" danger /> : null}
      <p>
        <a href={`/destinations/${props.destinationId}`}>Back to the destination</a>
      </p>
    </>
  );
}
