// The whole consent round trip, through the reference host and the Atlassian stand-in: the
// browser's navigation to auth.atlassian.com goes to the stand-in, which checks the request as
// strictly as Atlassian and redirects back to the callback page with a code.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect, routeToStandIn } = require('./support');
const {
  ACME,
  GLOBEX,
  API,
  registerApp,
  atlassianCalls,
  callsSince,
  connect,
  consentWithoutReturning,
  ageAttempt,
  expectOutcome,
  DEMO_URL,
  CALLBACK,
  PAIR_1,
  PAIR_2,
  openDemo,
  controls,
  fillForm,
  secretLeak,
  storageDump,
  pendingConsents,
  artifact,
} = require('./support');

test('the happy path: Connect, consent, one site connected, code and state gone from the address bar', async ({ page, host, standIn }) => {
  await registerApp(standIn);
  const before = (await atlassianCalls(standIn)).length;
  const navigations = await routeToStandIn(page, standIn);
  const consoleLines = [];
  page.on('console', (line) => consoleLines.push(line.text()));

  const root = await connect(page);
  await expectOutcome(root, 'Jira is connected', 'Connected to the Jira site acme (https://acme.atlassian.net)');
  await expect(root.getByRole('link', { name: ACME.url })).toHaveAttribute('href', ACME.url);
  await page.screenshot({ path: artifact('callback-connected.png'), fullPage: true });

  // Nothing of Atlassian's answer stays in the address bar or the history entry.
  expect(page.url()).toBe(CALLBACK);
  expect(navigations).toHaveLength(1);
  expect(await callsSince(standIn, before)).toEqual([
    'GET /authorize 302',
    'POST /oauth/token authorization_code 200',
    'GET /oauth/token/accessible-resources 200',
  ]);

  // The record of the attempt is spent, and holds no secret and no code.
  const dump = await storageDump(page);
  const records = Object.values(pendingConsents(dump.local)).map((value) => JSON.parse(value));
  expect(records).toHaveLength(1);
  expect(typeof records[0].usedAt).toBe('number');
  expect(secretLeak(JSON.stringify(dump), PAIR_1.secret)).toBeNull();
  expect(consoleLines.join('\n')).not.toContain(PAIR_1.secret);

  // The host keeps the connection; the settings page shows it, and the app it was made with.
  expect(host.store().connection.site.id).toBe(ACME.id);
  await root.getByRole('link', { name: 'Back to the Jira settings' }).click();
  const settings = page.locator('#jira-settings .jos-root');
  await expect(settings).toContainText('Connected to the Jira site acme');
  const c = controls(settings);
  await expect(c.id).toHaveValue(PAIR_1.id);
  await expect(c.secret).toHaveValue('');
  await expect(c.callback).toHaveValue(CALLBACK);
  await page.screenshot({ path: artifact('settings-connected.png'), fullPage: true });
  // The secret stays on the host; the answers to the browser never carry it.
  const answer = await (await page.request.get(`${API}/app`)).text();
  expect(secretLeak(answer, PAIR_1.secret)).toBeNull();
  expect(JSON.parse(answer).app.secretStored).toBe(true);
});

test('two sites: both listed by name and address, and the one chosen is connected', async ({ page, host, standIn }) => {
  await registerApp(standIn, { sites: [ACME, GLOBEX] });
  await routeToStandIn(page, standIn);

  const root = await connect(page);
  await expectOutcome(root, 'One more step: choose the Jira site');
  const choices = root.getByRole('radio');
  await expect(choices).toHaveCount(2);
  await expect(root.getByRole('group', { name: 'Choose the Jira site to connect' })).toContainText('globex-jira');
  await expect(root).toContainText(GLOBEX.url);
  await page.screenshot({ path: artifact('callback-choose-site.png'), fullPage: true });
  expect(host.store().connection ?? null).toBeNull();

  // Nothing is taken silently: without a choice, the button says what is missing.
  await root.getByRole('button', { name: 'Connect this site' }).click();
  await expect(root).toContainText('Choose one of the sites above first.');

  await root.getByRole('radio', { name: /globex-jira/ }).check();
  await root.getByRole('button', { name: 'Connect this site' }).click();
  await expectOutcome(root, 'Jira is connected', 'Connected to the Jira site globex-jira (https://globex.atlassian.net)');
  expect(host.store().connection.site.id).toBe(GLOBEX.id);
});

test('no site: the consent worked but the account has no site with the app\'s scopes', async ({ page, host, standIn }) => {
  await registerApp(standIn, { sites: [] });
  await routeToStandIn(page, standIn);
  const root = await connect(page);
  await expectOutcome(root, 'No Jira site to connect');
  const stored = host.store();
  expect(stored.connection ?? null).toBeNull();
  expect(stored.tokens ?? null).toBeNull();
});

