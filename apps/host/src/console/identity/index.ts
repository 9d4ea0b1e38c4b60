/** The console's identity: sessions, CSRF, passwords, MFA, mail and their routes. */
export { identityRoutes } from './identity-routes.ts';
export { completeMfa, csrfTokenFor, endSession, requireSession, type RequireSessionOptions, SESSION_DEFAULTS, selectWorkspace, sessionMiddleware, startSession, type StartSessionInput } from './session.ts';
export { consoleMailer, createDevOutbox } from './mail.ts';
export { inviteByMail, mailInvite } from './invite-routes.tsx';
export { bootstrapAdminFromEnv, createOwner } from './owner-account.ts';
export { hashPassword, passwordProblem, verifyPassword } from './password.ts';
