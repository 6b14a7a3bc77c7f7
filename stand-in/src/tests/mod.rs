//! The stand-in's own tests: each rule it enforces, exercised through its router as the browser
//! and the host's back end call it, with the stand-in's clock moved forward where time matters.

mod authorize;
mod token;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::http::{self, Shared};
use crate::{App, Site};

/// A synthetic, valid-shaped pair from the shared docs (not real credentials).
const CLIENT_ID: &str = "CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR";
const CLIENT_SECRET: &str =
    "ATOA7G6IPgVjXb2bI7SiTHD5SNekqfHUNLxEE8bFtUcm2wbthjNBjkurEZwGtW1QuBk4791C30ED";
/// The second synthetic pair, for another app.
const OTHER_CLIENT_ID: &str = "OLvcaT2CfsSm0ioxU6ztKjAY5ywRe4ya";
const OTHER_CLIENT_SECRET: &str =
    "ATOALvQL4xILomxnfvXx20jXi0GOEhNoiYuxUey2I9QgoeVYVd_YFqcpDg_yYIcwP0CE0050DDC9";
const CALLBACK_URL: &str = "https://invicti.example.com/app/integrations/callback";
/// The `scope` parameter exactly as the product sends it.
const SCOPE: &str = "read%3Ajira-work%20read%3Ajira-user%20write%3Ajira-work\
                     %20manage%3Ajira-webhook%20offline_access";
/// What that `scope` grants, as the token endpoint answers it.
const GRANTED: &str = "read:jira-work read:jira-user write:jira-work manage:jira-webhook \
                       offline_access";
const STATE: &str = "Yc2JmM0a9Jx1qZ_t-8wKkq3mV0bXo5rLh2sQe7nUd4c";

fn app() -> App {
    App {
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.to_owned(),
        callback_url: CALLBACK_URL.to_owned(),
        scopes: crate::default_scopes(),
        sites: vec![site()],
        declines: false,
    }
}

fn site() -> Site {
    Site {
        id: "1324a887-45db-1bf4-1e99-ef0ff456d421".to_owned(),
        name: "example".to_owned(),
        url: "https://example.atlassian.net".to_owned(),
        scopes: Vec::new(),
        avatar_url: String::new(),
    }
}

/// The authorize query's (name, raw value) pairs, exactly as the product sends them.
fn pairs() -> Vec<(&'static str, String)> {
    let callback =
        percent_encoding::utf8_percent_encode(CALLBACK_URL, crate::authorize::UNRESERVED);
    [
        ("audience", "api.atlassian.com".to_owned()),
        ("client_id", CLIENT_ID.to_owned()),
        ("scope", SCOPE.to_owned()),
        ("redirect_uri", callback.to_string()),
        ("state", STATE.to_owned()),
        ("response_type", "code".to_owned()),
        ("prompt", "consent".to_owned()),
    ]
    .into()
}

/// Joins (name, raw value) pairs into a raw query.
fn join(pairs: &[(&str, String)]) -> String {
    pairs.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&")
}

/// The product's authorize query with one parameter's raw value replaced.
fn query_with(name: &str, raw_value: &str) -> String {
    let mut pairs = pairs();
    pairs.iter_mut().filter(|(n, _)| *n == name).for_each(|(_, value)| *value = raw_value.into());
    join(&pairs)
}

/// The product's authorize query without one parameter.
fn query_without(name: &str) -> String {
    let mut pairs = pairs();
    pairs.retain(|(n, _)| *n != name);
    join(&pairs)
}

/// The raw value of a parameter in a redirect's Location.
fn location_parameter<'a>(location: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = location.split_once('?')?;
    query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

/// An answer, as the router gave it.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    fn location(&self) -> Option<&str> {
        self.headers.get(header::LOCATION).map(|value| value.to_str().expect("ASCII Location"))
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }
}

/// A store with the test app registered, and its router.
struct Harness {
    store: Shared,
    router: Router,
}

impl Harness {
    fn new() -> Harness {
        Harness::with(app())
    }

    fn with(app: App) -> Harness {
        let store = Shared::default();
        http::lock(&store).register(app);
        Harness { router: http::router(store.clone()), store }
    }

    fn register(&self, app: App) {
        http::lock(&self.store).register(app);
    }

