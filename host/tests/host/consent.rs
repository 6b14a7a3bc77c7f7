//! `POST /consent`, `/site` and `/disconnect` against the stand-in: what is kept, what is
//! refused before anything is sent, and how Atlassian's refusals are worded.

use crate::support::*;
use axum::Router;
use axum::http::{Method, StatusCode};
use axum::response::Json;
use axum::routing::{get, post};
use jira_oauth_host::{STORE_FILE, Timeouts};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;
use tokio::time::{sleep, timeout};

/// The requests the stand-in answered, as `METHOD path status`.
fn calls(stand_in: &atlassian_stand_in::StandIn) -> Vec<String> {
    let calls = stand_in.calls().into_iter();
    calls.map(|call| format!("{} {} {}", call.method, call.path, call.status)).collect()
}

fn message(body: &Value) -> &str {
    body["error"]["message"].as_str().unwrap()
}

#[tokio::test]
async fn one_site_connects_it() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let code = consent_code(&stand_in);
    let (logs, _capture) = capture_logs();
    let (status, settings) = host.consent(&code).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    let connection = &settings["connection"];
    assert_eq!(connection["site"]["id"], "1324a887");
    assert_eq!(connection["site"]["url"], "https://example.atlassian.net");
    let connected_at = connection["connectedAt"].as_str().unwrap();
    humantime::parse_rfc3339(connected_at).unwrap();
    assert!(connected_at.len() == 20 && connected_at.ends_with('Z'), "{connected_at}");
    assert_eq!(settings["sitesToChoose"], json!([]));
    assert_eq!(
        calls(&stand_in),
        ["POST /oauth/token 200", "GET /oauth/token/accessible-resources 200"]
    );
    assert_eq!(stand_in.calls()[0].grant_type.as_deref(), Some("authorization_code"));
    // The tokens are kept, never answered.
    let tokens = &host.stored()["tokens"];
    let access_token = tokens["accessToken"].as_str().unwrap();
    assert!(tokens["refreshToken"].is_string(), "offline_access was asked for");
    assert!(tokens["scope"].as_str().unwrap().contains("read:jira-work"));
    assert!(tokens["expiresAt"].as_u64().unwrap() > 1_700_000_000);
    assert!(!settings.to_string().contains(&access_token[..30]));
    // Nor logged, nor the code.
    let refresh_token = tokens["refreshToken"].as_str().unwrap();
    let logs = logs.text();
    assert!(logs.contains("consent completed"), "{logs}");
    for value in [&code, access_token, refresh_token, SECRET] {
        assert!(!logs.contains(&value[..20]), "{logs}");
    }
}

#[tokio::test]
async fn several_sites_wait_for_the_admins_choice() {
    let sites = vec![site("1324a887", "example"), site("77aa0000", "second")];
    let stand_in = stand_in(sites).await;
    let host = host_with_app(&stand_in).await;
    let (status, settings) = host.consent(&consent_code(&stand_in)).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["connection"], json!(null));
    let ids: Vec<&Value> = settings["sitesToChoose"].as_array().unwrap().iter().collect();
    assert_eq!(ids.iter().map(|site| &site["id"]).collect::<Vec<_>>(), ["1324a887", "77aa0000"]);

    let (status, answer) =
        host.call(Method::POST, "/site", Some(json!({ "siteId": "nope" }))).await;
    assert_eq!((status, code(&answer)), (StatusCode::NOT_FOUND, "unknown_site"));

    let choice = json!({ "siteId": "77aa0000" });
    let (status, settings) = host.call(Method::POST, "/site", Some(choice.clone())).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["connection"]["site"]["name"], "second");
    assert_eq!(settings["sitesToChoose"], json!([]));

    let (status, answer) = host.call(Method::POST, "/site", Some(choice)).await;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "no_pending_sites"));
}

#[tokio::test]
async fn no_site_keeps_nothing() {
    let stand_in = stand_in(vec![]).await;
    let host = host_with_app(&stand_in).await;
    let (status, answer) = host.consent(&consent_code(&stand_in)).await;
    assert_eq!((status, code(&answer)), (StatusCode::UNPROCESSABLE_ENTITY, "no_accessible_sites"));
    assert_eq!(host.get_app().await["connection"], json!(null));
    assert_eq!(host.stored()["tokens"], json!(null));
}

