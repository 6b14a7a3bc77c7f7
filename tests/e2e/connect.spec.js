// Connect with valid input: the authorize URL, byte for byte, and the pending-consent record.
const { test, expect } = require('./support');
const {
  DEMO_URL,
  CALLBACK,
  AUTHORIZE,
  PAIR_1,
  PAIR_2,
  PARAM_NAMES,
  RAW_SCOPE,
  DECODED_SCOPE,
  STATE_RE,
  CONSENT_PREFIX,
  openDemo,
  controls,
  fillForm,
  interceptAuthorize,
  waitForStandIn,
  splitAuthorizeUrl,
  secretLeak,
  storageDump,
  pendingConsents,
} = require('./support');

/** The checks every authorize URL must pass; returns its state. */
function expectAuthorizeUrl(raw, { clientId, redirectUri, secret }) {
  const url = splitAuthorizeUrl(raw);

  expect(url.base, 'origin + path').toBe(AUTHORIZE);
  expect(url.segments.map(([name]) => name), 'parameter names, in order').toEqual(PARAM_NAMES);

  // Raw segments: what goes over the wire, before any decoding.
  expect(url.raw.audience).toBe('api.atlassian.com');
  expect(url.raw.client_id).toBe(clientId);
  expect(url.raw.scope).toBe(RAW_SCOPE);
  expect(url.raw.scope).toContain('%20');
  expect(url.raw.scope).not.toContain('+');
  expect(url.raw.redirect_uri, 'redirect_uri is percent-encoded (no raw : / ? # & + or space)').toMatch(
    /^[A-Za-z0-9._~%-]+$/,
  );
  expect(decodeURIComponent(url.raw.redirect_uri)).toBe(redirectUri);
  expect(url.raw.response_type).toBe('code');
  expect(url.raw.prompt).toBe('consent');
  expect(url.raw.state).toMatch(STATE_RE);

  // Decoded, as Atlassian reads them.
  expect([...url.params.keys()]).toEqual(PARAM_NAMES);
  expect(url.params.get('audience')).toBe('api.atlassian.com');
  expect(url.params.get('client_id')).toBe(clientId);
  expect(url.params.get('scope')).toBe(DECODED_SCOPE);
  expect(url.params.get('redirect_uri')).toBe(redirectUri);
  expect(url.params.get('state')).toBe(url.raw.state);
  expect(url.params.get('response_type')).toBe('code');
  expect(url.params.get('prompt')).toBe('consent');

  expect(secretLeak(raw, secret), 'secret (or a 12-char piece of it) in the authorize URL').toBeNull();
  expect(secretLeak(decodeURIComponent(raw), secret), 'secret in the decoded authorize URL').toBeNull();
  return url.raw.state;
}

/** The stored record for `state`: exactly the four keys, matching the URL. */
function expectConsentRecord(local, { state, clientId, redirectUri, notBefore, notAfter }) {
  const key = `${CONSENT_PREFIX}${state}`;
  expect(Object.keys(local), `localStorage has ${key}`).toContain(key);
  const record = JSON.parse(local[key]);
  expect(Object.keys(record).sort()).toEqual(['clientId', 'createdAt', 'redirectUri', 'state']);
  expect(record.state).toBe(state);
  expect(record.clientId).toBe(clientId);
  expect(record.redirectUri).toBe(redirectUri);
  expect(Number.isInteger(record.createdAt), `createdAt is an integer (got ${JSON.stringify(record.createdAt)})`).toBe(true);
  // Milliseconds since the epoch, taken around the click (1 s of slack for clock granularity).
  expect(record.createdAt).toBeGreaterThanOrEqual(notBefore - 1000);
  expect(record.createdAt).toBeLessThanOrEqual(notAfter + 1000);
  return record;
}

function expectNoSecretStored(dump, secret) {
  const stored = [
    ...Object.entries(dump.local).map(([k, v]) => [`localStorage ${k}`, k, v]),
    ...Object.entries(dump.session).map(([k, v]) => [`sessionStorage ${k}`, k, v]),
    ['document.cookie', '', dump.cookie],
  ];
  for (const [where, key, value] of stored) {
    expect(secretLeak(key, secret), `${where}: key holds the secret or a 12-char piece of it`).toBeNull();
    expect(secretLeak(value, secret), `${where}: value holds the secret or a 12-char piece of it`).toBeNull();
  }
}

