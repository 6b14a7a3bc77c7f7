// The panel's styling in the real build: every rule scoped under .jos-root, nothing changed on
// the host page around it, light and dark defaults that pass axe, and the host's --jos-* winning
// in both schemes.
const { test, expect } = require('./support');
const AxeBuilder = require('@axe-core/playwright').default;
const {
  ORIGIN,
  CALLBACK,
  PAIR_1,
  PAIR_2,
  ACME,
  GLOBEX,
  artifact,
  openDemo,
  controls,
  summariseAxe,
} = require('./support');

const SCHEMES = ['light', 'dark'];
const SETTINGS_API = `${ORIGIN}/api/integrations/jira/app`;

/**
 * Every rule of the plugin's stylesheet, @media blocks and the like included, as
 * { where, selector } for style rules and { where, other } for anything else.
 */
function pluginRules(page) {
  return page.evaluate(() => {
    const sheet = [...document.styleSheets].find((s) => s.href && s.href.includes('jira-oauth-settings'));
    if (!sheet) return null;
    const out = [];
    const walk = (rules, where) => {
      for (const rule of rules) {
        if (rule instanceof CSSStyleRule) {
          out.push({ where, selector: rule.selectorText, declarations: rule.style.cssText, nested: rule.cssRules.length });
        } else if (rule instanceof CSSMediaRule || rule instanceof CSSSupportsRule
          || (typeof CSSContainerRule !== 'undefined' && rule instanceof CSSContainerRule)) {
          walk(rule.cssRules, `${where} ${rule.cssText.slice(0, rule.cssText.indexOf('{')).trim()}`.trim());
        } else {
          // @import, @font-face, @keyframes, @property, @layer…: global, whatever their content.
          out.push({ where, other: rule.cssText.slice(0, 120) });
        }
      }
    };
    walk(sheet.cssRules, '');
    return { href: sheet.href, rules: out };
  });
}

/** Splits a selector list at its top-level commas (not those inside :is(), [attr="a,b"]…). */
function splitSelectorList(list) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < list.length; i += 1) {
    const ch = list[i];
    if (quote) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') depth -= 1;
    else if (ch === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts;
}

/**
 * Why `selector` could match outside the panel, or null: it must start with the .jos-root
 * compound, and what follows that compound must be a descendant or child combinator (a
 * `.jos-root + p` or `.jos-root ~ p` reaches the host's elements beside the panel).
 */
function leak(selector) {
  const head = /^\.jos-root(?![\w-])/.exec(selector);
  if (!head) return 'does not start with .jos-root';
  let i = head[0].length;
  let depth = 0;
  for (; i < selector.length; i += 1) {
    const ch = selector[i];
    if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') depth -= 1;
    else if (depth === 0 && /[\s>+~]/.test(ch)) break;
  }
  const next = selector.slice(i).trimStart()[0];
  if (next === '+' || next === '~') return `a sibling combinator (${next}) after .jos-root`;
  return null;
}

/** The declarations of `cssText` as [name, value]. */
function declarations(cssText) {
  return cssText.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const colon = d.indexOf(':');
    return [d.slice(0, colon).trim(), d.slice(colon + 1).trim()];
  });
}

