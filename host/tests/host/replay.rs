//! A consent sent twice, as two tabs opening the same callback page do: its code is presented to
//! Atlassian once, since Atlassian revokes the tokens of a code presented again.

use crate::support::*;
use atlassian_stand_in::StandIn;
use axum::http::StatusCode;
use serde_json::Value;

/// How many code exchanges the stand-in answered.
fn exchanges(stand_in: &StandIn) -> usize {
    let calls = stand_in.calls().into_iter();
    calls.filter(|call| call.grant_type.as_deref() == Some("authorization_code")).count()
}

/// The access token in the store file.
fn stored_access_token(host: &TestHost) -> String {
    host.stored()["tokens"]["accessToken"].as_str().unwrap().to_owned()
}

fn site_id(settings: &Value) -> &str {
    settings["connection"]["site"]["id"].as_str().unwrap()
}

#[tokio::test]
async fn two_tabs_sending_the_same_callback_exchange_the_code_once() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let code = consent_code(&stand_in);
    let (logs, _capture) = capture_logs();
    let ((first, one), (second, other)) = tokio::join!(host.consent(&code), host.consent(&code));
    assert_eq!((first, second), (StatusCode::OK, StatusCode::OK), "{one} {other}");
    assert_eq!((site_id(&one), site_id(&other)), ("1324a887", "1324a887"));
    assert_eq!(one, other);
    assert_eq!(exchanges(&stand_in), 1);
    assert!(token_works(&stand_in, &stored_access_token(&host)).await, "the tokens were revoked");
    assert!(logs.text().contains("consent already completed"), "{}", logs.text());
}

#[tokio::test]
async fn a_replay_after_a_restart_is_answered_without_atlassian() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let code = consent_code(&stand_in);
    let (status, connected) = host.consent(&code).await;
    assert_eq!(status, StatusCode::OK, "{connected}");
    // The spent state is kept, the code never.
    assert_eq!(host.stored()["lastConsentState"], STATE);
    let file = std::fs::read_to_string(host.data_dir().join(jira_oauth_host::STORE_FILE)).unwrap();
    assert!(!file.contains(&code), "the code was stored");
    let calls = stand_in.calls().len();

    let host = host.restart(stand_in.base_url());
    let (status, settings) = host.consent(&code).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings, connected);
    assert_eq!(stand_in.calls().len(), calls, "Atlassian was asked");
    assert!(token_works(&stand_in, &stored_access_token(&host)).await, "the tokens were revoked");
}

#[tokio::test]
async fn a_kept_code_is_never_presented_again() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let code = consent_code(&stand_in);
    let (status, connected) = host.consent(&code).await;
    assert_eq!(status, StatusCode::OK, "{connected}");
    let calls = stand_in.calls().len();
    // The same code with another state cannot come from Atlassian, but presenting it would
    // revoke the connection's tokens.
    let (status, settings) = host.consent_with_state(&code, "another-state").await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings, connected);
    assert_eq!(stand_in.calls().len(), calls, "Atlassian was asked");
    assert!(token_works(&stand_in, &stored_access_token(&host)).await, "the tokens were revoked");
}
