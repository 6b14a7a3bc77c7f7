//! The client secret. The current format (observed on every public sample) is 76 characters:
//! `ATOA`, 64 of `[A-Za-z0-9_-]`, and the CRC-32 of those first 68 characters as 8 upper-case
//! hex digits, which catches a truncated or mistyped secret before Atlassian does. Older secrets
//! without the prefix only get a warning.
//!
//! No message here ever repeats the secret, or any part of it but a single character.

use super::kind::{self, Credential, SecretDamage};
use super::text::{self, StrayCharacter};
use super::{Checked, Notice};
use std::fmt;
use thiserror::Error;

use kind::{SECRET_LENGTH as LENGTH, SECRET_PREFIX as PREFIX};

/// The length of the part the checksum covers, prefix included.
const CHECKED_LENGTH: usize = LENGTH - 8;
/// Past this many characters a value is certainly not a client secret of any format.
const MAX_LENGTH: usize = 1024;

/// A 3LO app's client secret, trimmed and checked.
///
/// # Security Warning
///
/// Its `Debug` output is redacted and it has no `Display`: the value leaves this type only
/// through [`ClientSecret::expose`], for the one request that hands it to the host.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret([redacted])")
    }
}

/// Why a client secret cannot be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientSecretError {
    /// Nothing was typed.
    Empty,
    /// The dots or asterisks the console shows in place of the secret.
    Masked,
    /// Quotation marks or brackets around the secret would be sent as part of it.
    Quoted,
    /// A whole secret with other text around it.
    Surrounded,
    /// A secret whose `ATOA` prefix, or case, was changed.
    DamagedPrefix,
    /// A secret without its `ATOA` prefix.
    MissingPrefix,
    /// White space, a control or an invisible character inside the secret.
    StrayCharacter(StrayCharacter),
    /// Another credential: the Client ID, a token, a service account, a URL.
    WrongCredential(Credential),
    /// An `ATOA` secret of the wrong length.
    WrongLength(usize),
    /// An `ATOA` secret with a character the format never has.
    UnexpectedCharacter {
        /// The character.
        character: char,
        /// Its position, counted in characters from 1.
        position: usize,
    },
    /// An `ATOA` secret with something other than upper-case hex digits in its checksum.
    ChecksumCharacter {
        /// The character.
        character: char,
        /// Its position, counted in characters from 1.
        position: usize,
    },
    /// An `ATOA` secret whose last 8 characters are not the checksum of the rest.
    ChecksumMismatch,
}

/// An empty secret field with another Client ID than the stored app's: the host keeps a secret,
/// but it belongs to the previous app. The form and the host both report it.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
pub struct SecretNeeded;

impl Notice for SecretNeeded {
    fn code(&self) -> &'static str {
        "secret_needed"
    }
}

/// Whether a save keeps the secret the host has stored instead of checking `secret`: when the
/// secret field is blank and the host keeps a secret for the same Client ID. `stored_client_id`
/// is the stored app's Client ID, given only when its secret is stored. The form and the host
/// both decide by this.
///
/// # Errors
///
/// [`SecretNeeded`] for a blank secret with another Client ID than the stored one: the stored
/// secret belongs to the previous app.
pub fn keeps_stored_secret(
    secret: &str,
    client_id: &str,
    stored_client_id: Option<&str>,
) -> Result<bool, SecretNeeded> {
    match stored_client_id {
        Some(stored) if text::trim(secret).is_empty() => {
            if text::trim(client_id) == stored {
                Ok(true)
            } else {
                Err(SecretNeeded)
            }
        }
        // A secret to check, or none stored to keep: the field's own check decides.
        _ => Ok(false),
    }
}

