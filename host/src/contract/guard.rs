//! What every request of the contract passes before its handler: a signed-in admin's session,
//! and, for a request that changes something, proof that it comes from the settings page itself
//! (its `Origin`, its `Sec-Fetch-Site`). Each such request also takes only a JSON body (see
//! `JsonBody`), which no other site's form can send.

use super::error::ApiError;
use crate::Host;
use crate::access::session_cookies;
use axum::extract::{OriginalUri, Request, State};
use axum::http::header::{COOKIE, HOST, ORIGIN};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::SystemTime;
use tracing::warn;

/// Admits the request, or answers `sign_in_needed` (401) or `cross_origin` (403) without
/// reading its body.
pub(crate) async fn admit(
    State(host): State<Arc<Host>>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let headers = request.headers();
    let cookies = headers.get_all(COOKIE).iter().map(HeaderValue::as_bytes);
    let now = SystemTime::now();
    let signed_in = session_cookies(cookies).any(|session| host.access.is_session(session, now));
    if !signed_in {
        return Err(ApiError::SignInNeeded);
    }
    if !request.method().is_safe() && !from_this_page(headers, &host.origins) {
        // Quoted: the header is whatever the sender chose.
        let origin = headers.get(ORIGIN).map(|origin| String::from_utf8_lossy(origin.as_bytes()));
        let path = request.extensions().get::<OriginalUri>().map_or(request.uri(), |uri| &uri.0);
        warn!(?origin, "refused {} {path}: not sent by this host's page", request.method());
        return Err(ApiError::CrossOrigin);
    }
    Ok(next.run(request).await)
}

/// Whether the request was sent by a page of this host: the browser says it is same-origin, when
/// it says anything, and its `Origin` is one of `origins` or, when none is set, this host's own
/// address in either scheme (a TLS proxy in front keeps the `Host`).
fn from_this_page(headers: &HeaderMap, origins: &[String]) -> bool {
    let fetch_site = headers.get("sec-fetch-site");
    if fetch_site.is_some_and(|site| site != "same-origin") {
        return false;
    }
    let Some(origin) = headers.get(ORIGIN).and_then(|origin| origin.to_str().ok()) else {
        return false;
    };
    if !origins.is_empty() {
        return origins.iter().any(|allowed| allowed == origin);
    }
    let Some(host) = headers.get(HOST).and_then(|host| host.to_str().ok()) else {
        return false;
    };
    [format!("http://{host}"), format!("https://{host}")].iter().any(|own| own == origin)
}
