import { Secret, TOTP } from 'otpauth';
import type { Locator, Page } from 'playwright-core';

/**
 * The 6-digit TOTP code of a base32 secret (spaces allowed, as the setup page groups it) at a
 * time — what an authenticator app would show. `stepsAhead` moves to a later 30-second step, so
 * two codes in a row are distinct (the host refuses a replayed step).
 *
 * @example
 * totpCode('JBSW Y3DP EHPK 3PXP'); // e.g. '492039'
 */
export function totpCode(secret: string, stepsAhead = 0, now = Date.now()): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret.replace(/\s+/g, '')) });
  return totp.generate({ timestamp: now + stepsAhead * 30_000 });
}

/**
 * Opens a console path and checks the answer: a status below 400 and an `<h1>` (when `heading` is
 * given, one that contains it). Returns the h1's text.
 *
 * @example
 * await openPage(page, `${host.url}/sources`, 'Sources');
 */
export async function openPage(page: Page, url: string, heading?: string | RegExp): Promise<string> {
  const response = await page.goto(url);
  const status = response?.status() ?? 0;
  if (status >= 400) throw new Error(`${url} answered ${status}: ${((await page.locator('body').textContent()) ?? '').slice(0, 300)}`);
  const h1 = page.locator('h1');
  if ((await h1.count()) === 0) throw new Error(`${url}: no <h1> on the page (${response?.headers()['content-type'] ?? 'no content type'}): ${((await page.locator('body').textContent()) ?? '').slice(0, 200)}`);
  const text = ((await h1.first().textContent()) ?? '').trim();
  if (heading !== undefined && !(typeof heading === 'string' ? text.includes(heading) : heading.test(text))) {
    throw new Error(`${url}: expected the heading ${String(heading)}, found "${text}"`);
  }
  return text;
}

/**
 * The visible error messages after a rejected form: every visible `role="alert"` and the text of
 * each `aria-invalid` field's `aria-describedby` elements whose id ends in `-error`. Throws
 * (naming the page) when there is none, so "bad input shows a message" is a real check.
 *
 * @example
 * const messages = await visibleErrors(page); // ['Check the highlighted fields.', 'Email is required.']
 */
export async function visibleErrors(page: Page): Promise<string[]> {
  const messages: string[] = [];
  for (const alert of await page.getByRole('alert').all()) {
    if (await alert.isVisible()) messages.push(((await alert.textContent()) ?? '').trim());
  }
  for (const field of await page.locator('[aria-invalid="true"]').all()) {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
    for (const id of ids) {
      const described = page.locator(`[id="${id}"]`);
      if ((await described.count()) > 0 && (await described.first().isVisible())) messages.push(((await described.first().textContent()) ?? '').trim());
    }
  }
  const shown = messages.filter((m) => m !== '');
  if (shown.length === 0) throw new Error(`${page.url()}: no visible error message (role=alert or a field's -error text) after bad input`);
  return shown;
}

/**
 * Submits a form (by its accessible name) with its submit button and waits for the next page.
 *
 * @example
 * await submit(page, 'Create a source', 'Create source');
 */
export async function submit(page: Page, formName: string, button: string): Promise<void> {
  const form: Locator = page.getByRole('form', { name: formName });
  await clickAndLoad(page, form.getByRole('button', { name: button }));
}

/**
 * Clicks something that navigates (a submit button, a link) and waits for the next page's `load`.
 *
 * @example
 * await clickAndLoad(page, page.getByRole('button', { name: 'Send test event' }));
 */
export async function clickAndLoad(page: Page, target: Locator): Promise<void> {
  const loaded = page.waitForEvent('load');
  await target.click();
  await loaded;
}

/**
 * Signs in with email and password from `/sign-in` (lands on `/mfa/challenge`, the console, or
 * the sign-in form again with its error).
 *
 * @example
 * await signIn(page, host.url, 'ada@example.com', 'correct horse battery');
 */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await openPage(page, `${base}/sign-in`, 'Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await submit(page, 'Sign in', 'Sign in');
}

/**
 * The number a definition list shows for a term (`<dt>delivered</dt><dd>3</dd>`), or undefined
 * when the term is not on the page. Terms are compared case-insensitively.
 *
 * @example
 * await definitionCount(page, 'delivered'); // 3
 */
export async function definitionCount(page: Page, term: string): Promise<number | undefined> {
  const text = await page.evaluate((wanted) => {
    for (const dt of Array.from(document.querySelectorAll('dt'))) {
      if ((dt.textContent ?? '').trim().toLowerCase() !== wanted) continue;
      let dd = dt.nextElementSibling;
      while (dd && dd.tagName !== 'DD') dd = dd.nextElementSibling;
      return dd?.textContent ?? null;
    }
    return null;
  }, term.toLowerCase());
  if (text === null) return undefined;
  const match = /-?\d[\d,\s]*/.exec(text);
  return match ? Number(match[0].replace(/[,\s]/g, '')) : undefined;
}

/**
 * Waits (polling every 250 ms, up to `tries`) until `check` returns a value that is not undefined.
 *
 * @example
 * await eventually(() => (sink.events().length >= 3 ? true : undefined), 'three events at the sink');
 */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, tries = 120): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`gave up waiting for ${what}`);
}