#[tokio::test]
async fn a_code_used_elsewhere_is_refused_in_words_and_the_connection_stays() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let connected = host.get_app().await;
    // A code this host never saw, already exchanged by someone else.
    let used = consent_code(&stand_in);
    let exchange = json!({
        "grant_type": "authorization_code",
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
        "code": used,
        "redirect_uri": CALLBACK,
    });
    let token_url = format!("{}/oauth/token", stand_in.base_url());
    let elsewhere = reqwest::Client::new().post(token_url).json(&exchange).send().await.unwrap();
    assert_eq!(elsewhere.status(), StatusCode::OK);
    let (status, answer) = host.consent_with_state(&used, "another-state").await;
    assert_eq!((status, code(&answer)), (StatusCode::BAD_GATEWAY, "atlassian_refused"));
    assert!(message(&answer).contains("it was already used"), "{answer}");
    assert!(message(&answer).contains("invalid_grant"), "{answer}");
    // The refusal leaves the connection as it was, and its token still works.
    assert_eq!(host.get_app().await, connected);
    let access_token = host.stored()["tokens"]["accessToken"].as_str().unwrap().to_owned();
    assert!(token_works(&stand_in, &access_token).await, "the connection's tokens were revoked");
}

#[tokio::test]
async fn a_wrong_stored_secret_says_to_replace_it() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = TestHost::new(stand_in.base_url()).await;
    // A well-formed secret, but not the app's.
    assert_eq!(host.put_app(CLIENT_ID, OTHER_SECRET).await.0, StatusCode::OK);
    let (status, answer) = host.consent(&consent_code(&stand_in)).await;
    assert_eq!((status, code(&answer)), (StatusCode::BAD_GATEWAY, "atlassian_refused"));
    assert!(message(&answer).contains("secret with the one on the Settings tab"), "{answer}");
    assert!(!answer.to_string().contains(&OTHER_SECRET[..20]));
    assert_eq!(calls(&stand_in), ["POST /oauth/token 401"]);
}

#[tokio::test]
async fn atlassian_out_of_reach_is_502_unreachable() {
    let host = TestHost::offline().await;
    host.put_app(CLIENT_ID, SECRET).await;
    let (status, answer) = host.consent("eyJhbGciOi.code.sig").await;
    assert_eq!((status, code(&answer)), (StatusCode::BAD_GATEWAY, "atlassian_unreachable"));
    assert!(message(&answer).contains("could not be made"), "{answer}");
}

/// A consent against an Atlassian whose token answer cannot be read: 502, and nothing kept.
async fn expect_unreadable(host: &TestHost) {
    let (status, answer) = host.consent("eyJhbGciOi.code.sig").await;
    assert_eq!((status, code(&answer)), (StatusCode::BAD_GATEWAY, "atlassian_unreachable"));
    assert!(message(&answer).contains("cannot read (status 200)"), "{answer}");
    assert_eq!(host.stored()["tokens"], json!(null));
}

#[tokio::test]
async fn an_answer_over_a_mebibyte_is_502_unreachable() {
    // Valid JSON of the documented shape, but longer than any answer of Atlassian's.
    let mut grant = token_grant();
    grant["scope"] = json!(format!("read:jira-work {}", "x".repeat(1024 * 1024)));
    let token = post(move || async move { Json(grant) });
    let routes = with_one_jira_site(Router::new().route("/oauth/token", token));
    let host = TestHost::new(&fake_atlassian(routes).await).await;
    host.put_app(CLIENT_ID, SECRET).await;
    expect_unreadable(&host).await;
}

