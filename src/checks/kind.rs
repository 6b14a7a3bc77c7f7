//! Recognising what was pasted: the other field's credential, or another Atlassian credential
//! that is not part of an OAuth 2.0 (3LO) app at all.

/// The prefix of a client secret in the current format.
pub const SECRET_PREFIX: &str = "ATOA";
/// The length of a client secret in the current format: the prefix, 64 characters of body and
/// 8 of checksum.
pub const SECRET_LENGTH: usize = 76;

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
    /// What `value` (trimmed) certainly is, when it is one of the kinds above. A Client ID is
    /// recognised by its full shape first, so that one that happens to begin with `ATOA` is not
    /// misnamed; a secret by its prefix and a length no Client ID has, or by its checksum.
    pub fn recognise(value: &str) -> Option<Credential> {
        if is_client_id_shape(value) {
            return Some(Credential::ClientId);
        }
        if (value.starts_with(SECRET_PREFIX) && value.chars().nth(32).is_some())
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
    /// What comes before its last 72 characters is not `ATOA`: a changed, shortened or
    /// lengthened prefix, a label, or a change of case.
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
        .match_indices(SECRET_PREFIX)
        .any(|(index, _)| value.get(index..index + SECRET_LENGTH).is_some_and(is_current_secret));
    // The body and checksum are ASCII: if they end the value, they are its last 72 bytes.
    let tail = SECRET_LENGTH - SECRET_PREFIX.len();
    let ends_with_body = value.len() >= tail
        && value.is_char_boundary(value.len() - tail)
        && is_body_and_checksum(&value[value.len() - tail..]);
    // A whole secret that went through a change of case: its checksum no longer matches.
    let case_changed = value.len() == SECRET_LENGTH
        && value.get(..SECRET_PREFIX.len()).is_some_and(|p| p.eq_ignore_ascii_case(SECRET_PREFIX))
        && !value.starts_with(SECRET_PREFIX);
    if surrounded {
        Some(SecretDamage::Surrounded)
    } else if value.len() == tail && ends_with_body {
        Some(SecretDamage::NoPrefix)
    } else if ends_with_body || case_changed {
        Some(SecretDamage::Prefix)
    } else {
        None
    }
}

/// Whether `value` holds a run of 60 or more of the characters secrets are made of: far longer
/// than a Client ID, and what a secret of an older format, or a damaged one, looks like.
pub fn has_secret_run(value: &str) -> bool {
    let mut run = 0;
    value.bytes().any(|b| {
        run = if is_secret_byte(b) { run + 1 } else { 0 };
        run >= 60
    })
}

/// 64 characters of a secret's body and their checksum.
fn is_body_and_checksum(value: &str) -> bool {
    let body = SECRET_LENGTH - SECRET_PREFIX.len() - 8;
    // The checksum's 8 hex digits first: most candidates fail there, at once. Then all the
    // body's bytes are ASCII, so the checksum starts on a character boundary.
    let is_hex = |b: &u8| b.is_ascii_digit() || (b'A'..=b'F').contains(b);
    value.len() == body + 8
        && value.as_bytes()[body..].iter().all(is_hex)
        && value.bytes().take(body).all(is_secret_byte)
        && checksum_matches(&value[..body], &value[body..])
}

/// Whether `value` is exactly a secret in the current format, checksum included.
fn is_current_secret(value: &str) -> bool {
    value.len() == SECRET_LENGTH
        && value.starts_with(SECRET_PREFIX)
        && is_body_and_checksum(&value[SECRET_PREFIX.len()..])
}

/// Whether `checksum` is the CRC-32, as 8 upper-case hex digits, of `ATOA` followed by `body`.
pub fn checksum_matches(body: &str, checksum: &str) -> bool {
    // Digits first: most candidates fail here, before any CRC is computed.
    let is_hex = |b: u8| b.is_ascii_digit() || (b'A'..=b'F').contains(&b);
    if checksum.len() != 8 || !checksum.bytes().all(is_hex) {
        return false;
    }
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(SECRET_PREFIX.as_bytes());
    hasher.update(body.as_bytes());
    u32::from_str_radix(checksum, 16) == Ok(hasher.finalize())
}

/// The characters of a current secret's body.
pub fn is_secret_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The shape every Client ID seen so far has: exactly 32 ASCII letters and digits.
pub fn is_client_id_shape(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_alphanumeric())
}
