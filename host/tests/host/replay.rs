//! A consent sent twice, as two tabs opening the same callback page do: its code is presented to
//! Atlassian once, since Atlassian revokes the tokens of a code presented again.

use crate::support::*;
use atlassian_stand_in::StandIn;
use axum::http::StatusCode;
use jira_oauth_host::STORE_FILE;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

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

/// The digest of `code` as the store keeps it.
fn digest(code: &str) -> String {
    Sha256::digest(code.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
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
    let logs = logs.text();
    assert!(logs.contains("consent already completed"), "{logs}");
    let tokens = &host.stored()["tokens"];
    let [access_token, refresh_token] =
        ["accessToken", "refreshToken"].map(|name| tokens[name].as_str().unwrap());
    for value in [&code, access_token, refresh_token] {
        assert!(!logs.contains(&value[..20]), "{logs}");
    }
}

#[tokio::test]
async fn a_replay_after_a_restart_is_answered_without_atlassian() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let code = consent_code(&stand_in);
    let (status, connected) = host.consent(&code).await;
    assert_eq!(status, StatusCode::OK, "{connected}");
    // The spent state is kept, and the code's digest, the code itself never.
    assert_eq!(host.stored()["lastConsentState"], STATE);
    assert_eq!(host.stored()["lastCodeSha256"], digest(&code));
    let file = std::fs::read_to_string(host.data_dir().join(STORE_FILE)).unwrap();
    assert!(!file.contains(&code[..20]), "the code was stored");
    let calls = stand_in.calls().len();

    let host = host.restart(stand_in.base_url()).await;
    let (status, settings) = host.consent(&code).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings, connected);
    assert_eq!(stand_in.calls().len(), calls, "Atlassian was asked");
    assert!(token_works(&stand_in, &stored_access_token(&host)).await, "the tokens were revoked");
}

/// Connects, restarts the host when `restart`, then presents the same code with another state:
/// it cannot come from Atlassian, but presenting it there would revoke the connection's tokens.
async fn a_kept_code_with_another_state(restart: bool) {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let mut host = host_with_app(&stand_in).await;
    let code = consent_code(&stand_in);
    let (status, connected) = host.consent(&code).await;
    assert_eq!(status, StatusCode::OK, "{connected}");
    let calls = stand_in.calls().len();
    if restart {
        host = host.restart(stand_in.base_url()).await;
    }
    let (status, settings) = host.consent_with_state(&code, "another-state").await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings, connected);
    assert_eq!(stand_in.calls().len(), calls, "Atlassian was asked");
    assert!(token_works(&stand_in, &stored_access_token(&host)).await, "the tokens were revoked");
}

#[tokio::test]
async fn a_kept_code_is_never_presented_again() {
    a_kept_code_with_another_state(false).await;
}

#[tokio::test]
async fn a_kept_code_with_another_state_after_a_restart_is_never_presented_again() {
    a_kept_code_with_another_state(true).await;
}

#[tokio::test]
async fn a_code_that_found_no_site_is_spent_across_a_restart() {
    let stand_in = stand_in(vec![]).await;
    let host = host_with_app(&stand_in).await;
    let sent = consent_code(&stand_in);
    let (status, answer) = host.consent(&sent).await;
    assert_eq!((status, code(&answer)), (StatusCode::UNPROCESSABLE_ENTITY, "no_accessible_sites"));
    assert_eq!(host.stored()["lastCodeSha256"], digest(&sent));
    let calls = stand_in.calls().len();
    let (status, settings) = host.consent_with_state(&sent, "another-state").await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    let host = host.restart(stand_in.base_url()).await;
    let (status, after_restart) = host.consent_with_state(&sent, "a-third-state").await;
    assert_eq!(status, StatusCode::OK, "{after_restart}");
    assert_eq!(after_restart, settings);
    assert_eq!(settings["app"]["clientId"], CLIENT_ID);
    assert_eq!(settings["connection"], json!(null));
    assert_eq!(stand_in.calls().len(), calls, "Atlassian was asked");
}

#[tokio::test]
async fn a_code_whose_result_could_not_be_stored_is_spent_until_the_host_stops() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = host_with_app(&stand_in).await;
    let sent = consent_code(&stand_in);
    let away = host.folder.path().join("away");
    std::fs::rename(host.data_dir(), &away).unwrap();
    let (status, answer) = host.consent(&sent).await;
    assert_eq!((status, code(&answer)), (StatusCode::INTERNAL_SERVER_ERROR, "store_failed"));
    std::fs::rename(&away, host.data_dir()).unwrap();
    assert_eq!(host.stored()["lastCodeSha256"], json!(null));
    let calls = stand_in.calls().len();
    let (status, settings) = host.consent_with_state(&sent, "another-state").await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["connection"], json!(null));
    assert_eq!(stand_in.calls().len(), calls, "Atlassian was asked");
    assert_eq!(exchanges(&stand_in), 1);
}