test('every rule of the plugin stylesheet, in @media blocks too, is scoped under .jos-root', async ({ page }) => {
  await openDemo(page);
  const found = await pluginRules(page);
  expect(found, 'a stylesheet whose href contains jira-oauth-settings').not.toBeNull();
  expect(found.href).toMatch(/\/plugin\/jira-oauth-settings\.[0-9a-f]{16}\.css$/);
  const { rules } = found;

  const styles = rules.filter((r) => r.selector !== undefined);
  expect(styles.length, 'style rules found (the walk is not empty)').toBeGreaterThan(30);
  expect(styles.filter((r) => r.where.includes('prefers-color-scheme: dark')).length,
    'style rules inside @media (prefers-color-scheme: dark)').toBeGreaterThan(0);

  expect(rules.filter((r) => r.other !== undefined), 'rules other than style and @media rules (global by nature)').toEqual([]);
  expect(styles.filter((r) => r.nested > 0).map((r) => r.selector), 'style rules with nested rules').toEqual([]);
  const leaks = styles.flatMap((r) => splitSelectorList(r.selector)
    .map((selector) => ({ where: r.where || '(top level)', selector, why: leak(selector) }))
    .filter((s) => s.why));
  expect(leaks, 'selectors that may match outside .jos-root').toEqual([]);

  // The checker itself tells a leak from a scoped selector.
  expect(splitSelectorList('.jos-root a, .jos-root :is(b, i), body')).toEqual(['.jos-root a', '.jos-root :is(b, i)', 'body']);
  for (const bad of ['body', '.jos-rooted p', 'p .jos-root', '.jos-root + p', '.jos-root:hover ~ p', ':root']) {
    expect(leak(bad), bad).not.toBeNull();
  }
  for (const good of ['.jos-root', '.jos-root *::before', '.jos-root > .a + .b', '.jos-root .jos-input[aria-invalid="true"]']) {
    expect(leak(good), good).toBeNull();
  }
});

test('every colour in the plugin stylesheet comes from a custom property', async ({ page }) => {
  await openDemo(page);
  const { rules } = await pluginRules(page);
  // Colour words the browser accepts (named and system colours), other than these keywords.
  const words = new Set();
  const literal = [];
  for (const rule of rules.filter((r) => r.selector !== undefined)) {
    for (const [name, value] of declarations(rule.declarations)) {
      if (name.startsWith('--')) continue; // the defaults live in custom properties
      const bare = value.replace(/"[^"]*"|'[^']*'/g, '');
      if (/#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color|color-mix|light-dark)\(/i.test(bare)) {
        literal.push(`${rule.selector} { ${name}: ${value} }`);
      }
      for (const word of bare.match(/[a-z][a-z-]*/gi) || []) words.add(`${word}\u0000${rule.selector} { ${name}: ${value} }`);
    }
  }
  const named = await page.evaluate((list) => list.filter((entry) => {
    const word = entry.split('\u0000')[0].toLowerCase();
    return !['currentcolor', 'transparent', 'inherit', 'initial', 'unset', 'revert', 'none', 'var'].includes(word)
      && CSS.supports('color', word);
  }).map((entry) => entry.replace('\u0000', ': ')), [...words]);
  expect([...literal, ...named], 'colours written outside custom properties').toEqual([]);
  // No opacity either: a disabled button says so with its own colours and a dashed border.
  const opacity = rules.filter((r) => r.selector !== undefined && /(?:^|;)\s*opacity\s*:/.test(r.declarations));
  expect(opacity.map((r) => r.selector), 'rules that fade with opacity').toEqual([]);
});

// The host page's own elements, outside the panel: before the plugin's stylesheet is in the
// page and after the panel is mounted, their computed styles are the same.
const PROBED = [
  'color', 'background-color', 'font-family', 'font-size', 'font-weight', 'line-height',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
  'border-top-style', 'border-right-style', 'border-bottom-style', 'border-left-style',
  'border-top-color', 'border-right-color', 'border-bottom-color', 'border-left-color',
  'border-top-left-radius', 'border-bottom-right-radius',
  'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'box-sizing', 'outline-style', 'outline-color', 'display', 'color-scheme', 'accent-color', 'cursor',
];

