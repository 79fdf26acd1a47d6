import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from '#testing';

/** Where the dashboard tests keep their screenshots (artifacts of the run, not committed). */
export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'dashboard');


/** Every wait of a browser step is bounded by this (a 2-core CI machine is slow, never this slow). */
export const STEP_TIMEOUT_MS = 10_000;

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-dev-shm-usage'], timeout: 30_000 });
}

/** A fresh browser profile (no cookie) pointed at an admin listener, 1280 px wide, light scheme. */
export async function openDashboard(browser: Browser, adminPort: number, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${adminPort}`, viewport: { width, height: 900 }, colorScheme: 'light' });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  return { context, page };
}

/** Signs in through the form as a user would (mouse-free). */
export async function signIn(page: Page, user = 'admin', password = 'admin'): Promise<void> {
  await page.goto('/ui/');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'APIs', level: 1 }).waitFor();
}

/** The whole page, or only what is on screen (a modal dialog's backdrop covers only the screen). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** How far the page is wider than the viewport (0: nothing scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // A string, evaluated in the page: the test code is compiled without the DOM's types.
  return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
}
