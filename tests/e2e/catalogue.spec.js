// All text the admin reads comes from the catalogue (src/catalogue/): in the pseudo-translated
// build (dist-pseudo/, every string of the catalogue between ⟦ and ⟧), each state of both panels
// shows no word outside the brackets, in its text or in its attributes, except what is marked
// translate="no" (names, addresses, code) and the dates the browser writes. Not visited: the
// status "Opening Atlassian's consent page…", which lasts while the browser leaves the page (and
// a test cannot read a page in the middle of a navigation), and host messages other than
// no_accessible_sites's, which are the host's own words.
const { test, expect } = require('./support');
const {
  ACME,
  GLOBEX,
  API,
  CALLBACK,
  CONSOLE_SCOPES,
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

/** What the panels mark translate="no": the data of these tests, never prose. */
const DATA = new Set([
  ACME.name, ACME.url, GLOBEX.name, GLOBEX.url, ...CONSOLE_SCOPES, 'Invicti Platform', CALLBACK,
]);

/**
 * What the panel shows outside the catalogue: { words, attributes, data, dates, lang }. `words`
 * are the words of its text left once every ⟦…⟧ is taken out (innermost first: a sentence may
 * hold another) and the data and dates with it; `attributes`, the read attributes with words left
 * the same way; `data`, what is marked translate="no" and is not one of DATA; `dates`, the
 * <time> elements that do not hold a date.
 */
async function outsideCatalogue(page, hostMessage) {
  return page.evaluate(([names, data, hostText]) => {
    const root = document.querySelector('#jira-settings .jos-root');
    const unbracketed = (text) => {
      for (let before = ''; before !== text;) {
        before = text;
        text = text.replace(/\u27E6[^\u27E6\u27E7]*\u27E7/g, ' ');
      }
      return text.split(/\s+/).filter((word) => /\p{L}/u.test(word));
    };
    const marked = [...root.querySelectorAll('[translate="no"]')].map((el) => el.textContent.trim());
    const times = [...root.querySelectorAll('time')];
    const copy = root.cloneNode(true);
    copy.querySelectorAll('[translate="no"], time').forEach((element) => element.remove());
    const attributes = [...root.querySelectorAll('*')].flatMap((element) => names
      .map((name) => [name, element.getAttribute(name)])
      .filter(([, value]) => value !== null && unbracketed(value).length > 0)
      .map(([name, value]) => `${element.tagName.toLowerCase()}[${name}="${value}"]`));
    return {
      bracketed: copy.textContent.includes('\u27E6'),
      words: unbracketed(hostText ? copy.textContent.replace(hostText, ' ') : copy.textContent),
      attributes,
      data: marked.filter((text) => !data.includes(text)),
      dates: times.filter((time) => Number.isNaN(Date.parse(time.dateTime)) || !/\d/.test(time.textContent)).map((time) => time.outerHTML),
      lang: root.lang,
    };
  }, [READ_ATTRIBUTES, [...DATA], hostMessage]);
}

/**
 * The state shows only catalogue text, in the pseudo-translation's language, and, when the host
 * answered with an error, its `hostMessage` (the host's own words, in its language).
 */
async function expectOnlyCatalogue(page, state, hostMessage) {
  const outside = await outsideCatalogue(page, hostMessage);
  expect(outside, `text outside the catalogue in the state "${state}"`).toEqual({
    // Not an empty panel: the check would pass on one.
    bracketed: true,
    words: [],
    attributes: [],
    data: [],
    dates: [],
    lang: 'en-XA',
  });
}

/** The status line under Connect, once it says something. */
function status(page) {
  return page.locator('.jos-actions .jos-status').filter({ hasText: /\S/ });
}

test('the settings page: empty, copies, errors, a warning, saving', async ({ page }) => {
  const c = controls(await openDemo(page));
  await expectOnlyCatalogue(page, 'empty');

  await c.showSecret.click();
  await expect(c.hideSecret).toBeVisible();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await c.copyScopes.click();
  await expect(c.statuses.filter({ hasText: 'Copied.' })).toHaveCount(1);
  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); });
  await c.copyCallback.click();
  await expect(c.statuses.filter({ hasText: 'Copying failed' })).toHaveCount(1);
  await expectOnlyCatalogue(page, 'secret shown, copied, copying failed');

  // Every field in error: each message, the status, and the guide's step without a URL.
  await c.id.fill(PAIR_1.secret);
  await c.secret.fill(PAIR_1.id);
  await c.callback.fill(PLACEHOLDER_CALLBACK);
  await c.connect.click();
  await expect(page.locator('.jos-message-error')).toHaveCount(3);
  await expect(status(page)).toContainText('3 fields');
  await expectOnlyCatalogue(page, 'three errors');

  // A warning, and two fields that pass (the fields' verdicts show as they change now).
  await fillForm(c, { ...PAIR_2, id: PAIR_2.id.slice(0, 31) });
  await expect(page.locator('.jos-message-warning')).toHaveCount(1);
  await expect(page.locator('.jos-message-ok')).toHaveCount(2);
  await expectOnlyCatalogue(page, 'a warning');

  // One error; then, on a fresh form, a warning not seen yet stops Connect.
  await page.reload();
  await c.secret.fill(PAIR_2.secret);
  await c.connect.click();
  await expect(status(page)).toContainText('the field marked');
  await expectOnlyCatalogue(page, 'one error');
  await page.reload();
  await c.secret.fill(PAIR_2.secret);
  await c.id.fill(PAIR_2.id.slice(0, 31));
  await c.connect.click();
  await expect(status(page)).toContainText('Warning');
  await expectOnlyCatalogue(page, 'a warning not seen yet');

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
  release();
  await expect(status(page)).toContainText('could not be reached');
  await expectOnlyCatalogue(page, 'the save failed');
});

