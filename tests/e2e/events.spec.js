// What the plugin tells its host page: CustomEvents on the mount element, named
// `jira-oauth-settings:<name>`, that bubble, whose detail never holds a secret, a code or a state.
const { test, expect } = require('./support');
const {
  ACME,
  CALLBACK,
  DEMO_URL,
  PAIR_1,
  registerApp,
  routeToStandIn,
  connect,
  expectOutcome,
  openDemo,
  controls,
  fillForm,
  secretLeak,
} = require('./support');

const NAMES = ['saved', 'redirecting', 'connected', 'disconnected', 'failed'];

/**
 * Records every event of the plugin in this tab, across page loads (in sessionStorage): its
 * name, the element it was dispatched on, whether it bubbles, and its detail.
 */
async function recordEvents(page) {
  await page.addInitScript((names) => {
    for (const name of names) {
      document.addEventListener(`jira-oauth-settings:${name}`, (event) => {
        const seen = JSON.parse(sessionStorage.getItem('events') || '[]');
        seen.push({
          name,
          target: event.target.id,
          bubbles: event.bubbles,
          path: location.pathname,
          detail: event.detail,
        });
        sessionStorage.setItem('events', JSON.stringify(seen));
      });
    }
  }, NAMES);
}

async function recorded(page) {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('events') || '[]'));
}

/** Nothing secret in any event: the secret, the authorization code, the state. */
function expectNothingSecret(events, ...secrets) {
  const text = JSON.stringify(events);
  for (const secret of [PAIR_1.secret, ...secrets]) {
    expect(secretLeak(text, secret), `an event carries ${secret.slice(0, 6)}…`).toBeNull();
  }
}

test('a round trip: saved and redirecting on the settings page, connected on the callback page', async ({ page, standIn }) => {
  await registerApp(standIn);
  await recordEvents(page);
  const navigations = await routeToStandIn(page, standIn);
  const root = await connect(page);
  await expectOutcome(root, 'Jira is connected');
  await expect.poll(async () => (await recorded(page)).map((e) => e.name)).toEqual(['saved', 'redirecting', 'connected']);

  const [saved, redirecting, connected] = await recorded(page);
  for (const event of [saved, redirecting, connected]) {
    expect(event.target, 'dispatched on the mount element').toBe('jira-settings');
    expect(event.bubbles).toBe(true);
  }
  expect([saved.path, redirecting.path, connected.path]).toEqual(['/', '/', '/app/integrations/callback']);
  // The Client ID's first characters, as the console shows it.
  const clientId = `${PAIR_1.id.slice(0, 6)}\u2026`;
  expect(saved.detail).toEqual({ clientId, callbackUrl: CALLBACK });
  expect(redirecting.detail).toEqual({ clientId, callbackUrl: CALLBACK });
  expect(connected.detail).toEqual({
    siteId: ACME.id,
    siteName: ACME.name,
    siteUrl: ACME.url,
    connectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  });
  // The authorize request's state and the callback's code stay out of every event.
  const authorize = new URL(navigations[0]);
  const state = authorize.searchParams.get('state');
  expect(state).toBeTruthy();
  expectNothingSecret(await recorded(page), state);
});

test('Disconnect says disconnected; a declined consent says failed, with its step and code', async ({ page, standIn }) => {
  await registerApp(standIn);
  await recordEvents(page);
  await routeToStandIn(page, standIn);
  await expectOutcome(await connect(page), 'Jira is connected');
  await page.goto(DEMO_URL);
  const root = page.locator('#jira-settings .jos-root');
  await root.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await root.getByRole('button', { name: 'Yes, disconnect' }).click();
  await expect(root).not.toContainText('Connected to the Jira site');
  await expect.poll(async () => (await recorded(page)).map((e) => e.name).at(-1)).toBe('disconnected');
  expect((await recorded(page)).at(-1).detail).toEqual({});

  await registerApp(standIn, { declines: true });
  await controls(root).connect.click();
  await page.waitForURL((url) => url.pathname === '/app/integrations/callback');
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'Jira was not connected');
  await expect.poll(async () => (await recorded(page)).map((e) => e.name).at(-1)).toBe('failed');
  const failed = (await recorded(page)).at(-1);
  expect(failed.detail).toEqual({ step: 'callback', code: 'access_denied', message: expect.any(String) });
  expect(failed.detail.message.length).toBeGreaterThan(20);
  expect(await page.locator('#jira-settings .jos-root [role="alert"]').textContent()).toContain(failed.detail.message.slice(0, 40));
  expectNothingSecret(await recorded(page));
});

test('signed out: failed for the load and for the save, with the sentence the panel shows', async ({ page, context }) => {
  await context.clearCookies();
  await recordEvents(page);
  const root = await openDemo(page);
  const alert = root.getByRole('alert');
  await expect(alert).toContainText('not signed in');
  await expect.poll(async () => (await recorded(page)).length).toBe(1);
  const [load] = await recorded(page);
  expect(load).toMatchObject({ name: 'failed', target: 'jira-settings', detail: { step: 'load', code: 'signed_out' } });
  expect(load.detail.message).toBe(await alert.textContent());

  const c = controls(root);
  await fillForm(c, PAIR_1);
  await c.connect.click();
  await expect(c.statuses.filter({ hasText: 'not signed in' })).toHaveCount(1);
  await expect.poll(async () => (await recorded(page)).length).toBe(2);
  const save = (await recorded(page))[1];
  expect(save).toMatchObject({ name: 'failed', detail: { step: 'save', code: 'signed_out' } });
  expectNothingSecret(await recorded(page));
});
