//! The record of a consent that was started and not yet finished. It is kept in the browser's
//! `localStorage`, one entry per attempt under a key named after its state, so that the callback
//! finds it even when it opens in another tab. It never holds the client secret.

use crate::authorize::State;
use crate::checks::{CallbackUrl, ClientId};
use crate::json::ReadJson;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The prefix of the storage keys of pending consents; the state follows it.
pub const STORAGE_KEY_PREFIX: &str = "jira-oauth-settings.consent.";

/// How long after the redirect the callback may still use the attempt: ten minutes.
pub const CONSENT_LIFETIME_MS: u64 = 10 * 60 * 1000;

/// How long a record is kept at all: long enough to tell an expired or reused state from an
/// unknown one, short enough that records do not pile up.
pub const RECORD_RETENTION_MS: u64 = 24 * 60 * 60 * 1000;

/// One attempt, from the redirect to Atlassian until its callback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Unknown fields are ignored, so that a later version may add some and still read these.
#[serde(rename_all = "camelCase")]
pub struct PendingConsent {
    /// The state sent to Atlassian, which its answer must carry back.
    pub state: String,
    /// The `redirect_uri` sent, which the code exchange must repeat exactly.
    pub redirect_uri: String,
    /// The app the consent is for.
    pub client_id: String,
    /// When the attempt started, in milliseconds since the Unix epoch.
    pub created_at: u64,
    /// When a callback used the attempt; a state is good for one callback only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_at: Option<u64>,
}

impl PendingConsent {
    /// The record of an attempt that starts at `created_at` (milliseconds since the epoch).
    pub fn new(
        state: &State,
        redirect_uri: &CallbackUrl,
        client_id: &ClientId,
        created_at: u64,
    ) -> PendingConsent {
        PendingConsent {
            state: state.as_str().to_owned(),
            redirect_uri: redirect_uri.as_str().to_owned(),
            client_id: client_id.as_str().to_owned(),
            created_at,
            used_at: None,
        }
    }

    /// The storage key of the attempt with this state.
    pub fn storage_key(state: &str) -> String {
        format!("{STORAGE_KEY_PREFIX}{state}")
    }

    /// The record as stored.
    pub fn to_json(&self) -> String {
        // A struct of strings and numbers always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored record, or `None` for anything that is not one (a foreign or corrupted value).
    pub fn from_json(json: &str) -> Option<PendingConsent> {
        PendingConsent::read_json(json)
    }

    /// Whether the record is past keeping at `now`, and can be removed. A record from further in
    /// the future than that was written under a wrong clock, and would otherwise stay forever.
    pub fn is_stale(&self, now: u64) -> bool {
        now.abs_diff(self.created_at) > RECORD_RETENTION_MS
    }
}

/// Why the state Atlassian sent back does not let the callback go on. Nothing is sent to the
/// host in any of these cases.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum StateError {
    /// The answer came back without a state.
    Missing,
    /// The state is not one this plugin makes: it was changed on the way.
    Tampered,
    /// No attempt of this browser has this state.
    Unknown,
    /// The attempt was already used by a callback.
    Reused,
    /// The attempt is older than [`CONSENT_LIFETIME_MS`].
    Expired,
}

impl StateError {
    /// A short, stable, machine-readable name of the fault, such as `state_reused`.
    pub fn code(&self) -> &'static str {
        match self {
            StateError::Missing => "state_missing",
            StateError::Tampered => "state_tampered",
            StateError::Unknown => "state_unknown",
            StateError::Reused => "state_reused",
            StateError::Expired => "state_expired",
        }
    }
}

/// Verifies the state of Atlassian's answer against `stored`, the raw value found in storage
/// under that state's key (if any), at `now`.
///
/// # Errors
///
/// [`StateError`] when the answer must not be used.
pub fn verify_state(
    state: Option<&str>,
    stored: Option<&str>,
    now: u64,
) -> Result<PendingConsent, StateError> {
    let state = state.ok_or(StateError::Missing)?;
    if !State::is_well_formed(state) {
        return Err(StateError::Tampered);
    }
    let record = stored.ok_or(StateError::Unknown)?;
    // A record that does not parse, or that names another state, was not written by this plugin.
    let record = PendingConsent::from_json(record)
        .filter(|record| record.state == state)
        .ok_or(StateError::Tampered)?;
    if record.used_at.is_some() {
        return Err(StateError::Reused);
    }
    // Either way: a record from the future (the clock was set back) cannot be dated either.
    if now.abs_diff(record.created_at) > CONSENT_LIFETIME_MS {
        return Err(StateError::Expired);
    }
    Ok(record)
}
