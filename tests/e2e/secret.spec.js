// The secret stays in the input's value: never in an attribute, the page's text, or the console.
const { test, expect } = require('./support');
const {
  CALLBACK,
  PAIR_1,
  openDemo,
  controls,
  interceptAuthorize,
  waitForStandIn,
  secretLeak,
} = require('./support');

/** Every attribute of every element (open shadow roots included), plus the document's text. */
async function domSnapshot(page) {
  return page.evaluate(() => {
    const attributes = [];
    const visit = (rootNode) => {
      for (const el of rootNode.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          attributes.push({ element: el.tagName.toLowerCase() + (el.id ? `#${el.id}` : ''), name: attr.name, value: attr.value });
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return { attributes, text: document.documentElement.textContent };
  });
}

function expectSecretNotInDom(snapshot, secret, when) {
  const leaks = snapshot.attributes
    .map((a) => ({ ...a, leak: secretLeak(a.value, secret) || secretLeak(a.name, secret) }))
    .filter((a) => a.leak !== null)
    .map(({ element, name }) => `${element} [${name}]`);
  expect(leaks, `${when}: attributes holding the secret or a 12-char piece of it`).toEqual([]);
  expect(secretLeak(snapshot.text, secret), `${when}: the document's text holds the secret`).toBeNull();
}

test('the secret never reaches a DOM attribute or the console, with show/hide used both ways', async ({ page }) => {
  const consoleLines = [];
  const pending = [];
  page.on('console', (msg) => {
    consoleLines.push(`${msg.type()}: ${msg.text()}`);
    // Objects logged show up as JSHandle@object in text(): read their values too.
    for (const arg of msg.args()) {
      pending.push(arg.jsonValue().then((v) => consoleLines.push(`  arg: ${JSON.stringify(v)}`), () => {}));
    }
  });
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}\n${error.stack}`));

  const seen = await interceptAuthorize(page);
  const root = await openDemo(page);
  const c = controls(root);

  await c.id.fill(PAIR_1.id);
  await c.secret.click();
  await c.secret.pressSequentially(PAIR_1.secret);
  await expect(c.secret).toHaveValue(PAIR_1.secret);
  await c.secret.press('Tab');
  await c.callback.fill(CALLBACK);
  await c.callback.press('Tab');

  // Hidden (initial state).
  await expect(c.secret).toHaveAttribute('type', 'password');
  await expect(c.hideSecret).toHaveCount(0);
  expectSecretNotInDom(await domSnapshot(page), PAIR_1.secret, 'typed, hidden');

  // Shown: the button now says what it will do next.
  await c.showSecret.click();
  await expect(c.hideSecret).toBeVisible();
  await expect(c.showSecret).toHaveCount(0);
  await expect(c.secret).toHaveAttribute('type', 'text');
  await expect(c.secret).toHaveValue(PAIR_1.secret);
  expectSecretNotInDom(await domSnapshot(page), PAIR_1.secret, 'shown');

  // Hidden again.
  await c.hideSecret.click();
  await expect(c.showSecret).toBeVisible();
  await expect(c.hideSecret).toHaveCount(0);
  await expect(c.secret).toHaveAttribute('type', 'password');
  await expect(c.secret).toHaveValue(PAIR_1.secret);
  expectSecretNotInDom(await domSnapshot(page), PAIR_1.secret, 'hidden again');

  // Connecting logs nothing secret either.
  await c.connect.click();
  await waitForStandIn(page);
  expect(seen.navigations).toHaveLength(1);

  await Promise.all(pending);
  const leaking = consoleLines.filter((line) => secretLeak(line, PAIR_1.secret) !== null);
  expect(leaking, 'console lines holding the secret or a 12-char piece of it').toEqual([]);
});

// No field of the panel is a login to a password manager. Browsers ignore autocomplete="off" on
// password fields, but none fills a saved login's password into a "new-password" field; the
// data attributes are the opt-outs of 1Password, LastPass, Bitwarden and Dashlane, which these
// machines cannot run: this checks the markup they read. password-manager.spec.js runs
// Chromium's own manager with a saved login.
test('the secret field asks password managers for no saved login, and no field looks like one', async ({ page }) => {
  const root = await openDemo(page);
  const c = controls(root);
  await expect(c.secret).toHaveAttribute('type', 'password');
  await expect(c.secret).toHaveAttribute('autocomplete', 'new-password');
  for (const field of [c.id, c.secret, c.callback]) {
    await expect(field).not.toHaveAttribute('autocomplete', /username|current-password|email/);
    for (const [name, value] of [['data-1p-ignore', 'true'], ['data-lpignore', 'true'], ['data-bwignore', 'true'], ['data-form-type', 'other']]) {
      await expect(field).toHaveAttribute(name, value);
    }
  }
  // Shown as text, it stays out of the autofill of text fields too.
  await c.showSecret.click();
  await expect(c.secret).toHaveAttribute('type', 'text');
  await expect(c.secret).toHaveAttribute('autocomplete', 'new-password');
});
