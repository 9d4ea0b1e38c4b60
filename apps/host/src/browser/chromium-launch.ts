import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser (installed by `.ci/chromium.sh`). */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium executable the browser tests drive: `JUNCTION_CHROMIUM`, else `CHROME_PATH`, else
 * {@link DEFAULT_CHROMIUM}. Throws an error that says how to install it when the file is missing,
 * so a machine without a browser fails the test instead of skipping it.
 *
 * @example
 * findChromium({ JUNCTION_CHROMIUM: '/opt/chromium/chrome' }); // '/opt/chromium/chrome' (when it exists)
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.JUNCTION_CHROMIUM?.trim() || env.CHROME_PATH?.trim();
  const path = chosen || DEFAULT_CHROMIUM;
  if (!existsSync(path)) {
    const from = env.JUNCTION_CHROMIUM?.trim() ? 'JUNCTION_CHROMIUM' : chosen ? 'CHROME_PATH' : 'the default path';
    throw new Error(
      `browser tests: no Chromium at ${path} (${from}). Install Debian's chromium package ` +
        '(`bash .ci/chromium.sh`, or `apt-get install chromium`) or set JUNCTION_CHROMIUM to a Chromium executable.',
    );
  }
  return path;
}

/**
 * Launches headless Chromium through playwright-core (no browser download: the system's build).
 * `--no-sandbox` because CI runs as root, where Chromium's sandbox cannot start.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await browser.close();
 */
export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(env),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    timeout: 30_000,
  });
}
