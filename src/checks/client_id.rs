//! The Client ID: 32 letters and digits in every app seen so far (observed, not documented, so
//! another shape is only a warning), and never one of the other credentials admins paste.

use super::kind::{self, Credential, is_client_id_shape};
use super::text::{self, StrayCharacter};
use super::{Checked, Notice};
use thiserror::Error;

/// Past this many characters a value is certainly not a Client ID (those seen have 32), and too
/// long to send in the authorize URL.
const MAX_LENGTH: usize = 255;

/// A 3LO app's Client ID, trimmed and checked. It is not a secret: it travels in the authorize
/// URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// The ID as it is sent to Atlassian.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a Client ID cannot be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientIdError {
    /// Nothing was typed.
    Empty,
    /// Quotation marks or brackets around the ID would be sent as part of it.
    Quoted,
    /// White space, a control or an invisible character inside the ID.
    StrayCharacter(StrayCharacter),
    /// Far more characters of the kind secrets are made of than an ID has.
    LooksLikeSecret(usize),
    /// A label such as `client_id=` before the ID.
    Labelled,
    /// Far longer than any Client ID: a paste that took more than the ID.
    TooLong(usize),
    /// Another credential: the secret, a token, a service account, a URL.
    WrongCredential(Credential),
}

impl Notice for ClientIdError {
    fn code(&self) -> &'static str {
        match self {
            ClientIdError::Empty => "empty",
            ClientIdError::Quoted => "quoted",
            ClientIdError::StrayCharacter(_) => "stray_character",
            ClientIdError::TooLong(_) => "too_long",
            ClientIdError::Labelled => "labelled",
            ClientIdError::LooksLikeSecret(_) => "looks_like_secret",
            ClientIdError::WrongCredential(_) => "wrong_credential",
        }
    }
}

/// What is unusual about a Client ID that may still be right.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientIdWarning {
    /// Not 32 characters long.
    UnusualLength(usize),
    /// A character other than a letter or a digit.
    UnusualCharacter {
        /// The character.
        character: char,
        /// Its position, counted in characters from 1.
        position: usize,
    },
}

impl Notice for ClientIdWarning {
    fn code(&self) -> &'static str {
        match self {
            ClientIdWarning::UnusualLength(_) => "unusual_length",
            ClientIdWarning::UnusualCharacter { .. } => "unusual_character",
        }
    }
}

/// Checks what the admin typed as the Client ID.
///
/// # Errors
///
/// When the ID is empty, quoted, holds a stray character, has a label before it, is far too long,
/// or is another kind of credential.
pub fn check_client_id(raw: &str) -> Result<Checked<ClientId, ClientIdWarning>, ClientIdError> {
    let value = text::trim(raw);
    if value.is_empty() {
        return Err(ClientIdError::Empty);
    }
    if text::is_wrapped(value) {
        return Err(ClientIdError::Quoted);
    }
    // Early, so that a pasted page of text costs no more than counting it.
    let length = value.chars().count();
    if length > MAX_LENGTH {
        return Err(ClientIdError::TooLong(length));
    }
    match Credential::recognise(value) {
        None | Some(Credential::ClientId) => {}
        Some(other) => return Err(ClientIdError::WrongCredential(other)),
    }
    if let Some(stray) = text::find_stray(value) {
        // Quote what comes before it only in a value of about an ID's length: a longer one may be
        // a secret that was not recognised.
        let short = length <= 40;
        return Err(ClientIdError::StrayCharacter(if short {
            stray
        } else {
            stray.without_context()
        }));
    }
    if has_label(value) {
        return Err(ClientIdError::Labelled);
    }
    if kind::has_secret_run(value) {
        return Err(ClientIdError::LooksLikeSecret(length));
    }
    let warning = (!is_client_id_shape(value)).then(|| unusual_shape(value));
    Ok(Checked::new(ClientId(value.to_owned()), warning))
}

/// Whether `value` starts with a label like `client_id=`, `Client ID:` or `id:`.
fn has_label(value: &str) -> bool {
    let Some(end) = value.find([':', '=']) else { return false };
    let label: String =
        value[..end].chars().filter(char::is_ascii_alphanumeric).collect::<String>();
    matches!(label.to_ascii_lowercase().as_str(), "clientid" | "id" | "oauthclientid" | "appid")
}

fn unusual_shape(value: &str) -> ClientIdWarning {
    // The bytes before the first one that is not a letter or a digit are ASCII characters.
    match value.bytes().position(|b| !b.is_ascii_alphanumeric()) {
        Some(index) => ClientIdWarning::UnusualCharacter {
            character: value[index..].chars().next().unwrap_or_default(),
            position: index + 1,
        },
        None => ClientIdWarning::UnusualLength(value.len()),
    }
}
