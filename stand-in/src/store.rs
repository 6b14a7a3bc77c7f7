//! What the stand-in remembers: the registered apps, the codes, consents and tokens it issued,
//! the requests it answered, and the clock that ages the codes and tokens.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::{App, Call};

/// How long an authorization code can be exchanged.
pub(crate) const CODE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How long an access token is honoured (`expires_in`).
pub(crate) const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// How long a rotated refresh token stays usable (Atlassian's reuse leeway).
pub(crate) const REFRESH_REUSE_LEEWAY: Duration = Duration::from_secs(10 * 60);
/// How long an unused refresh token lives (Atlassian's inactivity expiry).
pub(crate) const REFRESH_INACTIVITY: Duration = Duration::from_secs(90 * 24 * 3600);

/// The stand-in's whole state, behind one lock.
#[derive(Default)]
pub(crate) struct Store {
    /// The registered apps, by client ID.
    pub(crate) apps: HashMap<String, App>,
    /// The authorization codes issued, by code.
    pub(crate) codes: HashMap<String, Code>,
    /// The consents that codes were exchanged for, by index; their tokens point here.
    pub(crate) consents: Vec<Consent>,
    /// The access tokens issued, by token.
    pub(crate) access_tokens: HashMap<String, AccessToken>,
    /// The refresh tokens issued, by token.
    pub(crate) refresh_tokens: HashMap<String, RefreshToken>,
    /// Every request answered, in order.
    pub(crate) calls: Vec<Call>,
    /// How far the tests moved the clock forward.
    skew: Duration,
}

impl Store {
    /// The stand-in's present instant.
    pub(crate) fn now(&self) -> Instant {
        Instant::now() + self.skew
    }

    /// Registers an app, replacing one with the same client ID.
    pub(crate) fn register(&mut self, app: App) {
        self.apps.insert(app.client_id.clone(), app);
    }

    /// Moves the stand-in's clock forward, to age codes and tokens in the tests.
    #[cfg(test)]
    pub(crate) fn advance(&mut self, by: Duration) {
        self.skew += by;
    }
}

/// An authorization code, bound to what the authorize request asked.
pub(crate) struct Code {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) issued_at: Instant,
    /// The consent the code was exchanged for, once it was.
    pub(crate) redeemed: Option<usize>,
}

/// What one code exchange granted; every token issued from it, rotations included, belongs to it.
pub(crate) struct Consent {
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    /// Set when the code was presented again: its tokens are no longer honoured.
    pub(crate) revoked: bool,
}

/// An access token and the consent it was issued for.
pub(crate) struct AccessToken {
    pub(crate) consent: usize,
    pub(crate) expires_at: Instant,
}

/// A refresh token and the consent it was issued for.
pub(crate) struct RefreshToken {
    pub(crate) consent: usize,
    pub(crate) issued_at: Instant,
    /// When it was first exchanged for a new one; it dies a leeway later.
    pub(crate) rotated_at: Option<Instant>,
}

/// A new opaque value for a code or token: random base64url in three dot-separated parts, about
/// 400 characters, shaped like Atlassian's JWT-like codes but meaning nothing.
pub(crate) fn opaque() -> String {
    let mut bytes = [0u8; 36 + 240 + 32];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    let (header, rest) = bytes.split_at(36);
    let (payload, signature) = rest.split_at(240);
    [header, payload, signature].map(|part| URL_SAFE_NO_PAD.encode(part)).join(".")
}
