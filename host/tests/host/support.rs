//! What every test needs: a host on temporary folders, requests through its router, the
//! synthetic credentials and a consent code from the stand-in.

use atlassian_stand_in::{App, CLASSIC_SCOPES, Site, StandIn};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use jira_oauth_host::{
    Access, Atlassian, Dist, Host, STORE_FILE, SignInToken, Store, Timeouts, router,
};
use jira_oauth_settings::atlassian::ACCESSIBLE_RESOURCES_PATH;
use jira_oauth_settings::authorize::{AuthorizeRequest, State};
use jira_oauth_settings::checks::{PageOrigin, check_callback_url, check_client_id};
use serde_json::{Value, json};
use socket2::{Domain, Socket, Type};
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tempfile::TempDir;
use tower::ServiceExt;
use tracing::subscriber::DefaultGuard;
use tracing_subscriber::fmt::MakeWriter;
use url::Url;

/// The first synthetic pair of `atlassian-3lo.md`.
pub const CLIENT_ID: &str = "CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR";
pub const SECRET: &str =
    "ATOA7G6IPgVjXb2bI7SiTHD5SNekqfHUNLxEE8bFtUcm2wbthjNBjkurEZwGtW1QuBk4791C30ED";
/// The second synthetic pair.
pub const OTHER_CLIENT_ID: &str = "OLvcaT2CfsSm0ioxU6ztKjAY5ywRe4ya";
pub const OTHER_SECRET: &str =
    "ATOALvQL4xILomxnfvXx20jXi0GOEhNoiYuxUey2I9QgoeVYVd_YFqcpDg_yYIcwP0CE0050DDC9";

/// The page the admin saves from, and the callback URL that leads back to it.
pub const ORIGIN: &str = "https://invicti.example.com";
/// The `Host` of the requests from that page.
pub const HOST: &str = "invicti.example.com";
pub const CALLBACK: &str = "https://invicti.example.com/app/integrations/callback";

pub const API: &str = "/api/integrations/jira";

/// The state that [`TestHost::consent`] sends.
pub const STATE: &str = "q3Vt0v0cxHk1R3T0bY1w6mK8";

/// The limits the host binary has.
pub const TIMEOUTS: Timeouts =
    Timeouts { request: Duration::from_secs(10), consent: Duration::from_secs(12) };

/// A host on its own temporary data folder and build.
pub struct TestHost {
    pub folder: TempDir,
    host: Arc<Host>,
    router: Router,
    /// The `Cookie` header of the session the host's sign-in link set.
    pub session: String,
    /// That link's path, spent, and the `Set-Cookie` it was answered with.
    pub spent_sign_in: String,
    pub set_cookie: String,
    origins: Vec<String>,
    timeouts: Timeouts,
    /// The port of [`TestHost::offline`], held until the test ends.
    _closed_port: Option<Socket>,
}

impl TestHost {
    /// A host whose Atlassian is at `base` (the stand-in, or a server of the test's own).
    pub async fn new(base: &str) -> TestHost {
        TestHost::with_timeouts(base, TIMEOUTS).await
    }

    /// A host whose Atlassian is at `base`, and has `timeouts` to answer.
    pub async fn with_timeouts(base: &str, timeouts: Timeouts) -> TestHost {
        TestHost::build(base, timeouts, Vec::new()).await
    }

    /// A host that takes changes only from pages of `origins`, as behind a proxy.
    pub async fn with_origins(origins: &[&str]) -> TestHost {
        let origins = origins.iter().map(|&origin| origin.to_owned()).collect();
        TestHost::build("http://127.0.0.1:9", TIMEOUTS, origins).await
    }

    async fn build(base: &str, timeouts: Timeouts, origins: Vec<String>) -> TestHost {
        let folder = tempfile::tempdir().unwrap();
        let dist = folder.path().join("dist");
        std::fs::create_dir(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html><title>settings</title>").unwrap();
        std::fs::write(dist.join("host.js"), "import('./plugin/index.js');").unwrap();
        let (host, router, token) = start(&folder, base, timeouts, origins.clone());
        let (spent_sign_in, set_cookie) = sign_in(&router, &token).await;
        let session = set_cookie.split(';').next().unwrap().to_owned();
        TestHost {
            folder,
            host,
            router,
            session,
            spent_sign_in,
            set_cookie,
            origins,
            timeouts,
            _closed_port: None,
        }
    }

    /// A host whose Atlassian is at a port where nothing answers: bound, so that no other test
    /// can listen there, but not listening, so that a connection is refused.
    pub async fn offline() -> TestHost {
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into()).unwrap();
        let address = socket.local_addr().unwrap().as_socket().unwrap();
        TestHost { _closed_port: Some(socket), ..TestHost::new(&format!("http://{address}")).await }
    }

