import type { Store } from '@junction/store';
import type { Hono } from 'hono';
import type { AdminDeps } from '../admin/admin-deps.ts';
import type { Principal } from '../admin/permissions.ts';

/**
 * A signed-in browser session (identity/ creates and checks it).
 *
 * @example
 * const s: ConsoleSession = { id: 'ses_1', userId: 'usr_1', email: 'ada@example.com', workspaceId: 'ws_1', mfaVerified: true, method: 'password', expiresAt: '2026-12-01T00:00:00.000Z' };
 */
export interface ConsoleSession {
  id: string;
  userId: string;
  email: string;
  /** The workspace the user is acting in (null until picked). */
  workspaceId: string | null;
  /** False while a second factor is still owed (only /mfa pages are reachable). */
  mfaVerified: boolean;
  method: 'password' | 'oidc' | 'saml' | 'invite';
  expiresAt: string;
  /** True while the workspace requires MFA and the user has none yet (only /mfa/setup is reachable). */
  mfaEnrolmentRequired?: boolean;
}

/** Per-request values the console's middleware sets (Hono `c.var`). */
export interface ConsoleVariables {
  session: ConsoleSession | undefined;
  /** The session's principal in its current workspace (admin API permissions apply). */
  principal: Principal | undefined;
  /** The CSRF token every form posts back as `_csrf`. */
  csrfToken: string;
}

/**
 * The console's Hono environment.
 *
 * @example
 * const app = new Hono<ConsoleEnv>();
 */
export interface ConsoleEnv {
  Variables: ConsoleVariables;
}

/** A mail the console sends (password reset, invitation, MFA notice). */
export interface ConsoleMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * What the console needs.
 *
 * @example
 * const deps: ConsoleDeps = { store, admin: { store, catalog, cipher }, adminApp: adminRoutes(admin), baseUrl: 'http://localhost:8080', send: async (m) => outbox.push(m) };
 */
export interface ConsoleDeps {
  store: Store;
  admin: AdminDeps;
  /** The admin API app (`adminRoutes(admin)`): pages call it in-process with the session's principal. */
  adminApp: Hono;
  /** Public base URL of the host (links in mails, SSO redirect URIs). */
  baseUrl: string;
  /** Sends a mail (SMTP when configured, else the development outbox). */
  send: (mail: ConsoleMail) => Promise<void>;
  /** Secure cookies (default: when baseUrl is https). */
  secureCookies?: boolean;
  now?: () => Date;
  /** The development outbox (only when no SMTP is configured): served at `/dev/outbox`. */
  outbox?: ConsoleOutbox;
  /** Session lifetime: idle timeout (default 12 h) and absolute maximum (default 7 days). */
  session?: { idleMinutes?: number; maxHours?: number };
}

/**
 * Mails kept in memory instead of being sent (development, no SMTP configured).
 *
 * @example
 * const last = deps.outbox?.list().at(-1);
 */
export interface ConsoleOutbox {
  /** Oldest first. */
  list(): readonly (ConsoleMail & { id: string; sentAt: string })[];
}
