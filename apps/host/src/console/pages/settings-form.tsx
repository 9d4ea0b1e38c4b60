import type { SettingOption } from '../../catalog/index.ts';
import { Checkbox, Input, Select, TextArea } from './form-parts.tsx';
import { type AdminError, type FieldErrors, formError } from './page-kit.ts';

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

function shown(o: SettingOption, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (o.type === 'map') return json(value);
  if (o.type === 'array') return Array.isArray(value) && value.every((x) => typeof x === 'string') ? value.join('\n') : json(value);
  return String(value);
}

/**
 * The inputs of a destination's settings, generated from its catalog `options`: enums as selects,
 * booleans as checkboxes, numbers, maps as JSON, lists one per line, secrets as password inputs
 * that are never pre-filled (an empty secret keeps the stored value on edit).
 *
 * @example
 * <SettingsFields options={meta.options} values={destination.settings} errors={errs} editing />
 */
export function SettingsFields(props: { options: readonly SettingOption[]; values: Record<string, unknown>; errors: FieldErrors; editing?: boolean }) {
  return (
    <fieldset>
      <legend>Settings</legend>
      {props.options.map((o) => {
        const name = `settings.${o.name}`;
        const label = o.label ?? o.name;
        const error = props.errors.for(name);
        const value = props.values[o.name];
        const hint = o.description;
        if (o.type === 'password') {
          const stored = props.editing && typeof value === 'string' && value !== '';
          const more = stored ? `A value is stored (${value}). Leave empty to keep it.` : undefined;
          return <Input name={name} label={label} type="password" autocomplete="new-password" hint={[hint, more].filter(Boolean).join(' ') || undefined} error={error} required={o.required && !stored} />;
        }
        if (o.type === 'select') {
          const options = (o.choices ?? []).map((c) => ({ value: String(c), label: String(c) }));
          return <Select name={name} label={label} value={shown(o, value ?? o.defaultValue)} options={options} empty={o.required ? undefined : '(not set)'} hint={hint} error={error} required={o.required} />;
        }
        if (o.type === 'boolean') return <Checkbox name={name} label={label} checked={(value ?? o.defaultValue) === true} hint={hint} error={error} />;
        if (o.type === 'number') return <Input name={name} label={label} type="number" step="any" value={shown(o, value ?? o.defaultValue)} hint={hint} error={error} required={o.required} />;
        if (o.type === 'map' || o.type === 'array') {
          const how = o.type === 'map' ? 'A JSON object.' : 'One value per line (or a JSON array).';
          return <TextArea name={name} label={label} value={shown(o, value ?? o.defaultValue)} mono hint={[hint, how].filter(Boolean).join(' ')} error={error} required={o.required} />;
        }
        return <Input name={name} label={label} value={shown(o, value ?? o.defaultValue)} hint={hint} error={error} required={o.required} />;
      })}
    </fieldset>
  );
}

/**
 * Reads the generated settings inputs back into a settings object. Empty inputs are left out;
 * an empty secret sends back the stored (redacted) value, which the admin API keeps. Text that
 * cannot be read (bad JSON) is reported per field; the admin API validates the rest.
 *
 * @example
 * const { settings, errors } = readSettings(form, meta.options, destination.settings);
 */
export function readSettings(
  form: { get(name: string): string; has(name: string): boolean },
  options: readonly SettingOption[],
  current: Record<string, unknown> = {},
): { settings: Record<string, unknown>; errors: AdminError[] } {
  const settings: Record<string, unknown> = {};
  const errors: AdminError[] = [];
  for (const o of options) {
    const name = `settings.${o.name}`;
    const text = form.get(name);
    if (o.type === 'boolean') {
      if (form.has(`${name}.present`)) settings[o.name] = form.get(name) === 'true';
      continue;
    }
    if (text.trim() === '') {
      if (o.type === 'password' && typeof current[o.name] === 'string') settings[o.name] = current[o.name];
      continue;
    }
    if (o.type === 'number') {
      const n = Number(text);
      settings[o.name] = Number.isFinite(n) ? n : text;
    } else if (o.type === 'map' || (o.type === 'array' && text.trim().startsWith('['))) {
      try {
        settings[o.name] = JSON.parse(text);
      } catch (error) {
        errors.push(formError(name, `${name}: not valid JSON (${error instanceof SyntaxError ? "check quotes, commas and braces" : "unreadable"})`));
      }
    } else if (o.type === 'array') {
      settings[o.name] = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
    } else {
      settings[o.name] = text;
    }
  }
  return { settings, errors };
}
