// Verdicts: errors block Connect, warnings do not, and when each verdict appears.
const { test, expect } = require('./support');
const AxeBuilder = require('@axe-core/playwright').default;
const {
  DEMO_URL,
  CALLBACK,
  PLACEHOLDER_CALLBACK,
  PAIR_1,
  PAIR_2,
  NOT_STARTED_RE,
  artifact,
  openDemo,
  controls,
  interceptAuthorize,
  waitForStandIn,
  splitAuthorizeUrl,
  describedBy,
  addedMessages,
  expectNoDanglingIds,
  secretLeak,
  storageDump,
  summariseAxe,
} = require('./support');

async function baselines(c) {
  return { id: await describedBy(c.id), secret: await describedBy(c.secret), callback: await describedBy(c.callback) };
}

test('errors: swapped credentials and the placeholder host block Connect, focus the first field, pass axe', async ({ page }) => {
  const seen = await interceptAuthorize(page);
  const root = await openDemo(page);
  const c = controls(root);
  const before = await baselines(c);

  await c.id.fill(PAIR_1.secret);
  await c.secret.fill(PAIR_1.id);
  await c.callback.fill(PLACEHOLDER_CALLBACK);
  await c.connect.click();

  // The status says the connection was not started.
  const notStarted = c.statuses.filter({ hasText: NOT_STARTED_RE });
  try {
    await expect(notStarted).toHaveCount(1);
    await expect(notStarted).toBeVisible();
  } catch (error) {
    const texts = await c.statuses.allTextContents();
    throw new Error(`${error.message}\nrole=status texts inside .jos-root: ${JSON.stringify(texts)}`);
  }

  await expect(c.id).toBeFocused();
  await expect(c.id).toHaveAttribute('aria-invalid', 'true');
  await expect(c.secret).toHaveAttribute('aria-invalid', 'true');
  await expect(c.callback).toHaveAttribute('aria-invalid', 'true');

  for (const [name, key] of [['Client ID', 'id'], ['Client secret', 'secret'], ['Callback URL', 'callback']]) {
    const now = await describedBy(c[key]);
    expectNoDanglingIds(now, name);
    const messages = addedMessages(before[key], now);
    expect(messages.length, `${name}: a message wired through aria-describedby (described: ${JSON.stringify(now)})`).toBeGreaterThan(0);
    for (const m of messages) {
      expect(m.text.length, `${name}: message #${m.id} is not empty`).toBeGreaterThan(0);
      expect(m.text, `${name}: message #${m.id} is a sentence ending with a period`).toMatch(/\.$/);
      expect(secretLeak(m.text, PAIR_1.secret), `${name}: message #${m.id} holds the secret or a piece of it`).toBeNull();
    }
  }
  for (const text of await c.statuses.allTextContents()) {
    expect(secretLeak(text, PAIR_1.secret), `status text holds the secret: ${text}`).toBeNull();
  }

  // Nothing left the page and nothing was stored.
  await page.waitForTimeout(300);
  expect(seen.all).toEqual([]);
  expect(page.url()).toBe(DEMO_URL);
  const dump = await storageDump(page);
  expect(dump.local, 'localStorage after a refused Connect').toEqual({});
  expect(dump.session, 'sessionStorage after a refused Connect').toEqual({});

  const plugin = await new AxeBuilder({ page }).include('.jos-root').analyze();
  expect(summariseAxe(plugin.violations), 'axe violations inside .jos-root').toEqual([]);
  const whole = await new AxeBuilder({ page }).analyze();
  expect(summariseAxe(whole.violations), 'axe violations on the whole page').toEqual([]);

  await page.screenshot({ path: artifact('error-state.png'), fullPage: true });
});

test('warning: a 31-character Client ID warns on blur without aria-invalid, and Connect still proceeds', async ({ page }) => {
  const seen = await interceptAuthorize(page);
  const root = await openDemo(page);
  const c = controls(root);
  const shortId = PAIR_2.id.slice(0, 31);
  expect(shortId).toHaveLength(31);
  const before = await describedBy(c.id);

  await c.id.fill(shortId);
  await c.id.press('Tab');

  await expect.poll(async () => addedMessages(before, await describedBy(c.id)).length, {
    message: 'a warning wired through aria-describedby after blur',
  }).toBeGreaterThan(0);
  const now = await describedBy(c.id);
  expectNoDanglingIds(now, 'Client ID');
  for (const m of addedMessages(before, now)) {
    expect(m.text, `warning #${m.id} is a sentence ending with a period`).toMatch(/\.$/);
  }
  const invalid = await c.id.getAttribute('aria-invalid');
  expect([null, 'false'], `aria-invalid on a warning (got ${JSON.stringify(invalid)})`).toContain(invalid);

  await c.secret.fill(PAIR_2.secret);
  await c.callback.fill(CALLBACK);
  await c.connect.click();
  await waitForStandIn(page);

  expect(seen.navigations).toHaveLength(1);
  const url = splitAuthorizeUrl(seen.navigations[0]);
  expect(url.params.get('client_id')).toBe(shortId);
  expect(url.params.get('redirect_uri')).toBe(CALLBACK);
});

