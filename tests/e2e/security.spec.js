// Security and reliability, as a user and an attacker see them: nothing secret leaks anywhere
// the browser keeps or sends things, only the signed-in admin's own page gets in, hostile text is
// inert, and the browser's storage failing or holding junk loses nothing. (Every test of the
// suite also fails on any Content Security Policy report: see the `context` fixture.)
const { test, expect, routeToStandIn } = require('./support');
const {
  ORIGIN,
  DEMO_URL,
  CALLBACK,
  CONSENT_PREFIX,
  PAIR_1,
  API,
  registerApp,
  atlassianCalls,
  callsSince,
  connect,
  consentWithoutReturning,
  expectOutcome,
  openDemo,
  controls,
  fillForm,
  interceptAuthorize,
  secretLeak,
  storageDump,
} = require('./support');

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Every attribute of every element of the page, as `TAG name=value`. */
async function allAttributes(page) {
  return page.evaluate(() => [...document.querySelectorAll('*')].flatMap((element) =>
    [...element.attributes].map((attribute) => `${element.tagName} ${attribute.name}=${attribute.value}`)));
}

/** The first of `secrets` ({ name: value }) that `text` holds (or a 12-character piece of). */
function leakIn(text, secrets) {
  for (const [name, value] of Object.entries(secrets)) {
    const piece = secretLeak(text, value);
    if (piece) return `${name} (${piece})`;
  }
  return null;
}

test('after a full round trip, the secret, the code and the tokens are only where they must be', async ({ page, context, host, standIn }) => {
  await registerApp(standIn);
  const requests = [];
  context.on('request', (request) => requests.push(request));
  // The host's answers, read on their way to the page (a body is gone once its page is left).
  const answers = [];
  await context.route(`${API}/**`, async (route) => {
    const response = await route.fetch();
    answers.push([route.request().url(), await response.text()]);
    await route.fulfill({ response });
  });
  const consoleLines = [];
  context.on('console', (line) => consoleLines.push(line.text()));
  context.on('weberror', (error) => consoleLines.push(String(error.error())));
  await routeToStandIn(page, standIn);

  // The form filled, its secret shown and hidden again, before Connect.
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, PAIR_1);
  await c.showSecret.click();
  await c.hideSecret.click();
  const formAttributes = await allAttributes(page);
  const formStorage = await storageDump(page);
  await c.connect.click();
  await page.waitForURL((url) => url.pathname === '/app/integrations/callback');
  const callbackRoot = page.locator('#jira-settings .jos-root');
  await expectOutcome(callbackRoot, 'Jira is connected', 'acme');

  const callback = requests.find((request) => request.url().startsWith(`${CALLBACK}?code=`));
  expect(callback, 'the navigation back from Atlassian').toBeTruthy();
  const code = new URL(callback.url()).searchParams.get('code');
  const { accessToken, refreshToken } = host.store().tokens;
  const secrets = { 'client secret': PAIR_1.secret, code, 'access token': accessToken, 'refresh token': refreshToken };
  for (const [name, value] of Object.entries(secrets)) expect(typeof value, name).toBe('string');
  const withoutCode = { ...secrets };
  delete withoutCode.code;

  // Requests: no secret in any address or header (the Referer among them), except the code in
  // Atlassian's own redirect to the callback page; in bodies, only the secret in the save and
  // the code in the consent, both to this host.
  const seen = [];
  for (const request of requests) {
    const url = request.url();
    const headers = await request.allHeaders();
    const what = `${request.method()} ${url.slice(0, 120)}`;
    seen.push(what);
    expect(leakIn(url, request === callback ? withoutCode : secrets), `${what}: address`).toBeNull();
    expect(leakIn(JSON.stringify(headers), secrets), `${what}: headers`).toBeNull();
    // Our pages send no Referer at all (the navigation back is Atlassian's page's doing).
    if (request !== callback) expect(headers.referer, `${what}: Referer`).toBeUndefined();
    const body = request.postData() ?? '';
    const expected = {
      [`PUT ${API}/app`]: 'client secret',
      [`POST ${API}/consent`]: 'code',
    }[`${request.method()} ${url}`];
    const allowed = Object.fromEntries(Object.entries(secrets).filter(([name]) => name !== expected));
    expect(leakIn(body, allowed), `${what}: body`).toBeNull();
    if (expected) expect(body, `${what}: body`).toContain(secrets[expected]);
  }
  // The host's answers carry none of them.
  expect(answers.map(([url]) => url)).toEqual([`${API}/app`, `${API}/app`, `${API}/consent`]);
  for (const [url, text] of answers) expect(leakIn(text, secrets), `the answer of ${url}`).toBeNull();
  expect(seen.some((what) => what.startsWith('GET https://auth.atlassian.com/authorize?')), seen.join('\n')).toBe(true);

  // Storage, cookies, the console and every DOM attribute, before Connect and at the end.
  const cookies = await context.cookies();
  expect(cookies.map((cookie) => cookie.name)).toEqual(['jos_session']);
  const kept = {
    'storage before Connect': JSON.stringify(formStorage),
    'storage at the end': JSON.stringify(await storageDump(page)),
    cookies: JSON.stringify(cookies),
    console: consoleLines.join('\n'),
    'attributes before Connect': formAttributes.join('\n'),
    'attributes at the end': (await allAttributes(page)).join('\n'),
  };
  for (const [where, text] of Object.entries(kept)) expect(leakIn(text, secrets), where).toBeNull();
  expect(page.url()).toBe(CALLBACK);
});

