//! `GET /app` and `PUT /app`: the stored app, and saving one after the plugin's own checks, the
//! callback URL checked against the page the request comes from.

use super::error::{ApiError, FieldErrors, JsonBody, field_error};
use crate::Host;
use crate::secret::StoredSecret;
use crate::store::App;
use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::ORIGIN;
use jira_oauth_settings::checks::{
    Checked, Notice, PageOrigin, check_callback_url, check_client_id, check_client_secret,
    keeps_stored_secret,
};
use jira_oauth_settings::host_api::{SaveApp, Settings, abbreviated_client_id};
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
    let document = host.store.lock().await;
    let app = checked_app(&request, &origin, document.app.as_ref()).inspect_err(|error| {
        if let ApiError::InvalidFields(fields) = error {
            let names: Vec<&str> = fields.keys().map(String::as_str).collect();
            info!("app not saved: {} in error", names.join(", "));
        }
    })?;
    let mut next = document.clone();
    let client = abbreviated_client_id(&app.client_id);
    if next.app.as_ref().is_some_and(|stored| stored.client_id != app.client_id) {
        next.forget_connection();
        info!("another Client ID: the connection of the previous app is forgotten");
    }
    next.app = Some(app);
    let document = host.store.save(document, next).await?;
    info!("app saved for client {client}");
    Ok(Json(Settings::from(&*document)))
}

/// The page the admin saves from, which the callback URL must lead back to. The guard has
/// already refused a change without an `Origin` of this host's.
fn page_origin(headers: &HeaderMap) -> Result<PageOrigin, ApiError> {
    let origin = headers.get(ORIGIN).map(|origin| String::from_utf8_lossy(origin.as_bytes()));
    PageOrigin::parse(origin.as_deref().unwrap_or_default())
        .map_err(|invalid| ApiError::InvalidRequest(invalid.to_string()))
}

/// The app to store, or every field's fault. A blank secret keeps the stored one, by the rule
/// the form follows too: only with the stored app's Client ID, as another app needs its own.
fn checked_app(
    request: &SaveApp,
    origin: &PageOrigin,
    stored: Option<&App>,
) -> Result<App, ApiError> {
    let mut faults = FieldErrors::new();
    let client_id = checked_or_noted("clientId", check_client_id(&request.client_id), &mut faults);
    let stored_client_id = stored.map(|app| app.client_id.as_str());
    let kept = keeps_stored_secret(&request.client_secret, &request.client_id, stored_client_id);
    let client_secret = match (kept, stored) {
        (Ok(true), Some(stored)) => Some(stored.client_secret.clone()),
        // A secret to check, or none stored to keep (the check's own `empty`).
        (Ok(_), _) => {
            let secret = check_client_secret(&request.client_secret);
            checked_or_noted("clientSecret", secret, &mut faults).map(|s| StoredSecret::from(&s))
        }
        (Err(needed), _) => {
            faults.insert("clientSecret".to_owned(), field_error(&needed));
            None
        }
    };
    let callback = check_callback_url(&request.callback_url, origin);
    let callback_url = checked_or_noted("callbackUrl", callback, &mut faults);
    match (client_id, client_secret, callback_url) {
        (Some(client_id), Some(client_secret), Some(callback_url)) => Ok(App {
            client_id: client_id.as_str().to_owned(),
            client_secret,
            callback_url: callback_url.as_str().to_owned(),
        }),
        _ => Err(ApiError::InvalidFields(faults)),
    }
}

/// The checked value of `field`, or `None` with its fault noted in `faults`. Warnings do not
/// block saving.
fn checked_or_noted<T, W, E: Notice>(
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
