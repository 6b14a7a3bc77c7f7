// The demo host: mounts the plugin the way the product's settings page does.
// No inline code anywhere on the page (CSP: script-src 'self' 'wasm-unsafe-eval').

try {
  // A dynamic import, so that a plugin that fails to load (a missing .wasm, say) is reported
  // here like a failing mount, instead of leaving the panel blank.
  const { mount } = await import('./plugin/index.js');
  const handle = mount('#jira-settings', {});
  window.jiraSettingsDemo = { handle };
} catch (error) {
  console.error('jira-oauth-settings: mount failed', error);
  const message = error instanceof Error ? error.message : String(error);
  const slot = document.getElementById('demo-mount-error');
  slot.textContent = `The Jira settings could not be loaded: ${message}`;
  slot.hidden = false;
}
