//! The values the host keeps that would let anyone act as the app: the client secret and the
//! tokens. Each is a newtype whose `Debug` prints a redaction and that has no `Display`, so that a
//! log line or an error message cannot carry one by accident.

use jira_oauth_settings::checks::ClientSecret;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a secret newtype: stored and read as a plain JSON string, redacted in `Debug`.
macro_rules! secret {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        pub(crate) struct $name(String);

        impl $name {
            /// The value itself, only for the requests that hand it to Atlassian: the secret to
            /// the code exchange and the refresh, the refresh token to the refresh, the access
            /// token to the list of sites.
            pub(crate) fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret! {
    /// The app's client secret, as the checks returned it (trimmed).
    StoredSecret
}

secret! {
    /// A bearer token for Atlassian's APIs, valid for about an hour.
    AccessToken
}

secret! {
    /// The token that buys new access tokens. Atlassian rotates it on every refresh.
    RefreshToken
}

impl From<&ClientSecret> for StoredSecret {
    fn from(secret: &ClientSecret) -> StoredSecret {
        StoredSecret(secret.expose().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_value() {
        let token: RefreshToken = serde_json::from_str("\"refresh-me-please\"").unwrap();
        assert_eq!(format!("{token:?}"), "RefreshToken([redacted])");
        assert_eq!(serde_json::to_string(&token).unwrap(), "\"refresh-me-please\"");
    }
}