#[tokio::test]
async fn atlassians_error_code_cannot_forge_log_lines() {
    let forged = "2026-01-01T00:00:00.000000Z  INFO jira_oauth_host: consent completed";
    let error = format!("invalid_grant\n{forged}\r\n{forged}\u{2028}{forged}");
    let refusal = json!({ "error": error });
    let token = post(move || async move { (StatusCode::BAD_REQUEST, Json(refusal)) });
    let host =
        TestHost::new(&fake_atlassian(Router::new().route("/oauth/token", token)).await).await;
    host.put_app(CLIENT_ID, SECRET).await;
    let (logs, _capture) = capture_logs();
    let (status, answer) = host.consent("eyJhbGciOi.code.sig").await;
    assert_eq!((status, code(&answer)), (StatusCode::BAD_GATEWAY, "atlassian_refused"));
    let logs = logs.text();
    let warning = logs.lines().find(|line| line.contains("Atlassian answered 400 invalid_grant"));
    assert!(warning.is_some_and(|line| line.contains(forged)), "{logs}");
    assert!(!logs.lines().any(|line| line.starts_with(forged)), "{logs}");
    assert!(!logs.contains(['\r', '\u{2028}']), "{logs:?}");
}

#[tokio::test]
async fn a_token_answer_that_is_not_json_is_502_unreachable() {
    let token = post(|| async { "<html><body>Signed in</body></html>" });
    let base = fake_atlassian(Router::new().route("/oauth/token", token)).await;
    let host = TestHost::new(&base).await;
    host.put_app(CLIENT_ID, SECRET).await;
    expect_unreadable(&host).await;
}

#[tokio::test]
async fn an_empty_avatar_url_is_null() {
    let pictured = "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/flag.png";
    let second =
        atlassian_stand_in::Site { avatar_url: pictured.to_owned(), ..site("77aa0000", "second") };
    let stand_in = stand_in(vec![site("1324a887", "example"), second]).await;
    let host = host_with_app(&stand_in).await;
    let (status, settings) = host.consent(&consent_code(&stand_in)).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    let avatars: Vec<&Value> =
        settings["sitesToChoose"].as_array().unwrap().iter().map(|s| &s["avatarUrl"]).collect();
    assert_eq!(avatars, [&json!(null), &json!(pictured)]);
    assert_eq!(host.stored()["sitesToChoose"][0]["avatarUrl"], json!(null));
}

/// The moments of a consent whose code exchange waits for the test: `arrived` when Atlassian
/// has the request, which it answers on `release`.
#[derive(Default)]
struct Gate {
    arrived: Notify,
    release: Notify,
}

/// An Atlassian whose token endpoint waits for `gate`, and that grants one site.
async fn gated_atlassian(gate: &Arc<Gate>) -> String {
    let gate = gate.clone();
    let token = post(move || async move {
        gate.arrived.notify_one();
        gate.release.notified().await;
        Json(token_grant())
    });
    fake_atlassian(with_one_jira_site(Router::new().route("/oauth/token", token))).await
}

/// `routes` and an accessible-resources that lists one Jira site.
fn with_one_jira_site(routes: Router) -> Router {
    let one_site = json!([{
        "id": "1324a887", "name": "example", "url": "https://example.atlassian.net",
        "scopes": atlassian_stand_in::CLASSIC_SCOPES, "avatarUrl": "",
    }]);
    let sites = get(move || async move { Json(one_site) });
    routes.route("/oauth/token/accessible-resources", sites)
}

/// A request made while the consent waits for Atlassian, which must not wait for it.
async fn meanwhile<T>(request: impl Future<Output = T>) -> T {
    let waited = timeout(Duration::from_secs(2), request).await;
    waited.expect("the request waited for the consent's exchange with Atlassian")
}

#[tokio::test]
async fn other_requests_are_answered_while_a_consent_waits_for_atlassian() {
    let gate = Arc::new(Gate::default());
    let host = TestHost::new(&gated_atlassian(&gate).await).await;
    host.put_app(CLIENT_ID, SECRET).await;
    let (consent, ()) = tokio::join!(host.consent("eyJhbGciOi.code.sig"), async {
        gate.arrived.notified().await;
        let settings = meanwhile(host.get_app()).await;
        assert_eq!(settings["app"]["clientId"], CLIENT_ID);
        // Saving the same app again changes nothing the consent depends on.
        let (status, _) = meanwhile(host.put_app(CLIENT_ID, "")).await;
        assert_eq!(status, StatusCode::OK);
        gate.release.notify_one();
    });
    let (status, settings) = consent;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["connection"]["site"]["id"], "1324a887");
    assert!(host.stored()["tokens"]["accessToken"].is_string());
}