/** Adds the host's own elements around the (not yet mounted) panel, each with a data-probe name. */
function addHostElements(page) {
  return page.evaluate(() => {
    const make = (tag, probe, props = {}, text = '') => {
      const el = document.createElement(tag);
      el.dataset.probe = probe;
      Object.assign(el, props);
      if (text) el.textContent = text;
      return el;
    };
    const group = (where) => {
      const box = make('div', `${where}: div`);
      const fieldset = make('fieldset', `${where}: fieldset`);
      fieldset.append(make('legend', `${where}: legend`, {}, 'Host legend'));
      const list = make('ul', `${where}: ul`);
      list.append(make('li', `${where}: li`, {}, 'Host item'));
      box.append(
        make('h2', `${where}: h2`, {}, 'Host heading'),
        make('p', `${where}: p`, {}, 'A paragraph of the host page.'),
        make('button', `${where}: button`, { type: 'button' }, 'Host button'),
        // The plugin's own class names on a host element: styled only inside .jos-root.
        make('button', `${where}: button.jos-button-primary`, { type: 'button', className: 'jos-button jos-button-primary' }, 'Host button with plugin classes'),
        make('p', `${where}: p.jos-notice`, { className: 'jos-notice jos-notice-error' }, 'Host paragraph with plugin classes'),
        make('input', `${where}: input.jos-input`, { type: 'text', className: 'jos-input', value: 'host input' }),
        make('a', `${where}: a`, { href: '#host' }, 'Host link'),
        make('code', `${where}: code.jos-code`, { className: 'jos-code' }, 'host code'),
        fieldset,
        list,
      );
      return box;
    };
    // At the top of the page, beside the mount target, and in the target before the panel.
    document.body.prepend(group('page'));
    const target = document.getElementById('jira-settings');
    target.after(group('beside the target'));
    target.append(make('p', 'in the target: p', {}, 'The host\'s own line in the target.'));
  });
}

function hostStyles(page, properties) {
  return page.evaluate((names) => {
    const read = (el, pseudo) => {
      const style = getComputedStyle(el, pseudo);
      return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
    };
    const named = [
      ['html', document.documentElement],
      ['body', document.body],
      ['header', document.querySelector('.demo-header')],
      ['title', document.querySelector('.demo-title')],
      ['.demo-panel', document.querySelector('.demo-panel')],
      ['the mount target', document.getElementById('jira-settings')],
      ...[...document.querySelectorAll('[data-probe]')].map((el) => [el.dataset.probe, el]),
    ];
    const out = {};
    for (const [name, el] of named) {
      out[name] = read(el);
      out[`${name} ::before`] = { 'box-sizing': getComputedStyle(el, '::before').boxSizing };
    }
    return out;
  }, properties);
}

for (const scheme of SCHEMES) {
  test(`${scheme}: the host's elements outside the panel look the same before and after the plugin loads and mounts`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    // Hold the plugin's entry module (preloaded and imported by the demo) until the host's
    // elements are measured: until then, neither its stylesheet nor its panel is in the page.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(`${ORIGIN}/plugin/index.js`, async (route) => { await held; await route.continue(); });
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await addHostElements(page);

    const loaded = () => page.evaluate(() => ({
      sheet: [...document.styleSheets].some((s) => s.href && s.href.includes('jira-oauth-settings')),
      roots: document.querySelectorAll('.jos-root').length,
    }));
    expect(await loaded(), 'before: no plugin stylesheet, no panel').toEqual({ sheet: false, roots: 0 });
    const before = await hostStyles(page, PROBED);
    expect(Object.keys(before).length).toBeGreaterThan(30);

    release();
    const root = page.locator('#jira-settings .jos-root');
    await expect(root).toBeVisible();
    await expect(controls(root).connect).toBeVisible();
    expect(await loaded(), 'after: the stylesheet and one panel').toEqual({ sheet: true, roots: 1 });
    const after = await hostStyles(page, PROBED);
    expect(after, `${scheme}: computed styles of the host's elements after the plugin mounted`).toEqual(before);

    // Not a vacuous comparison: the same classes inside the panel are styled.
    const inside = await controls(root).connect.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(inside).not.toBe(after['beside the target: button.jos-button-primary']['background-color']);
  });
}