    /// The same folders, as a host started again sees them.
    pub async fn restart(self, base: &str) -> TestHost {
        // The session goes on: its key is in the data folder.
        let (host, router, _) = start(&self.folder, base, self.timeouts, self.origins.clone());
        TestHost { host, router, ..self }
    }

    /// The host behind the router, for what is not a request (the refresh).
    pub fn host(&self) -> Arc<Host> {
        self.host.clone()
    }

    pub fn data_dir(&self) -> PathBuf {
        self.folder.path().join("data")
    }

    /// The store file, parsed.
    pub fn stored(&self) -> Value {
        let bytes = std::fs::read(self.data_dir().join(STORE_FILE)).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    /// Any request, answered in full.
    pub async fn raw(&self, request: Request<Body>) -> (StatusCode, HeaderMap, Bytes) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let (parts, body) = response.into_parts();
        (parts.status, parts.headers, body.collect().await.unwrap().to_bytes())
    }

    /// A request of the contract from the settings page, with `body` as JSON. Its answer must be
    /// JSON, errors included.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let request = Request::builder()
            .method(method)
            .uri(format!("{API}{path}"))
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::COOKIE, &self.session);
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        };
        self.answer(request.unwrap()).await
    }

    /// A `PUT /app` of `body` as it is, sent as `content_type` by the page at `origin` to the
    /// host at that origin.
    pub async fn put_raw(
        &self,
        origin: &str,
        content_type: &str,
        body: impl Into<Body>,
    ) -> (StatusCode, Value) {
        let authority = origin.split_once("://").map_or(origin, |(_, authority)| authority);
        let request = Request::put(format!("{API}/app"))
            .header(header::HOST, authority)
            .header(header::ORIGIN, origin)
            .header(header::COOKIE, &self.session)
            .header(header::CONTENT_TYPE, content_type);
        self.answer(request.body(body.into()).unwrap()).await
    }

    /// Any request, whose answer must be JSON.
    pub async fn answer(&self, request: Request<Body>) -> (StatusCode, Value) {
        let (status, headers, body) = self.raw(request).await;
        assert_eq!(headers[header::CONTENT_TYPE], "application/json", "{status}");
        (status, serde_json::from_slice(&body).unwrap())
    }

    pub async fn get_app(&self) -> Value {
        let (status, settings) = self.call(Method::GET, "/app", None).await;
        assert_eq!(status, StatusCode::OK);
        settings
    }

    pub async fn put_app(&self, client_id: &str, secret: &str) -> (StatusCode, Value) {
        let body =
            json!({ "clientId": client_id, "clientSecret": secret, "callbackUrl": CALLBACK });
        self.call(Method::PUT, "/app", Some(body)).await
    }

    /// The consent of `code`, with [`STATE`] as the plugin's state.
    pub async fn consent(&self, code: &str) -> (StatusCode, Value) {
        self.consent_with_state(code, STATE).await
    }

    pub async fn consent_with_state(&self, code: &str, state: &str) -> (StatusCode, Value) {
        let body = json!({ "code": code, "state": state, "redirectUri": CALLBACK });
        self.call(Method::POST, "/consent", Some(body)).await
    }
}

/// The host on `folder`'s data folder and build, its router, and its first sign-in link.
fn start(
    folder: &TempDir,
    base: &str,
    timeouts: Timeouts,
    origins: Vec<String>,
) -> (Arc<Host>, Router, SignInToken) {
    let data = folder.path().join("data");
    let store = Store::open(&data).unwrap();
    let (access, sign_in) = Access::open(&data).unwrap();
    let token_url = format!("{base}/oauth/token").parse().unwrap();
    let atlassian = Atlassian::new(token_url, &base.parse().unwrap(), timeouts).unwrap();
    let base = format!("https://{HOST}");
    let host = Arc::new(Host::new(store, atlassian, access, base).with_origins(origins));
    let router = router(host.clone(), &Dist::open(&folder.path().join("dist")).unwrap());
    (host, router, sign_in)
}