test('happy path: trimmed Client ID, exact authorize URL, pending consent stored without the secret', async ({ page }) => {
  const seen = await interceptAuthorize(page);
  const root = await openDemo(page);
  const c = controls(root);

  await c.id.fill(`  ${PAIR_1.id}  `);
  await c.secret.fill(PAIR_1.secret);
  await c.callback.fill(CALLBACK);

  const notBefore = Date.now();
  await c.connect.click();
  await waitForStandIn(page);
  const notAfter = Date.now();

  expect(seen.navigations).toHaveLength(1);
  const raw = seen.navigations[0];
  expect(page.url()).toBe(raw);
  const state = expectAuthorizeUrl(raw, { clientId: PAIR_1.id, redirectUri: CALLBACK, secret: PAIR_1.secret });

  // Back on the demo's origin, read what was stored there.
  await page.goto(DEMO_URL);
  const dump = await storageDump(page);
  expect(Object.keys(pendingConsents(dump.local))).toEqual([`${CONSENT_PREFIX}${state}`]);
  expectConsentRecord(dump.local, { state, clientId: PAIR_1.id, redirectUri: CALLBACK, notBefore, notAfter });
  expectNoSecretStored(dump, PAIR_1.secret);
});

test('two attempts give two different states, and both pending records exist', async ({ page }) => {
  const seen = await interceptAuthorize(page);
  let root = await openDemo(page);
  let c = controls(root);

  const firstAt = Date.now();
  await fillForm(c, PAIR_1);
  await c.connect.click();
  await waitForStandIn(page);
  const firstDone = Date.now();

  // Go back to the settings page and start again, with the second app.
  await page.goBack();
  expect(page.url()).toBe(DEMO_URL);
  root = page.locator('#jira-settings .jos-root');
  await expect(root).toBeVisible();
  c = controls(root);

  const secondAt = Date.now();
  await fillForm(c, PAIR_2);
  await c.connect.click();
  await waitForStandIn(page);
  const secondDone = Date.now();

  expect(seen.navigations).toHaveLength(2);
  const state1 = expectAuthorizeUrl(seen.navigations[0], { clientId: PAIR_1.id, redirectUri: CALLBACK, secret: PAIR_1.secret });
  const state2 = expectAuthorizeUrl(seen.navigations[1], { clientId: PAIR_2.id, redirectUri: CALLBACK, secret: PAIR_2.secret });
  expect(state2).not.toBe(state1);

  await page.goto(DEMO_URL);
  const dump = await storageDump(page);
  expect(Object.keys(pendingConsents(dump.local)).sort()).toEqual(
    [`${CONSENT_PREFIX}${state1}`, `${CONSENT_PREFIX}${state2}`].sort(),
  );
  expectConsentRecord(dump.local, {
    state: state1, clientId: PAIR_1.id, redirectUri: CALLBACK, notBefore: firstAt, notAfter: firstDone,
  });
  expectConsentRecord(dump.local, {
    state: state2, clientId: PAIR_2.id, redirectUri: CALLBACK, notBefore: secondAt, notAfter: secondDone,
  });
  expectNoSecretStored(dump, PAIR_1.secret);
  expectNoSecretStored(dump, PAIR_2.secret);
});

test('a callback URL typed with surrounding spaces is sent and stored trimmed', async ({ page }) => {
  const seen = await interceptAuthorize(page);
  const root = await openDemo(page);
  const c = controls(root);

  const notBefore = Date.now();
  await fillForm(c, { ...PAIR_2, callback: `  ${CALLBACK} ` });
  await c.connect.click();
  await waitForStandIn(page);
  const notAfter = Date.now();

  expect(seen.navigations).toHaveLength(1);
  const state = expectAuthorizeUrl(seen.navigations[0], { clientId: PAIR_2.id, redirectUri: CALLBACK, secret: PAIR_2.secret });

  await page.goto(DEMO_URL);
  const dump = await storageDump(page);
  expectConsentRecord(dump.local, { state, clientId: PAIR_2.id, redirectUri: CALLBACK, notBefore, notAfter });
});

test('Connect to Jira stays put while the field being edited loses focus, so one click is enough', async ({ page }) => {
  const seen = await interceptAuthorize(page);
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, PAIR_1);
  await expect(c.callback).toBeFocused();

  // A click is mousedown + mouseup on the same element: if the blur verdict moves the button
  // between the two, the click lands elsewhere and the admin's press is lost.
  const before = await c.connect.boundingBox();
  await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
  await page.mouse.down();
  const during = await c.connect.boundingBox();
  await page.mouse.up();

  expect(during, 'Connect to Jira moved when the Callback URL field lost focus').toEqual(before);
  await waitForStandIn(page);
  expect(seen.navigations).toHaveLength(1);
});
