import { createHmac, randomBytes } from 'node:crypto';
import { hashToken, openIamStore, openIdentityStore, type StoredSession } from '@junction/store';
import type { Context, MiddlewareHandler } from 'hono';
import { userPrincipal } from '../../admin/iam-principal.ts';
import type { ConsoleDeps, ConsoleEnv, ConsoleSession } from '../console-env.ts';
import { clearCookie, readCookie, writeCookie } from './cookies.ts';

/** Default idle timeout and absolute lifetime of a session. */
export const SESSION_DEFAULTS = { idleMinutes: 12 * 60, maxHours: 7 * 24 } as const;

/** Raw cookie secrets of the request (session id or anonymous CSRF secret), never stored. */
const secrets = new WeakMap<Request, string>();

function lifetime(deps: ConsoleDeps): { idleMs: number; maxMs: number } {
  return { idleMs: (deps.session?.idleMinutes ?? SESSION_DEFAULTS.idleMinutes) * 60_000, maxMs: (deps.session?.maxHours ?? SESSION_DEFAULTS.maxHours) * 3_600_000 };
}

const clock = (deps: ConsoleDeps) => (deps.now ? deps.now() : new Date());

/**
 * The CSRF token of a cookie secret: an HMAC keyed by the secret (the session id, or the anonymous
 * CSRF cookie before sign-in), so only a page served to this browser can know it.
 *
 * @example
 * const token = csrfTokenFor(rawSessionId);
 */
export function csrfTokenFor(secret: string): string {
  return createHmac('sha256', secret).update('junction-console-csrf').digest('base64url');
}

/**
 * The cookie secret the request's CSRF token derives from (set by the session and CSRF middleware).
 *
 * @example
 * const secret = requestSecret(c);
 */
export function requestSecret(c: Context): string | undefined {
  return secrets.get(c.req.raw);
}

/** Sets `c.var.session`, `c.var.principal` and `c.var.csrfToken` from a stored session. */
async function adopt(c: Context<ConsoleEnv>, deps: ConsoleDeps, raw: string, stored: StoredSession): Promise<ConsoleSession | undefined> {
  const identity = openIdentityStore(deps.store);
  const creds = await identity.credentials.byUserId(stored.userId);
  if (!creds) return undefined;
  let workspaceId = stored.workspaceId;
  let principal: ConsoleEnv['Variables']['principal'];
  if (workspaceId) {
    try {
      principal = await userPrincipal(deps.store, workspaceId, stored.userId);
    } catch {
      // No longer a member: back to the workspace picker.
      workspaceId = null;
      await identity.sessions.update(stored.idHash, { workspaceId: null });
    }
  }
  const { idleMs } = lifetime(deps);
  const idleEnd = Date.parse(stored.lastSeenAt) + idleMs;
  const passwordLike = stored.method === 'password' || stored.method === 'invite';
  const enrolment = passwordLike && workspaceId !== null && !creds.mfaEnabled && (await identity.authSettings.get(workspaceId)).requireMfa;
  const session: ConsoleSession = {
    id: stored.idHash.slice(0, 16),
    userId: stored.userId,
    email: creds.email,
    workspaceId,
    mfaVerified: stored.mfaVerified,
    method: stored.method,
    expiresAt: new Date(Math.min(Date.parse(stored.expiresAt), idleEnd)).toISOString(),
    ...(enrolment ? { mfaEnrolmentRequired: true } : {}),
  };
  secrets.set(c.req.raw, raw);
  c.set('session', session);
  c.set('principal', principal);
  c.set('csrfToken', csrfTokenFor(raw));
  return session;
}

/**
 * Middleware: reads the session cookie and sets `c.var.session` and `c.var.principal` (the user's
 * principal in the session's workspace, via `userPrincipal`). Expired sessions (idle or absolute)
 * are deleted; activity is recorded at most once a minute.
 *
 * @example
 * app.use('*', sessionMiddleware(deps));
 */
export function sessionMiddleware(deps: ConsoleDeps): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    c.set('session', undefined);
    c.set('principal', undefined);
    const raw = readCookie(c, deps, 'session');
    if (raw) {
      const { sessions } = openIdentityStore(deps.store);
      const stored = await sessions.get(hashToken(raw));
      const now = clock(deps);
      const { idleMs } = lifetime(deps);
      const live = stored && Date.parse(stored.expiresAt) > now.getTime() && Date.parse(stored.lastSeenAt) + idleMs > now.getTime();
      if (stored && live) {
        if (now.getTime() - Date.parse(stored.lastSeenAt) > 60_000) await sessions.touch(stored.idHash, now);
        if (!(await adopt(c, deps, raw, stored))) clearCookie(c, deps, 'session');
      } else {
        if (stored) await sessions.delete(stored.idHash);
        clearCookie(c, deps, 'session');
      }
    }
    await next();
  };
}

/**
 * What {@link startSession} needs: the user, how they signed in, and optionally the workspace
 * (default: their first) and whether the second factor is done (default: when they have no MFA).
 *
 * @example
 * const input: StartSessionInput = { userId: user.id, method: 'oidc', workspaceId };
 */
export interface StartSessionInput {
  userId: string;
  method: ConsoleSession['method'];
  workspaceId?: string | null;
  mfaVerified?: boolean;
}