/** Computed colours of the panel's parts. */
function panelColours(root) {
  return root.evaluate((el) => {
    const css = (selector, name) => {
      const target = selector ? el.querySelector(selector) : el;
      return target ? getComputedStyle(target).getPropertyValue(name) : null;
    };
    return {
      'root background': css(null, 'background-color'),
      'root text': css(null, 'color'),
      'hint text': css('.jos-hint', 'color'),
      'field background': css('.jos-input', 'background-color'),
      'field border': css('.jos-input:not([aria-invalid])', 'border-top-color'),
      'primary button background': css('.jos-button-primary', 'background-color'),
      'primary button text': css('.jos-button-primary', 'color'),
      'notice background': css('.jos-notice', 'background-color'),
      'notice border': css('.jos-notice-error', 'border-top-color'),
      'error message': css('.jos-message-error', 'color'),
      'warning message': css('.jos-message-warning', 'color'),
      'ok message': css('.jos-message-ok', 'color'),
      'code background': css('.jos-code', 'background-color'),
      'focus ring': css(':focus-visible', 'outline-color'),
    };
  });
}

/**
 * The settings form with a notice (the stored settings could not be read: a proxy's 502), a
 * warning, an error and a confirmation under the fields, and the keyboard focus on a button.
 */
async function formWithEveryMessage(page) {
  await page.route(SETTINGS_API, (route) => (route.request().method() === 'GET'
    ? route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' })
    : route.continue()));
  const root = await openDemo(page);
  const c = controls(root);
  await expect(root.locator('.jos-notice-error')).toBeVisible();
  await c.id.fill(PAIR_2.id.slice(0, 31));
  await c.id.press('Tab');
  await c.secret.fill(PAIR_1.id);
  await c.secret.press('Tab');
  await c.callback.fill(CALLBACK);
  await c.callback.press('Tab');
  // The words say what each message is; the colour only adds to them.
  await expect(root.locator('.jos-message-warning .jos-message-kind')).toHaveText('Warning:');
  await expect(root.locator('.jos-message-error .jos-message-kind')).toHaveText('Error:');
  await expect(root.locator('.jos-message-ok')).toBeVisible();
  await expect(c.connect).toBeFocused();
  expect(await c.connect.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
  return root;
}

async function expectNoAxeViolations(page, what) {
  const plugin = await new AxeBuilder({ page }).include('.jos-root').analyze();
  expect(summariseAxe(plugin.violations), `${what}: axe violations inside .jos-root`).toEqual([]);
  expect(plugin.passes.map((rule) => rule.id), `${what}: axe checked the contrast`).toContain('color-contrast');
  const whole = await new AxeBuilder({ page }).analyze();
  expect(summariseAxe(whole.violations), `${what}: axe violations on the whole page`).toEqual([]);
}

test('dark defaults differ from the light ones, and both pass axe with every kind of message', async ({ page }) => {
  const colours = {};
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    const root = await formWithEveryMessage(page);
    colours[scheme] = await panelColours(root);
    await expectNoAxeViolations(page, scheme);
    await root.screenshot({ path: artifact(`theme-${scheme}.png`) });
    await page.screenshot({ path: artifact(`theme-${scheme}-page.png`), fullPage: true });
    await page.unroute(SETTINGS_API);
  }

  for (const [part, light] of Object.entries(colours.light)) {
    expect(light, `light: ${part} is computed`).toMatch(/^rgb/);
    expect(colours.dark[part], `dark: ${part} differs from light (${light})`).not.toBe(light);
  }
  // The panel paints its own surface, opaque: it does not rely on the host's background.
  for (const scheme of SCHEMES) expect(colours[scheme]['root background'], scheme).toMatch(/^rgb\(/);
});

/** The stored settings: a connected site, and two sites to choose (both boxes at once). */
const STORED = {
  app: { clientId: PAIR_1.id, callbackUrl: CALLBACK, secretStored: true },
  connection: { site: { ...ACME, avatarUrl: null }, connectedAt: '2026-12-03T12:34:56Z' },
  sitesToChoose: [{ ...ACME, avatarUrl: null }, { ...GLOBEX, avatarUrl: null }],
};

for (const scheme of SCHEMES) {
  test(`${scheme}: the connection and site boxes, the danger button and a disabled button pass axe`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    let answerDisconnect;
    const disconnecting = new Promise((resolve) => { answerDisconnect = resolve; });
    await page.route(`${ORIGIN}/api/integrations/jira/**`, async (route) => {
      const method = route.request().method();
      const path = new URL(route.request().url()).pathname;
      if (method === 'GET' && path.endsWith('/app')) {
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(STORED) });
      }
      if (method === 'POST' && path.endsWith('/disconnect')) {
        await disconnecting;
        return route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>502 Bad Gateway</h1>' });
      }
      return route.continue();
    });
    const root = await openDemo(page);
    await expect(root.getByRole('group', { name: 'Choose the Jira site to connect' })).toBeVisible();
    await root.getByRole('button', { name: 'Disconnect', exact: true }).click();
    const danger = root.getByRole('button', { name: 'Yes, disconnect', exact: true });
    await expect(danger).toBeVisible();
    await expectNoAxeViolations(page, `${scheme}, connected`);

    // While the disconnect waits for the host, its button is disabled: muted text on the
    // alternate surface and a dashed border, not a faded copy of the danger colours.
    const enabled = await danger.evaluate((el) => getComputedStyle(el).backgroundColor);
    await danger.click();
    await expect(danger).toBeDisabled();
    const disabled = await danger.evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, border: style.borderTopStyle, opacity: style.opacity, cursor: style.cursor };
    });
    expect(disabled).toEqual({ background: expect.stringMatching(/^rgb\(/), border: 'dashed', opacity: '1', cursor: 'not-allowed' });
    expect(disabled.background).not.toBe(enabled);
    await root.screenshot({ path: artifact(`theme-${scheme}-connected.png`) });

    answerDisconnect();
    await expect(root.locator('.jos-connection .jos-status-error')).not.toBeEmpty();
  });
}