test('verdict timing: nothing before blur, a message after blur, then live updates while editing', async ({ page }) => {
  const root = await openDemo(page);
  const c = controls(root);
  const baseline = await describedBy(c.id);

  // Typing alone shows no verdict.
  await c.id.click();
  await c.id.fill(PAIR_1.secret);
  await page.waitForTimeout(300);
  await expect(c.id).toBeFocused();
  expect(await describedBy(c.id), 'aria-describedby targets before blur').toEqual(baseline);
  await expect(c.id).not.toHaveAttribute('aria-invalid', 'true');

  // Leaving the field gives the verdict.
  await c.id.press('Tab');
  await expect(c.id).not.toBeFocused();
  await expect(c.id).toHaveAttribute('aria-invalid', 'true');
  const afterBlur = await describedBy(c.id);
  expectNoDanglingIds(afterBlur, 'Client ID');
  const errors = addedMessages(baseline, afterBlur);
  expect(errors.length, `an error message after blur (described: ${JSON.stringify(afterBlur)})`).toBeGreaterThan(0);
  for (const m of errors) expect(m.text).toMatch(/\.$/);

  // Fixing the value clears the error live, before the field is left again.
  await c.id.fill(PAIR_1.id);
  await expect(c.id).toBeFocused();
  await expect(c.id).not.toHaveAttribute('aria-invalid', 'true');
  await expect.poll(() => describedBy(c.id), { message: 'the message disappears once the value is fixed' }).toEqual(baseline);

  // Breaking it again brings the error back live, still without leaving the field.
  await c.id.fill(PAIR_1.secret);
  await expect(c.id).toBeFocused();
  await expect(c.id).toHaveAttribute('aria-invalid', 'true');
  expect(addedMessages(baseline, await describedBy(c.id)).length).toBeGreaterThan(0);
});

test('a warning not yet seen stops the first Connect, and the second goes on', async ({ page }) => {
  const seen = await interceptAuthorize(page);
  const root = await openDemo(page);
  const c = controls(root);
  const shortId = PAIR_2.id.slice(0, 31);

  // Straight from typing to Connect: the warning was never on screen.
  await c.secret.fill(PAIR_2.secret);
  await c.id.fill(shortId);
  await c.connect.click();

  await expect(c.id).toBeFocused();
  await expect(root.locator('.jos-status')).toHaveText(/^Check the warning under the field marked “Warning”, then press Connect to Jira again/);
  const messages = (await describedBy(c.id)).map((d) => d.text);
  expect(messages[0]).toMatch(/^Warning: The Client ID has 31 characters, where Atlassian's have 32/);
  expect(seen.navigations).toEqual([]);

  await c.connect.click();
  await waitForStandIn(page);
  expect(seen.navigations).toHaveLength(1);
  expect(splitAuthorizeUrl(seen.navigations[0]).params.get('client_id')).toBe(shortId);
});

test('a verdict held back by a press on a button shows once the button is released', async ({ page }) => {
  const root = await openDemo(page);
  const c = controls(root);
  await c.id.fill(PAIR_1.secret);
  const copyScopes = root.getByRole('button', { name: 'Copy scopes', exact: true });
  await copyScopes.scrollIntoViewIfNeeded();
  const box = await copyScopes.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  // Pressed: the ID field has lost focus, and its verdict waits.
  await expect(c.id).not.toBeFocused();
  await expect(c.id).not.toHaveAttribute('aria-invalid', 'true');
  await page.mouse.up();
  await expect(c.id).toHaveAttribute('aria-invalid', 'true');
  const messages = (await describedBy(c.id)).map((d) => d.text);
  expect(messages[0]).toMatch(/^Error: This is the app's client secret, not the Client ID\./);
});
