// The plugin's entry point for host pages: `import { mount } from '.../plugin/index.js'`.
// It loads the WebAssembly module and the plugin's stylesheet, both found next to this file,
// before it exports `mount`, so a host can call `mount(target, options)` right after the import.
import init, { mount as mountPanel } from './jira-oauth-settings.js';

/**
 * mount(target, options): see the README. It throws an Error that says what to fix. Once the
 * panel is in the page (and takes input), it sets the performance mark
 * `jira-oauth-settings:mounted`.
 */
export function mount(target, options) {
  const handle = mountPanel(target, options);
  performance.mark('jira-oauth-settings:mounted');
  return handle;
}

const here = import.meta.url;

function loadStylesheet() {
  const href = new URL('./jira-oauth-settings.css', here).href;
  const present = [...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href);
  if (present) return Promise.resolve();
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    // A missing stylesheet leaves the panel plain, not broken: go on either way.
    link.addEventListener('load', () => resolve(), { once: true });
    link.addEventListener('error', () => {
      console.error(`jira-oauth-settings: could not load ${href}`);
      resolve();
    }, { once: true });
    document.head.append(link);
  });
}

const [wasm] = await Promise.all([
  init({ module_or_path: new URL('./jira-oauth-settings_bg.wasm', here) }),
  loadStylesheet(),
]);

/** The size of the plugin's WebAssembly memory, in bytes: for diagnostics and the benchmark. */
export function memoryBytes() {
  return wasm.memory.buffer.byteLength;
}