#[tokio::test]
async fn a_consent_for_an_app_changed_meanwhile_is_409_and_kept_nowhere() {
    let gate = Arc::new(Gate::default());
    let host = TestHost::new(&gated_atlassian(&gate).await).await;
    host.put_app(CLIENT_ID, SECRET).await;
    let (consent, ()) = tokio::join!(host.consent("eyJhbGciOi.code.sig"), async {
        gate.arrived.notified().await;
        let (status, _) = meanwhile(host.put_app(OTHER_CLIENT_ID, OTHER_SECRET)).await;
        assert_eq!(status, StatusCode::OK);
        gate.release.notify_one();
    });
    let (status, answer) = consent;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "app_changed"));
    assert!(message(&answer).contains("Press Connect to Jira to start again"), "{answer}");
    let stored = host.stored();
    assert_eq!(stored["app"]["clientId"], OTHER_CLIENT_ID);
    assert_eq!((&stored["tokens"], &stored["connection"]), (&json!(null), &json!(null)));
    // Its code is spent all the same: sent again, it is answered without Atlassian (whose token
    // endpoint would wait for the gate again).
    let again = meanwhile(host.consent_with_state("eyJhbGciOi.code.sig", "another-state")).await;
    assert_eq!(again.0, StatusCode::OK, "{}", again.1);
    assert_eq!(again.1["app"]["clientId"], OTHER_CLIENT_ID);
}

#[tokio::test]
async fn a_consent_that_cannot_get_its_turn_in_time_is_409_in_progress() {
    // A refresh holds the store while Atlassian answers; a first consent waits for the store,
    // holding the consents' gate; a second one waits for the gate.
    let gate = Arc::new(Gate::default());
    let held = gate.clone();
    let token = post(move |Json(grant): Json<Value>| async move {
        if grant["grant_type"] == "refresh_token" {
            held.arrived.notify_one();
            held.release.notified().await;
        }
        Json(token_grant())
    });
    let routes = with_one_jira_site(Router::new().route("/oauth/token", token));
    let timeouts =
        Timeouts { request: Duration::from_secs(5), consent: Duration::from_millis(500) };
    let host = TestHost::with_timeouts(&fake_atlassian(routes).await, timeouts).await;
    host.put_app(CLIENT_ID, SECRET).await;
    assert_eq!(host.consent("eyJhbGciOi.first.sig").await.0, StatusCode::OK);
    let lib = host.host();
    let (refreshed, (first, (second, took))) = tokio::join!(lib.refresh(), async {
        gate.arrived.notified().await;
        let first = host.consent_with_state("eyJhbGciOi.second.sig", "second-state");
        let second = async {
            let started = Instant::now();
            let third = host.consent_with_state("eyJhbGciOi.third.sig", "third-state");
            let answer = timeout(Duration::from_secs(3), third).await;
            let took = started.elapsed();
            gate.release.notify_one();
            (answer.expect("the consent waited for the other one past its deadline"), took)
        };
        tokio::join!(first, second)
    });
    let (status, answer) = second;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "consent_in_progress"));
    assert_eq!(
        message(&answer),
        "Another consent is being completed right now. Wait a moment, then go back to the Jira \
         settings to see whether Jira is connected."
    );
    assert!(took >= Duration::from_millis(500) && took < Duration::from_secs(1), "{took:?}");
    refreshed.unwrap();
    // The first consent had the store only once its own time had run out.
    assert_eq!((first.0, code(&first.1)), (StatusCode::BAD_GATEWAY, "atlassian_unreachable"));
}

