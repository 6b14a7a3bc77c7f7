// Chromium's own password manager, with the admin's login to this very server saved in it, fills
// nothing into the panel: not the password into the secret field, not the user name into the
// Client ID. The login is written into a fresh profile's password store ("Login Data", with the
// basic store's key), as Chromium keeps a saved password; a plain sign-in form on the same page
// proves the saved login is offered there.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { chromium } = require('@playwright/test');
const initSqlJs = require('sql.js');
const { CHROMIUM, CHROMIUM_ARGS } = require('./chromium.js');
const { test, expect } = require('./support');
const { ORIGIN, DEMO_URL, controls } = require('./support');

const LOGIN = { username: 'admin@corp.example', password: 'Admin-login-password-42' };
const ARGS = [...CHROMIUM_ARGS, '--password-store=basic'];

/** Chromium's encryption of a saved password under the basic store (Linux): "v10", AES-128-CBC. */
function encrypt(password) {
  const key = crypto.pbkdf2Sync('peanuts', 'saltysalt', 1, 16, 'sha1');
  const cipher = crypto.createCipheriv('aes-128-cbc', key, Buffer.alloc(16, ' '));
  return Buffer.concat([Buffer.from('v10'), cipher.update(password, 'utf8'), cipher.final()]);
}

/** A profile whose password store holds LOGIN for `origin`, the way Chromium saves one. */
async function profileWithSavedLogin(origin) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jos-profile-'));
  // Chromium creates its store at the first start.
  const first = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS });
  await first.close();
  const file = path.join(dir, 'Default', 'Login Data');
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  // Microseconds since 1601, as Chromium counts.
  const now = (Date.now() + 11644473600000) * 1000;
  for (const page of [`${origin}/`, `${origin}/sign-in-form`]) {
    db.run(
      `INSERT INTO logins (origin_url, action_url, username_element, username_value, password_element,
         password_value, submit_element, signon_realm, date_created, blacklisted_by_user, scheme,
         password_type, times_used, date_last_used, date_password_modified)
       VALUES (?, ?, 'username', ?, 'password', ?, '', ?, ?, 0, 0, 0, 1, ?, ?)`,
      [page, page, LOGIN.username, encrypt(LOGIN.password), `${origin}/`, now, now, now],
    );
  }
  fs.writeFileSync(file, Buffer.from(db.export()));
  db.close();
  return dir;
}

/** The field's value, after a click elsewhere on the page (Chromium shows autofilled values to
 * scripts only after a user gesture), and whether Chromium marks it autofilled. */
async function filled(page, locator) {
  await page.mouse.click(2, 2);
  return locator.evaluate((el) => ({ value: el.value, autofilled: el.matches(':autofill') }));
}

test('a saved login to this server is filled into a sign-in form, and nothing into the panel', async ({ host }) => {
  const dir = await profileWithSavedLogin(ORIGIN);
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS });
  try {
    await host.signIn(context);
    const page = await context.newPage();

    // The control: a plain sign-in form of the same origin gets the saved login.
    await page.route(`${ORIGIN}/sign-in-form`, (route) => route.fulfill({
      contentType: 'text/html',
      body: '<form method="post" action="/sign-in-form"><input id="username" name="username" autocomplete="username">' +
        '<input id="password" name="password" type="password" autocomplete="current-password"><button>Sign in</button></form>',
    }));
    await page.goto(`${ORIGIN}/sign-in-form`);
    await expect.poll(() => filled(page, page.locator('#password')), { timeout: 5000 })
      .toEqual({ value: LOGIN.password, autofilled: true });

    // The panel, on the page the login is saved for.
    await page.goto(DEMO_URL);
    const root = page.locator('#jira-settings .jos-root');
    const c = controls(root);
    await expect(c.secret).toBeVisible();
    await page.waitForTimeout(1500); // Chromium fills on load; give it as long as the control took.
    for (const field of [c.id, c.secret, c.callback]) {
      const now = await filled(page, field);
      expect(now.autofilled).toBe(false);
      expect(now.value).not.toContain(LOGIN.password);
      expect(now.value).not.toContain(LOGIN.username);
    }
    await c.secret.focus();
    await page.waitForTimeout(300);
    expect((await filled(page, c.secret)).value).toBe('');
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
