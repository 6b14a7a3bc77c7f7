//! The contract between the plugin and its host: five JSON requests under [`API_BASE`], each
//! answered with the settings document or with an error body of a stable code and a sentence.

mod app;
mod consent;
mod error;
mod guard;

use crate::Host;
use crate::store::Document;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderValue;
use axum::http::header::CACHE_CONTROL;
use axum::middleware;
use axum::routing::{any, get, post};
use error::ApiError;
use jira_oauth_settings::host_api::{Settings, StoredApp};
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

/// Where the plugin finds the contract: its `apiBase` option's default.
pub use jira_oauth_settings::host_api::DEFAULT_API_BASE as API_BASE;

/// Far more than any request of the contract needs (a code is at most 4 KiB), and small enough
/// that no one makes the host read much before it refuses (413 `too_large`).
const BODY_LIMIT: usize = 16 * 1024;

/// The contract's requests, to nest under [`API_BASE`].
pub(crate) fn routes(host: Arc<Host>) -> Router {
    Router::new()
        .route("/app", get(app::read).put(app::save))
        .route("/consent", post(consent::complete))
        .route("/site", post(consent::choose_site))
        .route("/disconnect", post(consent::disconnect))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(host.clone(), guard::admit))
        // Settings are the admin's own: no cache, shared or not, keeps them.
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(host)
}

/// Every other path under `/api`, answered with the contract's JSON 404 rather than a file.
pub(crate) fn unknown_api() -> Router {
    Router::new().route("/api", any(not_found)).route("/api/{*path}", any(not_found))
}

async fn not_found() -> ApiError {
    ApiError::NotFound
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// The settings document, which every successful answer carries: what is stored, never a secret
/// or a token.
impl From<&Document> for Settings {
    fn from(document: &Document) -> Settings {
        Settings {
            app: document.app.as_ref().map(|app| StoredApp {
                client_id: app.client_id.clone(),
                callback_url: app.callback_url.clone(),
                // A stored app always has its secret: saving without one fails the checks.
                secret_stored: true,
            }),
            connection: document.connection.clone(),
            sites_to_choose: document.sites_to_choose.clone(),
        }
    }
}