#[tokio::test]
async fn a_disconnect_while_a_consent_completes_is_not_undone() {
    let gate = Arc::new(Gate::default());
    let host = TestHost::new(&gated_atlassian(&gate).await).await;
    host.put_app(CLIENT_ID, SECRET).await;
    let (connected, ()) = tokio::join!(host.consent("eyJhbGciOi.first.sig"), async {
        gate.arrived.notified().await;
        gate.release.notify_one();
    });
    assert_eq!(connected.0, StatusCode::OK, "{}", connected.1);
    // Connect to Jira again, and Disconnect while Atlassian is slow to answer.
    let again = host.consent_with_state("eyJhbGciOi.second.sig", "another-state");
    let (consent, ()) = tokio::join!(again, async {
        gate.arrived.notified().await;
        let disconnect = host.call(Method::POST, "/disconnect", Some(json!({})));
        let (status, settings) = meanwhile(disconnect).await;
        assert_eq!((status, &settings["connection"]), (StatusCode::OK, &json!(null)));
        gate.release.notify_one();
    });
    let (status, answer) = consent;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "app_changed"));
    assert!(message(&answer).contains("disconnected"), "{answer}");
    let stored = host.stored();
    assert_eq!(stored["app"]["clientId"], CLIENT_ID);
    assert_eq!((&stored["tokens"], &stored["connection"]), (&json!(null), &json!(null)));
}

#[tokio::test]
async fn sites_without_the_jira_scopes_are_left_out() {
    let wiki = atlassian_stand_in::Site {
        scopes: vec!["read:confluence-content.all".to_owned()],
        ..site("99cc0000", "wiki")
    };
    let stand_in = stand_in(vec![wiki, site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let (status, settings) = host.consent(&consent_code(&stand_in)).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["connection"]["site"]["id"], "1324a887");
    assert_eq!(settings["sitesToChoose"], json!([]));
}

#[tokio::test]
async fn only_a_site_without_the_jira_scopes_is_422_and_keeps_nothing() {
    let wiki = atlassian_stand_in::Site {
        scopes: vec!["read:confluence-content.all".to_owned()],
        ..site("99cc0000", "wiki")
    };
    let stand_in = stand_in(vec![wiki]).await;
    let host = host_with_app(&stand_in).await;
    let (status, answer) = host.consent(&consent_code(&stand_in)).await;
    assert_eq!((status, code(&answer)), (StatusCode::UNPROCESSABLE_ENTITY, "no_accessible_sites"));
    let stored = host.stored();
    assert_eq!((&stored["tokens"], &stored["connection"]), (&json!(null), &json!(null)));
    assert_eq!(stored["sitesToChoose"], json!([]));
}

#[tokio::test]
async fn tokens_without_a_refresh_token_connect_with_a_warning() {
    let mut grant = token_grant();
    grant.as_object_mut().unwrap().remove("refresh_token");
    let access_token = grant["access_token"].as_str().unwrap().to_owned();
    let token = post(move || async move { Json(grant) });
    let routes = with_one_jira_site(Router::new().route("/oauth/token", token));
    let host = TestHost::new(&fake_atlassian(routes).await).await;
    host.put_app(CLIENT_ID, SECRET).await;
    let (logs, _capture) = capture_logs();
    let (status, settings) = host.consent("eyJhbGciOi.code.sig").await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["connection"]["site"]["id"], "1324a887");
    assert_eq!(host.stored()["tokens"]["refreshToken"], json!(null));
    let logs = logs.text();
    let warning = logs.lines().find(|line| line.contains("WARN") && line.contains("refresh token"));
    let warning = warning.unwrap_or_else(|| panic!("no warning in {logs}"));
    assert!(warning.contains("stop working when the access token expires"), "{warning}");
    assert!(!logs.contains(&access_token) && !logs.contains(SECRET), "{logs}");
}

