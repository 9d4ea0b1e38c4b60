import type { Context } from 'hono';
import { type AdminAnswer, adminCall } from '../admin-client.ts';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';

/** A page handler's context. */
export type PageContext = Context<ConsoleEnv>;

/** One admin API error, as the pages show it. */
export type AdminError = NonNullable<AdminAnswer<unknown>['errors']>[number];

/**
 * Calls the admin API as the request's principal (set by the identity middleware).
 *
 * @example
 * const r = await api<{ sources: SourceView[] }>(deps, c, 'GET', '/sources');
 */
export function api<T = Record<string, unknown>>(
  deps: Pick<ConsoleDeps, 'adminApp'>,
  c: PageContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<AdminAnswer<T>> {
  const principal = c.var.principal;
  if (!principal) throw new Error('console pages: no principal on the request (is the identity middleware mounted?)');
  return adminCall<T>(deps, principal, method, path, body);
}

/** Resource prefixes the store puts in front of field names (`workspace.slug`, `source.slug`). */
const PREFIX = /^(input|workspace|source|destination|subscription|filter)\./;

/**
 * The admin API's errors, claimable per form field: `for('slug')` matches `slug`, `workspace.slug`,
 * `slug.x` and `slug[0]…`. Every error also shows in the form's summary.
 *
 * @example
 * const errs = new FieldErrors([{ type: 'validation', message: 'slug must …', field: 'workspace.slug' }]);
 * errs.for('slug'); // 'slug must …'
 */
export class FieldErrors {
  readonly all: readonly AdminError[];
  readonly #alias: (field: string) => string;
  constructor(errors: readonly AdminError[] = [], alias: (field: string) => string = (f) => f) {
    this.all = errors;
    this.#alias = alias;
  }

  /** The form field an error belongs to. */
  fieldOf(e: AdminError): string | undefined {
    return e.field === undefined ? undefined : this.#alias(e.field.replace(PREFIX, ''));
  }

  /** The messages for one form field, joined; undefined when it has none. */
  for(name: string): string | undefined {
    const hits = this.all.filter((e) => {
      const f = this.fieldOf(e);
      return f !== undefined && (f === name || f.startsWith(`${name}.`) || f.startsWith(`${name}[`));
    });
    return hits.length > 0 ? hits.map((e) => e.message).join(' ') : undefined;
  }

  get any(): boolean {
    return this.all.length > 0;
  }
}

/**
 * Form fields of a POST (first value of each; `all` lists every value of repeated names).
 *
 * @example
 * const form = await readForm(c); form.get('slug'); form.all('labels');
 */
export async function readForm(c: PageContext): Promise<{ get(name: string): string; has(name: string): boolean; all(name: string): string[]; names(): string[] }> {
  const body = await c.req.parseBody({ all: true });
  const values = (name: string): string[] => {
    const v = body[name];
    const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return list.filter((x): x is string => typeof x === 'string');
  };
  return { get: (name) => values(name)[0] ?? '', has: (name) => values(name).length > 0, all: values, names: () => Object.keys(body) };
}

/** An error of the console itself (a field it could not read), in the admin API's shape. */
export function formError(field: string, message: string): AdminError {
  return { type: 'validation', field, message };
}

/**
 * Percent-encodes one path segment of an admin API path.
 *
 * @example
 * `/sources/${seg(id)}`
 */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
