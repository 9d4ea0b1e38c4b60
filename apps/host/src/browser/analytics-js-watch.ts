import type { Page } from 'playwright-core';

/** What a page did on the network and in its console, as seen by {@link watchPage}. */
export interface PageWatch {
  /** Every request the page made (not CORS preflights, which Chromium does not report). */
  requests: Array<{ method: string; url: string; headers: Record<string, string>; body: string | null }>;
  /** Responses by URL, in order. */
  responses: Array<{ url: string; status: number }>;
  /** `console.error` texts. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
}

/**
 * Records a page's requests, responses, console errors and uncaught errors from now on.
 *
 * @example
 * ```ts
 * const watch = watchPage(page);
 * await page.goto(url);
 * expect(watch.consoleErrors).toEqual([]);
 * ```
 */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { requests: [], responses: [], consoleErrors: [], pageErrors: [] };
  page.on('request', (request) => {
    watch.requests.push({ method: request.method(), url: request.url(), headers: request.headers(), body: request.postData() });
  });
  page.on('response', (response) => {
    watch.responses.push({ url: response.url(), status: response.status() });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  return watch;
}

/**
 * An init script that runs the page's clock `skewMs` ahead of real time (`Date.now()` and `new Date()`),
 * as on a visitor's machine whose clock is wrong. Timers are untouched.
 *
 * @example
 * ```ts
 * await context.addInitScript(skewedClockScript(3_600_000));
 * ```
 */
export function skewedClockScript(skewMs: number): string {
  if (!Number.isFinite(skewMs)) throw new Error(`skewedClockScript: skewMs must be a finite number, got ${skewMs}`);
  return `(() => {
    const skew = ${skewMs};
    const RealDate = Date;
    class SkewedDate extends RealDate {
      constructor(...args) { if (args.length === 0) super(RealDate.now() + skew); else super(...args); }
      static now() { return RealDate.now() + skew; }
    }
    window.Date = SkewedDate;
  })();`;
}