test('the callback page arrives by a cross-site navigation, and its own request still carries the session', async ({ page, context, standIn }) => {
  await registerApp(standIn);
  // The browser is left on Atlassian's page, which then sends it back, as its redirect does.
  const location = await consentWithoutReturning(page, standIn);
  const requests = [];
  context.on('request', (request) => requests.push(request));
  await page.evaluate((back) => window.location.assign(back), location);
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'Jira is connected');

  const back = requests.find((request) => request.url() === location);
  const navigation = await back.allHeaders();
  expect(navigation['sec-fetch-site'], 'from auth.atlassian.com').toBe('cross-site');
  expect(navigation.cookie, 'SameSite=Strict keeps the cookie off the navigation').toBeUndefined();
  const consent = requests.find((request) => request.url() === `${API}/consent`);
  expect((await consent.allHeaders()).cookie).toMatch(/(?:^|; )jos_session=\d+\.[0-9a-f]{64}(?:;|$)/);
  expect((await consent.response()).status()).toBe(200);
});

test('signed out, the page says to sign in, saves nothing, keeps every value, and goes on once signed in', async ({ browser, host }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const seen = await interceptAuthorize(page);
  await page.goto(DEMO_URL);
  const root = page.locator('#jira-settings .jos-root');
  await expect(root.getByRole('alert')).toHaveText('You are not signed in to the Invicti server, or your session there has ended, so the stored Jira settings could not be read. Sign in, then reload this page.');
  const c = controls(root);
  await fillForm(c, PAIR_1);
  await c.connect.click();
  await expect(c.statuses.last()).toContainText('not signed in');
  await expect(c.statuses.last()).toContainText('Sign in in another tab');
  await expect(c.id).toHaveValue(PAIR_1.id);
  await expect(c.secret).toHaveValue(PAIR_1.secret);
  await expect(c.callback).toHaveValue(CALLBACK);
  expect(page.url()).toBe(DEMO_URL);
  expect(() => host.store(), 'nothing was stored').toThrow(/ENOENT/);

  // Signed in (in another tab, say), the same form goes on.
  await host.signIn(context);
  await c.connect.click();
  await expect.poll(() => seen.navigations.length).toBe(1);
  expect(host.store().app.clientId).toBe(PAIR_1.id);
  await context.close();
});

