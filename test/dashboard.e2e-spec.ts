import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apictlProject, CHROMIUM, describeWithProgram, openApiDocument, startTestGateway, type TestGateway, zipProject } from '#testing';
import { PORTICO_BASE } from './support/admin-api.js';
import { ControlledBackend } from './support/controlled-backend.js';
import { horizontalOverflow, launchBrowser, openDashboard, screenshot, signIn } from './support/dashboard-browser.js';

/**
 * The admin dashboard (issue 23) in Debian's chromium driven by playwright-core, against a real
 * gateway and real backends: sign in through the form, the APIs with their security, deploy by
 * upload (and its problems), live health without reloading, traffic charts, undeploy with a
 * keyboard-driven confirmation, a phone-sized screen, and 2,000 APIs paged.
 */

const SAMPLE = join(process.cwd(), 'config', 'apis', 'PetstoreMock');

/** The peak request rate a Requests chart states (`…; peak 2.00/s`), 0 when it states none. */
function peakOf(label: string): number {
  const match = /peak ([\d.]+)\/s/.exec(label);
  return match ? Number(match[1]) : 0;
}

describeWithProgram(CHROMIUM, 'admin dashboard in a real browser', () => {
  let gw: TestGateway;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let orders: ControlledBackend;
  let flaky: ControlledBackend;
  let steady: ControlledBackend;

  /** Puts a file into the deploy form (as a file chooser would) and submits it. */
  const upload = async (name: string, mimeType: string, buffer: Buffer): Promise<void> => {
    await page.goto('/ui/#/deploy');
    await page.getByLabel('Project zip or definition').setInputFiles({ name, mimeType, buffer });
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  };

  beforeAll(async () => {
    [orders, flaky, steady] = await Promise.all(['orders', 'flaky', 'steady'].map((name) => ControlledBackend.start(name)));
    const dir = mkdtempSync(join(tmpdir(), 'portico-dashboard-'));
    cpSync(SAMPLE, join(dir, 'apis', 'PetstoreMock'), { recursive: true });
    gw = await startTestGateway({
      dir,
      settings: {
        upstream: { healthChecks: { intervalMs: 100, timeoutMs: 100, unhealthyThreshold: 1, healthyThreshold: 2 } },
        metrics: { trafficSampleSeconds: 1 },
      },
    });
    browser = await launchBrowser();
    ({ context, page } = await openDashboard(browser, gw.running.ports.admin ?? 0));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await gw?.destroy();
    await Promise.all([orders, flaky, steady].map((b) => b?.close()));
  });

  it('sends a visitor without a session to the sign-in form, which works with the keyboard alone', async () => {
    await page.goto('/ui/');
    expect(new URL(page.url()).pathname).toBe('/ui/login');
    // The user name field has the focus on arrival.
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/ui/login?failed=1');
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong user name or password.');
    await screenshot(page, 'login-failed');
    // The password field has the focus after a failure; the user name goes back in first.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type('admin');
    await screenshot(page, 'login');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'APIs', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ui/');
    await page.getByText('Live', { exact: true }).waitFor();
  }, 30_000);

  it('lists the sample API and a secured one with where they are deployed, their connector and their security', async () => {
    const secured = openApiDocument({
      title: 'Payments',
      basePath: '/payments',
      open: false,
      paths: { '/payments': ['get'] },
      extra: {
        'x-portico-mock': true,
        components: { securitySchemes: { default: { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://auth.example/authorize', scopes: {} } } } } },
        security: [{ default: [] }],
      },
    });
    const deployed = await gw.admin(`${PORTICO_BASE}/apis`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: secured });
    expect([deployed.status, deployed.status === 201 ? '' : deployed.text]).toEqual([201, '']);
    // The list follows deploys live (the event stream), without reloading.
    const payments = page.getByRole('row', { name: /Payments/ });
    await payments.getByText('default (OAuth2)').waitFor();
    await expect(payments.getByRole('cell').allTextContents()).resolves.toEqual(['1.0.0', 'localhost', 'Default', '/payments', 'mock', 'default (OAuth2)']);
    const sample = page.getByRole('row', { name: /PetstoreMock/ });
    await sample.getByText('Open (security disabled)').waitFor();
    await expect(sample.getByRole('cell').allTextContents()).resolves.toEqual(['v1', 'localhost', 'Default', '/petstore/v1', 'mock', 'Open (security disabled)']);

    await payments.getByRole('link', { name: 'Payments' }).click();
    const security = page.getByRole('region', { name: 'Security' });
    await security.getByText('default — OAuth2 bearer token').waitFor();
  }, 30_000);

  it('deploys a project zip through the upload; it is listed, shown in detail and answers on the data plane', async () => {
    const definition = openApiDocument({ title: 'Orders', basePath: '/orders', production: [orders.url], paths: { '/orders/{id}': ['get'] } });
    const zip = await zipProject('Orders', apictlProject({ definition, name: 'Orders', version: '1.0.0', context: '/orders', productionUrl: orders.url }));
    await upload('Orders.zip', 'application/zip', zip);
    await page.getByText('Deployed:').waitFor();
    await expect(page.locator('#deploy-result').textContent()).resolves.toMatch(/Deployed: Orders 1\.0\.0 at \/orders/);

    await page.getByRole('link', { name: 'APIs', exact: true }).click();
    const row = page.getByRole('row', { name: /Orders/ });
    await row.getByText('Open (security disabled)').waitFor();
    await row.getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { name: 'Orders 1.0.0', level: 1 }).waitFor();
    const endpoints = page.getByRole('region', { name: 'Endpoints' });
    await endpoints.getByText(orders.url, { exact: true }).waitFor();
    await expect(endpoints.getByRole('heading').allTextContents()).resolves.toEqual(['Endpoints', 'PRODUCTION keys']);
    await expect(page.locator('pre.definition').textContent()).resolves.toContain('x-wso2-basePath: /orders');
    await expect(page.getByRole('region', { name: /Resources/ }).textContent()).resolves.toContain('/orders/{id}');
    await screenshot(page, 'api-detail');

    const { basePath } = (await gw.admin(`${PORTICO_BASE}/apis/Orders/1.0.0`)).json<{ basePath: string }>();
    const answer = await gw.request(`${basePath}/orders/7`);
    expect([answer.status, answer.json<{ backend: string; url: string }>()]).toEqual([200, expect.objectContaining({ backend: 'orders', url: '/orders/7' })]);
  }, 30_000);

  it('shows every problem of a refused upload with its location', async () => {
    const broken = openApiDocument({ title: 'Broken', basePath: '/broken', production: ['http://127.0.0.1:70000/api'] });
    await upload('broken.yaml', 'application/yaml', Buffer.from(broken));
    const alert = page.locator('#deploy-result [role="alert"]');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('broken.yaml was not deployed');
    expect(text).toContain('endpoint.port-range');
    expect(text).toMatch(/endpoint port value should be between 0 and 65535: http:\/\/127\.0\.0\.1:70000\/api at definition#\/x-wso2-production-endpoints\/urls\/0/);
    await screenshot(page, 'deploy-error');
  }, 30_000);

  it('shows a backend going unhealthy and recovering on the health page, live, without reloading', async () => {
    const deployed = await gw.admin(`${PORTICO_BASE}/apis`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: openApiDocument({ title: 'Probed', basePath: '/probed', production: [flaky.url, steady.url] }),
    });
    expect(deployed.status).toBe(201);
    await page.getByRole('link', { name: 'Health' }).click();
    const member = page.locator(`tr[data-member="${flaky.url}"]`);
    await page.locator(`tr[data-member="${flaky.url}"][data-state="healthy"]`).waitFor();
    // A mark in the page's memory: it survives only if the page is never loaded again.
    await page.evaluate('window.notReloaded = true');

    await flaky.kill();
    await page.locator(`tr[data-member="${flaky.url}"][data-state="unhealthy"]`).waitFor();
    await expect(member.getByRole('cell').first().textContent()).resolves.toMatch(/unhealthy/);
    await page.locator('#announcer', { hasText: `Probed 1.0.0: ${flaky.url} is unhealthy (probe).` }).waitFor();
    await screenshot(page, 'health');

    await flaky.restart();
    await page.locator(`tr[data-member="${flaky.url}"][data-state="healthy"]`).waitFor();
    await expect(page.evaluate('window.notReloaded')).resolves.toBe(true);
  }, 30_000);

  it('charts request rate, error rate and latency per API', async () => {
    for (let i = 0; i < 20; i++) expect((await gw.request(`/probed/item/${i}`)).status).toBe(200);
    await page.getByRole('link', { name: 'Traffic' }).click();
    const probed = page.locator('section[data-api="Probed 1.0.0"]');
    // The page refreshes every 10 s; coming back to it loads at once (the gateway samples every second here).
    const requests = probed.getByRole('img', { name: /^Requests:/ });
    let label = '';
    for (let attempt = 0; attempt < 40 && peakOf(label) === 0; attempt++) {
      await page.goto('/ui/#/apis');
      await page.goto('/ui/#/traffic');
      await page.locator('.traffic[aria-busy="true"]').waitFor({ state: 'detached' });
      label = (await requests.count()) > 0 ? ((await requests.getAttribute('aria-label')) ?? '') : '';
      if (peakOf(label) === 0) await page.waitForTimeout(250);
    }
    expect(peakOf(label)).toBeGreaterThan(0);
    expect(await probed.getByRole('img').count()).toBe(3);
    await expect(probed.getByRole('img', { name: /^Latency: latest p50 .*, p95 .*, p99 / }).count()).resolves.toBe(1);
    await screenshot(page, 'traffic');

    // The list as an operator sees it with a few APIs deployed (docs/dashboard.png is a copy of it).
    await page.goto('/ui/#/apis');
    await page.getByRole('row', { name: /Probed/ }).waitFor();
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
    await screenshot(page, 'apis');
  }, 30_000);

  it('undeploys after a confirmation that works with the keyboard: Escape keeps the API, the Undeploy button removes it', async () => {
    const { basePath } = (await gw.admin(`${PORTICO_BASE}/apis/Orders/1.0.0`)).json<{ basePath: string }>();
    await page.goto('/ui/#/apis/Orders/1.0.0');
    const undeploy = page.getByRole('button', { name: 'Undeploy…' });
    await undeploy.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Undeploy Orders 1.0.0?' });
    await dialog.waitFor();
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Cancel');
    await screenshot(page, 'undeploy-dialog', false);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Undeploy…');
    expect((await gw.admin(`${PORTICO_BASE}/apis/Orders/1.0.0`)).status).toBe(200);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Undeploy');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'APIs', level: 1 }).waitFor();
    await page.getByRole('row', { name: /PetstoreMock/ }).waitFor();
    expect(await page.getByRole('row', { name: /Orders/ }).count()).toBe(0);
    expect((await gw.admin(`${PORTICO_BASE}/apis/Orders/1.0.0`)).status).toBe(404);
    expect((await gw.request(`${basePath}/orders/7`)).status).toBe(404);
  }, 30_000);

  it('fits a 390 px phone screen: no page scrolls sideways', async () => {
    const phone = await openDashboard(browser, gw.running.ports.admin ?? 0, 390);
    try {
      await phone.context.addCookies(await context.cookies());
      for (const view of ['#/apis', '#/apis/PetstoreMock/v1', '#/deploy', '#/health', '#/traffic']) {
        await phone.page.goto(`/ui/${view}`);
        expect(new URL(phone.page.url()).pathname).toBe('/ui/');
        await phone.page.locator('h1').waitFor();
        await phone.page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' });
        expect([view, await horizontalOverflow(phone.page)]).toEqual([view, 0]);
        if (view === '#/apis') await screenshot(phone.page, 'apis-phone');
      }
    } finally {
      await phone.context.close();
    }
  }, 30_000);

  it('logs out: the session is gone and the dashboard sends the browser back to the sign-in form', async () => {
    await page.goto('/ui/#/apis');
    await page.getByText('Signed in as admin').waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/ui/login');
    await page.goto('/ui/#/health');
    expect(new URL(page.url()).pathname).toBe('/ui/login');
  }, 30_000);
});

describeWithProgram(CHROMIUM, 'admin dashboard with 2,000 APIs', () => {
  const COUNT = 2000;
  let gw: TestGateway;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-dashboard-many-'));
    for (let i = 0; i < COUNT; i++) {
      const name = `Bulk${String(i).padStart(4, '0')}`;
      const files = apictlProject({
        definition: openApiDocument({ title: name, basePath: `/bulk/${i}`, paths: { '/ping': ['get'] }, extra: { 'x-portico-mock': true } }),
        name,
        version: 'v1',
        context: `/bulk/${i}`,
      });
      for (const [path, content] of Object.entries(files)) {
        const file = join(dir, 'apis', name, path);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, content);
      }
    }
    gw = await startTestGateway({ dir });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await gw?.destroy();
  });

  it('pages the list 50 at a time and finds one API by search', async () => {
    const dashboard = await openDashboard(browser, gw.running.ports.admin ?? 0);
    context = dashboard.context;
    const { page } = dashboard;
    await signIn(page);
    await page.getByText(`${COUNT} APIs; showing 1–50.`).waitFor();
    expect(await page.locator('table.api-table tbody tr').count()).toBe(50);
    await expect(page.locator('table.api-table tbody tr').first().locator('th').textContent()).resolves.toBe('Bulk0000');

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText(`${COUNT} APIs; showing 51–100.`).waitFor();
    await page.getByText(`Page 2 of ${COUNT / 50}`).waitFor();
    await expect(page.locator('table.api-table tbody tr').first().locator('th').textContent()).resolves.toBe('Bulk0050');
    expect(new URL(page.url()).hash).toBe('#/apis?page=2');

    await page.getByLabel('Search APIs').fill('Bulk1999');
    await page.getByText('1 API matching “Bulk1999”; showing 1–1.').waitFor();
    expect(await page.locator('table.api-table tbody tr').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Pages of APIs' }).getByRole('button').count()).toBe(0);
  }, 60_000);
});
