// The form as the admin first sees it, the copy buttons, and the valid, filled state.
const { test, expect } = require('./support');
const {
  CALLBACK,
  CONSOLE_SCOPES,
  PAIR_1,
  PAIR_2,
  API,
  artifact,
  openDemo,
  controls,
  fillForm,
  describedBy,
  addedMessages,
} = require('./support');

test('renders the contract: labelled fields, prefilled callback, toggle, copy and connect buttons, scopes', async ({ page }) => {
  const root = await openDemo(page);
  const c = controls(root);

  const type = (field) => field.evaluate((el) => `${el.tagName.toLowerCase()}[type=${el.type}]`);
  expect(await type(c.id)).toBe('input[type=text]');
  await expect(c.id).toHaveValue('');
  expect(await type(c.secret)).toBe('input[type=password]');
  await expect(c.secret).toHaveValue('');
  expect(await type(c.callback)).toBe('input[type=text]');
  await expect(c.callback).toHaveValue(CALLBACK);

  // Visible <label> elements carry the names.
  for (const [text, field] of [['Client ID', c.id], ['Client secret', c.secret], ['Callback URL', c.callback]]) {
    const label = root.locator('label', { hasText: new RegExp(`^\\s*${text}\\s*$`) });
    await expect(label, `a visible <label> reading "${text}"`).toHaveCount(1);
    await expect(label).toBeVisible();
    const fieldId = await field.getAttribute('id');
    const labelFor = await label.getAttribute('for');
    const wraps = await label.evaluate((l, id) => l.querySelector(`[id="${id}"]`) !== null, fieldId);
    expect(labelFor === fieldId || wraps, `<label>${text}</label> is tied to its input (for="${labelFor}", input id="${fieldId}")`).toBe(true);
  }

  await expect(c.showSecret).toBeVisible();
  await expect(c.hideSecret).toHaveCount(0);
  await expect(c.copyCallback).toBeVisible();
  await expect(c.copyScopes).toBeVisible();
  await expect(c.connect).toBeVisible();
  for (const scope of CONSOLE_SCOPES) await expect(root).toContainText(scope);

  // No verdict before the admin has touched anything.
  for (const field of [c.id, c.secret, c.callback]) await expect(field).not.toHaveAttribute('aria-invalid', 'true');
});

test('copy buttons put the callback URL and the scopes on the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseURL).origin });
  const root = await openDemo(page);
  const c = controls(root);

  await c.copyCallback.click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(CALLBACK);
  // The confirmation sits beside the button.
  const confirmation = c.copyCallback.locator('xpath=following-sibling::*[@role="status"][1]');
  await expect(confirmation).toHaveText('Copied.');
  // The guide offers only a callback URL that passes its check: with a trailing slash, it says
  // to fix the field first, and has nothing to copy; once fixed, the URL is back, not yet copied.
  const guide = root.getByRole('region', { name: 'Set up your app in the Atlassian console' });
  await c.callback.fill(`${CALLBACK}/`);
  await expect(c.copyCallback).toHaveCount(0);
  await expect(guide).toContainText('First fix the Callback URL field of the form');
  await expect(guide).not.toContainText(`${CALLBACK}/`);
  await c.callback.fill(CALLBACK);
  await expect(guide.locator('.jos-code-block')).toHaveText(CALLBACK);
  await expect(confirmation).toHaveText('');

  await c.copyScopes.click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe(CALLBACK);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const tokens = copied.split(/[\s,]+/).filter(Boolean);
  for (const scope of CONSOLE_SCOPES) expect(tokens, `copied scopes: ${JSON.stringify(copied)}`).toContain(scope);

  // The guide's first step: the app's name, as the console asks for it.
  const copyName = root.getByRole('button', { name: 'Copy app name', exact: true });
  await copyName.click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('Invicti Platform');
  await expect(copyName.locator('xpath=following-sibling::*[@role="status"][1]')).toHaveText('Copied.');
  await expect(guide.getByRole('link', { name: 'Atlassian developer console' }))
    .toHaveAttribute('href', 'https://developer.atlassian.com/console/myapps/');
});

test('filled, valid form before Connect (screenshot)', async ({ page }) => {
  const root = await openDemo(page);
  const c = controls(root);
  const before = {
    id: await describedBy(c.id), secret: await describedBy(c.secret), callback: await describedBy(c.callback),
  };

  await fillForm(c, PAIR_1);
  await c.callback.press('Tab');
  await c.id.focus();
  await c.id.press('Tab');

  for (const key of ['id', 'secret', 'callback']) {
    await expect(c[key]).not.toHaveAttribute('aria-invalid', 'true');
    expect(addedMessages(before[key], await describedBy(c[key])), `${key}: no verdict message for valid input`).toEqual([]);
  }
  await page.screenshot({ path: artifact('filled-form.png'), fullPage: true });
});

test('readable at 320px wide: no horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 720 });
  const root = await openDemo(page);
  await fillForm(controls(root), PAIR_1);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth, `page scrollWidth at a 320px viewport (clientWidth ${clientWidth})`).toBeLessThanOrEqual(clientWidth);
  await page.screenshot({ path: artifact('narrow-320.png'), fullPage: true });
});

test('a host restyles the panel through custom properties set on an ancestor', async ({ page }) => {
  const root = await openDemo(page);
  const c = controls(root);
  const background = () => c.connect.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await background()).toBe('rgb(11, 92, 173)');
  await page.evaluate(() => document.getElementById('jira-settings').style.setProperty('--jos-accent', '#804000'));
  expect(await background()).toBe('rgb(128, 64, 0)');
});

test('the stored app fills the fields, but not one the admin is already in', async ({ page }) => {
  // The host's answer is held until the admin has clicked into the Client ID field.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(`${API}/app`, async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    await held;
    return route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ app: { clientId: PAIR_1.id, callbackUrl: CALLBACK, secretStored: true }, connection: null, sitesToChoose: [] }),
    });
  });
  const root = await openDemo(page);
  const c = controls(root);
  await c.id.focus();
  const answered = page.waitForResponse((response) => response.url() === `${API}/app`);
  release();
  await answered;
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  // The answer landed while the admin was in the field: a paste that follows keeps its own
  // text, instead of landing after the stored one.
  await expect(c.id).toHaveValue('');
  await page.keyboard.insertText(PAIR_2.id);
  await expect(c.id).toHaveValue(PAIR_2.id);
  // Elsewhere, the stored values fill the untouched fields.
  await expect(c.callback).toHaveValue(CALLBACK);
});