for (const scheme of SCHEMES) {
  test(`${scheme}: the host's --jos-accent, --jos-radius, --jos-font (and colours) on the mount target win`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const root = await openDemo(page);
    const c = controls(root);
    const read = () => c.connect.evaluate((el) => {
      const style = getComputedStyle(el);
      const panel = getComputedStyle(el.closest('.jos-root'));
      return {
        background: style.backgroundColor,
        radius: style.borderTopLeftRadius,
        font: style.fontFamily,
        surface: panel.backgroundColor,
        text: panel.color,
      };
    });
    const defaults = await read();
    const host = { background: 'rgb(128, 64, 0)', radius: '13px', font: 'Georgia, serif', surface: 'rgb(250, 245, 235)', text: 'rgb(20, 20, 20)' };
    for (const [name, value] of Object.entries(host)) expect(defaults[name], `the default ${name}`).not.toBe(value);

    await page.evaluate(() => {
      const target = document.getElementById('jira-settings');
      // Through the CSSOM: the page's CSP (style-src 'self') refuses style attributes.
      target.style.setProperty('--jos-accent', '#804000');
      target.style.setProperty('--jos-radius', '13px');
      target.style.setProperty('--jos-font', 'Georgia, serif');
      target.style.setProperty('--jos-surface', '#faf5eb');
      target.style.setProperty('--jos-text', '#141414');
    });
    expect(await read(), `${scheme}: the host's values`).toEqual(host);
    // The focus ring follows the host's accent too, unless the host sets --jos-focus.
    await c.id.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect(c.id).toBeFocused();
    expect(await c.id.evaluate((el) => getComputedStyle(el).outlineColor)).toBe('rgb(128, 64, 0)');
  });
}
