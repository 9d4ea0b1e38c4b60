import { openIdentityStore } from '@junction/store';
import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { readForm, safeNext } from './form.ts';
import { attemptLimiter, tooManyMessage } from './limits.ts';
import { verifyPassword } from './password.ts';
import { completeMfa, requireSession } from './session.ts';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, openTotpSecret, sealTotpSecret, totpUri, verifyTotp } from './totp.ts';
import { MfaChallengePage } from './views/mfa-challenge-page.tsx';
import { MfaEnabledPage, MfaSetupPage, RecoveryCodesPage } from './views/mfa-setup-page.tsx';
import { RecoveryPage } from './views/recovery-page.tsx';

const WRONG_CODE = 'Code is not valid: enter the 6 digits your authenticator app shows now.';
const REPLAYED_CODE = 'This code was already used: wait for the next one.';

/**
 * Multi-factor authentication: enrolment (`/mfa/setup`: TOTP secret, first code, 10 recovery
 * codes), the challenge after the password (`/mfa/challenge`), recovery codes (`/mfa/recovery`)
 * and turning it off (`/mfa/disable`). Completing a factor rotates the session id.
 *
 * @example
 * app.route('/', mfaRoutes(deps));
 */
export function mfaRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const { credentials, authSettings } = openIdentityStore(deps.store);
  const cipher = deps.admin.cipher;
  const limiter = attemptLimiter(deps);
  const now = () => (deps.now ? deps.now() : new Date());
  const enrolling = requireSession({ workspace: false, duringEnrolment: true });
  const challenged = requireSession({ workspace: false, duringChallenge: true });
  const locked = async (workspaceId: string | null) => workspaceId !== null && (await authSettings.get(workspaceId)).requireMfa;

  const pendingSecret = async (userId: string): Promise<string> => {
    const sealed = await credentials.pendingSecret(userId);
    if (sealed) return openTotpSecret(cipher, sealed);
    const secret = newTotpSecret();
    await credentials.setPendingSecret(userId, sealTotpSecret(cipher, secret));
    return secret;
  };

  app.get('/mfa/setup', enrolling, async (c) => {
    const s = c.var.session!;
    const creds = await credentials.byUserId(s.userId);
    if (creds?.mfaEnabled) return c.html(<MfaEnabledPage csrf={c.var.csrfToken} remainingCodes={creds.recoveryCodeHashes.length} locked={await locked(s.workspaceId)} />);
    const secret = await pendingSecret(s.userId);
    return c.html(<MfaSetupPage csrf={c.var.csrfToken} secret={secret} uri={totpUri(secret, s.email)} required={s.mfaEnrolmentRequired === true} />);
  });

  app.post('/mfa/setup', enrolling, async (c) => {
    const s = c.var.session!;
    if ((await credentials.byUserId(s.userId))?.mfaEnabled) return c.redirect('/mfa/setup', 303);
    const secret = await pendingSecret(s.userId);
    const code = (await readForm(c)).code ?? '';
    const page = (error: string, status: 422 | 429) => c.html(<MfaSetupPage csrf={c.var.csrfToken} secret={secret} uri={totpUri(secret, s.email)} error={error} required={s.mfaEnrolmentRequired === true} />, status);
    const decision = limiter.take(`mfa|${s.userId}`);
    if (!decision.allowed) return page(tooManyMessage(decision.retryAfterMs), 429);
    const step = verifyTotp(secret, code, now());
    if (step === null) return page(WRONG_CODE, 422);
    if (!(await credentials.claimTotpStep(s.userId, step))) return page(REPLAYED_CODE, 422);
    const codes = newRecoveryCodes();
    await credentials.enableMfa(s.userId, sealTotpSecret(cipher, secret), codes.map(hashRecoveryCode));
    await completeMfa(c, deps);
    return c.html(<RecoveryCodesPage codes={codes} next="/" />);
  });

  app.post('/mfa/disable', requireSession({ workspace: false }), async (c) => {
    const s = c.var.session!;
    const creds = await credentials.byUserId(s.userId);
    if (!creds?.mfaEnabled) return c.redirect('/mfa/setup', 303);
    const view = { csrf: c.var.csrfToken, remainingCodes: creds.recoveryCodeHashes.length };
    if (await locked(s.workspaceId)) return c.html(<MfaEnabledPage {...view} locked />, 409);
    const decision = limiter.take(`mfa|${s.userId}`);
    if (!decision.allowed) return c.html(<MfaEnabledPage {...view} error={tooManyMessage(decision.retryAfterMs)} />, 429);
    if (!(await verifyPassword(creds.passwordHash, (await readForm(c)).password ?? ''))) return c.html(<MfaEnabledPage {...view} error="Password is incorrect." />, 401);
    await credentials.disableMfa(s.userId);
    return c.redirect('/mfa/setup', 303);
  });

  app.get('/mfa/challenge', challenged, (c) => (c.var.session!.mfaVerified ? c.redirect('/', 303) : c.html(<MfaChallengePage csrf={c.var.csrfToken} />)));

  app.post('/mfa/challenge', challenged, async (c) => {
    const s = c.var.session!;
    if (s.mfaVerified) return c.redirect('/', 303);
    const creds = await credentials.byUserId(s.userId);
    const decision = limiter.take(`mfa|${s.userId}`);
    if (!decision.allowed) return c.html(<MfaChallengePage csrf={c.var.csrfToken} alert={tooManyMessage(decision.retryAfterMs)} />, 429);
    const step = creds?.mfaSecret ? verifyTotp(openTotpSecret(cipher, creds.mfaSecret), (await readForm(c)).code ?? '', now()) : null;
    if (step === null) return c.html(<MfaChallengePage csrf={c.var.csrfToken} error={WRONG_CODE} />, 422);
    if (!(await credentials.claimTotpStep(s.userId, step))) return c.html(<MfaChallengePage csrf={c.var.csrfToken} error={REPLAYED_CODE} />, 422);
    await completeMfa(c, deps);
    return c.redirect(safeNext(c.req.query('next')), 303);
  });

  app.get('/mfa/recovery', challenged, (c) => (c.var.session!.mfaVerified ? c.redirect('/', 303) : c.html(<RecoveryPage csrf={c.var.csrfToken} />)));

  app.post('/mfa/recovery', challenged, async (c) => {
    const s = c.var.session!;
    if (s.mfaVerified) return c.redirect('/', 303);
    const decision = limiter.take(`mfa|${s.userId}`);
    if (!decision.allowed) return c.html(<RecoveryPage csrf={c.var.csrfToken} alert={tooManyMessage(decision.retryAfterMs)} />, 429);
    const code = (await readForm(c)).code ?? '';
    if (!code.trim() || !(await credentials.useRecoveryCode(s.userId, hashRecoveryCode(code)))) {
      return c.html(<RecoveryPage csrf={c.var.csrfToken} error="Recovery code is not valid or was already used." />, 422);
    }
    await completeMfa(c, deps);
    return c.redirect('/', 303);
  });

  return app;
}
