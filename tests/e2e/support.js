// Shared fixtures and helpers for the end-to-end specs (not a spec itself).
const fs = require('node:fs');
const path = require('node:path');
const { expect } = require('@playwright/test');

const PORT = process.env.E2E_PORT || '8081';
const ORIGIN = `http://127.0.0.1:${PORT}`;
const DEMO_URL = `${ORIGIN}/`;
const CALLBACK = `${ORIGIN}/app/integrations/callback`;
const AUTHORIZE = 'https://auth.atlassian.com/authorize';
const PLACEHOLDER_CALLBACK = 'https://<your-on-premises-domain>/app/integrations/callback';

// Synthetic, valid-shaped credentials (made up; see shared docs/atlassian-3lo.md).
const PAIR_1 = {
  id: 'CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR',
  secret: 'ATOA7G6IPgVjXb2bI7SiTHD5SNekqfHUNLxEE8bFtUcm2wbthjNBjkurEZwGtW1QuBk4791C30ED',
};
const PAIR_2 = {
  id: 'OLvcaT2CfsSm0ioxU6ztKjAY5ywRe4ya',
  secret: 'ATOALvQL4xILomxnfvXx20jXi0GOEhNoiYuxUey2I9QgoeVYVd_YFqcpDg_yYIcwP0CE0050DDC9',
};

const CONSOLE_SCOPES = ['read:jira-work', 'read:jira-user', 'write:jira-work', 'manage:jira-webhook'];
const PARAM_NAMES = ['audience', 'client_id', 'scope', 'redirect_uri', 'state', 'response_type', 'prompt'];
const RAW_SCOPE =
  'read%3Ajira-work%20read%3Ajira-user%20write%3Ajira-work%20manage%3Ajira-webhook%20offline_access';
const DECODED_SCOPE = 'read:jira-work read:jira-user write:jira-work manage:jira-webhook offline_access';
const STATE_RE = /^[A-Za-z0-9_-]{43}$/;
const CONSENT_PREFIX = 'jira-oauth-settings.consent.';
// "says the connection was not started"
const NOT_STARTED_RE = /\b(?:not|n't)\s+(?:been\s+)?started\b/i;

const ARTIFACTS = path.join(__dirname, 'artifacts');

function artifact(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** Opens the demo page and waits for the plugin's root; returns the root locator. */
async function openDemo(page) {
  await page.goto('/');
  const root = page.locator('#jira-settings .jos-root');
  await expect(root).toBeVisible();
  return root;
}

/** The contract's controls, scoped to the plugin root. */
function controls(root) {
  return {
    id: root.getByLabel('Client ID', { exact: true }),
    secret: root.getByLabel('Client secret', { exact: true }),
    callback: root.getByLabel('Callback URL', { exact: true }),
    connect: root.getByRole('button', { name: 'Connect to Jira', exact: true }),
    showSecret: root.getByRole('button', { name: 'Show secret', exact: true }),
    hideSecret: root.getByRole('button', { name: 'Hide secret', exact: true }),
    copyCallback: root.getByRole('button', { name: 'Copy callback URL', exact: true }),
    copyScopes: root.getByRole('button', { name: 'Copy scopes', exact: true }),
    statuses: root.getByRole('status'),
  };
}

async function fillForm(c, { id, secret, callback = CALLBACK }) {
  await c.id.fill(id);
  await c.secret.fill(secret);
  await c.callback.fill(callback);
}

/**
 * Intercepts everything bound for auth.atlassian.com (nothing may leave the machine) and
 * answers with a stand-in consent page. Returns the recorded raw request URLs.
 */
async function interceptAuthorize(page) {
  const seen = { navigations: [], all: [] };
  await page.route('https://auth.atlassian.com/**', (route) => {
    const request = route.request();
    seen.all.push(request.url());
    if (request.isNavigationRequest()) seen.navigations.push(request.url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>stand-in consent</h1>' });
  });
  return seen;
}

async function waitForStandIn(page) {
  try {
    await page.waitForURL((url) => url.origin === 'https://auth.atlassian.com', { timeout: 10_000 });
  } catch (error) {
    throw new Error(`Connect did not navigate to auth.atlassian.com within 10 s (still on ${page.url()}).\n${error.message}`);
  }
  await expect(page.locator('h1')).toHaveText('stand-in consent');
}

/** Splits the raw authorize URL without normalising it (keeps %20 vs + visible). */
function splitAuthorizeUrl(raw) {
  const q = raw.indexOf('?');
  const base = q === -1 ? raw : raw.slice(0, q);
  const query = q === -1 ? '' : raw.slice(q + 1);
  const segments = query.split('&').map((segment) => {
    const eq = segment.indexOf('=');
    return eq === -1 ? [segment, null] : [segment.slice(0, eq), segment.slice(eq + 1)];
  });
  return { base, query, segments, raw: Object.fromEntries(segments), params: new URLSearchParams(query) };
}

/** What the element's aria-describedby points at: [{ id, found, text }]. */
async function describedBy(locator) {
  return locator.evaluate((el) =>
    (el.getAttribute('aria-describedby') || '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => {
        const target = document.getElementById(id);
        return { id, found: target !== null, text: target ? target.textContent.replace(/\s+/g, ' ').trim() : null };
      }),
  );
}

/**
 * Messages that a verdict added: described elements that are new since `baseline`, or whose
 * text changed, and are non-empty. (Permanent hints wired into aria-describedby are not messages.)
 */
function addedMessages(baseline, now) {
  const before = new Map(baseline.map((d) => [d.id, d.text]));
  return now.filter((d) => d.text && (!before.has(d.id) || before.get(d.id) !== d.text));
}

/** Every id in aria-describedby must resolve to an element. */
function expectNoDanglingIds(described, what) {
  expect(described.filter((d) => !d.found).map((d) => d.id), `${what}: aria-describedby ids without an element`).toEqual([]);
}

/** The secret itself or any 12-character piece of it, if `text` contains one. */
function secretLeak(text, secret, size = 12) {
  if (typeof text !== 'string' || text.length === 0) return null;
  if (text.includes(secret)) return secret;
  for (let i = 0; i + size <= secret.length; i += 1) {
    const piece = secret.slice(i, i + size);
    if (text.includes(piece)) return piece;
  }
  return null;
}

/** All of the page origin's Web Storage and cookies. */
async function storageDump(page) {
  return page.evaluate(() => {
    const dump = (store) => {
      const out = {};
      for (let i = 0; i < store.length; i += 1) {
        const key = store.key(i);
        out[key] = store.getItem(key);
      }
      return out;
    };
    return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie };
  });
}

function pendingConsents(local) {
  return Object.fromEntries(Object.entries(local).filter(([key]) => key.startsWith(CONSENT_PREFIX)));
}

function summariseAxe(violations) {
  return violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

module.exports = {
  PORT,
  ORIGIN,
  DEMO_URL,
  CALLBACK,
  AUTHORIZE,
  PLACEHOLDER_CALLBACK,
  PAIR_1,
  PAIR_2,
  CONSOLE_SCOPES,
  PARAM_NAMES,
  RAW_SCOPE,
  DECODED_SCOPE,
  STATE_RE,
  CONSENT_PREFIX,
  NOT_STARTED_RE,
  artifact,
  openDemo,
  controls,
  fillForm,
  interceptAuthorize,
  waitForStandIn,
  splitAuthorizeUrl,
  describedBy,
  addedMessages,
  expectNoDanglingIds,
  secretLeak,
  storageDump,
  pendingConsents,
  summariseAxe,
};