test('Cancel on the consent screen: the page says so in words, and no code is exchanged', async ({ page, standIn }) => {
  await registerApp(standIn, { declines: true });
  const before = (await atlassianCalls(standIn)).length;
  await routeToStandIn(page, standIn);
  const root = await connect(page);
  await expectOutcome(root, 'Jira was not connected', 'the consent was declined');
  await expect(root).toContainText('access_denied');
  await page.screenshot({ path: artifact('callback-declined.png'), fullPage: true });
  expect(await callsSince(standIn, before)).toEqual(['GET /authorize 302']);
  expect(page.url()).toBe(CALLBACK);
});

test('a declined answer that this browser did not start shows the meaning, never the link\'s text', async ({ page }) => {
  const bait = 'Your licence expired: call +1 555 0100';
  await page.goto(`${CALLBACK}?error=access_denied&error_description=${encodeURIComponent(bait)}&state=forged`);
  const root = page.locator('#jira-settings .jos-root');
  await expectOutcome(root, 'Jira was not connected', 'the consent was declined');
  await expect(root).not.toContainText('licence');
  await page.goto(`${CALLBACK}?error=${encodeURIComponent(bait)}`);
  await expectOutcome(root, 'Jira was not connected', 'Atlassian did not complete the consent.');
  await expect(root).not.toContainText('licence');
});

test('a success status with an error body is not taken for a saved app', async ({ page }) => {
  await page.route(`${API}/app`, (route) => (route.request().method() === 'PUT'
    ? route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ error: { code: 'x', message: 'Not saved.' } }) })
    : route.fallback()));
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, PAIR_1);
  await c.connect.click();
  await expect(root.locator('.jos-status').last()).toContainText('unexpected HTTP 200');
  expect(page.url()).toBe(DEMO_URL);
});

test('a tampered state is refused, and the code goes nowhere', async ({ page, standIn }) => {
  await registerApp(standIn);
  const location = await consentWithoutReturning(page, standIn);
  const before = (await atlassianCalls(standIn)).length;
  const url = new URL(location);
  const state = url.searchParams.get('state');
  // One character changed, as an attacker splicing their own answer in would.
  url.searchParams.set('state', `${state.slice(0, 10)}${state[10] === 'A' ? 'B' : 'A'}${state.slice(11)}`);
  await page.goto(url.href);
  const root = page.locator('#jira-settings .jos-root');
  await expectOutcome(root, 'This answer cannot be used', 'This browser did not start this attempt');
  expect(await callsSince(standIn, before)).toEqual([]);
  expect(page.url()).toBe(CALLBACK);

  // A state of the wrong shape has its own message.
  url.searchParams.set('state', `${state}!`);
  await page.goto(url.href);
  await expectOutcome(root, 'This answer cannot be used', 'was changed on the way');
  url.searchParams.delete('state');
  await page.goto(url.href);
  await expectOutcome(root, 'This answer cannot be used', 'without the value that ties it to your attempt');
  expect(await callsSince(standIn, before)).toEqual([]);
});

test('a reused answer is refused: the state is spent by the first callback', async ({ page, standIn }) => {
  await registerApp(standIn);
  const location = await consentWithoutReturning(page, standIn);
  await page.goto(location);
  const root = page.locator('#jira-settings .jos-root');
  await expectOutcome(root, 'Jira is connected');
  const before = (await atlassianCalls(standIn)).length;

  await page.goto(location);
  await expectOutcome(root, 'This answer was already used', 'each one works only once');
  expect(await callsSince(standIn, before)).toEqual([]);

  // A reload of the page, whose address no longer holds the answer, shows the connection.
  await page.goto(location);
  await expectOutcome(root, 'This answer was already used');
  await page.reload();
  await expectOutcome(root, 'Jira is connected', 'acme');
});

test('the callback page opened with no answer, and no connection, says where to start', async ({ page }) => {
  await page.goto(CALLBACK);
  const root = page.locator('#jira-settings .jos-root');
  await expectOutcome(root, 'No answer from Atlassian', 'Start from the Jira settings and press Connect to Jira.');
});

test('an attempt older than 10 minutes has expired, and nothing is sent', async ({ page, standIn }) => {
  await registerApp(standIn);
  const location = await consentWithoutReturning(page, standIn);
  await ageAttempt(page, location, 10 * 60 * 1000 + 1000);
  const before = (await atlassianCalls(standIn)).length;

  await page.goto(location);
  const root = page.locator('#jira-settings .jos-root');
  await expectOutcome(root, 'This attempt has expired', 'more than 10 minutes ago');
  expect(await callsSince(standIn, before)).toEqual([]);
});

