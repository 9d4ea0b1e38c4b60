import { describe, expect, it } from 'vitest';
import { BACKENDS, harness, seed } from '../test/backends.ts';
import { hashToken } from './api-tokens.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import { openIamStore } from './iam-store.ts';
import { openIdentityStore } from './identity-store.ts';

describe.each(BACKENDS)('identity store on %s', (backend) => {
  const h = harness(backend);

  async function setup() {
    const store = await h.open(await h.location());
    const seeded = await seed(store);
    const ada = await openIamStore(store).users.create({ email: 'Ada@Example.com', name: 'Ada' });
    return { store, ...seeded, ada, id: openIdentityStore(store) };
  }

  it('keeps sessions by the hash of their id, with workspace, MFA state, expiry and pruning', async () => {
    const { store, workspace, ada, id } = await setup();
    const now = new Date('2030-01-01T00:00:00.000Z');
    const idHash = hashToken('session-secret');
    await id.sessions.create({ idHash, userId: ada.id, workspaceId: null, method: 'password', mfaVerified: false, now, expiresAt: new Date(now.getTime() + 3_600_000) });
    await expect(id.sessions.create({ idHash: 'x', userId: ada.id, workspaceId: null, method: 'magic' as 'password', mfaVerified: true, now, expiresAt: now })).rejects.toThrow(/session\.method must be one of/);
    const rows = await h.sql<{ id_hash: string }>(store, 'SELECT id_hash FROM console_sessions');
    expect(rows.map((r) => r.id_hash)).toEqual([idHash]);
    await id.sessions.update(idHash, { workspaceId: workspace.id, mfaVerified: true });
    expect(await id.sessions.get(idHash)).toMatchObject({ userId: ada.id, workspaceId: workspace.id, mfaVerified: true, method: 'password' });
    await id.sessions.create({ idHash: hashToken('other'), userId: ada.id, workspaceId: null, method: 'oidc', mfaVerified: true, now, expiresAt: new Date(now.getTime() + 60_000) });
    expect(await id.sessions.prune(new Date(now.getTime() + 120_000), new Date(now.getTime() - 1))).toBe(1);
    expect(await id.sessions.get(hashToken('other'))).toBeUndefined();
    expect(await id.sessions.deleteForUser(ada.id)).toBe(1);
    expect(await id.sessions.get(idHash)).toBeUndefined();
  });

  it('spends password reset tokens once, refuses expired ones and stores only their hash', async () => {
    const { store, ada, id } = await setup();
    const now = new Date('2030-01-01T00:00:00.000Z');
    const { token } = await id.passwordResets.create(ada.id, { now, ttlMinutes: 30 });
    const stored = await h.sql<{ token_hash: string }>(store, 'SELECT token_hash FROM password_resets');
    expect(stored[0]?.token_hash).toBe(hashToken(token));
    await expect(id.passwordResets.check(token, new Date(now.getTime() + 31 * 60_000))).rejects.toBeInstanceOf(InvalidInputError);
    expect(await id.passwordResets.consume(token, now)).toEqual({ userId: ada.id });
    await expect(id.passwordResets.consume(token, now)).rejects.toBeInstanceOf(NotFoundError);
    await expect(id.passwordResets.check('jcr_unknown', now)).rejects.toThrow(/not valid/);
  });

  it('enrols MFA, spends recovery codes once and refuses a replayed TOTP step', async () => {
    const { ada, id } = await setup();
    expect(await id.credentials.countUsers()).toBe(1);
    await id.credentials.setPasswordHash(ada.id, '$argon2id$fake');
    expect(await id.credentials.byEmail('ADA@example.com')).toMatchObject({ userId: ada.id, passwordHash: '$argon2id$fake', mfaEnabled: false, recoveryCodeHashes: [] });
    await id.credentials.setPendingSecret(ada.id, 'sealed-pending');
    expect(await id.credentials.pendingSecret(ada.id)).toBe('sealed-pending');
    await id.credentials.enableMfa(ada.id, 'sealed-secret', ['h1', 'h2']);
    expect(await id.credentials.pendingSecret(ada.id)).toBeNull();
    expect(await id.credentials.byUserId(ada.id)).toMatchObject({ mfaEnabled: true, mfaSecret: 'sealed-secret', recoveryCodeHashes: ['h1', 'h2'] });
    expect(await id.credentials.useRecoveryCode(ada.id, 'h1')).toBe(true);
    expect(await id.credentials.useRecoveryCode(ada.id, 'h1')).toBe(false);
    expect(await id.credentials.claimTotpStep(ada.id, 100)).toBe(true);
    expect(await id.credentials.claimTotpStep(ada.id, 100)).toBe(false);
    expect(await id.credentials.claimTotpStep(ada.id, 99)).toBe(false);
    expect(await id.credentials.claimTotpStep(ada.id, 101)).toBe(true);
    await id.credentials.disableMfa(ada.id);
    expect(await id.credentials.byUserId(ada.id)).toMatchObject({ mfaEnabled: false, mfaSecret: null, recoveryCodeHashes: [] });
  });

  it('stores workspace authentication settings with a default', async () => {
    const { workspace, id } = await setup();
    expect(await id.authSettings.get(workspace.id)).toEqual({ requireMfa: false });
    await id.authSettings.set(workspace.id, { requireMfa: true });
    expect(await id.authSettings.get(workspace.id)).toEqual({ requireMfa: true });
    await id.authSettings.set(workspace.id, { requireMfa: false });
    expect(await id.authSettings.get(workspace.id)).toEqual({ requireMfa: false });
  });
});

describe.each(BACKENDS)('invitation links on %s', (backend) => {
  const h = harness(backend);

  it('re-issues an invite token for its mail, previews it and lets the IAM store accept it', async () => {
    const store = await h.open(await h.location());
    const { workspace } = await seed(store);
    const iam = openIamStore(store);
    const id = openIdentityStore(store);
    const { token: first } = await iam.invites.create(workspace.id, { email: 'Bo@Example.com', permissions: [] });
    expect(await id.inviteLinks.issue(workspace.id, 'nobody@example.com')).toBeUndefined();
    const sent = await id.inviteLinks.issue(workspace.id, 'bo@example.com');
    expect(sent?.invite.email).toBe('Bo@Example.com');
    await expect(id.inviteLinks.preview(first)).rejects.toBeInstanceOf(NotFoundError);
    const preview = await id.inviteLinks.preview(sent!.token);
    expect(preview).toMatchObject({ workspaceName: workspace.name, existingUserId: null, hasPassword: false });
    await expect(id.inviteLinks.preview(sent!.token, new Date(Date.parse(preview.invite.expiresAt) + 1))).rejects.toBeInstanceOf(InvalidInputError);
    const { user } = await iam.invites.accept(sent!.token);
    expect(await iam.users.isMember(workspace.id, user.id)).toBe(true);
    await expect(id.inviteLinks.preview(sent!.token)).rejects.toThrow(/not valid/);
  });
});
