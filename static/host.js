// The demo host: mounts the plugin the way the product's settings page does.
// No inline code anywhere on the page (CSP: script-src 'self' 'wasm-unsafe-eval').
import { mount } from './plugin/index.js';

try {
  // `await` accepts a synchronous handle as well as a promise of one.
  const handle = await mount('#jira-settings', {});
  window.jiraSettingsDemo = { handle };
} catch (error) {
  console.error('jira-oauth-settings: mount failed', error);
  const message = error instanceof Error ? error.message : String(error);
  const slot = document.getElementById('demo-mount-error');
  slot.textContent = `The Jira settings could not be loaded: ${message}`;
  slot.hidden = false;
}