    fn advance(&self, by: Duration) {
        http::lock(&self.store).advance(by);
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("a whole body").to_bytes();
        Reply { status, headers, body: String::from_utf8(bytes.to_vec()).expect("a UTF-8 body") }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).expect("a request")).await
    }

    async fn authorize(&self, query: &str) -> Reply {
        self.get(&format!("/authorize?{query}")).await
    }

    /// A code from the product's own authorize request.
    async fn code(&self) -> String {
        let reply = self.authorize(&join(&pairs())).await;
        let location = reply.location().expect("a redirect");
        location_parameter(location, "code").expect("a code").to_owned()
    }

    async fn post(&self, uri: &str, content_type: &str, body: String) -> Reply {
        let request = Request::post(uri).header(header::CONTENT_TYPE, content_type);
        self.send(request.body(Body::from(body)).expect("a request")).await
    }

    async fn token(&self, body: Value) -> Reply {
        self.post("/oauth/token", "application/json", body.to_string()).await
    }

    /// The code exchange the host makes, for `code`.
    async fn exchange(&self, code: &str) -> Reply {
        self.exchange_as(CLIENT_ID, CLIENT_SECRET, code, CALLBACK_URL).await
    }

    /// A code exchange of `code` by `client_id` with `client_secret`, for `redirect_uri`.
    async fn exchange_as(
        &self,
        client_id: &str,
        client_secret: &str,
        code: &str,
        redirect_uri: &str,
    ) -> Reply {
        self.token(exchange_request(client_id, client_secret, code, redirect_uri)).await
    }

    /// A successful code exchange's answer.
    async fn tokens(&self) -> Value {
        let code = self.code().await;
        let reply = self.exchange(&code).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json()
    }

    /// The refresh the host makes, of `refresh_token`.
    async fn refresh(&self, refresh_token: &Value) -> Reply {
        self.refresh_as(CLIENT_ID, CLIENT_SECRET, refresh_token).await
    }

    /// A refresh of `refresh_token` by `client_id` with `client_secret`.
    async fn refresh_as(
        &self,
        client_id: &str,
        client_secret: &str,
        refresh_token: &Value,
    ) -> Reply {
        self.token(json!({
            "grant_type": "refresh_token",
            "client_id": client_id,
            "client_secret": client_secret,
            "refresh_token": refresh_token,
        }))
        .await
    }

    async fn resources(&self, authorization: Option<String>) -> Reply {
        let mut request = Request::get("/oauth/token/accessible-resources");
        if let Some(authorization) = authorization {
            request = request.header(header::AUTHORIZATION, authorization);
        }
        self.send(request.body(Body::empty()).expect("a request")).await
    }
}

/// The body of a code exchange of `code` by `client_id` with `client_secret`, for
/// `redirect_uri`.
fn exchange_request(client_id: &str, client_secret: &str, code: &str, redirect_uri: &str) -> Value {
    json!({
        "grant_type": "authorization_code",
        "client_id": client_id,
        "client_secret": client_secret,
        "code": code,
        "redirect_uri": redirect_uri,
    })
}

fn bearer(tokens: &Value) -> Option<String> {
    Some(format!("Bearer {}", tokens["access_token"].as_str().expect("an access token")))
}

/// A [`crate::Call`] as `GET /_stand-in/calls` answers it.
fn call(method: &str, path: &str, grant_type: Option<&str>, status: u16) -> Value {
    json!({ "method": method, "path": path, "grantType": grant_type, "status": status })
}

#[tokio::test]
async fn every_request_is_recorded_with_its_grant_type_and_status() {
    let harness = Harness::with(App { client_id: "someone-else".to_owned(), ..app() });
    let registration = json!({
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "callbackUrl": CALLBACK_URL,
        "sites": [{ "id": "cloud-1", "name": "example", "url": "https://example.atlassian.net" }],
    });
    let registered = harness.post("/_stand-in/apps", "application/json", registration.to_string());
    assert_eq!(registered.await.status, StatusCode::NO_CONTENT);
    let tokens = harness.tokens().await;
    assert_eq!(harness.resources(bearer(&tokens)).await.status, StatusCode::OK);
    assert_eq!(harness.get("/oauth/token").await.status, StatusCode::NOT_FOUND);
    assert_eq!(harness.get("/nowhere?x=1").await.status, StatusCode::NOT_FOUND);
    let calls = harness.get("/_stand-in/calls").await;
    assert_eq!(calls.status, StatusCode::OK);
    assert_eq!(
        calls.json(),
        json!([
            call("POST", "/_stand-in/apps", None, 204),
            call("GET", "/authorize", None, 302),
            call("POST", "/oauth/token", Some("authorization_code"), 200),
            call("GET", "/oauth/token/accessible-resources", None, 200),
            call("GET", "/oauth/token", None, 404),
            call("GET", "/nowhere", None, 404),
        ])
    );
}

#[tokio::test]
async fn a_registration_through_the_control_endpoint_takes_the_defaults() {
    let harness = Harness::with(App { client_id: "someone-else".to_owned(), ..app() });
    let registration = json!({
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "callbackUrl": CALLBACK_URL,
    });
    let registered = harness.post("/_stand-in/apps", "application/json", registration.to_string());
    assert_eq!(registered.await.status, StatusCode::NO_CONTENT);
    let store = http::lock(&harness.store);
    let app = &store.apps[CLIENT_ID];
    assert_eq!(app.scopes, crate::CLASSIC_SCOPES);
    assert!(app.sites.is_empty());
    assert!(!app.declines);
}

#[tokio::test]
async fn the_started_server_answers_the_authorize_helper_without_recording_it() {
    let stand_in = crate::StandIn::start().await.expect("a free port");
    let port = stand_in.base_url().strip_prefix("http://127.0.0.1:").expect("a loopback address");
    assert!(port.parse::<u16>().is_ok_and(|port| port != 0), "{port}");
    stand_in.register(app());
    let location = stand_in.authorize(&join(&pairs())).expect("a redirect");
    assert!(location.starts_with(&format!("{CALLBACK_URL}?code=")), "{location}");
    let fault = stand_in.authorize(&query_with("prompt", "login")).expect_err("a fault");
    assert!(fault.starts_with("invalid_prompt: "), "{fault}");
    let spaced = stand_in.authorize(&query_with("state", "two words")).expect_err("a fault");
    assert!(spaced.starts_with("malformed_query: "), "{spaced}");
    assert!(stand_in.calls().is_empty());
}
