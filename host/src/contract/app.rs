//! `GET /app` and `PUT /app`: the stored app, and saving one after the plugin's own checks, the
//! callback URL checked against the page the request comes from.

use super::abbreviated;
use super::error::{ApiError, FieldErrors, JsonBody, field_error};
use crate::Host;
use crate::secret::StoredSecret;
use crate::store::App;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::ORIGIN;
use jira_oauth_settings::checks::{
    Checked, ClientSecretError, Notice, PageOrigin, SecretNeeded, check_callback_url,
    check_client_id, check_client_secret,
};
use jira_oauth_settings::host_api::{SaveApp, Settings};
use std::sync::Arc;
use tracing::info;

/// `GET /app`.
pub(crate) async fn read(State(host): State<Arc<Host>>) -> Json<Settings> {
    Json(Settings::from(&*host.store.lock().await))
}

/// `PUT /app`.
pub(crate) async fn save(
    State(host): State<Arc<Host>>,
    headers: HeaderMap,
    JsonBody(request): JsonBody<SaveApp>,
) -> Result<Json<Settings>, ApiError> {
    let origin = page_origin(&headers)?;
    let mut document = host.store.lock().await;
    let app = check(&request, &origin, document.app.as_ref()).inspect_err(|error| {
        if let ApiError::InvalidFields(fields) = error {
            let names: Vec<&str> = fields.keys().map(String::as_str).collect();
            info!("app not saved: {} in error", names.join(", "));
        }
    })?;
    let mut next = document.clone();
    let client = abbreviated(&app.client_id);
    if next.app.as_ref().is_some_and(|stored| stored.client_id != app.client_id) {
        next.forget_connection();
        info!("another Client ID: the connection of the previous app is forgotten");
    }
    next.app = Some(app);
    host.store.save(&mut document, next).await?;
    info!("app saved for client {client}");
    Ok(Json(Settings::from(&*document)))
}

/// The page the admin saves from, which the callback URL must lead back to.
fn page_origin(headers: &HeaderMap) -> Result<PageOrigin, ApiError> {
    let Some(origin) = headers.get(ORIGIN) else {
        return Err(ApiError::InvalidRequest(
            "The request has no Origin header, so the callback URL cannot be checked against \
             the page it must lead back to. Save the app from the settings page."
                .to_owned(),
        ));
    };
    PageOrigin::parse(&String::from_utf8_lossy(origin.as_bytes()))
        .map_err(|invalid| ApiError::InvalidRequest(invalid.to_string()))
}

/// The app to store, or every field's fault. An empty secret keeps the stored one, but only
/// with the stored app's Client ID: another app's needs its own secret.
fn check(request: &SaveApp, origin: &PageOrigin, stored: Option<&App>) -> Result<App, ApiError> {
    let mut faults = FieldErrors::new();
    let client_id = value("clientId", check_client_id(&request.client_id), &mut faults);
    let secret = check_client_secret(&request.client_secret);
    let client_secret = match (secret, stored) {
        (Err(ClientSecretError::Empty), Some(stored)) => match &client_id {
            Some(id) if id.as_str() != stored.client_id => {
                faults.insert("clientSecret".to_owned(), field_error(&SecretNeeded));
                None
            }
            // The stored app's Client ID, or one with a fault of its own to fix first.
            _ => Some(stored.client_secret.clone()),
        },
        (secret, _) => value("clientSecret", secret, &mut faults).map(|s| StoredSecret::from(&s)),
    };
    let callback = check_callback_url(&request.callback_url, origin);
    let callback_url = value("callbackUrl", callback, &mut faults);
    match (client_id, client_secret, callback_url) {
        (Some(client_id), Some(client_secret), Some(callback_url)) => Ok(App {
            client_id: client_id.as_str().to_owned(),
            client_secret,
            callback_url: callback_url.as_str().to_owned(),
        }),
        _ => Err(ApiError::InvalidFields(faults)),
    }
}

/// The checked value of `field`, or `None` with its fault noted. Warnings do not block saving.
fn value<T, W, E: Notice>(
    field: &'static str,
    result: Result<Checked<T, W>, E>,
    faults: &mut FieldErrors,
) -> Option<T> {
    match result {
        Ok(checked) => Some(checked.value),
        Err(fault) => {
            faults.insert(field.to_owned(), field_error(&fault));
            None
        }
    }
}
