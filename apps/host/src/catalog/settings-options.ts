import { SECRET_KEYWORD } from '@junction/core';

/**
 * One setting as Segment's Public API lists it in a destination's metadata (`options`).
 * `type` is one of `string`, `password` (a secret), `select` (an enum), `number`, `boolean`,
 * `array`, `map` (an object).
 *
 * @example
 * const option: SettingOption = { name: 'url', type: 'string', required: true, description: 'Where events go', label: 'Webhook URL' };
 */
export interface SettingOption {
  name: string;
  type: string;
  required: boolean;
  description?: string;
  defaultValue?: unknown;
  label?: string;
  /** The allowed values of a `select`. */
  choices?: unknown[];
}

type SchemaNode = Record<string, unknown>;

function optionType(node: SchemaNode): string {
  if (node[SECRET_KEYWORD] === true) return 'password';
  if (Array.isArray(node.enum)) return 'select';
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'object') return 'map';
  if (type === 'boolean' || type === 'array') return type;
  return 'string';
}

function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`).replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Derives the catalog `options` from a settings JSON Schema: one per top-level property, in
 * declaration order, with `title` as the label and `default` as the default value.
 *
 * @example
 * settingsOptions({ type: 'object', properties: { apiKey: { type: 'string', 'x-secret': true } }, required: ['apiKey'] });
 * // [{ name: 'apiKey', type: 'password', required: true, label: 'Api key' }]
 */
export function settingsOptions(schema: object): SettingOption[] {
  const root = schema as SchemaNode;
  const properties = (root.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(root.required) ? (root.required as string[]) : []);
  return Object.entries(properties).flatMap(([name, child]) => {
    if (typeof child !== 'object' || child === null) return [];
    const node = child as SchemaNode;
    const option: SettingOption = { name, type: optionType(node), required: required.has(name) };
    if (typeof node.description === 'string') option.description = node.description;
    if (node.default !== undefined && node[SECRET_KEYWORD] !== true) option.defaultValue = node.default;
    option.label = typeof node.title === 'string' ? node.title : humanize(name);
    if (Array.isArray(node.enum)) option.choices = [...node.enum];
    return [option];
  });
}