#[tokio::test]
async fn the_exchange_and_the_sites_have_the_consents_time_together() {
    // Each answer comes within the second a request has, but not both within 1.2 s.
    let token = post(|| async {
        sleep(Duration::from_millis(700)).await;
        Json(token_grant())
    });
    let sites = get(|| async {
        sleep(Duration::from_millis(700)).await;
        Json(json!([]))
    });
    let routes = Router::new()
        .route("/oauth/token", token)
        .route("/oauth/token/accessible-resources", sites);
    let timeouts =
        Timeouts { request: Duration::from_secs(1), consent: Duration::from_millis(1200) };
    let host = TestHost::with_timeouts(&fake_atlassian(routes).await, timeouts).await;
    host.put_app(CLIENT_ID, SECRET).await;
    let started = Instant::now();
    let (status, answer) = host.consent("eyJhbGciOi.code.sig").await;
    let took = started.elapsed();
    assert_eq!((status, code(&answer)), (StatusCode::BAD_GATEWAY, "atlassian_unreachable"));
    assert!(message(&answer).contains("the list of sites"), "{answer}");
    assert!(message(&answer).contains("within 1.2 seconds, and that time ran out"), "{answer}");
    let limit = Duration::from_millis(1200);
    assert!(took >= limit && took < limit + Duration::from_millis(400), "{took:?}");
    assert_eq!(host.stored()["tokens"], json!(null));
}

#[tokio::test]
async fn one_request_has_its_own_time() {
    let token = post(|| async {
        sleep(Duration::from_millis(700)).await;
        Json(token_grant())
    });
    let routes = Router::new().route("/oauth/token", token);
    let timeouts =
        Timeouts { request: Duration::from_millis(300), consent: Duration::from_secs(5) };
    let host = TestHost::with_timeouts(&fake_atlassian(routes).await, timeouts).await;
    host.put_app(CLIENT_ID, SECRET).await;
    let (status, answer) = host.consent("eyJhbGciOi.code.sig").await;
    assert_eq!((status, code(&answer)), (StatusCode::BAD_GATEWAY, "atlassian_unreachable"));
    assert!(message(&answer).contains("no answer came within 300 milliseconds"), "{answer}");
}

#[tokio::test]
async fn absurd_values_are_refused_before_any_call() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let long_code = "c".repeat(4097);
    let bodies = [
        json!({ "code": long_code, "state": "s", "redirectUri": CALLBACK }),
        json!({ "code": "", "state": "s", "redirectUri": CALLBACK }),
        json!({ "code": "c", "state": "", "redirectUri": CALLBACK }),
        json!({ "code": "c", "state": "s".repeat(513), "redirectUri": CALLBACK }),
        json!({ "code": "c", "state": "s", "redirectUri": "" }),
        json!({ "code": "c", "state": "s", "redirectUri": "h".repeat(2049) }),
        json!({ "code": "c", "state": "s" }),
    ];
    for body in bodies {
        let (status, answer) = host.call(Method::POST, "/consent", Some(body)).await;
        assert_eq!((status, code(&answer)), (StatusCode::BAD_REQUEST, "invalid_request"));
    }
    assert_eq!(calls(&stand_in), Vec::<String>::new());
}

#[tokio::test]
async fn another_redirect_uri_is_refused_before_any_call() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let body = json!({ "code": "c", "state": "s", "redirectUri": format!("{CALLBACK}/") });
    let (status, answer) = host.call(Method::POST, "/consent", Some(body)).await;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "redirect_uri_mismatch"));
    assert_eq!(calls(&stand_in), Vec::<String>::new());
}

#[tokio::test]
async fn a_consent_without_an_app_is_409() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = TestHost::new(stand_in.base_url()).await;
    let (status, answer) = host.consent(&consent_code(&stand_in)).await;
    assert_eq!((status, code(&answer)), (StatusCode::CONFLICT, "no_app"));
    assert_eq!(calls(&stand_in), Vec::<String>::new());
}

#[tokio::test]
async fn disconnect_forgets_the_connection_and_on_request_the_app() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let body = json!({ "forgetApp": false });
    let (status, settings) = host.call(Method::POST, "/disconnect", Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(settings["connection"], json!(null));
    assert_eq!(settings["app"]["clientId"], CLIENT_ID);
    assert_eq!(host.stored()["tokens"], json!(null));

    let body = json!({ "forgetApp": true });
    for _ in 0..2 {
        let (status, settings) = host.call(Method::POST, "/disconnect", Some(body.clone())).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(settings, json!({ "app": null, "connection": null, "sitesToChoose": [] }));
    }
    let file = std::fs::read_to_string(host.data_dir().join(STORE_FILE)).unwrap();
    assert!(!file.contains(SECRET));
}