test('the callback finished in a second tab of the same browser connects', async ({ page, context, host, standIn }) => {
  await registerApp(standIn);
  const location = await consentWithoutReturning(page, standIn);
  const second = await context.newPage();
  await second.goto(location);
  await expectOutcome(second.locator('#jira-settings .jos-root'), 'Jira is connected', 'acme');
  const stored = host.store();
  expect(stored.connection.site.id).toBe(ACME.id);
  // The host logged each step, and never the secret, the code or a token.
  const code = new URL(location).searchParams.get('code');
  const logs = host.logs();
  expect(logs).toContain('consent');
  for (const [what, value] of [['secret', PAIR_1.secret], ['code', code], ['access token', stored.tokens.accessToken], ['refresh token', stored.tokens.refreshToken]]) {
    expect(typeof value, what).toBe('string');
    expect(secretLeak(logs, value), `the ${what} in the host's log`).toBeNull();
  }
  // A fresh browser profile (another browser) has no record of the attempt.
  const other = await (await page.context().browser().newContext()).newPage();
  await other.goto(location);
  await expectOutcome(other.locator('#jira-settings .jos-root'), 'This answer cannot be used', 'This browser did not start this attempt');
});

test('two tabs opening the same answer at once exchange the code once, and the connection lives', async ({ page, context, host, standIn }) => {
  await registerApp(standIn);
  const location = await consentWithoutReturning(page, standIn);
  const before = (await atlassianCalls(standIn)).length;
  // Both tabs get the plugin at the same moment, so that both read the state before either has
  // spent it (routing also turns the browser's cache off).
  const held = [];
  await context.route(/\/plugin\/jira-oauth-settings_bg\.[0-9a-f]{16}\.wasm$/, async (route) => {
    held.push(route);
    if (held.length === 2) await Promise.all(held.map((r) => r.continue()));
  });
  const tabs = [await context.newPage(), await context.newPage()];
  await Promise.all(tabs.map((tab) => tab.goto(location)));
  for (const tab of tabs) {
    const root = tab.locator('#jira-settings .jos-root');
    await expect(root.getByRole('heading', { level: 2 })).toHaveText(/Jira is connected|This answer was already used/);
  }
  const exchanges = (await callsSince(standIn, before)).filter((call) => call.startsWith('POST /oauth/token'));
  expect(exchanges).toEqual(['POST /oauth/token authorization_code 200']);
  // The stored token still works: a second exchange of the code would have revoked it.
  const { accessToken } = host.store().tokens;
  const sites = await fetch(`${standIn.url}/oauth/token/accessible-resources`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(sites.status).toBe(200);
});

test('the same answer sent twice at once to the host is exchanged once', async ({ page, host, standIn }) => {
  await registerApp(standIn);
  const location = await consentWithoutReturning(page, standIn);
  const query = new URL(location).searchParams;
  const consent = { code: query.get('code'), state: query.get('state'), redirectUri: CALLBACK };
  await page.goto(DEMO_URL);
  const before = (await atlassianCalls(standIn)).length;
  // What two tabs racing each other would send: the browser's own requests, side by side.
  const answers = await page.evaluate(async ([api, body]) => Promise.all([1, 2].map(async () => {
    const response = await fetch(`${api}/consent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  })), [API, consent]);
  for (const answer of answers) {
    expect(answer.status).toBe(200);
    expect(answer.body.connection.site.id).toBe(ACME.id);
  }
  const exchanges = (await callsSince(standIn, before)).filter((call) => call.startsWith('POST /oauth/token'));
  expect(exchanges).toEqual(['POST /oauth/token authorization_code 200']);
  const { accessToken } = host.store().tokens;
  const sites = await fetch(`${standIn.url}/oauth/token/accessible-resources`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(sites.status, 'the stored token was revoked by a second exchange of the code').toBe(200);
});

test('a restart of the host after connecting keeps the connection and the app', async ({ page, host, standIn }) => {
  await registerApp(standIn);
  await routeToStandIn(page, standIn);
  const root = await connect(page);
  await expectOutcome(root, 'Jira is connected');

  await host.restart();
  const mode = fs.statSync(path.join(host.dataDir, 'store.json')).mode & 0o777;
  expect(mode.toString(8)).toBe('600');
  await page.goto(DEMO_URL);
  const settings = page.locator('#jira-settings .jos-root');
  await expect(settings).toContainText('Connected to the Jira site acme (https://acme.atlassian.net)');
  await expect(controls(settings).id).toHaveValue(PAIR_1.id);
  await expect(settings).toContainText('A secret is stored');
});

test('a stored secret is kept when the field is left empty, and Connect goes on', async ({ page, standIn }) => {
  await registerApp(standIn);
  await routeToStandIn(page, standIn);
  let root = await connect(page);
  await expectOutcome(root, 'Jira is connected');

  await page.goto(DEMO_URL);
  root = page.locator('#jira-settings .jos-root');
  const c = controls(root);
  await expect(c.id).toHaveValue(PAIR_1.id);
  await c.connect.click();
  await page.waitForURL((url) => url.pathname === '/app/integrations/callback');
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'Jira is connected');
});

test('another app\'s Client ID with the secret field left empty asks for that app\'s secret', async ({ page, standIn }) => {
  await registerApp(standIn);
  await routeToStandIn(page, standIn);
  await expectOutcome(await connect(page), 'Jira is connected');
  await page.goto(DEMO_URL);
  const root = page.locator('#jira-settings .jos-root');
  const c = controls(root);
  await expect(root).toContainText('A secret is stored');
  const saves = [];
  page.on('request', (request) => { if (request.method() === 'PUT') saves.push(request.url()); });

  await c.id.fill(PAIR_2.id);
  await c.connect.click();
  await expect(c.secret).toBeFocused();
  await expect(c.secret).toHaveAttribute('aria-invalid', 'true');
  await expect(root).toContainText("This is another app's Client ID, and the stored secret belongs to the previous app");
  expect(saves).toEqual([]);
  // The stored app's own ID again: the stored secret serves.
  await c.id.fill(PAIR_1.id);
  await expect(c.secret).not.toHaveAttribute('aria-invalid', 'true');
});

test('Disconnect asks first, then forgets the connection on the host', async ({ page, host, standIn }) => {
  await registerApp(standIn);
  await routeToStandIn(page, standIn);
  await expectOutcome(await connect(page), 'Jira is connected');
  await page.goto(DEMO_URL);
  const root = page.locator('#jira-settings .jos-root');
  await root.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect(root).toContainText('Disconnect Jira?');
  expect(host.store().connection.site.id).toBe(ACME.id);
  await root.getByRole('button', { name: 'Yes, disconnect' }).click();
  await expect(root).not.toContainText('Connected to the Jira site');
  expect(host.store().connection ?? null).toBeNull();
  await expect(controls(root).id).toHaveValue(PAIR_1.id);
});

test('the host refuses a value: its message shows under the field, and nothing typed is lost', async ({ page }) => {
  // An app with a secret is stored, and the page knows it...
  const json = { 'content-type': 'application/json', origin: DEMO_URL.replace(/\/$/, '') };
  const saved = await page.request.put(`${API}/app`, {
    headers: json, data: { clientId: PAIR_1.id, clientSecret: PAIR_1.secret, callbackUrl: CALLBACK },
  });
  expect(saved.status()).toBe(200);
  const root = await openDemo(page);
  const c = controls(root);
  await expect(c.id).toHaveValue(PAIR_1.id);
  await expect(root).toContainText('A secret is stored');
  // ...then forgotten behind its back (another tab, another admin).
  const forgotten = await page.request.post(`${API}/disconnect`, { headers: json, data: { forgetApp: true } });
  expect(forgotten.status()).toBe(200);

  await c.connect.click();
  await expect(c.secret).toBeFocused();
  await expect(c.secret).toHaveAttribute('aria-invalid', 'true');
  const message = root.locator(`#${await c.secret.getAttribute('id')}-message`);
  await expect(message).toContainText('Error:');
  await expect(message).toContainText(/secret/i);
  expect(page.url()).toBe(DEMO_URL);
  await expect(c.id).toHaveValue(PAIR_1.id);
  await expect(c.callback).toHaveValue(CALLBACK);

  // An edit clears the host's verdict; the form's own checks take over again.
  await c.secret.fill(PAIR_1.secret);
  await expect(c.secret).not.toHaveAttribute('aria-invalid', 'true');
});

test('the host answering 500: the status line says what happened, the form keeps every value', async ({ page, host, standIn }) => {
  await registerApp(standIn);
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, PAIR_1);
  // The data directory disappears under the running host: its save really fails.
  fs.rmSync(host.dataDir, { recursive: true, force: true });
  await c.connect.click();
  await expect(root.locator('.jos-status').last()).toContainText('The host could not save this change, so nothing changed.');
  await expect(c.connect).toBeEnabled();
  expect(page.url()).toBe(DEMO_URL);
  await expect(c.id).toHaveValue(PAIR_1.id);
  await expect(c.secret).toHaveValue(PAIR_1.secret);
  await expect(c.callback).toHaveValue(CALLBACK);

  // A proxy's own error page instead of the host's JSON.
  await page.route(`${API}/app`, (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }));
  await c.connect.click();
  await expect(root.locator('.jos-status').last()).toContainText('unexpected HTTP 502');
  await expect(c.secret).toHaveValue(PAIR_1.secret);
});

test('the host answering slowly: Connect waits, then gives up after 15 s and says so', async ({ page, host }) => {
  test.setTimeout(45_000);
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, PAIR_1);
  host.pause();
  await c.connect.click();
  await expect(root.locator('.jos-status').last()).toHaveText('Saving the app\u2026');
  await expect(c.connect).toBeDisabled();
  // What is on its way cannot be changed under it: an edit now would be lost with the redirect.
  for (const field of [c.id, c.secret, c.callback]) await expect(field).not.toBeEditable();
  await expect(root.locator('.jos-status').last()).toContainText('did not answer within 15 seconds', { timeout: 20_000 });
  await expect(c.connect).toBeEnabled();
  await expect(c.secret).toHaveValue(PAIR_1.secret);
  await expect(c.id).toBeEditable();
  expect(page.url()).toBe(DEMO_URL);
});

test('the host not running: the page says it cannot be reached, and keeps every value', async ({ page, host }) => {
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, PAIR_2);
  await host.stop();
  await c.connect.click();
  await expect(root.locator('.jos-status').last()).toContainText('could not be reached');
  await expect(c.id).toHaveValue(PAIR_2.id);
  await expect(c.secret).toHaveValue(PAIR_2.secret);
  expect(page.url()).toBe(DEMO_URL);
});

test('the settings page says so when the stored settings cannot be read, and the form still works', async ({ page, host }) => {
  await page.route(`${API}/app`, (route) => (route.request().method() === 'GET'
    ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'store_failed', message: 'The store is not readable.' } }) })
    : route.fallback()));
  const root = await openDemo(page);
  await expect(root.getByRole('alert')).toContainText('The stored Jira settings could not be read');
  await expect(root.getByRole('alert')).toContainText('The store is not readable.');
  await expect(controls(root).id).toBeEditable();
});

