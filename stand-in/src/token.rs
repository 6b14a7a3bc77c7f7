//! The token endpoint, `POST /oauth/token` (code exchange and refresh, with rotation and reuse
//! detection), and the accessible resources that an access token opens.

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use crate::Site;
use crate::authorize::OFFLINE_ACCESS;
use crate::store::{
    ACCESS_TOKEN_LIFETIME, AccessToken, CODE_LIFETIME, Consent, REFRESH_INACTIVITY,
    REFRESH_REUSE_LEEWAY, RefreshToken, Store, opaque,
};

/// What the token endpoint answers, and the `grant_type` asked for, for the record of calls.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) body: Value,
    pub(crate) grant_type: Option<String>,
}

/// An error as Atlassian's token endpoint words it: `{"error", "error_description"}`.
struct Refusal {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl Refusal {
    fn invalid_request(description: impl Into<String>) -> Refusal {
        Refusal {
            status: StatusCode::BAD_REQUEST,
            error: "invalid_request",
            description: description.into(),
        }
    }

    fn unauthorized() -> Refusal {
        Refusal {
            status: StatusCode::UNAUTHORIZED,
            error: "access_denied",
            description: "Unauthorized".to_owned(),
        }
    }

    fn invalid_grant(description: &str) -> Refusal {
        Refusal {
            status: StatusCode::FORBIDDEN,
            error: "invalid_grant",
            description: description.to_owned(),
        }
    }
}

const INVALID_CODE: &str = "Invalid authorization code";
const INVALID_REFRESH_TOKEN: &str = "Unknown or invalid refresh token";

/// Answers a token request, given its `Content-Type` and body.
pub(crate) fn answer(store: &mut Store, content_type: Option<&str>, body: &[u8]) -> Answer {
    let request = match json_object(content_type, body) {
        Ok(request) => request,
        Err(refusal) => return refused(refusal, None),
    };
    let grant_type = request.get("grant_type").and_then(Value::as_str).map(str::to_owned);
    let outcome = match grant_type.as_deref() {
        Some("authorization_code") => exchange_code(store, &request),
        Some("refresh_token") => refresh(store, &request),
        Some(_) => Err(Refusal {
            status: StatusCode::BAD_REQUEST,
            error: "unsupported_grant_type",
            description: "Unsupported grant type".to_owned(),
        }),
        None => Err(Refusal::invalid_request("grant_type is missing or not a string")),
    };
    match outcome {
        Ok(body) => Answer { status: StatusCode::OK, body, grant_type },
        Err(refusal) => refused(refusal, grant_type),
    }
}

fn refused(refusal: Refusal, grant_type: Option<String>) -> Answer {
    let body = json!({ "error": refusal.error, "error_description": refusal.description });
    Answer { status: refusal.status, body, grant_type }
}

/// The body as a JSON object, when it is declared `application/json` (a UTF-8 charset allowed).
fn json_object(content_type: Option<&str>, body: &[u8]) -> Result<Map<String, Value>, Refusal> {
    let mut parts = content_type.unwrap_or_default().split(';').map(str::trim);
    let is_json = parts.next().is_some_and(|media| media.eq_ignore_ascii_case("application/json"));
    let parameters_fit = parts.all(|parameter| {
        let charset = parameter.to_ascii_lowercase().replace('"', "");
        charset == "charset=utf-8"
    });
    if !(is_json && parameters_fit) {
        return Err(Refusal {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            error: "invalid_request",
            description: "Content-Type must be application/json".to_owned(),
        });
    }
    serde_json::from_slice(body)
        .map_err(|_| Refusal::invalid_request("The body is not a JSON object"))
}

/// The string fields a grant needs, in `names`' order: each present, and no field but these and
/// `grant_type`.
fn fields<'a, const N: usize>(
    request: &'a Map<String, Value>,
    names: [&str; N],
) -> Result<[&'a str; N], Refusal> {
    let expected = |key: &str| key == "grant_type" || names.contains(&key);
    if let Some(stray) = request.keys().find(|key| !expected(key)) {
        return Err(Refusal::invalid_request(format!("Unexpected field {stray}")));
    }
    let mut values = [""; N];
    for (value, name) in values.iter_mut().zip(names) {
        *value = request.get(name).and_then(Value::as_str).ok_or_else(|| {
            Refusal::invalid_request(format!("{name} is missing or not a string"))
        })?;
    }
    Ok(values)
}

