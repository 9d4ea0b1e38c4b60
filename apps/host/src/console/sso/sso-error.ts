/**
 * A refused single sign-on: its message is shown to the person signing in (it names what was
 * wrong, never a secret or a token).
 *
 * @example
 * throw new SsoError('The SAML assertion was issued for another service provider (audience).');
 */
export class SsoError extends Error {
  readonly status: 400 | 401 | 403 | 422;
  constructor(message: string, status: 400 | 401 | 403 | 422 = 401) {
    super(message);
    this.name = 'SsoError';
    this.status = status;
  }
}
