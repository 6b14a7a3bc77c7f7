//! Who may use the contract: an admin who opened the one-time sign-in link the host prints, and
//! whose browser then holds the session cookie it set.
//!
//! The cookie is `{expiry}.{HMAC-SHA256 of the expiry}` under a key kept in the data folder
//! ([`KEY_FILE`]), so that sessions outlive a restart of the host (a consent under way must not
//! fail because the host restarted) and nothing about them is stored. It is `HttpOnly` (no
//! script reads it) and `SameSite=Strict` (no other site's page sends it). Deleting the key file
//! ends every session.

use crate::store::{remove_leftovers, write_atomically};
use crate::{Host, to_hex};
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use thiserror::Error;
use tracing::{info, warn};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "jos_session";

/// Where the sign-in link leads: `{SIGN_IN_PATH}?token=…`.
pub const SIGN_IN_PATH: &str = "/sign-in";

/// The file in the data folder that holds the key of the session cookies.
pub const KEY_FILE: &str = "session.key";

/// How long a session lasts from its sign-in.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);

/// The bytes of a key and of a sign-in token: far too many to guess.
const SECRET_BYTES: usize = 32;

/// Why the sessions' key cannot be read or made.
#[derive(Debug, Error)]
pub enum AccessError {
    /// The key file exists but cannot be read, or cannot be written.
    #[error("Cannot read or write the session key {}: {source}.", path.display())]
    Io {
        /// The key file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The key file holds something else than a key.
    #[error(
        "The session key {} is not a key this host wrote ({SECRET_BYTES} bytes in hex). Remove \
         it and start the host again: a new key is made, and everyone signs in again.",
        path.display()
    )]
    Corrupt {
        /// The key file.
        path: PathBuf,
    },
    /// The system's random source failed.
    #[error("The system's random source failed: {0}.")]
    Random(getrandom::Error),
}

/// The key of the session cookies, and the one sign-in token valid now.
pub struct Access {
    key: [u8; SECRET_BYTES],
    /// The SHA-256 digest of the token that signs in now, if any: each token signs in once.
    sign_in: Mutex<Option<[u8; 32]>>,
}

impl std::fmt::Debug for Access {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Access { .. }")
    }
}

/// A one-time sign-in token, to print in a link: the only time it is seen.
pub struct SignInToken(String);

impl SignInToken {
    /// The path and query that sign in with this token, under the host's address.
    pub fn path(&self) -> String {
        format!("{SIGN_IN_PATH}?token={}", self.0)
    }
}

impl Access {
    /// The access of the host whose data folder is `folder` (which must exist), with the first
    /// sign-in token. The key is read from [`KEY_FILE`], or made and written there (mode 0600).
    ///
    /// # Errors
    ///
    /// When the key file cannot be read or written, or holds something else than a key.
    pub fn open(folder: &Path) -> Result<(Access, SignInToken), AccessError> {
        remove_leftovers(folder, KEY_FILE);
        let path = folder.join(KEY_FILE);
        let key = match std::fs::read_to_string(&path) {
            Ok(text) => parse_key(text.trim()).ok_or(AccessError::Corrupt { path })?,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let key = random()?;
                write_atomically(folder, KEY_FILE, format!("{}\n", to_hex(&key)).as_bytes())
                    .map_err(|source| AccessError::Io { path, source })?;
                key
            }
            Err(source) => return Err(AccessError::Io { path, source }),
        };
        let access = Access { key, sign_in: Mutex::new(None) };
        let token = access.next_sign_in()?;
        Ok((access, token))
    }

    /// A new sign-in token, which replaces the one valid until now.
    ///
    /// # Errors
    ///
    /// When the system's random source fails.
    pub fn next_sign_in(&self) -> Result<SignInToken, AccessError> {
        let token = to_hex(&random()?);
        *self.sign_in.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some(digest(&token));
        Ok(SignInToken(token))
    }

    /// Spends `candidate` if it is the sign-in token valid now. The digests are compared, so the
    /// time the comparison takes says nothing about the token.
    pub(crate) fn redeem(&self, candidate: &str) -> bool {
        let mut valid = self.sign_in.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let matches = *valid == Some(digest(candidate));
        if matches {
            // Spent: nothing signs in until the next token is made.
            *valid = None;
        }
        matches
    }

    /// The value of a session cookie that lasts [`SESSION_LIFETIME`] from `now`.
    pub(crate) fn session(&self, now: SystemTime) -> String {
        let expiry = seconds(now) + SESSION_LIFETIME.as_secs();
        format!("{expiry}.{}", to_hex(&self.mac(expiry).finalize().into_bytes()))
    }

    /// Whether `value` is a session cookie of this key that has not expired at `now`.
    pub(crate) fn is_session(&self, value: &str, now: SystemTime) -> bool {
        let Some((expiry, mac)) = value.split_once('.') else { return false };
        let (Ok(expiry), Some(mac)) = (expiry.parse::<u64>(), parse_hex(mac)) else {
            return false;
        };
        let now = seconds(now);
        // A session from the future, beyond its lifetime, was not made by this host's clock.
        let plausible = now < expiry && expiry <= now + SESSION_LIFETIME.as_secs();
        plausible && self.mac(expiry).verify_slice(&mac).is_ok()
    }

    fn mac(&self, expiry: u64) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(format!("jira-oauth-host session until {expiry}").as_bytes());
        mac
    }
}