/**
 * Signs a user in: ends the request's previous session (the id always rotates), creates a new one,
 * sets the cookie and `c.var.session`/`principal`/`csrfToken`. SSO calls this after an OIDC or
 * SAML sign-in; a user with MFA enabled then owes a second factor (`mfaVerified: false`) unless
 * `mfaVerified: true` is passed.
 *
 * @example
 * const session = await startSession(c, deps, { userId: user.id, method: 'saml' });
 * return c.redirect(session.mfaVerified ? '/' : '/mfa/challenge', 303);
 */
export async function startSession(c: Context<ConsoleEnv>, deps: ConsoleDeps, input: StartSessionInput): Promise<ConsoleSession> {
  const identity = openIdentityStore(deps.store);
  const creds = await identity.credentials.byUserId(input.userId);
  if (!creds) throw new Error(`startSession: user "${input.userId}" does not exist`);
  const previous = readCookie(c, deps, 'session');
  if (previous) await identity.sessions.delete(hashToken(previous));
  const workspaceId = input.workspaceId !== undefined ? input.workspaceId : ((await openIamStore(deps.store).users.workspacesOf(input.userId))[0] ?? null);
  const raw = randomBytes(32).toString('base64url');
  const now = clock(deps);
  const { maxMs, idleMs } = lifetime(deps);
  // Sign-ins are rare: a good moment to drop sessions that ended by expiry.
  await identity.sessions.prune(now, new Date(now.getTime() - idleMs));
  const stored = await identity.sessions.create({
    idHash: hashToken(raw),
    userId: input.userId,
    workspaceId,
    method: input.method,
    mfaVerified: input.mfaVerified ?? !creds.mfaEnabled,
    now,
    expiresAt: new Date(now.getTime() + maxMs),
  });
  writeCookie(c, deps, 'session', raw, maxMs / 1000);
  const session = await adopt(c, deps, raw, stored);
  if (!session) throw new Error(`startSession: user "${input.userId}" does not exist`);
  return session;
}

/**
 * Starts a fresh session (new id) for the signed-in user with the second factor done: after an
 * MFA challenge, a recovery code or an enrolment.
 *
 * @example
 * await completeMfa(c, deps);
 */
export async function completeMfa(c: Context<ConsoleEnv>, deps: ConsoleDeps): Promise<ConsoleSession> {
  const s = c.var.session;
  if (!s) throw new Error('completeMfa: no session');
  return startSession(c, deps, { userId: s.userId, method: s.method, workspaceId: s.workspaceId, mfaVerified: true });
}

/**
 * Signs out: deletes the session and its cookie.
 *
 * @example
 * await endSession(c, deps);
 */
export async function endSession(c: Context<ConsoleEnv>, deps: ConsoleDeps): Promise<void> {
  const raw = readCookie(c, deps, 'session');
  if (raw) await openIdentityStore(deps.store).sessions.delete(hashToken(raw));
  clearCookie(c, deps, 'session');
  c.set('session', undefined);
  c.set('principal', undefined);
}

/**
 * Switches the session to another workspace of the user (404 ApiError when not a member) and
 * refreshes `c.var.principal`.
 *
 * @example
 * await selectWorkspace(c, deps, workspaceId);
 */
export async function selectWorkspace(c: Context<ConsoleEnv>, deps: ConsoleDeps, workspaceId: string): Promise<ConsoleSession> {
  const raw = readCookie(c, deps, 'session');
  const s = c.var.session;
  if (!raw || !s) throw new Error('selectWorkspace: no session');
  await userPrincipal(deps.store, workspaceId, s.userId);
  const { sessions } = openIdentityStore(deps.store);
  await sessions.update(hashToken(raw), { workspaceId });
  const stored = await sessions.get(hashToken(raw));
  const next = stored && (await adopt(c, deps, raw, stored));
  if (!next) throw new Error('selectWorkspace: the session ended');
  return next;
}

/** Where a guarded route may be reached besides a complete session. */
export interface RequireSessionOptions {
  /** Needs a picked workspace and its principal (default true; else redirect to `/workspaces`). */
  workspace?: boolean;
  /** Reachable while a second factor is owed (`/mfa/challenge`, `/mfa/recovery`). */
  duringChallenge?: boolean;
  /** Reachable while MFA enrolment is required (`/mfa/setup`). */
  duringEnrolment?: boolean;
}

/**
 * Guards console routes: no session → `/sign-in?next=…`; a second factor owed → `/mfa/challenge`;
 * the workspace requires MFA and the user has none → `/mfa/setup`; no workspace → `/workspaces`.
 *
 * @example
 * app.get('/sources', requireSession(), (c) => c.html(<Sources principal={c.var.principal!} />));
 */
export function requireSession(options: RequireSessionOptions = {}): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const s = c.var.session;
    const here = new URL(c.req.url);
    if (!s) return c.redirect(c.req.method === 'GET' ? `/sign-in?next=${encodeURIComponent(here.pathname + here.search)}` : '/sign-in', 303);
    if (!s.mfaVerified && !options.duringChallenge) return c.redirect('/mfa/challenge', 303);
    if (s.mfaVerified && s.mfaEnrolmentRequired && !options.duringEnrolment) return c.redirect('/mfa/setup', 303);
    if ((options.workspace ?? true) && (!s.workspaceId || !c.var.principal)) return c.redirect('/workspaces', 303);
    await next();
  };
}
