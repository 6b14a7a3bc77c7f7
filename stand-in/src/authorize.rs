//! The consent screen, `GET /authorize`: the raw query is read strictly, every documented rule is
//! enforced, and only a request that passes them all is redirected back, with a code.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::CLASSIC_SCOPES;
use crate::store::{Code, Store, opaque};

/// The parameters of the authorize request: each exactly once, and no other.
const PARAMETERS: [&str; 7] =
    ["audience", "client_id", "scope", "redirect_uri", "state", "response_type", "prompt"];

// Deliberately not imported from the plugin: sharing them would hide a typo in the plugin.
/// Requested on top of the console's scopes, for a refresh token.
pub(crate) const OFFLINE_ACCESS: &str = "offline_access";

/// What is left unencoded in a value echoed into the redirect: RFC 3986's unreserved characters.
pub(crate) const UNRESERVED: &AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Why the consent screen refused a request: a stable word for the tests and what it means.
#[derive(Debug)]
pub(crate) struct Fault {
    pub(crate) word: &'static str,
    pub(crate) detail: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.word, self.detail)
    }
}

fn fault(word: &'static str, detail: impl Into<String>) -> Fault {
    Fault { word, detail: detail.into() }
}

/// Checks an authorize request given its raw query (without `?`), and answers the Location the
/// browser is sent to: the callback with a new code and the state, or with `access_denied` when
/// the app's user declines. A fault never redirects.
pub(crate) fn authorize(store: &mut Store, raw_query: &str) -> Result<String, Fault> {
    let [audience, client_id, scope, redirect_uri, state, response_type, prompt] =
        parameters(raw_query)?;
    if audience != "api.atlassian.com" {
        return Err(fault("invalid_audience", "audience must be api.atlassian.com"));
    }
    if response_type != "code" {
        return Err(fault("unsupported_response_type", "response_type must be code"));
    }
    if prompt != "consent" {
        return Err(fault("invalid_prompt", "prompt must be consent"));
    }
    let Some(app) = store.apps.get(&client_id) else {
        return Err(fault("unknown_client", "client_id is not a registered app"));
    };
    if !redirect_uri.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Err(fault("invalid_redirect_uri", "redirect_uri has characters a URL never has"));
    }
    if redirect_uri != app.callback_url {
        return Err(fault(
            "redirect_uri_mismatch",
            "redirect_uri is not the registered callback URL",
        ));
    }
    let scopes = requested_scopes(&scope, &app.scopes)?;
    if state.is_empty() {
        return Err(fault("missing_state", "state is empty"));
    }

    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let state = utf8_percent_encode(&state, UNRESERVED);
    if app.declines {
        return Ok(format!(
            "{redirect_uri}{separator}error=access_denied\
             &error_description=User%20did%20not%20authorize%20the%20request&state={state}"
        ));
    }
    let code = opaque();
    let location = format!("{redirect_uri}{separator}code={code}&state={state}");
    let issued_at = store.now();
    store.codes.insert(code, Code { client_id, redirect_uri, scopes, issued_at, redeemed: None });
    Ok(location)
}

/// Splits the raw query into the seven parameters, in [`PARAMETERS`]' order, percent-decoded.
fn parameters(raw_query: &str) -> Result<[String; 7], Fault> {
    if raw_query.contains('+') {
        return Err(fault("plus_in_query", "a + in the query: a space is encoded as %20"));
    }
    if let Some(stray) = raw_query.chars().find(|c| !allowed_in_query(*c)) {
        return Err(fault("malformed_query", format!("{stray:?} is not allowed in a query")));
    }
    let mut values: [Option<String>; 7] = Default::default();
    for pair in raw_query.split('&').filter(|_| !raw_query.is_empty()) {
        let Some((name, value)) = pair.split_once('=') else {
            return Err(fault("malformed_query", "a query item without a name=value pair"));
        };
        let Some(slot) = PARAMETERS.iter().position(|parameter| *parameter == name) else {
            return Err(fault("unsupported_parameter", format!("{name} is not supported")));
        };
        if values[slot].is_some() {
            return Err(fault("duplicate_parameter", format!("{name} is given more than once")));
        }
        values[slot] = Some(decode(name, value)?);
    }
    let mut missing = PARAMETERS.iter().zip(&values).filter(|(_, value)| value.is_none());
    if let Some((name, _)) = missing.next() {
        return Err(fault("missing_parameter", format!("{name} is missing")));
    }
    Ok(values.map(Option::unwrap_or_default))
}

/// Whether RFC 3986 allows the character in a query, raw or as part of a `%XX` escape.
fn allowed_in_query(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/?%".contains(c)
}

/// Percent-decodes a value strictly: every `%` starts two hex digits, and the bytes are UTF-8.
fn decode(name: &str, value: &str) -> Result<String, Fault> {
    let escapes_whole = value
        .split('%')
        .skip(1)
        .all(|after| after.len() >= 2 && after.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit));
    if !escapes_whole {
        return Err(fault("malformed_encoding", format!("{name} has a broken % escape")));
    }
    percent_decode_str(value)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| fault("malformed_encoding", format!("{name} is not UTF-8 once decoded")))
}

/// The scopes asked for, split on single spaces: each one added to the app or `offline_access`,
/// none twice, and all four classic scopes among them.
fn requested_scopes(scope: &str, registered: &[String]) -> Result<Vec<String>, Fault> {
    let requested: Vec<&str> = scope.split(' ').collect();
    if requested.contains(&"") {
        return Err(fault("malformed_scope", "scope has an empty item (a doubled or edge space)"));
    }
    for (index, item) in requested.iter().enumerate() {
        if *item != OFFLINE_ACCESS && !registered.iter().any(|scope| scope == item) {
            return Err(fault("invalid_scope", format!("{item} has not been added to the app")));
        }
        if requested[..index].contains(item) {
            return Err(fault("duplicate_scope", format!("{item} is requested more than once")));
        }
    }
    if let Some(absent) = CLASSIC_SCOPES.iter().find(|classic| !requested.contains(classic)) {
        return Err(fault("missing_scope", format!("{absent} is not requested")));
    }
    Ok(requested.into_iter().map(str::to_owned).collect())
}