/// Signs in through the link the host prints: its path and the `Set-Cookie` it answered.
async fn sign_in(router: &Router, token: &SignInToken) -> (String, String) {
    let link = token.path();
    let request = Request::get(&link).header(header::HOST, HOST).body(Body::empty());
    let answer = router.clone().oneshot(request.unwrap()).await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    (link, answer.headers()[header::SET_COOKIE].to_str().unwrap().to_owned())
}

/// An Atlassian of the test's own making, serving `routes` on a free port until the test ends,
/// for answers the strict stand-in never gives. Its base URL.
pub async fn fake_atlassian(routes: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, routes).await.unwrap() });
    base
}

/// The token endpoint's answer when it issues tokens.
pub fn token_grant() -> Value {
    json!({
        "access_token": "eyJhbGciOiJIUzI1NiJ9.access.signature",
        "refresh_token": "eyJhbGciOiJIUzI1NiJ9.refresh.signature",
        "expires_in": 3600,
        "scope": "read:jira-work offline_access",
    })
}

/// A site as accessible-resources lists it.
pub fn site(id: &str, name: &str) -> Site {
    Site {
        id: id.to_owned(),
        name: name.to_owned(),
        url: format!("https://{name}.atlassian.net"),
        scopes: vec![],
        avatar_url: String::new(),
    }
}

/// The stand-in, with the first synthetic app registered for `CALLBACK` and `sites`.
pub async fn stand_in(sites: Vec<Site>) -> StandIn {
    let stand_in = StandIn::start().await.unwrap();
    stand_in.register(App {
        client_id: CLIENT_ID.to_owned(),
        client_secret: SECRET.to_owned(),
        callback_url: CALLBACK.to_owned(),
        scopes: CLASSIC_SCOPES.map(str::to_owned).to_vec(),
        sites,
        declines: false,
    });
    stand_in
}

/// The code the stand-in sends to the callback page for the plugin's real authorize URL.
pub fn consent_code(stand_in: &StandIn) -> String {
    let client_id = check_client_id(CLIENT_ID).unwrap().value;
    let origin = PageOrigin::parse(ORIGIN).unwrap();
    let callback = check_callback_url(CALLBACK, &origin).unwrap().value;
    let state = State::from_random_bytes(&[7; 32]);
    let url =
        AuthorizeRequest { client_id: &client_id, redirect_uri: &callback, state: &state }.url();
    let (_, query) = url.split_once('?').unwrap();
    let location = Url::parse(&stand_in.authorize(query).unwrap()).unwrap();
    let code = location.query_pairs().find(|(name, _)| name == "code");
    code.unwrap().1.into_owned()
}

/// A host with the first synthetic app saved, against the stand-in.
pub async fn host_with_app(stand_in: &StandIn) -> TestHost {
    let host = TestHost::new(stand_in.base_url()).await;
    let (status, _) = host.put_app(CLIENT_ID, SECRET).await;
    assert_eq!(status, StatusCode::OK);
    host
}

/// A host connected to one site through the stand-in.
pub async fn connected_host(stand_in: &StandIn) -> TestHost {
    let host = host_with_app(stand_in).await;
    let (status, settings) = host.consent(&consent_code(stand_in)).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert!(settings["connection"].is_object());
    host
}

/// The error code of a contract error body.
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap()
}

/// Whether the stand-in still honours `access_token`: accessible-resources answers 200.
pub async fn token_works(stand_in: &StandIn, access_token: &str) -> bool {
    let url = format!("{}{ACCESSIBLE_RESOURCES_PATH}", stand_in.base_url());
    let answer = reqwest::Client::new().get(url).bearer_auth(access_token).send().await.unwrap();
    answer.status() == StatusCode::OK
}

/// The host's log lines, from [`capture_logs`] on.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl MakeWriter<'_> for Logs {
    type Writer = Logs;

    fn make_writer(&self) -> Logs {
        self.clone()
    }
}

/// Captures what the host logs on this thread (a test's runtime has only this one) until the
/// guard is dropped.
pub fn capture_logs() -> (Logs, DefaultGuard) {
    let logs = Logs::default();
    let subscriber = tracing_subscriber::fmt().with_writer(logs.clone()).with_ansi(false).finish();
    (logs, tracing::subscriber::set_default(subscriber))
}
