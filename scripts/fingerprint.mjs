// After Trunk's build: gives the plugin's files names that change with their contents, so that a
// host can let browsers keep them for ever, and writes a gzip and a brotli copy of every file a
// browser fetches, for a host to serve as they are (the reference host does).
//
//   node scripts/fingerprint.mjs DIST
//
// The wasm, its glue and the stylesheet become NAME.HASH.EXT (HASH: the first 16 hex digits of
// the SHA-256 of the contents, after the references inside them were rewritten). The entry
// module, plugin/index.js, keeps its name, which host pages import; its references to the others
// are rewritten, so it must be served for revalidation (the reference host sends no-cache).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { compress } from './compress.mjs';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: node scripts/fingerprint.mjs DIST');
  process.exit(2);
}
const plugin = path.join(dist, 'plugin');
const STEM = 'jira-oauth-settings';

function fail(message) {
  console.error(`fingerprint: ${message}`);
  process.exit(1);
}

/** Replaces every `from` in the file's text with `to`; fails if there is none. */
function rewrite(file, from, to) {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) fail(`${file} does not mention ${from}`);
  fs.writeFileSync(file, text.split(from).join(to));
}

/** Renames plugin/NAME.EXT to NAME.HASH.EXT; returns the new name. */
function fingerprint(name) {
  const file = path.join(plugin, name);
  const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
  const dot = name.lastIndexOf('.');
  const hashed = `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
  fs.renameSync(file, path.join(plugin, hashed));
  return hashed;
}

// The files that refer to none of the others first, so that each hash covers final contents.
const wasm = fingerprint(`${STEM}_bg.wasm`);
const css = fingerprint(`${STEM}.css`);
const glue = path.join(plugin, `${STEM}.js`);
// The glue's own default path to the wasm (used when the caller gives none).
rewrite(glue, `${STEM}_bg.wasm`, wasm);
const js = fingerprint(`${STEM}.js`);
const entry = path.join(plugin, 'index.js');
rewrite(entry, `'./${STEM}.js'`, `'./${js}'`);
rewrite(entry, `'./${STEM}_bg.wasm'`, `'./${wasm}'`);
rewrite(entry, `'./${STEM}.css'`, `'./${css}'`);

// The demo page asks for the plugin's files at once, rather than one after another as each
// module is read (host.js, then index.js, then the glue and the wasm): the hints a host page
// can give too. The wasm's matches the glue's fetch() of it (same-origin, credentials).
const page = path.join(dist, 'index.html');
const hints = [
  '<link rel="modulepreload" href="/plugin/index.js">',
  `<link rel="modulepreload" href="/plugin/${js}">`,
  `<link rel="preload" href="/plugin/${wasm}" as="fetch" type="application/wasm" crossorigin>`,
  `<link rel="preload" href="/plugin/${css}" as="style">`,
].map((hint) => `  ${hint}\n`).join('');
rewrite(page, '</head>', `${hints}</head>`);

// Compressed copies of everything a browser fetches, at each format's strongest setting.
compress(dist);
console.log(`fingerprint: ${js}, ${wasm}, ${css}; gzip and brotli copies written`);
