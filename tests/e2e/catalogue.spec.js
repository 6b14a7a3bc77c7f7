// All text the admin reads comes from the catalogue (src/catalogue/): in the pseudo-translated
// build (dist-pseudo/, every string of the catalogue between ⟦ and ⟧), each state of both panels
// shows no word outside the brackets, in its text or in its attributes, except what is marked
// translate="no" (names, addresses, code) and the dates the browser writes.
const { test, expect } = require('./support');
const {
  ACME,
  GLOBEX,
  API,
  PAIR_1,
  PAIR_2,
  PLACEHOLDER_CALLBACK,
  ageAttempt,
  connect,
  consentWithoutReturning,
  controls,
  exactly,
  expectOutcome,
  fillForm,
  openDemo,
  registerApp,
  routeToStandIn,
} = require('./support');

test.use({ dist: 'dist-pseudo' });

/** The attributes whose values people read, or hear from a screen reader. */
const READ_ATTRIBUTES = ['aria-label', 'aria-description', 'aria-roledescription', 'title', 'placeholder', 'alt'];

/**
 * What the panel shows outside the catalogue: { words, attributes, lang }. `words` are the
 * words of its text left once every ⟦…⟧ is taken out (innermost first: a sentence may hold
 * another), `attributes` the read attributes not wholly between brackets.
 */
async function outsideCatalogue(page) {
  return page.locator('#jira-settings .jos-root').evaluate((root, names) => {
    const copy = root.cloneNode(true);
    copy.querySelectorAll('[translate="no"], time').forEach((element) => element.remove());
    let text = copy.textContent;
    for (let before = ''; before !== text;) {
      before = text;
      text = text.replace(/\u27E6[^\u27E6\u27E7]*\u27E7/g, ' ');
    }
    const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word));
    const attributes = [...root.querySelectorAll('*')].flatMap((element) => names
      .map((name) => [name, element.getAttribute(name)])
      .filter(([, value]) => value !== null && !/^\u27E6[^]*\u27E7$/.test(value))
      .map(([name, value]) => `${element.tagName.toLowerCase()}[${name}="${value}"]`));
    return { words, attributes, lang: root.lang };
  }, READ_ATTRIBUTES);
}

/** The state shows only catalogue text, in the pseudo-translation's language. */
async function expectOnlyCatalogue(page, state) {
  // Not an empty panel: the check would pass on one.
  await expect(page.locator('#jira-settings .jos-root')).toContainText('\u27E6');
  const outside = await outsideCatalogue(page);
  expect(outside, `text outside the catalogue in the state "${state}"`).toEqual({
    words: [],
    attributes: [],
    lang: 'en-XA',
  });
}

test('the settings page: empty, with errors, warnings, copies, saving, and a load failure', async ({ page }) => {
  const c = controls(await openDemo(page));
  await expectOnlyCatalogue(page, 'empty');

  await c.showSecret.click();
  await expect(c.hideSecret).toBeVisible();
  await c.copyScopes.click();
  await expect(c.statuses.filter({ hasText: /Cop/ })).toHaveCount(1);
  await expectOnlyCatalogue(page, 'secret shown, scopes copied');

  // Every field in error: each message, the status, and the guide's step without a URL.
  await c.id.fill(PAIR_1.secret);
  await c.secret.fill(PAIR_1.id);
  await c.callback.fill(PLACEHOLDER_CALLBACK);
  await c.connect.click();
  await expect(c.id).toBeFocused();
  await expect(page.locator('.jos-message-error')).toHaveCount(3);
  await expectOnlyCatalogue(page, 'errors');

  // A warning, and two fields that pass (the fields' verdicts show as they change now).
  await fillForm(c, { ...PAIR_2, id: PAIR_2.id.slice(0, 31) });
  await expect(page.locator('.jos-message-warning')).toHaveCount(1);
  await expect(page.locator('.jos-message-ok')).toHaveCount(2);
  await expectOnlyCatalogue(page, 'a warning');

  // Saving: the host's answer is held.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(`${API}/app`, async (route) => {
    if (route.request().method() !== 'PUT') return route.fallback();
    await held;
    return route.abort();
  });
  await c.id.fill(PAIR_2.id);
  await c.connect.click();
  await expect(c.connect).toBeDisabled();
  await expectOnlyCatalogue(page, 'saving');

  // The stored settings cannot be read (in another tab: this one's save is still held).
  const other = await page.context().newPage();
  await other.route(`${API}/app`, (route) => route.fulfill({ status: 502, contentType: 'text/html', body: 'Bad Gateway' }));
  await openDemo(other);
  await expect(other.getByRole('alert')).toBeVisible();
  await expectOnlyCatalogue(other, 'load failure');
  release();
});

test('connected: the summary, the kept secret, Disconnect and its question, disconnected', async ({ page, standIn }) => {
  await registerApp(standIn);
  await routeToStandIn(page, standIn);
  await expectOutcome(await connect(page), 'Jira is connected');
  await expectOnlyCatalogue(page, 'callback: connected');

  const root = await openDemo(page);
  await expect(root.getByRole('button', { name: exactly('Reconnect') })).toBeVisible();
  // The secret field left empty keeps the stored secret, and says so.
  const c = controls(root);
  await c.secret.fill('x');
  await c.secret.blur();
  await c.secret.fill('');
  await expect(page.locator('.jos-message-ok')).toHaveCount(1);
  await expectOnlyCatalogue(page, 'settings: connected');

  await root.getByRole('button', { name: exactly('Disconnect') }).click();
  await expect(root.getByRole('button', { name: exactly('Cancel') })).toBeVisible();
  await expectOnlyCatalogue(page, 'the question');

  await root.getByRole('button', { name: exactly('Yes, disconnect') }).click();
  await expect(root.getByRole('button', { name: exactly('Disconnect') })).toHaveCount(0);
  await expectOnlyCatalogue(page, 'disconnected');
});

test('the callback page: no answer, choosing a site, declined, expired, failed', async ({ page, standIn }) => {
  await page.goto('/app/integrations/callback');
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'No answer from Atlassian');
  await expectOnlyCatalogue(page, 'no answer');

  await registerApp(standIn, { sites: [ACME, GLOBEX] });
  await routeToStandIn(page, standIn);
  const root = await connect(page);
  await expectOutcome(root, 'One more step: choose the Jira site');
  await root.getByRole('button', { name: exactly('Connect this site') }).click();
  await expect(root.getByRole('status').filter({ hasText: /\S/ })).toHaveCount(1);
  await expectOnlyCatalogue(page, 'choosing a site, none chosen');
  await page.unroute('https://auth.atlassian.com/**');

  await registerApp(standIn, { declines: true });
  await routeToStandIn(page, standIn);
  await expectOutcome(await connect(page), 'Jira was not connected');
  await expectOnlyCatalogue(page, 'declined');
  await page.unroute('https://auth.atlassian.com/**');

  await registerApp(standIn);
  let location = await consentWithoutReturning(page, standIn);
  await ageAttempt(page, location, 11 * 60 * 1000);
  await page.goto(location);
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'This attempt has expired');
  await expectOnlyCatalogue(page, 'expired');

  location = await consentWithoutReturning(page, standIn);
  await page.route(`${API}/consent`, (route) => route.fulfill({ status: 502, contentType: 'text/html', body: 'Bad Gateway' }));
  await page.goto(location);
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'Jira was not connected');
  await expectOnlyCatalogue(page, 'failed');

});
