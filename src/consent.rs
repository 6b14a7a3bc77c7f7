//! The record of a consent that was started and not yet finished. It is kept in the browser's
//! `localStorage`, one entry per attempt under a key named after its state, so that the callback
//! finds it even when it opens in another tab. It never holds the client secret.

use crate::authorize::State;
use crate::checks::{CallbackUrl, ClientId};
use serde::{Deserialize, Serialize};

// TODO: records are never removed; the callback must spend its own, and expired ones should go
// when the panel mounts, or they pile up, one per attempt.

/// The prefix of the storage keys of pending consents; the state follows it.
pub const STORAGE_KEY_PREFIX: &str = "jira-oauth-settings.consent.";

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
        }
    }

    /// The storage key of the attempt with this state.
    pub fn storage_key(state: &str) -> String {
        format!("{STORAGE_KEY_PREFIX}{state}")
    }

    /// The record as stored.
    pub fn to_json(&self) -> String {
        // A struct of strings and a number always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored record, or `None` for anything that is not one (a foreign or corrupted value).
    pub fn from_json(json: &str) -> Option<PendingConsent> {
        serde_json::from_str(json).ok()
    }
}
