import type { FromSchema } from 'json-schema-to-ts';
import type {
  ActionContext,
  ActionMap,
  ActionDefinition,
  ActionResult,
  BatchContext,
  Infer,
  IntegrationDefinition,
  ObjectSchema,
} from './integration-types.ts';

/**
 * Declares an integration's settings schema, keeping its literal type so that `Infer<typeof
 * settings>` (and `ctx.settings`) is precise. Mark secrets with `"x-secret": true`.
 *
 * @example
 * const settings = defineSettings({
 *   type: 'object',
 *   properties: { apiKey: { type: 'string', 'x-secret': true } },
 *   required: ['apiKey'],
 * });
 * type Settings = Infer<typeof settings>; // { apiKey: string; [k: string]: unknown }
 */
export function defineSettings<const S extends ObjectSchema>(schema: S): S {
  return schema;
}

/**
 * The argument of the function returned by {@link defineAction}.
 *
 * @example
 * defineAction<Settings>()({ title, description, defaultSubscription, fields, perform } satisfies ActionInput<Settings, typeof fields, unknown>);
 */
export interface ActionInput<Settings, F extends ObjectSchema, Payload> {
  title: string;
  description: string;
  defaultSubscription: string;
  fields: F;
  perform(ctx: ActionContext<Settings, Payload>): Promise<unknown>;
  performBatch?(ctx: BatchContext<Settings, Payload>): Promise<ActionResult[]>;
}

/**
 * Declares an action. Curried so the settings type is given once and the payload type is inferred
 * from `fields` (`ctx.payload` is typed; one source of truth).
 *
 * @example
 * const send = defineAction<Infer<typeof settings>>()({
 *   title: 'Send', description: 'Send the event', defaultSubscription: 'type = "track"',
 *   fields: { type: 'object', properties: { name: { type: 'string', default: { '@path': '$.event' } } }, required: ['name'] },
 *   perform: async ({ settings, payload, request }) => request(settings.url, { json: { n: payload.name } }),
 * });
 */
export function defineAction<Settings = unknown>() {
  return <const F extends ObjectSchema, Payload = FromSchema<F>>(
    action: ActionInput<Settings, F, Payload>,
  ): ActionDefinition<Settings, Payload> & { fields: F } => action;
}

/**
 * Declares a destination plugin. A typed identity: it returns its argument unchanged. Hosts refuse
 * an invalid definition at load time with `assertValidIntegration`.
 *
 * @example
 * export default defineIntegration({
 *   slug: 'acme', name: 'Acme', version: '1.0.0', description: 'Send events to Acme.',
 *   categories: ['Analytics'], settings, actions: { send },
 * });
 */
export function defineIntegration<const S extends ObjectSchema, A extends ActionMap<Infer<S>>>(
  definition: IntegrationDefinition<S, Infer<S>, A>,
): IntegrationDefinition<S, Infer<S>, A> {
  return definition;
}
