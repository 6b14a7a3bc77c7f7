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
    /// An Atlassian resource identifier (`ari:…`), such as a service account's.
    ResourceIdentifier,
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
        if (value.starts_with("ATOA") && value.chars().nth(32).is_some())
            || damaged_secret(value).is_some()
        {
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
        let start: String = value.chars().take(8).collect::<String>().to_ascii_lowercase();
        if start.starts_with("ari:") {
            return Some(Credential::ResourceIdentifier);
        }
        let looks_like_url = value.contains("://")
            || ["http:", "https:", "www."].iter().any(|p| start.starts_with(p))
            || is_host_name(
                &value[..value.bytes().position(|b| b == b'/' || b == b':').unwrap_or(value.len())],
            );
        looks_like_url.then_some(Credential::Url)
    }
}

/// A dotted name such as `developer.atlassian.com`: neither Client IDs nor secrets have dots.
fn is_host_name(text: &str) -> bool {
    let mut labels = text.split('.');
    let label =
        |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let top = text.rsplit('.').next().unwrap_or("");
    text.contains('.') && labels.all(label) && top.bytes().all(|b| b.is_ascii_alphabetic())
}

/// How a current-format secret, recognisable by its checksum, was damaged on the way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretDamage {
    /// The whole secret is there, with other text before or after it.
    Surrounded,
    /// Its first four characters, `ATOA`, were changed (lower case, look-alike letters).
    Prefix,
    /// Its first four characters are missing.
    NoPrefix,
}

/// Whether `value` is a current secret that was damaged in one of the ways a checksum still
/// proves; `None` for a whole secret, and for anything else.
pub fn damaged_secret(value: &str) -> Option<SecretDamage> {
    if is_current_secret(value) {
        return None;
    }
    let surrounded = value
        .match_indices("ATOA")
        .any(|(index, _)| value.get(index..index + 76).is_some_and(is_current_secret));
    // The characters after the first four, whatever those are.
    let after_prefix = value.char_indices().nth(4).map_or("", |(index, _)| &value[index..]);
    if surrounded {
        Some(SecretDamage::Surrounded)
    } else if is_body_and_checksum(after_prefix) {
        Some(SecretDamage::Prefix)
    } else if is_body_and_checksum(value) {
        Some(SecretDamage::NoPrefix)
    } else {
        None
    }
}

/// 64 characters of a secret's body and their checksum.
fn is_body_and_checksum(value: &str) -> bool {
    // All 64 bytes of the body are ASCII, so the checksum starts on a character boundary.
    value.len() == 72
        && value.bytes().take(64).all(is_secret_byte)
        && checksum_matches(&value[..64], &value[64..])
}

/// Whether `value` is exactly a secret in the current format, checksum included.
fn is_current_secret(value: &str) -> bool {
    value.len() == 76 && value.starts_with("ATOA") && is_body_and_checksum(&value[4..])
}

/// Whether `checksum` is the CRC-32, as upper-case hex, of `ATOA` followed by `body`.
pub fn checksum_matches(body: &str, checksum: &str) -> bool {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(b"ATOA");
    hasher.update(body.as_bytes());
    format!("{:08X}", hasher.finalize()) == checksum
}

/// The characters of a current secret's body.
pub fn is_secret_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
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
            Credential::ResourceIdentifier => {
                "an Atlassian resource identifier (it starts with ari:), such as a service \
                 account's"
            }
            Credential::Url => "a web address",
        })
    }
}

/// The shape every Client ID seen so far has: exactly 32 ASCII letters and digits.
pub fn is_client_id_shape(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_alphanumeric())
}
