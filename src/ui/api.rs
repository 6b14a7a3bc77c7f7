//! The requests to the host, through gloo-net: same origin, JSON both ways, each with a time
//! limit after which it is aborted. Every failure becomes a [`RequestError`] the admin can read.

use crate::host_api::{
    ChooseSite, CompleteConsent, DEFAULT_TIMEOUT_MS, Disconnect, RequestError, SaveApp, Settings,
    read_answer,
};
use crate::json::ReadJson;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use serde::Serialize;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// The host's API, at `base` (such as `/api/integrations/jira`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostApi {
    base: String,
    timeout_ms: u32,
}

impl HostApi {
    /// The API at `base`, whose requests give up after `timeout_ms` milliseconds.
    pub fn new(base: &str, timeout_ms: u32) -> HostApi {
        HostApi { base: base.trim_end_matches('/').to_owned(), timeout_ms }
    }

    /// `GET /app`: what the host has stored.
    pub async fn settings(&self) -> Result<Settings, RequestError> {
        self.send(Method::GET, "/app", None::<&()>, self.timeout_ms).await
    }

    /// `PUT /app`: stores the app.
    pub async fn save_app(&self, app: &SaveApp) -> Result<Settings, RequestError> {
        self.send(Method::PUT, "/app", Some(app), self.timeout_ms).await
    }

    /// `POST /consent`: hands the verified code to the host. It waits at least the default time
    /// limit, whatever the option says: a code given up on while the host exchanges it is lost.
    pub async fn complete_consent(
        &self,
        consent: &CompleteConsent,
    ) -> Result<Settings, RequestError> {
        let limit = self.timeout_ms.max(DEFAULT_TIMEOUT_MS);
        self.send(Method::POST, "/consent", Some(consent), limit).await
    }

    /// `POST /site`: connects the site the admin chose.
    pub async fn choose_site(&self, site_id: &str) -> Result<Settings, RequestError> {
        let choice = ChooseSite { site_id: site_id.to_owned() };
        self.send(Method::POST, "/site", Some(&choice), self.timeout_ms).await
    }

    /// `POST /disconnect`: forgets the tokens and the connection, and keeps the app.
    pub async fn disconnect(&self) -> Result<Settings, RequestError> {
        let body = Disconnect { forget_app: false };
        self.send(Method::POST, "/disconnect", Some(&body), self.timeout_ms).await
    }

    async fn send<T: ReadJson>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
        timeout_ms: u32,
    ) -> Result<T, RequestError> {
        let controller = web_sys::AbortController::new().map_err(|_| RequestError::Unreachable)?;
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            set_timeout_with_handle(
                move || {
                    timed_out.set(true);
                    controller.abort();
                },
                Duration::from_millis(timeout_ms.into()),
            )
            .map_err(|_| RequestError::Unreachable)?
        };
        let signal = controller.signal();
        let builder = RequestBuilder::new(&format!("{}{path}", self.base))
            .method(method)
            .header("Accept", "application/json")
            .abort_signal(Some(&signal));
        let request = match body {
            // A struct of strings and booleans always serialises.
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(serde_json::to_string(body).unwrap_or_default()),
            None => builder.build(),
        };
        // The time limit covers the whole answer, its body included.
        let answer = async {
            let unreachable = |_: gloo_net::Error| RequestError::Unreachable;
            let response = request.map_err(unreachable)?.send().await.map_err(unreachable)?;
            let status = response.status();
            let text = response.text().await.map_err(unreachable)?;
            Ok::<_, RequestError>((status, text))
        }
        .await;
        timer.clear();
        match answer {
            Ok((status, text)) => read_answer(status, &text),
            Err(_) if timed_out.get() => {
                Err(RequestError::Timeout { seconds: timeout_ms.div_ceil(1000) })
            }
            Err(error) => Err(error),
        }
    }
}
