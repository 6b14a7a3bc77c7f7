//! The plugin's side of the host contract (see the README): the JSON documents exchanged with the
//! host at `options.apiBase`, and what a failed request means for the admin. Plain types, so that
//! the reading of every answer is tested natively, and so that the reference host (`host/`) sends
//! and reads these very types rather than copies of them.
//!
//! What the plugin reads (the settings document, the error body) ignores unknown fields, so that a
//! newer host can add some; what the host reads (the four request bodies) refuses them.

use crate::json::ReadJson;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use thiserror::Error;

/// Where the host answers, unless the `apiBase` option says otherwise.
pub const DEFAULT_API_BASE: &str = "/api/integrations/jira";

/// How long a request may take before the plugin gives up on it, unless the `requestTimeoutMs`
/// option says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// A Client ID as logs show it: its first characters, enough to tell two apps apart and never a
/// whole secret pasted into the ID field.
pub fn abbreviated_client_id(client_id: &str) -> String {
    let shown: String = client_id.chars().take(6).collect();
    format!("{shown}\u{2026}")
}

/// What the host has stored: the answer to every successful request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The stored app, or `None` before the first save.
    pub app: Option<StoredApp>,
    /// The connected site, or `None` when Jira is not connected.
    pub connection: Option<Connection>,
    /// The sites of a finished consent that granted several, until the admin chooses one.
    #[serde(default)]
    pub sites_to_choose: Vec<Site>,
}

/// The app as the host keeps it, without its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredApp {
    /// The app's Client ID.
    pub client_id: String,
    /// The callback URL registered with the app.
    pub callback_url: String,
    /// Whether a client secret is stored (the secret itself never leaves the host).
    pub secret_stored: bool,
}

/// The Jira site the host is connected to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// The site.
    pub site: Site,
    /// When the connection was made, in RFC 3339 (UTC).
    pub connected_at: String,
}

/// A Jira site an Atlassian token reaches, as accessible-resources lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Site {
    /// The cloud id, used in the Jira API's URLs.
    pub id: String,
    /// The site's name.
    pub name: String,
    /// The site's address, such as `https://example.atlassian.net`.
    pub url: String,
    /// The site's avatar, `None` when Atlassian gave none.
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// `PUT {apiBase}/app`: the app to store.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SaveApp {
    /// The Client ID, as checked (trimmed).
    pub client_id: String,
    /// The secret as checked, or empty (or left out) to keep the stored one, which the host
    /// allows only with the stored app's Client ID.
    #[serde(default)]
    pub client_secret: String,
    /// The callback URL, as checked (trimmed).
    pub callback_url: String,
}

impl fmt::Debug for SaveApp {
    /// Never the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SaveApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &if self.client_secret.is_empty() { "" } else { "<redacted>" })
            .field("callback_url", &self.callback_url)
            .finish()
    }
}

/// `POST {apiBase}/consent`: the answer of a verified callback.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompleteConsent {
    /// The authorization code.
    pub code: String,
    /// The state, already verified by the plugin.
    pub state: String,
    /// The `redirect_uri` of the authorize request, which the exchange must repeat.
    pub redirect_uri: String,
}

impl fmt::Debug for CompleteConsent {
    /// Never the code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompleteConsent")
            .field("code", &format_args!("<{} characters>", self.code.len()))
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// `POST {apiBase}/site`: the site the admin chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChooseSite {
    /// The chosen site's id, one of `sites_to_choose`.
    pub site_id: String,
}

/// `POST {apiBase}/disconnect`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Disconnect {
    /// Whether to forget the app too, not only the tokens and the connection.
    #[serde(default)]
    pub forget_app: bool,
}

/// The body of every error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The error.
    pub error: HostError,
}

/// An error as the host explains it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostError {
    /// A stable, machine-readable code, such as `invalid_fields`.
    pub code: String,
    /// A sentence for the admin.
    pub message: String,
    /// With `invalid_fields`: each field's error, by its name in the request (`clientId`…).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldError>,
}

/// A field's error in the host's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The fault's code: a check's, such as `checksum_mismatch`, or `secret_needed` (an empty
    /// secret with another app's Client ID, also one of the plugin's checks).
    pub code: String,
    /// The fault's sentence.
    pub message: String,
}

/// Why a request to the host did not give its answer. Whatever the admin typed stays as it was.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum RequestError {
    /// No answer within the time limit.
    Timeout {
        /// The time limit, in whole seconds.
        seconds: u32,
    },
    /// The request did not reach the server (it is down, or the network failed).
    Unreachable,
    /// The server answered 401: the admin's session there has ended (or never began). Its body
    /// is not read: a sign-in gateway in front of the host answers this too, in its own words.
    SignedOut,
    /// The host answered with an error of the contract.
    Host {
        /// The HTTP status.
        status: u16,
        /// The host's error.
        error: HostError,
    },
    /// The answer is not one of the contract (a proxy's error page, say).
    Unexpected {
        /// The HTTP status.
        status: u16,
    },
}

impl RequestError {
    /// The host's error code, when the host answered one.
    pub fn host_code(&self) -> Option<&str> {
        match self {
            RequestError::Host { error, .. } => Some(&error.code),
            _ => None,
        }
    }
}

/// Reads the host's answer: a document of type `T` for a 2xx status, the host's error otherwise.
///
/// # Errors
///
/// [`RequestError::SignedOut`] for a 401, [`RequestError::Host`] for an error of the contract,
/// [`RequestError::Unexpected`] for anything that is not JSON of the expected shape.
pub fn read_answer<T: ReadJson>(status: u16, body: &str) -> Result<T, RequestError> {
    if status == 401 {
        return Err(RequestError::SignedOut);
    }
    if (200..300).contains(&status) {
        // An error body under a success status is not a success, whatever else it holds.
        if ErrorBody::read_json(body).is_some() {
            return Err(RequestError::Unexpected { status });
        }
        return T::read_json(body).ok_or(RequestError::Unexpected { status });
    }
    match ErrorBody::read_json(body) {
        Some(ErrorBody { error }) if !error.message.trim().is_empty() => {
            Err(RequestError::Host { status, error })
        }
        _ => Err(RequestError::Unexpected { status }),
    }
}
