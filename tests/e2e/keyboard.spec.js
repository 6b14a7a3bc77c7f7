// The whole flow by keyboard alone: Tab (and Shift+Tab) to move, Space and Enter to press,
// typing into the fields. Focus is moved on purpose (the first invalid field, the outcome's
// heading) and never lost to the page's body.
const { test, expect } = require('./support');
const { ACME, DEMO_URL, PAIR_1, registerApp, routeToStandIn, openDemo, controls } = require('./support');

/** What has the focus: its role-ish tag and accessible text, or "body" when focus is lost. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const labelled = el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '';
    return `${el.tagName.toLowerCase()}:${labelled || el.textContent.trim()}`;
  });
}

/**
 * Presses Tab until the element described by `want` (as `focused` writes it) has the focus,
 * failing if the focus lands on the page's body or `want` is not reached in `limit` presses.
 */
async function tabTo(page, want, limit = 30) {
  const seen = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(now);
    expect(now, `focus was lost after: ${seen.join(' → ')}`).not.toBe('body');
    if (now === want) return;
  }
  throw new Error(`${want} not reached by Tab: ${seen.join(' → ')}`);
}

test('by keyboard alone: errors, the secret toggle, Connect, the outcome, back, Disconnect', async ({ page, standIn }) => {
  await registerApp(standIn);
  await routeToStandIn(page, standIn);
  const root = await openDemo(page);
  const c = controls(root);
  await page.locator('body').focus();

  // The guide comes first, in the console's order, then the form.
  await tabTo(page, 'a:Atlassian developer console');
  await tabTo(page, 'button:Copy callback URL');
  await tabTo(page, 'input:Client ID');

  // Connect with Enter on an empty form: the focus goes to the first field in error.
  await tabTo(page, 'button:Connect to Jira');
  await page.keyboard.press('Enter');
  await expect(c.id).toBeFocused();
  await expect(c.id).toHaveAttribute('aria-invalid', 'true');

  await page.keyboard.type(PAIR_1.id);
  await tabTo(page, 'input:Client secret');
  await page.keyboard.type(PAIR_1.secret);
  await tabTo(page, 'button:Show secret');
  await page.keyboard.press('Space');
  await expect(c.secret).toHaveAttribute('type', 'text');
  await expect(root.getByRole('button', { name: 'Hide secret' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(c.secret).toHaveAttribute('type', 'password');
  await tabTo(page, 'input:Callback URL');
  await tabTo(page, 'button:Connect to Jira');
  await page.keyboard.press('Space');

  // Atlassian's consent (the stand-in approves at once), then the callback page: the focus is
  // on the outcome's heading, read out first.
  await page.waitForURL((url) => url.pathname === '/app/integrations/callback');
  const callback = page.locator('#jira-settings .jos-root');
  const heading = callback.getByRole('heading', { level: 2 });
  await expect(heading).toHaveText('Jira is connected');
  await expect(heading).toBeFocused();
  await tabTo(page, `a:${ACME.url}`);
  await tabTo(page, 'a:Back to the Jira settings');
  await page.keyboard.press('Enter');
  await page.waitForURL(DEMO_URL);

  // Disconnect, confirmed, by keyboard; the focus stays in the panel.
  const settings = page.locator('#jira-settings .jos-root');
  await expect(settings).toContainText('Connected to the Jira site acme');
  await page.locator('body').focus();
  await tabTo(page, 'button:Disconnect');
  await page.keyboard.press('Enter');
  // The question takes the focus; Cancel gives it back to Disconnect.
  await expect(settings.getByText('Disconnect Jira?')).toBeFocused();
  await tabTo(page, 'button:Yes, disconnect');
  await tabTo(page, 'button:Cancel');
  await page.keyboard.press('Enter');
  await expect(settings.getByRole('button', { name: 'Disconnect', exact: true })).toBeFocused();
  await page.keyboard.press('Space');
  await tabTo(page, 'button:Yes, disconnect');
  await page.keyboard.press('Space');
  // The summary is gone: the focus is on the panel's title, and a status says what happened.
  await expect(settings).not.toContainText('Connected to the Jira site');
  await expect(settings.getByRole('heading', { level: 2 })).toBeFocused();
  await expect(settings.getByRole('status').filter({ hasText: 'Jira is disconnected' })).toHaveCount(1);
});