/// `GET /sign-in?token=…`: the sign-in link. The valid token sets the session cookie and leads
/// to the settings page, and the host prints the next link (for another browser); any other is
/// refused with a page that says which link to use.
pub(crate) async fn sign_in(State(host): State<Arc<Host>>, RawQuery(query): RawQuery) -> Response {
    let token = query
        .as_deref()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="));
    let no_store = (CACHE_CONTROL, "no-store");
    if !token.is_some_and(|token| host.access.redeem(token)) {
        warn!("a sign-in link that is not valid now was opened");
        let page = "This sign-in link is not valid now: it was used already, it is from an \
                    earlier start of the host, or it was copied wrong. Open the newest sign-in \
                    link the host printed in its terminal. (If this browser is signed in \
                    already, the settings are at /.)\n";
        return (StatusCode::FORBIDDEN, [no_store], page).into_response();
    }
    let cookie = set_cookie(&host.access.session(SystemTime::now()), host.secure_cookie());
    info!("signed in");
    // The next link, for another browser: printed where the first one was, never logged, and
    // to the host's own address (not the request's Host, which the sender chose).
    let printed = host.access.next_sign_in().map_err(|error| error.to_string()).and_then(|next| {
        let mut stdout = std::io::stdout();
        writeln!(stdout, "the next sign-in link: {}{}", host.sign_in_base, next.path())
            .and_then(|()| stdout.flush())
            .map_err(|error| format!("standard output is closed ({error})"))
    });
    if let Err(why) = printed {
        // This browser is signed in all the same; the next needs a restart of the host.
        warn!("no next sign-in link: {why}");
    }
    let headers = [(SET_COOKIE, cookie.as_str()), (LOCATION, "/"), no_store];
    (StatusCode::SEE_OTHER, headers).into_response()
}

/// The session cookie's `Set-Cookie` value; `Secure` when `secure`.
pub(crate) fn set_cookie(session: &str, secure: bool) -> String {
    let lifetime = SESSION_LIFETIME.as_secs();
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={session}; Path=/; Max-Age={lifetime}; HttpOnly; SameSite=Strict{secure}"
    )
}

/// The values of the session cookie among a request's `Cookie` header values. There may be
/// several: another server of the same site (another port of the machine) can set one of the
/// same name, which the browser then sends too, first when its path is longer.
pub(crate) fn session_cookies<'a>(
    headers: impl Iterator<Item = &'a [u8]>,
) -> impl Iterator<Item = &'a str> {
    headers
        .filter_map(|header| std::str::from_utf8(header).ok())
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter_map(|(name, value)| (name == SESSION_COOKIE).then_some(value))
}

