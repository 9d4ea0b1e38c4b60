import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/**
 * The folder screenshots go to: `JUNCTION_ARTIFACTS_DIR/screenshots`, else `<repo>/artifacts/screenshots`
 * (ignored by git; CI keeps it as an artefact).
 *
 * @example
 * screenshotDir(); // '/work/main/artifacts/screenshots'
 */
export function screenshotDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.JUNCTION_ARTIFACTS_DIR?.trim() || join(repoRoot, 'artifacts'), 'screenshots');
}

/**
 * Saves a full-page PNG of the page as `<screenshotDir>/<name>.png` and returns its path.
 * Names are kebab-case words; anything else is rejected so files stay predictable.
 *
 * @example
 * await saveScreenshot(page, 'sources'); // …/artifacts/screenshots/sources.png
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new Error(`screenshot name "${name}": use lower-case words joined by dashes`);
  const dir = screenshotDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
