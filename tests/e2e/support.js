// Shared fixtures and helpers for the end-to-end specs (not a spec itself).
//
// Every test gets a reference host of its own (the workspace's `jira-oauth-host`, serving dist/
// on E2E_PORT with a fresh data directory), and the worker an Atlassian stand-in
// (`atlassian-stand-in`, on a port of its own) that the host exchanges codes with.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { test: base, expect } = require('@playwright/test');

const PORT = process.env.E2E_PORT || '8081';
const ROOT = path.resolve(__dirname, '../..');
const TARGET_DIR = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const HOST_BIN = process.env.JOS_HOST_BIN || path.join(TARGET_DIR, 'debug', 'jira-oauth-host');
const STAND_IN_BIN =
  process.env.JOS_STAND_IN_BIN || path.join(TARGET_DIR, 'debug', 'atlassian-stand-in');
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

/**
 * Matches a text of the catalogue exactly: as the English build shows it, or as the
 * pseudo-translated build does, between ⟦ and ⟧ (see catalogue.spec.js).
 */
function exactly(text) {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:${escaped}|\u27E6${escaped}\u27E7)$`);
}

/** The contract's controls, scoped to the plugin root. */
function controls(root) {
  return {
    id: root.getByLabel(exactly('Client ID')),
    secret: root.getByLabel(exactly('Client secret')),
    callback: root.getByLabel(exactly('Callback URL')),
    connect: root.getByRole('button', { name: exactly('Connect to Jira') }),
    showSecret: root.getByRole('button', { name: exactly('Show secret') }),
    hideSecret: root.getByRole('button', { name: exactly('Hide secret') }),
    copyCallback: root.getByRole('button', { name: exactly('Copy callback URL') }),
    copyScopes: root.getByRole('button', { name: exactly('Copy scopes') }),
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

/**
 * Starts `binary` with `args` and resolves, once it has printed "listening on URL" (and, when
 * `ready` is given, a line that matches it), to { url, child, output(), stdout() }. Its stderr
 * is kept for the failure report.
 */
function startServer(binary, args, env = {}, ready = /listening on (http:\/\/\S+)/) {
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} is missing: build it with cargo build -p ${path.basename(binary)}`);
  }
  const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const output = () => stderr;
  let stdout = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(binary)} did not start within 10 s:\n${stderr}`));
    }, 10_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match && ready.test(stdout)) {
        clearTimeout(timer);
        resolve({ url: match[1], child, output, stdout: () => stdout });
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(binary)} exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
}

/** Stops a started server and waits for it to be gone. */
async function stopServer(server, signal = 'SIGTERM') {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** The worker's Atlassian stand-in, with its test controls. */
async function startStandIn() {
  const server = await startServer(STAND_IN_BIN, ['--listen', '127.0.0.1:0']);
  const call = async (method, route, body) => {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`stand-in ${method} ${route}: HTTP ${response.status}`);
    return response.status === 204 ? null : response.json();
  };
  return {
    ...server,
    /** Registers an app: { clientId, clientSecret, callbackUrl, sites, declines }. */
    register: (app) => call('POST', '/_stand-in/apps', app),
    /** Every request the stand-in received: [{ method, path, grantType, status }]. */
    calls: () => call('GET', '/_stand-in/calls'),
  };
}

/**
 * A reference host on PORT, serving the build in `dist` (a folder of the repository), keeping its
 * store in `dataDir`, talking to `standIn`.
 */
async function startHost(dataDir, standIn, dist) {
  const folder = path.join(ROOT, dist);
  if (!fs.existsSync(path.join(folder, 'index.html'))) {
    throw new Error(`${folder} holds no build: make it with scripts/test, or see the README`);
  }
  const server = await startServer(HOST_BIN, [
    '--listen', `127.0.0.1:${PORT}`,
    '--dist', folder,
    '--data-dir', dataDir,
    '--token-url', `${standIn.url}/oauth/token`,
    '--api-url', standIn.url,
  ], { RUST_LOG: 'info' }, new RegExp(SIGN_IN_RE.source));
  return server;
}

// "sign in: URL" at start-up, "the next sign-in link: URL" after each use.
const SIGN_IN_RE = /(?:sign in:|the next sign-in link:) (http:\/\/\S+\/sign-in\?token=\w+)/g;

/** The newest sign-in link the host printed. */
function newestSignInLink(server) {
  const links = [...server.stdout().matchAll(SIGN_IN_RE)].map((match) => match[1]);
  return links[links.length - 1];
}

/**
 * The fixtures: `standIn` (one per worker) and `host` (one per test, started before the page
 * opens), whose `restart()`, `stop()`, `pause()` and `resume()` act on the real process, and
 * whose `signIn(context)` opens its newest sign-in link in a browser context. The test's own
 * `context` is signed in before the test starts.
 */
const test = base.extend({
  // The build the host serves: dist/, or dist-pseudo/ for catalogue.spec.js.
  dist: ['dist', { option: true }],

  standIn: [async ({}, use) => {
    const standIn = await startStandIn();
    await use(standIn);
    await stopServer(standIn);
  }, { scope: 'worker' }],

  host: [async ({ standIn, dist }, use, testInfo) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jos-e2e-'));
    let server = await startHost(dataDir, standIn, dist);
    const logs = [];
    const host = {
      dataDir,
      get url() { return server.url; },
      get pid() { return server.child.pid; },
      async stop(signal) { await stopServer(server, signal); logs.push(server.output()); },
      async restart() { await host.stop(); server = await startHost(dataDir, standIn, dist); },
      pause() { server.child.kill('SIGSTOP'); },
      resume() { server.child.kill('SIGCONT'); },
      /** The store file, parsed. */
      store() { return JSON.parse(fs.readFileSync(path.join(dataDir, 'store.json'), 'utf8')); },
      /** Everything the host has logged so far. */
      logs() { return [...logs, server.output()].join(''); },
      /** The newest sign-in link the host printed. */
      signInLink() { return newestSignInLink(server); },
      /** Opens the newest sign-in link in `context`, which then has the session cookie. */
      async signIn(context) {
        const link = newestSignInLink(server);
        const answer = await context.request.get(link, { maxRedirects: 0 });
        expect(answer.status(), `sign-in link ${link}`).toBe(303);
        // The next link is printed after the answer; wait for it, so that signIn can be called again.
        await expect.poll(() => newestSignInLink(server)).not.toBe(link);
      },
    };
    await use(host);
    host.resume();
    await host.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('host.log', { body: host.logs(), contentType: 'text/plain' });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, { auto: true }],

  // Every test's browser context is signed in, and fails the test on any report of the
  // Content Security Policy the host serves, on any page, in any state the test reaches.
  context: async ({ context, host }, use) => {
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`);
      });
    });
    const violations = [];
    context.on('console', (line) => {
      if (/securitypolicyviolation|Content Security Policy|Refused to/i.test(line.text())) {
        violations.push(`${line.page()?.url()}: ${line.text()}`);
      }
    });
    await host.signIn(context);
    await use(context);
    expect(violations, 'Content Security Policy violations').toEqual([]);
  },
});