fn random() -> Result<[u8; SECRET_BYTES], AccessError> {
    let mut bytes = [0; SECRET_BYTES];
    getrandom::fill(&mut bytes).map_err(AccessError::Random)?;
    Ok(bytes)
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs())
}

fn parse_key(text: &str) -> Option<[u8; SECRET_BYTES]> {
    parse_hex(text)?.try_into().ok()
}

fn parse_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened() -> (tempfile::TempDir, Access, SignInToken) {
        let folder = tempfile::tempdir().unwrap();
        let (access, token) = Access::open(folder.path()).unwrap();
        (folder, access, token)
    }

    fn token_of(token: &SignInToken) -> &str {
        &token.0
    }

    #[test]
    fn a_sign_in_token_signs_in_once_and_the_next_one_replaces_it() {
        let (_folder, access, first) = opened();
        assert!(!access.redeem("0"));
        assert!(access.redeem(token_of(&first)));
        assert!(!access.redeem(token_of(&first)), "spent");
        let second = access.next_sign_in().unwrap();
        let third = access.next_sign_in().unwrap();
        assert!(!access.redeem(token_of(&second)), "replaced by the third");
        assert!(access.redeem(token_of(&third)));
        assert_eq!(first.path().len(), SIGN_IN_PATH.len() + "?token=".len() + 64);
    }

    #[test]
    fn a_session_lasts_its_lifetime_under_its_own_key_only() {
        let (folder, access, _) = opened();
        let now = SystemTime::now();
        let session = access.session(now);
        assert!(access.is_session(&session, now));
        assert!(access.is_session(&session, now + SESSION_LIFETIME - Duration::from_secs(1)));
        assert!(!access.is_session(&session, now + SESSION_LIFETIME));

        // The same key after a restart; another folder's key refuses it.
        let (again, _) = Access::open(folder.path()).unwrap();
        assert!(again.is_session(&session, now));
        let (_other_folder, other, _) = opened();
        assert!(!other.is_session(&session, now));

        // Another expiry with the same MAC, a changed MAC, and junk.
        let (expiry, mac) = session.split_once('.').unwrap();
        let earlier = format!("{}.{mac}", expiry.parse::<u64>().unwrap() - 1);
        let mut flipped = mac.to_owned().into_bytes();
        flipped[0] = if flipped[0] == b'0' { b'1' } else { b'0' };
        let flipped = format!("{expiry}.{}", String::from_utf8(flipped).unwrap());
        for forged in [earlier, flipped, String::new(), ".".into(), format!("{expiry}.zz")] {
            assert!(!access.is_session(&forged, now), "{forged}");
        }
    }

    #[test]
    fn the_key_file_is_private_and_a_damaged_one_stops_the_host() {
        use std::os::unix::fs::PermissionsExt;
        let (folder, _, _) = opened();
        let path = folder.path().join(KEY_FILE);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        std::fs::write(&path, "not a key\n").unwrap();
        let Err(error) = Access::open(folder.path()) else { panic!("a damaged key was taken") };
        assert!(matches!(error, AccessError::Corrupt { .. }), "{error}");
        assert!(error.to_string().contains("Remove it"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not a key\n", "left as it was");
    }

    #[test]
    fn the_session_cookie_is_found_among_the_others() {
        let headers: [&[u8]; 2] =
            [b"a=1; jos_session=x; jos_sessionx=2", b"b=3;  jos_session=4.5 ; c=6"];
        assert_eq!(session_cookies(headers.into_iter()).collect::<Vec<_>>(), ["x", "4.5"]);
        assert_eq!(session_cookies([&b"jos_session"[..]].into_iter()).count(), 0);
        let set = set_cookie("1.ab", false);
        assert!(set.contains("; HttpOnly") && set.contains("; SameSite=Strict"), "{set}");
        assert!(!set.contains("Secure") && set_cookie("1.ab", true).ends_with("; Secure"));
    }
}
