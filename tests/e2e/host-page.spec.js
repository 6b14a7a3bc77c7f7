// The demo host page itself: CSP-ready markup, the chrome around the plugin, and host.js.
const { test, expect } = require('./support');
const {
  ORIGIN,
  PLACEHOLDER_CALLBACK,
  PAIR_1,
  openDemo,
  controls,
} = require('./support');

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function withoutComments(html) {
  return html.replace(/<!--[\s\S]*?-->/g, '');
}

test('the served demo HTML has no inline script: every <script> has a src and no body', async ({ request }) => {
  const response = await request.get('/');
  expect(response.status()).toBe(200);
  const html = withoutComments(await response.text());

  const opening = html.match(/<script\b/gi) || [];
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)];
  expect(scripts.length, 'every <script> is closed').toBe(opening.length);
  expect(scripts.length, 'at least the host script').toBeGreaterThan(0);
  const srcs = scripts.map(([, attrs]) => {
    const m = attrs.match(/\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
    return m ? (m[1] ?? m[2] ?? m[3]) : null;
  });
  // Absolute, so that the same page works at /app/integrations/callback.
  expect(srcs, 'src of each <script>').toEqual(['/host.js']);
  for (const [tag, , body] of scripts) expect(body.trim(), `body of ${tag.slice(0, 80)}`).toBe('');

  // Nothing else a strict CSP would refuse either.
  expect(html).not.toMatch(/<style\b/i);
  expect(html).not.toMatch(/<[^>]+\sstyle\s*=/i);
  expect(html).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/javascript:/i);

  const host = await request.get('/host.js');
  expect(host.status()).toBe(200);
  const hostJs = await host.text();
  expect(hostJs).toContain("import('./plugin/index.js')");
  expect(hostJs).not.toMatch(/\beval\s*\(|new\s+Function\b|innerHTML|insertAdjacentHTML|document\.write/);
});

test('the demo chrome: header, side menu, breadcrumb, title, and the mounted plugin', async ({ page }) => {
  await openDemo(page);
  await expect(page.getByRole('banner')).toContainText('Invicti Platform');
  const menu = page.getByRole('navigation', { name: 'Main' });
  for (const item of ['Dashboard', 'Scans', 'Issues', 'Settings', 'Integrations']) {
    await expect(menu.getByRole('link', { name: item, exact: true })).toBeVisible();
  }
  await expect(menu.getByRole('link', { name: 'Integrations', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toHaveText(/^\s*Settings\s*Integrations\s*Jira\s*$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jira');
  await expect(page.locator('#demo-mount-error')).toBeHidden();
  expect(await page.evaluate(() => window.jiraSettingsDemo !== undefined && 'handle' in window.jiraSettingsDemo)).toBe(true);
});

test('a failing mount is shown in the panel as text and logged', async ({ page }) => {
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  await page.route(`${ORIGIN}/plugin/index.js`, (route) => route.fulfill({
    status: 200,
    contentType: 'text/javascript',
    body: "export function mount() { throw new Error('Stand-in <b>failure</b>.'); }",
  }));
  await page.goto('/');

  const slot = page.locator('#demo-mount-error');
  await expect(slot).toBeVisible();
  await expect(slot).toHaveText('The Jira settings could not be loaded: Stand-in <b>failure</b>.');
  await expect(slot.locator('b')).toHaveCount(0);
  expect(errors.some((line) => line.includes('mount failed'))).toBe(true);
  expect(await page.evaluate(() => window.jiraSettingsDemo)).toBeUndefined();
});

test('a plugin whose .wasm fails to load is reported as text, not a blank panel', async ({ page }) => {
  await page.route(/\/plugin\/jira-oauth-settings_bg\.[0-9a-f]{16}\.wasm$/, (route) => route.fulfill({
    status: 404,
    contentType: 'text/plain',
    body: 'not found',
  }));
  await page.goto('/');

  const slot = page.locator('#demo-mount-error');
  await expect(slot).toBeVisible();
  await expect(slot).toHaveText(/^The Jira settings could not be loaded: \S/);
  await expect(page.locator('.jos-root')).toHaveCount(0);
});

test('the host serves the strict CSP, and the plugin mounts and works under it', async ({ page }) => {
  const answer = await page.goto('/');
  expect(answer.headers()['content-security-policy']).toBe(CSP);
  const root = page.locator('#jira-settings .jos-root');
  await expect(root).toBeVisible();
  const c = controls(root);
  // Exercise the dynamic parts: verdicts, the secret toggle. (Any report of the policy fails
  // the test: see the `context` fixture.)
  await c.id.fill(PAIR_1.secret);
  await c.secret.fill(PAIR_1.id);
  await c.callback.fill(PLACEHOLDER_CALLBACK);
  await c.connect.click();
  await expect(c.id).toHaveAttribute('aria-invalid', 'true');
  await c.showSecret.click();
  await expect(c.secret).toHaveAttribute('type', 'text');
});

test('the plugin\'s files arrive brotli-compressed, the hashed ones cached for a year', async ({ page }) => {
  const answers = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/plugin/')) answers.push(response);
  });
  await page.goto('/');
  await expect(page.locator('#jira-settings .jos-root')).toBeVisible();
  const seen = await Promise.all(answers.map(async (response) => {
    const headers = await response.allHeaders();
    return [new URL(response.url()).pathname, headers['content-encoding'], headers['cache-control']];
  }));
  const hashed = /^\/plugin\/jira-oauth-settings(?:_bg)?\.[0-9a-f]{16}\.(?:js|wasm|css)$/;
  expect(seen.map(([pathname]) => pathname.replace(/[0-9a-f]{16}/, 'HASH')).sort()).toEqual([
    '/plugin/index.js',
    '/plugin/jira-oauth-settings.HASH.css',
    '/plugin/jira-oauth-settings.HASH.js',
    '/plugin/jira-oauth-settings_bg.HASH.wasm',
  ]);
  for (const [pathname, encoding, cache] of seen) {
    expect(encoding, pathname).toBe('br');
    expect(cache, pathname).toBe(hashed.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
  }
});
