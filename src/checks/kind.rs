//! Recognising what was pasted: the other field's credential, or another Atlassian credential
//! that is not part of an OAuth 2.0 (3LO) app at all.

use std::fmt;

/// A kind of value that admins paste into a field meant for something else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A 3LO app's Client ID: 32 letters and digits.
    ClientId,
    /// A 3LO app's client secret in the current format: `ATOA` and 72 more characters.
    ClientSecret,
    /// An Atlassian API token (`ATATT…`), made under the account's security settings.
    ApiToken,
    /// A Bitbucket app password (`ATBB…`).
    BitbucketAppPassword,
    /// A Bitbucket repository, project or workspace access token (`ATCTT…`, `ATCT…`).
    BitbucketAccessToken,
    /// A service account's credential, an Atlassian resource identifier (`ari:cloud:…`).
    ServiceAccount,
    /// A web address.
    Url,
}

impl Credential {
    /// What `value` (trimmed) certainly is, when it is one of the kinds above. The ID and the
    /// secret are recognised only by their full shape, so a value that merely starts like one
    /// (a Client ID that happens to begin with `ATOA`) is not misnamed.
    pub fn recognise(value: &str) -> Option<Credential> {
        if is_client_id_shape(value) {
            return Some(Credential::ClientId);
        }
        if value.starts_with("ATOA") && value.len() > 32 {
            return Some(Credential::ClientSecret);
        }
        let prefixed = [
            ("ATATT", Credential::ApiToken),
            ("ATBB", Credential::BitbucketAppPassword),
            ("ATCT", Credential::BitbucketAccessToken),
        ];
        if let Some(&(_, kind)) = prefixed.iter().find(|(prefix, _)| value.starts_with(prefix)) {
            return Some(kind);
        }
        let lower = value.get(..10).unwrap_or(value).to_ascii_lowercase();
        if lower.starts_with("ari:") {
            return Some(Credential::ServiceAccount);
        }
        let looks_like_url = value.contains("://")
            || ["http:", "https:", "www."].iter().any(|p| lower.starts_with(p));
        looks_like_url.then_some(Credential::Url)
    }
}

impl fmt::Display for Credential {
    /// The kind, named as the sentence "This is …" needs it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credential::ClientId => "the app's Client ID",
            Credential::ClientSecret => "the app's client secret",
            Credential::ApiToken => "an Atlassian API token (it starts with ATATT)",
            Credential::BitbucketAppPassword => "a Bitbucket app password (it starts with ATBB)",
            Credential::BitbucketAccessToken => "a Bitbucket access token (it starts with ATCT)",
            Credential::ServiceAccount => {
                "a service account's identifier (it starts with ari:cloud:)"
            }
            Credential::Url => "a web address",
        })
    }
}

/// The shape every Client ID seen so far has: exactly 32 ASCII letters and digits.
pub fn is_client_id_shape(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_alphanumeric())
}
