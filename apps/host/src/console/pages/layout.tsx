import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ConsoleDeps } from '../console-env.ts';
import { assetUrl } from './asset-routes.ts';
import { type Flash, takeFlash } from './flash.ts';
import { api, type PageContext } from './page-kit.ts';

/** Sections of the main navigation. */
export const NAV = [
  { id: 'sources', label: 'Sources', href: '/sources' },
  { id: 'destinations', label: 'Destinations', href: '/destinations' },
  { id: 'catalog', label: 'Catalog', href: '/catalog' },
  { id: 'access', label: 'Access', href: '/access' },
  { id: 'health', label: 'Health', href: '/workspace-health' },
  { id: 'delivery', label: 'Event Delivery', href: '/event-delivery' },
  { id: 'audit', label: 'Audit', href: '/audit' },
  { id: 'settings', label: 'Settings', href: '/settings' },
] as const;

/** A navigation section id. */
export type Section = (typeof NAV)[number]['id'];

/** What the frame shows around a page. */
export interface Shell {
  title: string;
  section: Section;
  workspace: { name: string; slug: string };
  email: string;
  csrf: string;
  flash?: Flash | undefined;
  scripts?: readonly string[];
}

/**
 * The console's page frame: skip link, header (workspace and switcher), navigation, main landmark
 * with the page's `<h1>`, flash message, one stylesheet and only the scripts the page asks for.
 *
 * @example
 * <Layout shell={shell}><p>…</p></Layout>
 */
export function Layout(props: { shell: Shell; children?: Child }) {
  const s = props.shell;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${s.title} · ${s.workspace.name} · Junction`}</title>
        <link rel="stylesheet" href={assetUrl('console.css')} />
        {(s.scripts ?? []).map((name) => (
          <script src={assetUrl(name)} defer />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/">
            Junction
          </a>
          {/* The admin API has no "workspaces of a user" route: the current one is shown; /workspaces lists the others. */}
          <nav class="switcher" aria-label="Workspace">
            <span>
              Workspace: <strong data-testid="workspace-name">{s.workspace.name}</strong> <code>{s.workspace.slug}</code>
            </span>{' '}
            <a href="/workspaces">Switch workspace</a>
          </nav>
          <div class="account">
            <span>{s.email}</span>
            <form method="post" action="/sign-out" class="inline" aria-label="Sign out">
              <input type="hidden" name="_csrf" value={s.csrf} />
              <button type="submit" class="link">
                Sign out
              </button>
            </form>
          </div>
        </header>
        <nav class="main-nav" aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li>
                <a href={n.href} aria-current={n.id === s.section ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabindex={-1}>
          <h1>{s.title}</h1>
          {s.flash ? (
            <p class={s.flash.kind} role={s.flash.kind === 'alert' ? 'alert' : 'status'}>
              {s.flash.text}
            </p>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}

/**
 * Renders a page in the frame (the workspace comes from the admin API's `GET /`).
 *
 * @example
 * return render(c, deps, { title: 'Sources', section: 'sources' }, <SourceList … />);
 */
export async function render(
  c: PageContext,
  deps: ConsoleDeps,
  page: { title: string; section: Section; status?: ContentfulStatusCode; scripts?: readonly string[] },
  body: Child,
): Promise<Response> {
  const ws = await api<{ workspace: { name: string; slug: string } }>(deps, c, 'GET', '/');
  const shell: Shell = {
    title: page.title,
    section: page.section,
    workspace: ws.data?.workspace ?? { name: 'Unknown workspace', slug: '' },
    email: c.var.session?.email ?? '',
    csrf: c.var.csrfToken,
    flash: takeFlash(c, deps),
    ...(page.scripts ? { scripts: page.scripts } : {}),
  };
  return c.html(<Layout shell={shell}>{body}</Layout>, page.status ?? 200);
}

/**
 * A page for an admin API refusal (404 not found, 403 not allowed) instead of a blank error.
 *
 * @example
 * if (r.status !== 200) return problem(c, deps, 'sources', r);
 */
export function problem(c: PageContext, deps: ConsoleDeps, section: Section, answer: { status: number; errors?: readonly { message: string }[] | undefined }): Promise<Response> {
  const title = answer.status === 404 ? 'Not found' : answer.status === 403 ? 'Not allowed' : 'Something went wrong';
  return render(
    c,
    deps,
    { title, section, status: ([403, 404, 409, 422].includes(answer.status) ? answer.status : 500) as ContentfulStatusCode },
    <p class="alert" role="alert">
      {answer.errors?.[0]?.message ?? `The admin API answered ${answer.status}.`}
    </p>,
  );
}
