//! What Atlassian's answer says when the browser comes back to the callback page: a code and the
//! state, or an OAuth error such as `access_denied`. The code is opaque (Atlassian's own word), so
//! only its presence and size are checked; the state is verified in [`crate::consent`].

use crate::checks::text;
use std::fmt;
use thiserror::Error;

/// The longest code accepted; Atlassian's are hundreds of characters.
pub const MAX_CODE_LENGTH: usize = 4096;

/// The longest `error_description` kept for the admin to read.
const MAX_DESCRIPTION_LENGTH: usize = 300;

/// The answer in the callback page's query.
#[derive(Clone, PartialEq, Eq)]
pub enum CallbackAnswer {
    /// The admin accepted: the code to exchange, and the state it came back with.
    Code {
        /// The authorization code, to be sent to the host only once the state is verified.
        code: String,
        /// The state, if Atlassian sent one back.
        state: Option<String>,
    },
    /// Atlassian answered with an OAuth error, most often because the admin pressed Cancel.
    Refused {
        /// What Atlassian said.
        error: OAuthError,
        /// The state, if Atlassian sent one back.
        state: Option<String>,
    },
}

impl CallbackAnswer {
    /// The state the answer came back with.
    pub fn state(&self) -> Option<&str> {
        match self {
            CallbackAnswer::Code { state, .. } | CallbackAnswer::Refused { state, .. } => {
                state.as_deref()
            }
        }
    }
}

impl fmt::Debug for CallbackAnswer {
    /// Never the code: it is worth a token until it is exchanged.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackAnswer::Code { code, .. } => write!(f, "Code({} characters)", code.len()),
            CallbackAnswer::Refused { error, .. } => write!(f, "Refused({error:?})"),
        }
    }
}

/// An OAuth 2.0 error answer (RFC 6749, section 4.1.2.1), with Atlassian's description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthError {
    /// The `error` code, such as `access_denied`; empty when it is not a plain word that can be
    /// shown (anyone can make a link to the callback page with any text in it).
    pub code: String,
    /// The `error_description`, shortened and without invisible or reordering characters, if
    /// there was one. Shown only once the state shows that Atlassian sent it.
    pub description: Option<String>,
}

/// What an OAuth error code tells the admin to do: the codes of RFC 6749 (section 4.1.2.1),
/// grouped by the remedy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OAuthErrorMeaning {
    /// `access_denied`: the consent was declined, or the account may not authorize the app.
    Declined,
    /// `unauthorized_client`: the callback URL is not the registered one, or the app is private
    /// to another account.
    AppRefused,
    /// `invalid_scope`: the app lacks a scope that was asked for.
    ScopeRefused,
    /// `invalid_request`, `unsupported_response_type`: the authorize request was malformed.
    Malformed,
    /// `server_error`, `temporarily_unavailable`: Atlassian failed for now.
    Unavailable,
    /// Any other code, or none that can be shown.
    Other,
}

impl OAuthError {
    /// What the code tells the admin to do.
    pub fn meaning(&self) -> OAuthErrorMeaning {
        match self.code.as_str() {
            "access_denied" => OAuthErrorMeaning::Declined,
            "unauthorized_client" => OAuthErrorMeaning::AppRefused,
            "invalid_scope" => OAuthErrorMeaning::ScopeRefused,
            "invalid_request" | "unsupported_response_type" => OAuthErrorMeaning::Malformed,
            "server_error" | "temporarily_unavailable" => OAuthErrorMeaning::Unavailable,
            _ => OAuthErrorMeaning::Other,
        }
    }
}

/// Why the callback page's query is not an answer that can be used.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum CallbackQueryError {
    /// Neither `code` nor `error`: the page was opened by hand, or the link lost its query.
    NoAnswer,
    /// A parameter appears twice, or both `code` and `error` are there.
    Ambiguous,
    /// The code is empty or absurdly long.
    UnusableCode,
}

impl CallbackQueryError {
    /// A short, stable name of the error.
    pub fn code(&self) -> &'static str {
        match self {
            CallbackQueryError::NoAnswer => "no_answer",
            CallbackQueryError::Ambiguous => "ambiguous_answer",
            CallbackQueryError::UnusableCode => "unusable_code",
        }
    }
}

/// Reads the callback page's query (`location.search`, with or without its `?`).
///
/// # Errors
///
/// [`CallbackQueryError`] when the query is not a usable answer.
pub fn parse_callback_query(search: &str) -> Result<CallbackAnswer, CallbackQueryError> {
    let query = search.strip_prefix('?').unwrap_or(search);
    let (mut code, mut state, mut error, mut description) = (None, None, None, None);
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let slot = match name.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            "error_description" => &mut description,
            // Atlassian may add parameters of its own; they carry nothing this page needs.
            _ => continue,
        };
        if slot.replace(value.into_owned()).is_some() {
            return Err(CallbackQueryError::Ambiguous);
        }
    }
    let state = state.filter(|state| !state.is_empty());
    match (code, error) {
        (Some(_), Some(_)) => Err(CallbackQueryError::Ambiguous),
        (None, None) => Err(CallbackQueryError::NoAnswer),
        (None, Some(error)) => Ok(CallbackAnswer::Refused {
            error: OAuthError {
                code: if is_error_code(&error) { error } else { String::new() },
                description: description
                    .map(|text| shorten(text.trim(), MAX_DESCRIPTION_LENGTH))
                    .filter(|text| !text.is_empty()),
            },
            state,
        }),
        (Some(code), None) if code.is_empty() || code.len() > MAX_CODE_LENGTH => {
            Err(CallbackQueryError::UnusableCode)
        }
        (Some(code), None) => Ok(CallbackAnswer::Code { code, state }),
    }
}

/// Whether `error` is an error code as OAuth's are: a short word of lower-case letters and `_`.
fn is_error_code(error: &str) -> bool {
    (1..=40).contains(&error.len()) && error.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// `text` cut to at most `limit` characters, without control, invisible or reordering
/// characters (a right-to-left override would turn the sentence around it).
fn shorten(text: &str, limit: usize) -> String {
    let mut chars = text.chars().filter(|&c| c == ' ' || !text::is_stray(c));
    let mut kept: String = chars.by_ref().take(limit).collect();
    if chars.next().is_some() {
        kept.push('\u{2026}');
    }
    kept
}
