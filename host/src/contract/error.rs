//! The contract's error answers, and the JSON body extractor whose rejections are answered the
//! same way rather than with axum's plain text.

use crate::AtlassianError;
use crate::store::StoreError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jira_oauth_settings::checks::Notice;
use jira_oauth_settings::host_api::{ErrorBody, FieldError, HostError};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::error::Error as _;
use thiserror::Error;
use tracing::error;

/// The faults of the app's fields, keyed by the request's field names.
pub(crate) type FieldErrors = BTreeMap<String, FieldError>;

/// One field's fault, with the code and message of the plugin's own check.
pub(crate) fn field_error(notice: &dyn Notice) -> FieldError {
    FieldError { code: notice.code().to_owned(), message: notice.to_string() }
}

/// Why a request of the contract failed, with the sentence the admin reads.
#[derive(Debug, Error)]
pub(crate) enum ApiError {
    #[error("{0}")]
    InvalidRequest(String),
    #[error(
        "There is no such request: the settings API has GET and PUT /app, and POST /consent, \
         /site and /disconnect."
    )]
    NotFound,
    #[error("That site is not one of those the consent granted: choose one of the sites listed.")]
    UnknownSite,
    #[error("This request does not take that method.")]
    MethodNotAllowed,
    #[error(
        "No app is saved: save the Client ID, Client secret and callback URL, then press Connect \
         to Jira."
    )]
    NoApp,
    #[error(
        "This consent was started with another callback URL than the saved one, {0}. Press \
         Connect to Jira to start again with the saved settings."
    )]
    RedirectUriMismatch(String),
    #[error("There is no site to choose: press Connect to Jira to connect.")]
    NoPendingSites,
    #[error(
        "The Jira settings were changed while the consent was completing (saved again, or \
         disconnected), so its result was not kept. Press Connect to Jira to start again."
    )]
    AppChanged,
    #[error(
        "Another consent is being completed right now. Wait a moment, then go back to the Jira \
         settings to see whether Jira is connected."
    )]
    ConsentInProgress,
    #[error("The request body must be JSON, sent with Content-Type: application/json.")]
    UnsupportedMediaType,
    #[error(
        "You are not signed in to this server, or your session has ended. Open the newest \
         sign-in link the host printed (at start-up, or after the last sign-in), then try again."
    )]
    SignInNeeded,
    #[error(
        "This request did not come from this server's own settings page, so it was refused. \
         Open the Jira settings at this server's address and try again there."
    )]
    CrossOrigin,
    #[error(
        "The request body is longer than the {} KiB a request of this API can be.",
        super::BODY_LIMIT / 1024
    )]
    TooLarge,
    #[error("The app was not saved: fix the fields marked with an error.")]
    InvalidFields(FieldErrors),
    #[error(
        "Atlassian accepted the consent, but the account that gave it reaches no Jira site with \
         the app's scopes. Sign in to Atlassian as an administrator of the Jira site, then press \
         Connect to Jira again."
    )]
    NoAccessibleSites,
    #[error(transparent)]
    Atlassian(#[from] AtlassianError),
    #[error(
        "The host could not save this change, so nothing changed. Ask the administrator of this \
         server to check its data folder, then try again."
    )]
    StoreFailed,
}

impl ApiError {
    fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidRequest(_) => "invalid_request",
            ApiError::NotFound => "not_found",
            ApiError::UnknownSite => "unknown_site",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::NoApp => "no_app",
            ApiError::RedirectUriMismatch(_) => "redirect_uri_mismatch",
            ApiError::NoPendingSites => "no_pending_sites",
            ApiError::AppChanged => "app_changed",
            ApiError::ConsentInProgress => "consent_in_progress",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::SignInNeeded => "sign_in_needed",
            ApiError::CrossOrigin => "cross_origin",
            ApiError::TooLarge => "too_large",
            ApiError::InvalidFields(_) => "invalid_fields",
            ApiError::NoAccessibleSites => "no_accessible_sites",
            ApiError::Atlassian(error) => error.code(),
            ApiError::StoreFailed => "store_failed",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound | ApiError::UnknownSite => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::NoApp
            | ApiError::RedirectUriMismatch(_)
            | ApiError::NoPendingSites
            | ApiError::AppChanged
            | ApiError::ConsentInProgress => StatusCode::CONFLICT,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::SignInNeeded => StatusCode::UNAUTHORIZED,
            ApiError::CrossOrigin => StatusCode::FORBIDDEN,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::InvalidFields(_) | ApiError::NoAccessibleSites => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::Atlassian(_) => StatusCode::BAD_GATEWAY,
            ApiError::StoreFailed => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(failure: StoreError) -> ApiError {
        error!("{failure}");
        ApiError::StoreFailed
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = (self.status(), self.code().to_owned(), self.to_string());
        let fields = match self {
            ApiError::InvalidFields(fields) => fields,
            _ => FieldErrors::new(),
        };
        let error = HostError { code, message, fields };
        (status, Json(ErrorBody { error })).into_response()
    }
}

/// A JSON request body, refused with the contract's error body when it is not JSON, not sent
/// as JSON, or not of the expected shape.
pub(crate) struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(body)) => Ok(JsonBody(body)),
            Err(rejection) => Err(refusal(&rejection)),
        }
    }
}

/// The contract's answer to a body axum could not read. Its detail is never logged: it may
/// quote what was sent.
fn refusal(rejection: &JsonRejection) -> ApiError {
    let detail = || rejection.source().map(ToString::to_string);
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::TooLarge;
    }
    let message = match rejection {
        JsonRejection::MissingJsonContentType(_) => return ApiError::UnsupportedMediaType,
        JsonRejection::JsonDataError(_) => format!(
            "The request body is JSON, but not of the shape this request expects: {}.",
            detail().unwrap_or_else(|| "a field is missing or of the wrong type".to_owned())
        ),
        JsonRejection::JsonSyntaxError(_) => format!(
            "The request body is not valid JSON: {}.",
            detail().unwrap_or_else(|| "it does not parse".to_owned())
        ),
        _ => "The request body could not be read whole.".to_owned(),
    };
    ApiError::InvalidRequest(message)
}