/// Refuses an unknown client and a wrong secret alike.
fn authenticate(store: &Store, client_id: &str, client_secret: &str) -> Result<(), Refusal> {
    match store.apps.get(client_id) {
        Some(app) if app.client_secret == client_secret => Ok(()),
        _ => Err(Refusal::unauthorized()),
    }
}

/// `grant_type: authorization_code`: a code used twice is refused, and what it gave is revoked.
fn exchange_code(store: &mut Store, request: &Map<String, Value>) -> Result<Value, Refusal> {
    let [client_id, client_secret, code, redirect_uri] =
        fields(request, ["client_id", "client_secret", "code", "redirect_uri"])?;
    authenticate(store, client_id, client_secret)?;
    let now = store.now();
    let Some(issued) = store.codes.get_mut(code).filter(|issued| issued.client_id == client_id)
    else {
        return Err(Refusal::invalid_grant(INVALID_CODE));
    };
    if let Some(consent) = issued.redeemed {
        store.consents[consent].revoked = true;
        return Err(Refusal::invalid_grant(INVALID_CODE));
    }
    if now.duration_since(issued.issued_at) >= CODE_LIFETIME {
        return Err(Refusal::invalid_grant(INVALID_CODE));
    }
    if issued.redirect_uri != redirect_uri {
        return Err(Refusal::invalid_grant("redirect_uri mismatch"));
    }
    let consent = store.consents.len();
    issued.redeemed = Some(consent);
    let scopes = issued.scopes.clone();
    store.consents.push(Consent { client_id: client_id.to_owned(), scopes, revoked: false });
    Ok(issue_tokens(store, consent))
}

/// `grant_type: refresh_token`: the token rotates, and the old one lives on for the leeway.
fn refresh(store: &mut Store, request: &Map<String, Value>) -> Result<Value, Refusal> {
    let [client_id, client_secret, refresh_token] =
        fields(request, ["client_id", "client_secret", "refresh_token"])?;
    authenticate(store, client_id, client_secret)?;
    let now = store.now();
    let Some(presented) = store.refresh_tokens.get_mut(refresh_token) else {
        return Err(Refusal::invalid_grant(INVALID_REFRESH_TOKEN));
    };
    let consent = &store.consents[presented.consent];
    let alive = now.duration_since(presented.issued_at) < REFRESH_INACTIVITY
        && presented.rotated_at.is_none_or(|at| now.duration_since(at) < REFRESH_REUSE_LEEWAY);
    if !alive || consent.revoked || consent.client_id != client_id {
        return Err(Refusal::invalid_grant(INVALID_REFRESH_TOKEN));
    }
    presented.rotated_at.get_or_insert(now);
    let consent = presented.consent;
    Ok(issue_tokens(store, consent))
}

/// A new access token for the consent, and a refresh token when it includes `offline_access`.
fn issue_tokens(store: &mut Store, consent: usize) -> Value {
    let now = store.now();
    let scopes = &store.consents[consent].scopes;
    let access_token = opaque();
    let mut answer = json!({
        "access_token": access_token,
        "expires_in": ACCESS_TOKEN_LIFETIME.as_secs(),
        "scope": scopes.join(" "),
        "token_type": "Bearer",
    });
    if scopes.iter().any(|scope| scope == OFFLINE_ACCESS) {
        let refresh_token = opaque();
        answer["refresh_token"] = Value::from(refresh_token.clone());
        let token = RefreshToken { consent, issued_at: now, rotated_at: None };
        store.refresh_tokens.insert(refresh_token, token);
    }
    let expires_at = now + ACCESS_TOKEN_LIFETIME;
    store.access_tokens.insert(access_token, AccessToken { consent, expires_at });
    answer
}

/// The sites an `Authorization` header's bearer token opens, or `None` for a missing, unknown,
/// expired or revoked token. A site registered without scopes answers the consent's scopes.
pub(crate) fn accessible_sites(store: &Store, authorization: Option<&str>) -> Option<Vec<Site>> {
    let token = authorization?.strip_prefix("Bearer ")?;
    let access = store.access_tokens.get(token)?;
    let consent = &store.consents[access.consent];
    if consent.revoked || store.now() >= access.expires_at {
        return None;
    }
    let app = store.apps.get(&consent.client_id)?;
    let granted: Vec<String> =
        consent.scopes.iter().filter(|scope| *scope != OFFLINE_ACCESS).cloned().collect();
    let sites = app.sites.iter().map(|site| Site {
        scopes: if site.scopes.is_empty() { granted.clone() } else { site.scopes.clone() },
        ..site.clone()
    });
    Some(sites.collect())
}