test('Disconnect right on the callback page says Jira is disconnected', async ({ page, host, standIn }) => {
  await registerApp(standIn);
  await routeToStandIn(page, standIn);
  const root = await connect(page);
  await expectOutcome(root, 'Jira is connected');
  await root.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await root.getByRole('button', { name: 'Yes, disconnect' }).click();
  await expectOutcome(root, 'Jira is disconnected', 'The app stays stored.');
  expect(host.store().connection ?? null).toBeNull();
});

test('sites left to choose are offered on the settings page too', async ({ page, host, standIn }) => {
  await registerApp(standIn, { sites: [ACME, GLOBEX] });
  await routeToStandIn(page, standIn);
  await expectOutcome(await connect(page), 'One more step: choose the Jira site');
  // The admin leaves the callback page without choosing, and comes back to the settings.
  await page.goto(DEMO_URL);
  const root = page.locator('#jira-settings .jos-root');
  const chooser = root.getByRole('group', { name: 'Choose the Jira site to connect' });
  await expect(chooser.getByRole('radio')).toHaveCount(2);
  await chooser.getByRole('radio', { name: /acme/ }).check();
  await chooser.getByRole('button', { name: 'Connect this site' }).click();
  await expect(root).toContainText('Connected to the Jira site acme');
  await expect(chooser).toHaveCount(0);
  expect(host.store().connection.site.id).toBe(ACME.id);
});

test('back from Atlassian\'s page, Connect works again', async ({ page, standIn }) => {
  // Atlassian refuses the request (a callback URL that is not the registered one): the admin
  // sees its error page, and goes back.
  await standIn.register({ clientId: PAIR_1.id, clientSecret: PAIR_1.secret, callbackUrl: `${CALLBACK}/`, sites: [ACME] });
  await routeToStandIn(page, standIn);
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, PAIR_1);
  await c.connect.click();
  await page.waitForURL((url) => url.origin === 'https://auth.atlassian.com');
  await expect(page.locator('#fault')).toHaveText('redirect_uri_mismatch');
  await page.goBack();
  const back = controls(page.locator('#jira-settings .jos-root'));
  await expect(back.connect).toBeEnabled();
  await expect(page.locator('#jira-settings .jos-root .jos-status').last()).not.toContainText('Opening');
});
