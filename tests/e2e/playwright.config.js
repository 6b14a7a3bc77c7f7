// @ts-check
// End-to-end suite: the built demo (dist/, made by Trunk) served by the reference host (one per
// test, see support.js), driven in Debian's Chromium. Playwright's own browser downloads are not
// used (or reachable).
const { defineConfig } = require('@playwright/test');
const { CHROMIUM, CHROMIUM_ARGS } = require('./chromium');

const PORT = process.env.E2E_PORT || '8081';
const BASE_URL = `http://127.0.0.1:${PORT}`;

module.exports = defineConfig({
  testDir: __dirname,
  testMatch: '*.spec.js',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // The closing line ("N passed") is what CI reads.
  reporter: 'list',
  use: {
    baseURL: `${BASE_URL}/`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
});
