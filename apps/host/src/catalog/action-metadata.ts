import type { AnyIntegrationDefinition } from '@junction/core';

/**
 * One field of an action as listed in the catalog (Segment's action field metadata).
 *
 * @example
 * const f: ActionFieldMetadata = { fieldKey: 'data', label: 'Data', type: 'object', required: true, multiple: false, defaultValue: { '@path': '$' } };
 */
export interface ActionFieldMetadata {
  fieldKey: string;
  label: string;
  type: string;
  description?: string;
  required: boolean;
  multiple: boolean;
  /** The default mapping (mapping language). */
  defaultValue?: unknown;
  choices?: unknown[];
}

/**
 * One action in the catalog: `id` is the action key, `defaultTrigger` its default subscription (FQL).
 *
 * @example
 * const a: ActionMetadata = { id: 'send', name: 'Send', description: 'POST the event', defaultTrigger: 'all', fields: [] };
 */
export interface ActionMetadata {
  id: string;
  name: string;
  description: string;
  defaultTrigger: string;
  /** True when the action can deliver batches (`performBatch`). */
  batching: boolean;
  fields: ActionFieldMetadata[];
}

/**
 * A subscription created on install, in Segment's preset shape.
 *
 * @example
 * const p: PresetMetadata = { actionId: 'send', name: 'Send all events', trigger: 'all', fields: {} };
 */
export interface PresetMetadata {
  actionId: string;
  name: string;
  trigger: string;
  fields: Record<string, unknown>;
}

function fieldType(node: Record<string, unknown>): string {
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  if (type === 'array') {
    const items = node.items as Record<string, unknown> | undefined;
    return items && typeof items.type === 'string' ? items.type : 'object';
  }
  return typeof type === 'string' ? type : 'object';
}

/**
 * The catalog view of an integration's actions.
 *
 * @example
 * actionMetadata(webhook)[0]; // { id: 'send', name: 'Send', defaultTrigger: 'all', fields: [{ fieldKey: 'data', … }], … }
 */
export function actionMetadata(def: AnyIntegrationDefinition): ActionMetadata[] {
  return Object.entries(def.actions).map(([id, action]) => {
    const schema = action.fields as Record<string, unknown>;
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const fields = Object.entries(properties).map(([key, node]) => {
      const field: ActionFieldMetadata = {
        fieldKey: key,
        label: typeof node.title === 'string' ? node.title : key,
        type: fieldType(node),
        required: required.has(key),
        multiple: node.type === 'array',
      };
      if (typeof node.description === 'string') field.description = node.description;
      if (node.default !== undefined) field.defaultValue = node.default;
      if (Array.isArray(node.enum)) field.choices = [...node.enum];
      return field;
    });
    return { id, name: action.title, description: action.description, defaultTrigger: action.defaultSubscription, batching: typeof action.performBatch === 'function', fields };
  });
}

/**
 * The catalog view of an integration's presets.
 *
 * @example
 * presetMetadata(webhook); // [{ actionId: 'send', name: 'Send all events', trigger: 'all', fields: {} }]
 */
export function presetMetadata(def: AnyIntegrationDefinition): PresetMetadata[] {
  return (def.presets ?? []).map((p) => ({ actionId: p.actionId, name: p.name, trigger: p.trigger, fields: { ...(p.mapping ?? {}) } }));
}
