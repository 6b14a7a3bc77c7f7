// Every state of both panels, from the real build: axe-core finds no violation in any of them,
// the layout holds at 320 px and at 200 % zoom, and each is photographed. With
// UPDATE_SCREENSHOTS=1 the photographs also go to docs/screenshots/, which the README shows.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect } = require('./support');
const AxeBuilder = require('@axe-core/playwright').default;
const {
  ACME,
  GLOBEX,
  CALLBACK,
  DEMO_URL,
  PAIR_1,
  PAIR_2,
  API,
  artifact,
  controls,
  connect,
  consentWithoutReturning,
  ageAttempt,
  expectOutcome,
  fillForm,
  openDemo,
  registerApp,
  routeToStandIn,
  summariseAxe,
} = require('./support');

const DOCS = path.resolve(__dirname, '../../docs/screenshots');

/** No axe violation in the panel, the layout holds when narrow and zoomed, and a photograph. */
async function expectState(page, name) {
  const root = page.locator('#jira-settings .jos-root');
  await expect(root).toBeVisible();
  const results = await new AxeBuilder({ page }).include('.jos-root').analyze();
  expect(summariseAxe(results.violations), `axe in the state "${name}"`).toEqual([]);
  expect(results.passes.length, 'axe ran its rules').toBeGreaterThan(10);

  const file = `state-${name}.png`;
  await page.locator('#jira-settings').screenshot({ path: artifact(file) });
  if (process.env.UPDATE_SCREENSHOTS) {
    fs.mkdirSync(DOCS, { recursive: true });
    fs.copyFileSync(artifact(file), path.join(DOCS, file));
  }

  // 320 px wide, and 200 % zoom of a 1280 px window (640 CSS px): no horizontal scrolling,
  // nothing of the panel cut off.
  const viewport = page.viewportSize();
  for (const width of [320, 640]) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => {
      const panel = document.querySelector('#jira-settings .jos-root');
      const wide = [...panel.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1);
      return {
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        wide: wide.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
      };
    });
    expect(overflow, `"${name}" at ${width} px`).toEqual({ page: 0, wide: [] });
  }
  await page.setViewportSize(viewport);
}

test.describe('the settings page', () => {
  test('empty', async ({ page }) => {
    await openDemo(page);
    await expectState(page, 'settings-empty');
  });

  test('errors after Connect', async ({ page }) => {
    const c = controls(await openDemo(page));
    await c.id.fill(PAIR_1.secret);
    await c.secret.fill(PAIR_1.id);
    await c.connect.click();
    await expect(c.id).toBeFocused();
    await expectState(page, 'settings-errors');
  });

  test('a warning', async ({ page }) => {
    const c = controls(await openDemo(page));
    await c.id.fill(PAIR_2.id.slice(0, 31));
    await c.id.press('Tab');
    await expect(page.locator('#jira-settings')).toContainText('Warning:');
    await expectState(page, 'settings-warning');
  });

  test('saving', async ({ page }) => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(`${API}/app`, async (route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      await held;
      return route.abort();
    });
    const c = controls(await openDemo(page));
    await fillForm(c, PAIR_1);
    await c.connect.click();
    await expect(c.statuses.filter({ hasText: 'Saving the app' })).toHaveCount(1);
    await expect(c.connect).toBeDisabled();
    await expectState(page, 'settings-saving');
    release();
  });

  test('connected, with Reconnect and Disconnect, then the question', async ({ page, standIn }) => {
    await registerApp(standIn);
    await routeToStandIn(page, standIn);
    await expectOutcome(await connect(page), 'Jira is connected');
    await page.goto(DEMO_URL);
    const root = page.locator('#jira-settings .jos-root');
    await expect(root).toContainText('Connected to the Jira site acme');
    await expect(root.getByRole('button', { name: 'Reconnect' })).toBeVisible();
    await expect(root).toContainText('A secret is stored');
    await expectState(page, 'settings-connected');
    await root.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(root).toContainText('Disconnect Jira?');
    await expectState(page, 'settings-disconnect-question');
  });

  test('Reconnect starts a new consent with the stored app', async ({ page, standIn }) => {
    await registerApp(standIn);
    const navigations = await routeToStandIn(page, standIn);
    await expectOutcome(await connect(page), 'Jira is connected');
    await page.goto(DEMO_URL);
    const root = page.locator('#jira-settings .jos-root');
    await root.getByRole('button', { name: 'Reconnect' }).click();
    await page.waitForURL(CALLBACK);
    await expectOutcome(root, 'Jira is connected');
    expect(navigations).toHaveLength(2);
    expect(new URL(navigations[1]).searchParams.get('client_id')).toBe(PAIR_1.id);
  });
});

test.describe('the callback page', () => {
  test('completing', async ({ page, standIn }) => {
    await registerApp(standIn);
    const location = await consentWithoutReturning(page, standIn);
    await page.route(`${API}/consent`, () => {}); // never answered
    await page.goto(location);
    await expect(page.locator('#jira-settings h2')).toHaveText('Completing the connection\u2026');
    await expectState(page, 'callback-completing');
  });

  test('connected', async ({ page, standIn }) => {
    await registerApp(standIn);
    await routeToStandIn(page, standIn);
    await expectOutcome(await connect(page), 'Jira is connected');
    await expectState(page, 'callback-connected');
  });

  test('choosing a site', async ({ page, standIn }) => {
    await registerApp(standIn, { sites: [ACME, GLOBEX] });
    await routeToStandIn(page, standIn);
    await expectOutcome(await connect(page), 'One more step: choose the Jira site');
    await expectState(page, 'callback-choose-site');
  });

  test('declined', async ({ page, standIn }) => {
    await registerApp(standIn, { declines: true });
    await routeToStandIn(page, standIn);
    await expectOutcome(await connect(page), 'Jira was not connected');
    await expectState(page, 'callback-declined');
  });

  test('expired', async ({ page, standIn }) => {
    await registerApp(standIn);
    const location = await consentWithoutReturning(page, standIn);
    await ageAttempt(page, location, 11 * 60 * 1000);
    await page.goto(location);
    await expectOutcome(page.locator('#jira-settings .jos-root'), 'This attempt has expired');
    await expectState(page, 'callback-expired');
  });

  test('failed: the host could not complete it', async ({ page, standIn }) => {
    await registerApp(standIn);
    const location = await consentWithoutReturning(page, standIn);
    await page.route(`${API}/consent`, (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }));
    await page.goto(location);
    await expectOutcome(page.locator('#jira-settings .jos-root'), 'Jira was not connected', 'unexpected HTTP 502');
    await expectState(page, 'callback-failed');
  });
});
