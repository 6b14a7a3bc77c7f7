//! The checks of what the admin typed, in plain Rust with no browser in sight: each field's text
//! becomes either a typed value (with, at most, a warning) or an error whose message says what is
//! wrong and what to do, worded in the [catalogue](crate::catalogue). The form, the tests and
//! the host back end all use these same functions.

mod address;
mod callback_url;
mod client_id;
mod client_secret;
mod kind;
pub(crate) mod text;

pub use address::AddressProblem;
pub use callback_url::{
    CallbackUrl, CallbackUrlError, CallbackUrlFault, InvalidOrigin, OriginDifference, PageOrigin,
    check_callback_url,
};
// For the messages, which the catalogue words.
pub(crate) use callback_url::MAX_LENGTH as CALLBACK_URL_MAX_LENGTH;
pub use client_id::{ClientId, ClientIdError, ClientIdWarning, check_client_id};
pub use client_secret::{
    ClientSecret, ClientSecretError, ClientSecretWarning, SecretNeeded, check_client_secret,
    keeps_stored_secret,
};
pub use kind::Credential;
pub(crate) use kind::SECRET_LENGTH;
pub use text::StrayCharacter;

use std::fmt::Display;

/// A value that passed its field's check, with the notice to show when it is only unusual.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked<T, W> {
    /// The value to use: trimmed, and of the right kind.
    pub value: T,
    /// Something unusual about it that does not block Connect.
    pub warning: Option<W>,
}

impl<T, W> Checked<T, W> {
    fn new(value: T, warning: Option<W>) -> Self {
        Checked { value, warning }
    }
}

/// An error or a warning the admin can read, with a stable code for tests and for the host.
pub trait Notice: Display {
    /// A short, stable, machine-readable name of the fault, such as `stray_character`.
    fn code(&self) -> &'static str;
}

/// The warning of a field that has none.
impl Notice for std::convert::Infallible {
    fn code(&self) -> &'static str {
        match *self {}
    }
}

/// How a field's value fares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Accepted as it is.
    Ok,
    /// Accepted, with a notice that does not block Connect.
    Warning,
    /// Connect is blocked until the admin fixes it.
    Error,
}

/// What the form shows under a field: the severity, the fault's code and its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the value is accepted, and how.
    pub severity: Severity,
    /// The fault's code, empty when the value is simply fine.
    pub code: &'static str,
    /// The sentence to show, empty when the value is simply fine.
    pub message: String,
}

impl Verdict {
    /// The verdict of an error found outside a field's own check.
    pub fn error(notice: &impl Notice) -> Verdict {
        Verdict { severity: Severity::Error, code: notice.code(), message: notice.to_string() }
    }

    /// The verdict of one field's check result.
    pub fn of<T, W: Notice, E: Notice>(result: &Result<Checked<T, W>, E>) -> Verdict {
        let (severity, notice): (Severity, Option<&dyn Notice>) = match result {
            Err(error) => (Severity::Error, Some(error)),
            Ok(Checked { warning: Some(warning), .. }) => (Severity::Warning, Some(warning)),
            Ok(Checked { warning: None, .. }) => (Severity::Ok, None),
        };
        Verdict {
            severity,
            code: notice.map_or("", |n| n.code()),
            message: notice.map_or_else(String::new, |n| n.to_string()),
        }
    }
}

/// The form's three fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The app's Client ID.
    ClientId,
    /// The app's client secret.
    ClientSecret,
    /// The callback URL registered with the app.
    CallbackUrl,
}

impl Field {
    /// The field named as in the case files and the host contract: `client_id`,
    /// `client_secret`, `callback_url`.
    pub fn from_name(name: &str) -> Option<Field> {
        match name {
            "client_id" => Some(Field::ClientId),
            "client_secret" => Some(Field::ClientSecret),
            "callback_url" => Some(Field::CallbackUrl),
            _ => None,
        }
    }

    /// Checks `raw` as this field's text, on a page of `origin`.
    pub fn check(self, raw: &str, origin: &PageOrigin) -> Verdict {
        match self {
            Field::ClientId => Verdict::of(&check_client_id(raw)),
            Field::ClientSecret => Verdict::of(&check_client_secret(raw)),
            Field::CallbackUrl => Verdict::of(&check_callback_url(raw, origin)),
        }
    }
}
