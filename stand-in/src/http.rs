//! The HTTP face of the stand-in: Atlassian's three endpoints, the test-control endpoints of the
//! end-to-end suite, a 404 for anything else, and the record of every request answered.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::store::Store;
use crate::{App, Call, authorize, token};

/// The store, shared by the handlers and the [`crate::StandIn`] handle.
pub(crate) type Shared = Arc<Mutex<Store>>;

/// Locks the store; a handler that panicked leaves nothing half-done worth refusing over.
pub(crate) fn lock(store: &Shared) -> MutexGuard<'_, Store> {
    store.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The `grant_type` of a token request, passed from its handler to the record of calls.
#[derive(Clone)]
struct GrantType(String);

/// Every route, recording each request in the store's calls.
pub(crate) fn router(store: Shared) -> Router {
    // Atlassian's paths, deliberately not imported from the plugin's `atlassian` module: sharing
    // them would hide a typo there.
    Router::new()
        .route("/authorize", get(consent_screen).fallback(not_found))
        .route("/oauth/token", post(token_endpoint).fallback(not_found))
        .route("/oauth/token/accessible-resources", get(accessible_resources).fallback(not_found))
        .route("/_stand-in/apps", post(register_app).fallback(not_found))
        .route("/_stand-in/calls", get(list_calls).fallback(not_found))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(store.clone(), record))
        .with_state(store)
}

async fn record(State(store): State<Shared>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let grant_type = response.extensions().get::<GrantType>().map(|grant| grant.0.clone());
    let status = response.status().as_u16();
    lock(&store).calls.push(Call { method, path, grant_type, status });
    response
}

async fn consent_screen(State(store): State<Shared>, RawQuery(query): RawQuery) -> Response {
    match authorize::authorize(&mut lock(&store), query.as_deref().unwrap_or_default()) {
        Ok(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
        Err(fault) => {
            let page = format!(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <title>Something went wrong</title></head>\n<body><h1>Something went wrong</h1>\n\
                 <p id=\"fault\">{}</p>\n<p id=\"detail\">{}</p>\n</body></html>\n",
                fault.word,
                escape_html(&fault.detail),
            );
            (StatusCode::BAD_REQUEST, Html(page)).into_response()
        }
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn token_endpoint(State(store): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
    let answer = token::answer(&mut lock(&store), content_type, &body);
    let mut response =
        (answer.status, [(header::CACHE_CONTROL, "no-store")], Json(answer.body)).into_response();
    if let Some(grant_type) = answer.grant_type {
        response.extensions_mut().insert(GrantType(grant_type));
    }
    response
}

async fn accessible_resources(State(store): State<Shared>, headers: HeaderMap) -> Response {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok());
    match token::accessible_sites(&lock(&store), authorization) {
        Some(sites) => Json(sites).into_response(),
        None => (StatusCode::UNAUTHORIZED, Json(json!({ "code": 401, "message": "Unauthorized" })))
            .into_response(),
    }
}

async fn register_app(State(store): State<Shared>, Json(app): Json<App>) -> StatusCode {
    lock(&store).register(app);
    StatusCode::NO_CONTENT
}

async fn list_calls(State(store): State<Shared>) -> Json<Vec<Call>> {
    Json(lock(&store).calls.clone())
}

async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}
