//! The few browser services the panel needs, each behind a function that turns the browser's
//! exceptions into errors the admin can read.

use crate::authorize::{STATE_BYTES, State};
use crate::consent::{PendingConsent, STORAGE_KEY_PREFIX};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What can go wrong between a valid form and Atlassian's consent screen.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum BrowserError {
    /// No window: the plugin runs outside a page.
    NoWindow,
    /// `crypto.getRandomValues` is missing or failed.
    NoRandomness,
    /// `localStorage` is disabled, full or refused.
    StorageUnavailable,
    /// `localStorage` cannot be read, so a returned state cannot be verified.
    StorageUnreadable,
    /// `location.assign` threw.
    NavigationRefused,
}

impl BrowserError {
    /// A short, stable name of the error.
    pub fn code(&self) -> &'static str {
        match self {
            BrowserError::NoWindow => "no_window",
            BrowserError::NoRandomness => "no_randomness",
            BrowserError::StorageUnavailable => "storage_unavailable",
            BrowserError::StorageUnreadable => "storage_unreadable",
            BrowserError::NavigationRefused => "navigation_refused",
        }
    }
}

fn window() -> Result<web_sys::Window, BrowserError> {
    web_sys::window().ok_or(BrowserError::NoWindow)
}

/// A new state from the browser's cryptographic random source.
pub fn random_state() -> Result<State, BrowserError> {
    let crypto = window()?.crypto().map_err(|_| BrowserError::NoRandomness)?;
    let mut bytes = [0u8; STATE_BYTES];
    crypto.get_random_values_with_u8_array(&mut bytes).map_err(|_| BrowserError::NoRandomness)?;
    // A source that hands back all zeros is broken, not random.
    if bytes.iter().all(|&b| b == 0) {
        return Err(BrowserError::NoRandomness);
    }
    Ok(State::from_random_bytes(&bytes))
}

fn local_storage() -> Result<web_sys::Storage, BrowserError> {
    window()?.local_storage().ok().flatten().ok_or(BrowserError::StorageUnavailable)
}

/// Keeps the record of a consent in `localStorage`, where a callback in any tab finds it.
pub fn store_pending_consent(record: &PendingConsent) -> Result<(), BrowserError> {
    local_storage()?
        .set_item(&PendingConsent::storage_key(&record.state), &record.to_json())
        .map_err(|_| BrowserError::StorageUnavailable)
}

/// The raw value stored for the consent with this state, if any.
pub fn read_pending_consent(state: &str) -> Result<Option<String>, BrowserError> {
    let storage = local_storage().map_err(|_| BrowserError::StorageUnreadable)?;
    storage
        .get_item(&PendingConsent::storage_key(state))
        .map_err(|_| BrowserError::StorageUnreadable)
}

/// Removes the records of consents that are past keeping, and values under the plugin's prefix
/// that are not records at all. Storage that cannot be read is left alone.
pub fn remove_stale_consents(now: u64) {
    let Ok(storage) = local_storage() else { return };
    let length = storage.length().unwrap_or(0);
    // Keys first, then removals: removing while walking the indices would skip entries.
    let keys: Vec<String> = (0..length).filter_map(|i| storage.key(i).ok().flatten()).collect();
    for key in keys.iter().filter(|key| key.starts_with(STORAGE_KEY_PREFIX)) {
        let stale = storage
            .get_item(key)
            .ok()
            .flatten()
            .and_then(|value| PendingConsent::from_json(&value))
            .is_none_or(|record| record.is_stale(now));
        if stale {
            // A removal that fails leaves a record that is ignored anyway.
            let _ = storage.remove_item(key);
        }
    }
}

/// The page's path, as `location.pathname` gives it.
pub fn page_path() -> Option<String> {
    window().ok()?.location().pathname().ok()
}

/// The page's query, as `location.search` gives it (with its `?`, or empty).
pub fn page_query() -> String {
    window().ok().and_then(|window| window.location().search().ok()).unwrap_or_default()
}

/// Takes the query and the fragment out of the address bar, without reloading: the code and the
/// state must not stay in the history or be bookmarked.
pub fn clear_page_query() {
    let Ok(window) = window() else { return };
    let Some(path) = page_path() else { return };
    if let Ok(history) = window.history() {
        // Refused only for another origin, which a bare path cannot be.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    }
}

/// Milliseconds since the Unix epoch, by the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The origin of the page, as `location.origin` gives it.
pub fn page_origin() -> Result<String, JsValue> {
    window().map_err(|e| JsValue::from_str(&e.to_string()))?.location().origin()
}

/// Sends the whole page to `url`.
pub fn navigate(url: &str) -> Result<(), BrowserError> {
    window()?.location().assign(url).map_err(|_| BrowserError::NavigationRefused)
}

/// Puts `text` on the clipboard; false when the browser refuses (no permission, no focus).
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Ok(window) = window() else { return false };
    // `navigator.clipboard` is missing outside secure contexts; calling into it would throw.
    let clipboard = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"));
    let Some(clipboard) = clipboard.ok().filter(|c| c.is_object()) else {
        return false;
    };
    let promise = clipboard.unchecked_into::<web_sys::Clipboard>().write_text(text);
    JsFuture::from(promise).await.is_ok()
}
