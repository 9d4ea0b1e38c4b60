import { openSsoStore, type Store } from '@junction/store';

/**
 * Whether an email must sign in with SSO: its domain routes to an SSO connection with
 * `requireSso` on. Password sign-in (and password reset) call this and refuse when true.
 *
 * @example
 * if (await ssoRequiredFor(deps.store, form.email)) return showError('Your organisation requires single sign-on: use "Sign in with SSO".');
 */
export async function ssoRequiredFor(store: Pick<Store, 'db'>, email: string): Promise<boolean> {
  return openSsoStore(store).ssoRequiredFor(email);
}
