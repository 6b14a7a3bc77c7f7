# Sourced by the scripts: where the tools live and how the build finds them.
# shellcheck shell=bash

# Versions that must match: wasm-bindgen-cli equals the wasm-bindgen crate pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
# Debian's binaryen (108) builds modules that fail in Chromium; npm's 132 works.
BINARYEN_VERSION=132.0.0

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${JOS_CACHE:-$HOME/.cache/jira-oauth-settings}
# Outside the clone, so that later runs on the same machine reuse the builds.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/target}
export PATH="$HOME/.cargo/bin:$CACHE/binaryen/node_modules/binaryen/bin:$PATH"
# Trunk uses the wasm-bindgen and wasm-opt found on PATH and downloads nothing.
export TRUNK_OFFLINE=true

# The release build into dist/: Trunk (wasm-bindgen, wasm-opt), then hashed names for the
# plugin's files and compressed copies of everything (scripts/fingerprint.mjs).
release_build() {
  (cd "$ROOT" && trunk build --release && node scripts/fingerprint.mjs dist)
}

# The pseudo-translated build into dist-pseudo/: every string of the catalogue between ⟦ and ⟧
# (build.rs), for tests/e2e/catalogue.spec.js. A debug build: it only has to show the text, and
# the release build's folder is left to English. (The browser tests share the debug folder: the
# crate is compiled again, in seconds, when one follows the other.)
pseudo_build() {
  (cd "$ROOT" && JOS_LANGUAGE=pseudo trunk build --release false --dist dist-pseudo &&
    node scripts/fingerprint.mjs dist-pseudo)
}