test('the sign-in link sets a cookie no script can read, leads to the settings, and works once', async ({ browser, host }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const link = host.signInLink();
  const answer = await page.goto(link);
  expect(page.url()).toBe(DEMO_URL);
  expect(answer.headers()['content-security-policy']).toBe(CSP);
  await expect(page.locator('#jira-settings .jos-root')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  const [cookie] = await context.cookies();
  expect(cookie).toMatchObject({ name: 'jos_session', httpOnly: true, sameSite: 'Strict', path: '/' });

  const again = await page.goto(link);
  expect(again.status()).toBe(403);
  await expect(page.locator('body')).toContainText('newest sign-in link the host printed');
  await context.close();
});

test('a page of another origin on the same site cannot change anything, though its requests carry the cookie', async ({ page, context, host, standIn }) => {
  const saved = await page.request.put(`${API}/app`, {
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    data: { clientId: PAIR_1.id, clientSecret: PAIR_1.secret, callbackUrl: CALLBACK },
  });
  expect(saved.status()).toBe(200);
  // A page of the stand-in's server, on another port of 127.0.0.1: another origin, but the same
  // site, so SameSite=Strict does not keep the cookie back, and only the host's own checks do.
  // (A real server: Chromium keeps a page a route made up from reaching loopback at all.)
  const evil = new URL(standIn.url).origin;
  expect(evil).not.toBe(ORIGIN);
  await page.goto(`${evil}/_stand-in/calls`);

  const results = await page.evaluate(async (api) => {
    const body = JSON.stringify({ forgetApp: true });
    const attempt = async (init) => {
      try {
        const response = await fetch(`${api}/disconnect`, { method: 'POST', credentials: 'include', body, ...init });
        return `read ${response.status}`;
      } catch (error) {
        return `blocked: ${error.name}`;
      }
    };
    return {
      json: await attempt({ headers: { 'content-type': 'application/json' } }),
      simple: await attempt({ mode: 'no-cors', headers: { 'content-type': 'text/plain' } }),
    };
  }, API);
  // The JSON request needs a preflight, which the host does not grant: the browser sends
  // nothing else. The simple one goes out, with the cookie, and the host refuses it (403); its
  // answer is kept from the page (Cross-Origin-Resource-Policy).
  expect(results).toEqual({ json: 'blocked: TypeError', simple: 'blocked: TypeError' });
  const refusals = () => host.logs().match(/refused POST \/api\/integrations\/jira\/disconnect: not sent by this host's page/g) ?? [];
  await expect.poll(() => refusals().length).toBe(1);
  // Refused for its origin, past the session check: so the cookie did go with it.
  expect(host.logs()).toContain(`origin=Some("${evil}")`);

  // A form posted from there, as a top-level navigation.
  await page.evaluate((api) => {
    const form = document.createElement('form');
    form.method = 'post';
    form.enctype = 'text/plain';
    form.action = `${api}/disconnect`;
    const input = document.createElement('input');
    input.name = '{"forgetApp":true,"x":"';
    input.value = '"}';
    form.append(input);
    document.body.append(form);
    form.submit();
  }, API);
  await page.waitForURL(`${API}/disconnect`);
  await expect(page.locator('body')).toContainText('"code":"cross_origin"');
  expect(refusals()).toHaveLength(2);

  expect(host.store().app.clientId, 'the app is still saved').toBe(PAIR_1.id);
});

test('hostile text in every field is shown as text, and kept as typed', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  const root = await openDemo(page);
  const c = controls(root);
  const cases = [
    { id: '<img src=x onerror="window.__pwned=1">', secret: '"><script>window.__pwned=1</script>', callback: 'javascript:window.__pwned=1//https://x/app/integrations/callback' },
    { id: `CQkBxSzN7tK8\u202EYXR3OxKrYJjppSPGeBCR`, secret: `\u202E${PAIR_1.secret}`, callback: `${ORIGIN}/app/integrations/\u202Ecallback` },
    { id: '<b>'.repeat(60_000), secret: 'x'.repeat(200_000), callback: `${ORIGIN}/${'<i>'.repeat(40_000)}` },
    { id: '{{7*7}}${7*7}', secret: '<svg onload=alert(1)>', callback: `https://${'a'.repeat(70)}.example/<a href="javascript:alert(1)">x</a>` },
  ];
  for (const values of cases) {
    await fillForm(c, values);
    await c.connect.click();
    for (const [name, field] of [['id', c.id], ['secret', c.secret], ['callback', c.callback]]) {
      await expect(field, name).toHaveValue(values[name]);
      await expect(field, name).toHaveAttribute('aria-invalid', 'true');
    }
    // Only the plugin's own elements: nothing typed became markup.
    const tags = await root.evaluate((element) => [...new Set([...element.querySelectorAll('*')].map((e) => e.tagName))].sort());
    for (const tag of ['IMG', 'SCRIPT', 'SVG', 'svg', 'B', 'I']) expect(tags, JSON.stringify(values).slice(0, 80)).not.toContain(tag);
    const messages = await root.locator('.jos-message').evaluateAll((elements) => elements.map((e) => ({ text: e.textContent, children: e.children.length })));
    for (const message of messages) {
      // No direction override reaches the screen, where it would reorder what follows it.
      expect(message.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(message.text.length, message.text.slice(0, 80)).toBeLessThan(1000);
    }
  }
  await c.showSecret.click();
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('stale, corrupt and foreign values in localStorage are handled on mount, never a crash', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(DEMO_URL);
  const now = Date.now();
  const state = (letter) => letter.repeat(43);
  const record = (s, createdAt) => JSON.stringify({ state: s, redirectUri: CALLBACK, clientId: PAIR_1.id, createdAt });
  await page.evaluate(([prefix, entries]) => {
    for (const [key, value] of entries) localStorage.setItem(`${prefix}${key}`, value);
    localStorage.setItem('another-app.settings', '{"theme":"dark"}');
  }, [CONSENT_PREFIX, [
    [state('a'), record(state('a'), now - 25 * 60 * 60 * 1000)],
    [state('b'), record(state('b'), now - 60 * 1000)],
    [state('c'), '{"state": '],
    [state('d'), '"just a string"'],
    [state('e'), JSON.stringify({ ...JSON.parse(record(state('e'), now)), extra: [1, 2] })],
  ]]);
  await page.reload();
  const root = page.locator('#jira-settings .jos-root');
  await expect(root).toBeVisible();
  const local = (await storageDump(page)).local;
  expect(Object.keys(local).sort()).toEqual(['another-app.settings', `${CONSENT_PREFIX}${state('b')}`, `${CONSENT_PREFIX}${state('e')}`]);
  expect(local['another-app.settings']).toBe('{"theme":"dark"}');

  // The callback page with a state whose record is junk: refused in words, nothing sent.
  await page.evaluate(([key]) => localStorage.setItem(key, '{"state": 7}'), [`${CONSENT_PREFIX}${state('f')}`]);
  await page.goto(`${CALLBACK}?code=abc&state=${state('f')}`);
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'This answer cannot be used');
  expect(errors).toEqual([]);
});

test('storage that is full or unavailable: Connect says so and stays on the page', async ({ page }) => {
  const seen = await interceptAuthorize(page);
  for (const breakage of ['full', 'unavailable']) {
    await page.addInitScript((kind) => {
      if (kind === 'full') {
        Storage.prototype.setItem = function setItem() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
      } else {
        Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); } });
      }
    }, breakage);
    const root = await openDemo(page);
    const c = controls(root);
    await fillForm(c, PAIR_1);
    await c.connect.click();
    await expect(c.statuses.last(), breakage).toContainText('refused to keep a note of this attempt in its local storage');
    await expect(c.secret).toHaveValue(PAIR_1.secret);
    expect(page.url()).toBe(DEMO_URL);
    expect(seen.navigations, breakage).toEqual([]);
  }
});

test('storage that cannot be read on the callback page: it says so, and sends nothing', async ({ page, standIn }) => {
  await registerApp(standIn);
  const location = await consentWithoutReturning(page, standIn);
  const before = (await atlassianCalls(standIn)).length;
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); } });
  });
  const sent = [];
  page.on('request', (request) => { if (request.url().startsWith(API) && request.method() === 'POST') sent.push(request.url()); });
  await page.goto(location);
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'Jira was not connected', 'refused to read this site\'s local storage');
  expect(sent).toEqual([]);
  expect(await callsSince(standIn, before)).toEqual([]);
});

test('a callback that comes back to a signed-out browser says so, and Atlassian is not asked', async ({ page, context, standIn }) => {
  await registerApp(standIn);
  const location = await consentWithoutReturning(page, standIn);
  const before = (await atlassianCalls(standIn)).length;
  await context.clearCookies();
  await page.goto(location);
  await expectOutcome(page.locator('#jira-settings .jos-root'), 'Jira was not connected', 'You are not signed in to the Invicti server');
  await expect(page.locator('#jira-settings .jos-root')).toContainText('press Connect to Jira');
  expect(await callsSince(standIn, before)).toEqual([]);
});