test('the settings page: the host\'s and the browser\'s failures', async ({ page }) => {
  // Signed out when the settings are read; unreadable when they are.
  await page.route(`${API}/app`, (route) => route.fulfill({ status: 401, body: '' }));
  await openDemo(page);
  await expect(page.getByRole('alert')).toContainText('signed in');
  await expectOnlyCatalogue(page, 'signed out');
  await page.unroute(`${API}/app`);
  await page.route(`${API}/app`, (route) => route.fulfill({ status: 502, contentType: 'text/html', body: 'Bad Gateway' }));
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('502');
  await expectOnlyCatalogue(page, 'the settings unreadable');
  await page.unroute(`${API}/app`);

  // The host answers, but without the app sent.
  await page.route(`${API}/app`, (route) => (route.request().method() === 'PUT'
    ? route.fulfill({ status: 200, contentType: 'application/json', body: '{"app":null,"connection":null}' })
    : route.fallback()));
  const c = controls(await openDemo(page));
  await fillForm(c, PAIR_1);
  await c.connect.click();
  await expect(status(page)).toContainText('does not report the app');
  await expectOnlyCatalogue(page, 'not kept');
  await page.unroute(`${API}/app`);

  // The browser will not keep the attempt's record.
  await page.evaluate(() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; });
  await c.connect.click();
  await expect(status(page)).toContainText('local storage');
  await expectOnlyCatalogue(page, 'storage refused');
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

  // Another Client ID needs its own secret.
  await c.id.fill(PAIR_2.id);
  await expect(page.locator('.jos-message-error')).toHaveCount(1);
  await expectOnlyCatalogue(page, 'a secret needed');

  await root.getByRole('button', { name: exactly('Disconnect') }).click();
  await expect(root.getByRole('button', { name: exactly('Cancel') })).toBeVisible();
  await expectOnlyCatalogue(page, 'the question');

  await root.getByRole('button', { name: exactly('Yes, disconnect') }).click();
  await expect(root.getByRole('button', { name: exactly('Disconnect') })).toHaveCount(0);
  await expectOnlyCatalogue(page, 'disconnected');
});

test('the callback page: no answer, a choice of sites, declined, reused, disconnected', async ({ page, standIn }) => {
  await page.goto('/app/integrations/callback');
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'No answer from Atlassian');
  await expectOnlyCatalogue(page, 'no answer');

  await registerApp(standIn, { sites: [ACME, GLOBEX] });
  await routeToStandIn(page, standIn);
  let root = await connect(page);
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
  const location = await consentWithoutReturning(page, standIn);
  await page.goto(location);
  root = page.locator('#jira-settings .jos-root');
  await expectOutcome(root, 'Jira is connected');
  await page.goto(location);
  await expectOutcome(root, 'This answer was already used');
  await expectOnlyCatalogue(page, 'reused');

  await page.goBack();
  await expectOutcome(root, 'Jira is connected');
  await root.getByRole('button', { name: exactly('Disconnect') }).click();
  await root.getByRole('button', { name: exactly('Yes, disconnect') }).click();
  await expectOutcome(root, 'Jira is disconnected');
  await expectOnlyCatalogue(page, 'callback: disconnected');
});

test('the callback page: expired, no site, and each way the host can fail to complete', async ({ page, standIn }) => {
  const root = page.locator('#jira-settings .jos-root');
  await registerApp(standIn);
  let location = await consentWithoutReturning(page, standIn);
  await ageAttempt(page, location, 11 * 60 * 1000);
  await page.goto(location);
  await expectOutcome(root, 'This attempt has expired');
  await expectOnlyCatalogue(page, 'expired');

  const failures = [
    ['a proxy\'s 502', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: 'Bad Gateway' }), 'Jira was not connected'],
    ['unreachable', (route) => route.abort(), 'Jira was not connected'],
    ['signed out', (route) => route.fulfill({ status: 401, body: '' }), 'Jira was not connected'],
    ['accepted, not connected', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"app":null,"connection":null}' }), 'Jira was not connected'],
  ];
  for (const [name, answer, title] of failures) {
    location = await consentWithoutReturning(page, standIn);
    await page.route(`${API}/consent`, answer);
    await page.goto(location);
    await expectOutcome(root, title);
    await expectOnlyCatalogue(page, name);
    await page.unroute(`${API}/consent`);
  }

  await registerApp(standIn, { sites: [] });
  location = await consentWithoutReturning(page, standIn);
  const answer = page.waitForResponse(`${API}/consent`);
  await page.goto(location);
  await expectOutcome(root, 'No Jira site to connect');
  const { error } = await (await answer).json();
  expect(error.code).toBe('no_accessible_sites');
  await expectOnlyCatalogue(page, 'no site', error.message);
});