impl Notice for ClientSecretError {
    fn code(&self) -> &'static str {
        match self {
            ClientSecretError::Empty => "empty",
            ClientSecretError::Masked => "masked",
            ClientSecretError::Quoted => "quoted",
            ClientSecretError::Surrounded => "surrounded",
            ClientSecretError::DamagedPrefix => "damaged_prefix",
            ClientSecretError::MissingPrefix => "missing_prefix",
            ClientSecretError::StrayCharacter(_) => "stray_character",
            ClientSecretError::WrongCredential(_) => "wrong_credential",
            ClientSecretError::WrongLength(_) => "wrong_length",
            ClientSecretError::UnexpectedCharacter { .. } => "unexpected_character",
            ClientSecretError::ChecksumCharacter { .. } => "checksum_character",
            ClientSecretError::ChecksumMismatch => "checksum_mismatch",
        }
    }
}

/// What is unusual about a client secret that may still be right.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientSecretWarning {
    /// Not in the current `ATOA` format.
    OlderFormat,
}

impl Notice for ClientSecretWarning {
    fn code(&self) -> &'static str {
        match self {
            ClientSecretWarning::OlderFormat => "older_format",
        }
    }
}

/// Checks what the admin typed as the client secret.
///
/// # Errors
///
/// When the secret is empty, masked, quoted, far too long, holds a stray character, has other
/// text around it, is another kind of credential, or is an `ATOA` secret of the wrong length,
/// alphabet or checksum, or with its prefix changed or missing.
pub fn check_client_secret(
    raw: &str,
) -> Result<Checked<ClientSecret, ClientSecretWarning>, ClientSecretError> {
    let value = text::trim(raw);
    if value.is_empty() {
        return Err(ClientSecretError::Empty);
    }
    // Early, so that a pasted page of text costs no more than counting it.
    let length = value.chars().count();
    if length > MAX_LENGTH {
        return Err(ClientSecretError::WrongLength(length));
    }
    // Dots with most of a secret around them are not a mask.
    let alphanumeric = value.chars().filter(char::is_ascii_alphanumeric).take(20).count();
    if text::is_masked(value) && alphanumeric < 20 {
        return Err(ClientSecretError::Masked);
    }
    if text::is_wrapped(value) {
        return Err(ClientSecretError::Quoted);
    }
    if let Some(stray) = text::find_stray(value) {
        return Err(ClientSecretError::StrayCharacter(stray.without_context()));
    }
    match kind::damaged_secret(value) {
        Some(SecretDamage::Surrounded) => return Err(ClientSecretError::Surrounded),
        Some(SecretDamage::Prefix) => return Err(ClientSecretError::DamagedPrefix),
        Some(SecretDamage::NoPrefix) => return Err(ClientSecretError::MissingPrefix),
        None => {}
    }
    // A short `ATOA…` value is a secret cut short, whatever else it might look like.
    let current_format = value.starts_with(PREFIX);
    if !current_format && let Some(kind) = Credential::recognise(value) {
        return Err(ClientSecretError::WrongCredential(kind));
    }
    if !current_format {
        let secret = ClientSecret(value.to_owned());
        return Ok(Checked::new(secret, Some(ClientSecretWarning::OlderFormat)));
    }
    check_current_format(value)?;
    Ok(Checked::new(ClientSecret(value.to_owned()), None))
}

/// The length, alphabet and checksum of an `ATOA` secret.
fn check_current_format(value: &str) -> Result<(), ClientSecretError> {
    let length = value.chars().count();
    if length != LENGTH {
        return Err(ClientSecretError::WrongLength(length));
    }
    // 76 characters: any that is not ASCII is caught below as one the format never has.
    let odd = value.chars().enumerate().find(|&(index, c)| match index {
        0..CHECKED_LENGTH => !c.is_ascii() || !kind::is_secret_byte(c as u8),
        _ => !c.is_ascii_digit() && !('A'..='F').contains(&c),
    });
    match odd {
        Some((index, character)) if index < CHECKED_LENGTH => {
            Err(ClientSecretError::UnexpectedCharacter { character, position: index + 1 })
        }
        Some((index, character)) => {
            Err(ClientSecretError::ChecksumCharacter { character, position: index + 1 })
        }
        None if !kind::checksum_matches(
            &value[PREFIX.len()..CHECKED_LENGTH],
            &value[CHECKED_LENGTH..],
        ) =>
        {
            Err(ClientSecretError::ChecksumMismatch)
        }
        None => Ok(()),
    }
}
