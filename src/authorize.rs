//! The request that sends the browser to Atlassian's consent screen, and the `state` that binds
//! the answer to this admin's attempt.

use crate::atlassian::{AUDIENCE, AUTHORIZE_ENDPOINT, CLASSIC_SCOPES, OFFLINE_ACCESS};
use crate::checks::{CallbackUrl, ClientId};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt;

/// Everything but RFC 3986's unreserved characters is percent-encoded, so a space is `%20`
/// (never `+`) and `:` and `/` are encoded too, as in Atlassian's own examples.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How many random bytes a state carries.
pub const STATE_BYTES: usize = 32;

/// The unguessable value that ties Atlassian's answer to one attempt of this browser: 32 random
/// bytes, base64url without padding (43 characters).
#[derive(Clone, PartialEq, Eq)]
pub struct State(String);

impl State {
    /// The state made of `bytes`, which must come from a cryptographic random source
    /// (`crypto.getRandomValues` in the browser).
    pub fn from_random_bytes(bytes: &[u8; STATE_BYTES]) -> State {
        State(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The state as it travels in URLs and is stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `text` has the shape of a state this plugin makes: 43 base64url characters.
    pub fn is_well_formed(text: &str) -> bool {
        URL_SAFE_NO_PAD.decode(text).is_ok_and(|bytes| bytes.len() == STATE_BYTES)
    }
}

impl fmt::Debug for State {
    /// Only the first characters: enough to tell two attempts apart in a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "State({}…)", self.0.get(..6).unwrap_or(""))
    }
}

/// The authorize request for one attempt.
#[derive(Clone, Copy, Debug)]
pub struct AuthorizeRequest<'a> {
    /// The app's Client ID.
    pub client_id: &'a ClientId,
    /// The callback URL, sent exactly as typed.
    pub redirect_uri: &'a CallbackUrl,
    /// This attempt's state.
    pub state: &'a State,
}

impl AuthorizeRequest<'_> {
    /// The scopes requested, joined by single spaces: the four classic Jira scopes and
    /// `offline_access`, without which no refresh token is issued.
    pub fn scope() -> String {
        let mut names: Vec<&str> = CLASSIC_SCOPES.iter().map(|scope| scope.name).collect();
        names.push(OFFLINE_ACCESS);
        names.join(" ")
    }

    /// The URL to send the browser to: the seven parameters Atlassian documents, and no other.
    pub fn url(&self) -> String {
        let scope = Self::scope();
        let parameters = [
            ("audience", AUDIENCE),
            ("client_id", self.client_id.as_str()),
            ("scope", &scope),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("state", self.state.as_str()),
            ("response_type", "code"),
            ("prompt", "consent"),
        ];
        let query: Vec<String> = parameters
            .iter()
            .map(|(name, value)| format!("{name}={}", utf8_percent_encode(value, COMPONENT)))
            .collect();
        format!("{AUTHORIZE_ENDPOINT}?{}", query.join("&"))
    }
}
