import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { ErrorCode } from '../errors/index.ts';
import type { FieldMapping } from '../mapping/index.ts';

/**
 * A JSON Schema whose root is an object (settings and action fields).
 *
 * @example
 * const fields = { type: 'object', properties: { name: { type: 'string' } } } as const satisfies ObjectSchema;
 */
export type ObjectSchema = JSONSchema & { readonly type: 'object' };

/**
 * The TypeScript type described by a schema (json-schema-to-ts's `FromSchema`).
 *
 * @example
 * type Settings = Infer<typeof settings>; // { apiKey: string; region?: 'eu' | 'us' }
 */
export type Infer<S> = S extends JSONSchema ? FromSchema<S> : never;

/**
 * What the host's HTTP transport is asked to send.
 *
 * @example
 * const req: TransportRequest = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5000 };
 */
export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The transport must abort after this many milliseconds (error name `TimeoutError`). */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * What the host's HTTP transport answers. It never throws for an HTTP status, only for network failures.
 *
 * @example
 * const res: TransportResponse = { status: 202, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
 */
export interface TransportResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * The HTTP function the host injects (pooled undici in production, node's fetch in the harness).
 * Plugins never import an HTTP client: they call `ctx.request`, which wraps this.
 * Implementations must not follow redirects.
 *
 * @example
 * const transport: HttpTransport = async (url, req) => {
 *   const res = await fetch(url, { ...req, redirect: 'manual', signal: AbortSignal.timeout(req.timeoutMs) });
 *   return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
 * };
 */
export type HttpTransport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

/**
 * Options of `ctx.request`.
 *
 * @example
 * await request(url, { method: 'PUT', json: { id: 1 }, timeoutMs: 3000, throwHttpErrors: false });
 */
export interface RequestOptions {
  /** Default `POST` when a body or json is given, else `GET`. */
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Serialised with JSON.stringify; sets `content-type: application/json`. */
  json?: unknown;
  /** Default: the integration's `delivery.timeoutMs`, else 10 s. */
  timeoutMs?: number;
  /** When false, non-2xx answers are returned instead of thrown. Default true. */
  throwHttpErrors?: boolean;
}

/**
 * An HTTP answer as plugins see it.
 *
 * @example
 * const { id } = (await request(url, { json: payload })).json() as { id: string };
 */
export interface HttpResponse extends TransportResponse {
  /** Parses `body` as JSON; throws an `IntegrationError` (`UNKNOWN`) naming the problem when it is not JSON. */
  json(): unknown;
}

/**
 * `ctx.request(url, options)`: sends through the host's transport, then throws an
 * `IntegrationError` for non-2xx answers (classified by the plugin's `errors`, else by
 * `classifyHttpStatus`) and for network failures.
 *
 * @example
 * perform: ({ settings, payload, request }) => request(settings.url, { json: payload })
 */
export type RequestFn = (url: string, options?: RequestOptions) => Promise<HttpResponse>;

/**
 * A minimal logger; messages must never contain secrets.
 *
 * @example
 * ctx.logger?.debug('sending batch', { count: payloads.length });
 */
export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

interface BaseContext<Settings> {
  settings: Settings;
  request: RequestFn;
  signal: AbortSignal;
  logger?: Logger | undefined;
}

/**
 * What `perform` receives.
 *
 * @example
 * async perform({ settings, payload, request, signal }: ActionContext<Settings, Payload>) {}
 */
export interface ActionContext<Settings, Payload> extends BaseContext<Settings> {
  payload: Payload;
}

/**
 * What `performBatch` receives.
 *
 * @example
 * async performBatch({ payloads }: BatchContext<Settings, Payload>) { return payloads.map(() => ({ status: 'success' as const })); }
 */
export interface BatchContext<Settings, Payload> extends BaseContext<Settings> {
  payloads: Payload[];
}

/**
 * What `testConnection` receives.
 *
 * @example
 * async testConnection({ settings, request }) { await request(`${settings.url}/me`); }
 */
export type TestConnectionContext<Settings> = BaseContext<Settings>;

/**
 * The outcome of delivering one payload. `httpStatus` is the destination's answer, when known.
 *
 * @example
 * const ok: ActionResult = { status: 'success' };
 * const failed: ActionResult = { status: 'error', code: 'RATE_LIMITED', message: 'HTTP 429', retryable: true, retryAfterMs: 5000 };
 */
export type ActionResult =
  | { status: 'success'; httpStatus?: number }
  | {
      status: 'error';
      code: ErrorCode;
      message: string;
      retryable: boolean;
      httpStatus?: number;
      retryAfterMs?: number;
    };

/**
 * One action of an integration (Segment's "action"): what a subscription runs. Build it with `defineAction`.
 *
 * @example
 * const actions: Record<string, ActionDefinition<Settings>> = { send };
 */
export interface ActionDefinition<Settings = unknown, Payload = unknown> {
  title: string;
  description: string;
  /** FQL deciding which events the action receives by default, e.g. `type = "track"`. */
  defaultSubscription: string;
  /** JSON Schema of the payload; each property's `default` is a mapping (`{ '@path': '$.userId' }`). */
  fields: ObjectSchema;
  /** Delivers one payload; throw (or let `ctx.request` throw) to fail. */
  perform(ctx: ActionContext<Settings, Payload>): Promise<unknown>;
  /** Delivers many payloads; must return exactly one result per payload, in order. */
  performBatch?(ctx: BatchContext<Settings, Payload>): Promise<ActionResult[]>;
}

/**
 * A subscription created when the integration is installed.
 *
 * @example
 * const preset: Preset = { name: 'Track calls', actionId: 'track', trigger: 'type = "track"' };
 */
export interface Preset {
  name: string;
  actionId: string;
  /** FQL, e.g. `type = "track"`. */
  trigger: string;
  /** Overrides of the action's default field mappings. */
  mapping?: Record<string, FieldMapping>;
}

/**
 * How the host delivers to this integration. Every field is optional; the host has defaults.
 *
 * @example
 * const delivery: DeliveryPolicy = { batch: { maxCount: 100, maxBytes: 512_000, maxWaitMs: 1000 }, rateLimit: { perSecond: 50 }, timeoutMs: 5000 };
 */
export interface DeliveryPolicy {
  /** Batching limits for actions with `performBatch`. */
  batch?: { maxCount: number; maxBytes: number; maxWaitMs: number };
  rateLimit?: { perSecond: number; burst?: number };
  /** Requests in flight per destination instance. */
  concurrency?: number;
  /** Per-request timeout for `ctx.request`. */
  timeoutMs?: number;
  /** Retry schedule overrides (Segment: randomised exponential backoff for 4 h). */
  retry?: { maxAgeMs: number; initialDelayMs: number; maxDelayMs: number };
}

/**
 * A destination answer as given to the `errors` mapping.
 *
 * @example
 * errors: (res: VendorResponse) => (res.body.includes('invalid_api_key') ? 'INVALID_CREDENTIALS' : undefined)
 */
export type VendorResponse = TransportResponse;

/**
 * The actions of an integration, keyed by action id.
 *
 * @example
 * const actions: ActionMap<Settings> = { send };
 */
// biome-ignore lint/suspicious/noExplicitAny: each action has its own payload type
export type ActionMap<Settings> = Record<string, ActionDefinition<Settings, any>>;

/**
 * Full description of a destination plugin. Build one with `defineIntegration`.
 *
 * @example
 * const def: IntegrationDefinition = webhook;
 */
export interface IntegrationDefinition<
  S extends ObjectSchema = ObjectSchema,
  Settings = Infer<S>,
  A extends ActionMap<Settings> = ActionMap<Settings>,
> {
  /** kebab-case; the one identifier (folder, package suffix, catalog id). */
  slug: string;
  name: string;
  /** semver of the package. */
  version: string;
  description: string;
  categories: string[];
  /** URL or data: URI of a square logo. */
  logo?: string;
  website?: string;
  /** JSON Schema of the settings; secret fields carry `"x-secret": true`. */
  settings: S;
  actions: A;
  presets?: Preset[];
  delivery?: DeliveryPolicy;
  /** Maps a vendor answer to an error code; `undefined` falls back to `classifyHttpStatus`. */
  errors?: (response: VendorResponse) => ErrorCode | undefined;
  /** Checks the settings against the vendor (called from the console's "Test connection"). */
  testConnection?(ctx: TestConnectionContext<Settings>): Promise<void>;
}

/**
 * Any integration definition, whatever its settings and actions (what hosts and harnesses accept).
 *
 * @example
 * const catalog: AnyIntegrationDefinition[] = [webhook, mixpanel];
 */
// biome-ignore lint/suspicious/noExplicitAny: erases the settings type
export type AnyIntegrationDefinition = IntegrationDefinition<ObjectSchema, any, ActionMap<any>>;