/**
 * Sends the browser's requests for auth.atlassian.com to the stand-in (nothing leaves the
 * machine): its answers, redirects included, reach the browser as they are. Returns the raw
 * URLs of the navigations.
 */
async function routeToStandIn(page, standIn) {
  const navigations = [];
  await page.route('https://auth.atlassian.com/**', async (route) => {
    const request = route.request();
    if (request.isNavigationRequest()) navigations.push(request.url());
    const { pathname, search } = new URL(request.url());
    const response = await route.fetch({ url: `${standIn.url}${pathname}${search}`, maxRedirects: 0 });
    await route.fulfill({ response });
  });
  return navigations;
}

// The round trip's pieces, shared by the round-trip and security specs.

const ACME = { id: '3a5e7a39-5d2b-4cbe-9b8e-9d3b8e3c0a11', name: 'acme', url: 'https://acme.atlassian.net' };
const GLOBEX = { id: '8f0c2d7e-1f4a-4c55-8a1b-2b6b0f1e9d42', name: 'globex-jira', url: 'https://globex.atlassian.net' };
const API = `${DEMO_URL}api/integrations/jira`;

/** Registers PAIR_1's app at the stand-in with `sites`, as the admin did in the console. */
async function registerApp(standIn, { sites = [ACME], declines = false, pair = PAIR_1 } = {}) {
  await standIn.register({
    clientId: pair.id, clientSecret: pair.secret, callbackUrl: CALLBACK, sites, declines,
  });
}

/** The stand-in's Atlassian calls (not the test's own controls). */
async function atlassianCalls(standIn) {
  return (await standIn.calls()).filter((call) => !call.path.startsWith('/_stand-in/'));
}

/** The stand-in's Atlassian calls since `since` (their count before the test step). */
async function callsSince(standIn, since) {
  return (await atlassianCalls(standIn)).slice(since).map((call) => `${call.method} ${call.path}${call.grantType ? ` ${call.grantType}` : ''} ${call.status}`);
}

/** Fills the form with `pair` and presses Connect; the page ends on the callback page. */
async function connect(page, pair = PAIR_1) {
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, pair);
  await c.connect.click();
  await page.waitForURL((url) => url.pathname === '/app/integrations/callback');
  return page.locator('#jira-settings .jos-root');
}

/**
 * Connect, but the stand-in's redirect back is held: returns the callback URL Atlassian would
 * have sent the browser to, with the page left on a blank stand-in page.
 */
async function consentWithoutReturning(page, standIn) {
  let location = null;
  await page.route('https://auth.atlassian.com/**', async (route) => {
    const { pathname, search } = new URL(route.request().url());
    const response = await route.fetch({ url: `${standIn.url}${pathname}${search}`, maxRedirects: 0 });
    location = response.headers().location ?? null;
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<h1>held</h1>' });
  });
  const root = await openDemo(page);
  const c = controls(root);
  await fillForm(c, PAIR_1);
  await c.connect.click();
  await expect(page.locator('h1')).toHaveText('held');
  expect(location, 'the stand-in redirected back with a code').toMatch(/^http:\/\/127\.0\.0\.1:\d+\/app\/integrations\/callback\?code=/);
  await page.unroute('https://auth.atlassian.com/**');
  return location;
}

/** Dates the attempt whose callback is `location` `ms` earlier in this browser's record. */
async function ageAttempt(page, location, ms) {
  const state = new URL(location).searchParams.get('state');
  await page.goto(DEMO_URL);
  await page.evaluate(([key, by]) => {
    const record = JSON.parse(localStorage.getItem(key));
    record.createdAt -= by;
    localStorage.setItem(key, JSON.stringify(record));
  }, [`${CONSENT_PREFIX}${state}`, ms]);
}

async function expectOutcome(root, title, text) {
  const heading = root.getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(exactly(title));
  await expect(heading).toBeFocused();
  if (text) await expect(root).toContainText(text);
  await expect(root.getByRole('link', { name: exactly('Back to the Jira settings') })).toHaveAttribute('href', '/');
}

module.exports = {
  test,
  expect,
  routeToStandIn,
  ACME,
  GLOBEX,
  API,
  registerApp,
  atlassianCalls,
  callsSince,
  connect,
  consentWithoutReturning,
  ageAttempt,
  expectOutcome,
  exactly,
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
