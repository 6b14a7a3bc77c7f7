//! The callback's side, natively: reading Atlassian's answer from the query, verifying its state
//! against the stored record, and reading the host's answers.

#![cfg(not(target_arch = "wasm32"))]

use jira_oauth_settings::authorize::{STATE_BYTES, State};
use jira_oauth_settings::callback::{
    CallbackAnswer, CallbackQueryError, MAX_CODE_LENGTH, parse_callback_query,
};
use jira_oauth_settings::consent::{
    CONSENT_LIFETIME_MS, PendingConsent, RECORD_RETENTION_MS, StateError, verify_state,
};
use jira_oauth_settings::host_api::{RequestError, Settings, read_answer};

const CALLBACK: &str = "https://scanner.corp.example/app/integrations/callback";
const STARTED: u64 = 1_764_765_000_000;

fn state() -> String {
    State::from_random_bytes(&[42; STATE_BYTES]).as_str().to_owned()
}

fn record(state: &str) -> PendingConsent {
    PendingConsent {
        state: state.to_owned(),
        redirect_uri: CALLBACK.to_owned(),
        client_id: "CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR".to_owned(),
        created_at: STARTED,
        used_at: None,
    }
}

#[test]
fn reads_a_code_and_its_state() {
    let state = state();
    let answer = parse_callback_query(&format!("?code=abc.DEF-123_x&state={state}")).unwrap();
    assert_eq!(
        answer,
        CallbackAnswer::Code { code: "abc.DEF-123_x".to_owned(), state: Some(state.clone()) }
    );
    // Without its `?` too, and with parameters of Atlassian's own left alone.
    let answer = parse_callback_query(&format!("state={state}&code=c&foo=bar")).unwrap();
    assert_eq!(answer.state(), Some(state.as_str()));
}

#[test]
fn reads_a_declined_consent_in_words() {
    let query = "?error=access_denied&error_description=User%20did%20not%20authorize+the%20request\
                 &state=s";
    let CallbackAnswer::Refused { error, state } = parse_callback_query(query).unwrap() else {
        panic!("not a refusal");
    };
    assert_eq!(error.code, "access_denied");
    assert_eq!(error.description.as_deref(), Some("User did not authorize the request"));
    assert_eq!(state.as_deref(), Some("s"));
    let message = error.to_string();
    assert!(message.starts_with("Jira was not connected because the consent was declined"));
    assert!(message.ends_with(
        "(Atlassian said: access_denied, \u{201C}User did not authorize the request\u{201D}.)"
    ));
}

#[test]
fn every_oauth_error_has_its_own_words() {
    let message = |code: &str| {
        let answer = parse_callback_query(&format!("error={code}")).unwrap();
        let CallbackAnswer::Refused { error, .. } = answer else { panic!("{code}") };
        error.to_string()
    };
    let codes = ["access_denied", "unauthorized_client", "invalid_scope", "server_error"];
    let messages: Vec<String> = codes.iter().map(|code| message(code)).collect();
    for (i, a) in messages.iter().enumerate() {
        for b in &messages[i + 1..] {
            assert_ne!(a.split(" (Atlassian said").next(), b.split(" (Atlassian said").next());
        }
    }
    assert!(message("unauthorized_client").contains("callback URL"));
    assert!(message("invalid_scope").contains("Permissions tab"));
    // An unknown code is named when it is a plain word, and left out when it is anything else.
    assert!(message("weird_error").ends_with("Connect again. (Atlassian said: weird_error.)"));
    for odd in ["weird%0Aerror", "", "Call%20%2B1-555-0100%20now", &"x".repeat(41)] {
        assert_eq!(message(odd), "Atlassian did not complete the consent. Connect again.", "{odd}");
    }
}

#[test]
fn a_description_loses_what_would_turn_it_around_or_hide_in_it() {
    let query = "?error=access_denied&error_description=Call%E2%80%AE%20support%E2%80%8B%0A%20now";
    let CallbackAnswer::Refused { error, .. } = parse_callback_query(query).unwrap() else {
        panic!("not a refusal");
    };
    assert_eq!(error.description.as_deref(), Some("Call support now"));
    let long = format!("?error=access_denied&error_description={}", "d".repeat(400));
    let CallbackAnswer::Refused { error, .. } = parse_callback_query(&long).unwrap() else {
        panic!("not a refusal");
    };
    assert_eq!(error.description.map(|d| d.chars().count()), Some(301));
}

#[test]
fn refuses_queries_that_are_not_an_answer() {
    assert_eq!(parse_callback_query(""), Err(CallbackQueryError::NoAnswer));
    assert_eq!(parse_callback_query("?state=abc"), Err(CallbackQueryError::NoAnswer));
    assert_eq!(parse_callback_query("?code=a&code=b&state=s"), Err(CallbackQueryError::Ambiguous));
    assert_eq!(parse_callback_query("?code=a&state=s&state=t"), Err(CallbackQueryError::Ambiguous));
    assert_eq!(
        parse_callback_query("?code=a&error=access_denied"),
        Err(CallbackQueryError::Ambiguous)
    );
    assert_eq!(parse_callback_query("?code=&state=s"), Err(CallbackQueryError::UnusableCode));
    let long = "c".repeat(MAX_CODE_LENGTH + 1);
    assert_eq!(
        parse_callback_query(&format!("?code={long}&state=s")),
        Err(CallbackQueryError::UnusableCode)
    );
    let longest = "c".repeat(MAX_CODE_LENGTH);
    assert!(parse_callback_query(&format!("?code={longest}&state=s")).is_ok());
}

#[test]
fn the_debug_form_of_an_answer_never_shows_the_code() {
    let answer = parse_callback_query("?code=SECRETCODEVALUE&state=s").unwrap();
    let shown = format!("{answer:?}");
    assert!(!shown.contains("SECRETCODEVALUE"), "{shown}");
}

#[test]
fn a_fresh_unused_record_verifies() {
    let state = state();
    let stored = record(&state).to_json();
    let now = STARTED + CONSENT_LIFETIME_MS;
    assert_eq!(verify_state(Some(&state), Some(&stored), now), Ok(record(&state)));
}

#[test]
fn each_bad_state_has_its_own_error() {
    let state = state();
    let stored = record(&state).to_json();
    let now = STARTED + 1000;
    assert_eq!(verify_state(None, Some(&stored), now), Err(StateError::Missing));
    assert_eq!(verify_state(Some(&state), None, now), Err(StateError::Unknown));
    // One character more, one less, or one outside base64url: not a state this plugin made.
    for tampered in [format!("{state}A"), state[1..].to_owned(), format!("+{}", &state[1..])] {
        assert_eq!(verify_state(Some(&tampered), Some(&stored), now), Err(StateError::Tampered));
    }
    // A record that is not one, or that names another state.
    assert_eq!(verify_state(Some(&state), Some("{not json"), now), Err(StateError::Tampered));
    let other = record(State::from_random_bytes(&[7; STATE_BYTES]).as_str());
    assert_eq!(verify_state(Some(&state), Some(&other.to_json()), now), Err(StateError::Tampered));
    let expired = STARTED + CONSENT_LIFETIME_MS + 1;
    assert_eq!(verify_state(Some(&state), Some(&stored), expired), Err(StateError::Expired));
    let clock_set_back = STARTED - CONSENT_LIFETIME_MS - 1;
    assert_eq!(verify_state(Some(&state), Some(&stored), clock_set_back), Err(StateError::Expired));
    let mut used = record(&state);
    used.used_at = Some(now);
    assert_eq!(verify_state(Some(&state), Some(&used.to_json()), now), Err(StateError::Reused));
    let codes = [
        StateError::Missing,
        StateError::Tampered,
        StateError::Unknown,
        StateError::Reused,
        StateError::Expired,
    ]
    .map(|error| error.code());
    assert_eq!(
        codes,
        ["state_missing", "state_tampered", "state_unknown", "state_reused", "state_expired"]
    );
}

#[test]
fn records_are_kept_for_a_day() {
    let record = record(&state());
    assert!(!record.is_stale(STARTED + RECORD_RETENTION_MS));
    assert!(record.is_stale(STARTED + RECORD_RETENTION_MS + 1));
    assert!(!record.is_stale(STARTED - RECORD_RETENTION_MS), "a clock a day behind");
    assert!(record.is_stale(STARTED - RECORD_RETENTION_MS - 1), "from further in the future");
    // A record written by an older version, without usedAt, still reads.
    let old = format!(
        r#"{{"state":"{}","redirectUri":"{CALLBACK}","clientId":"x","createdAt":{STARTED}}}"#,
        record.state
    );
    assert_eq!(PendingConsent::from_json(&old).map(|r| r.used_at), Some(None));
}

#[test]
fn reads_the_hosts_answers() {
    let settings: Settings = read_answer(
        200,
        r#"{"app":{"clientId":"id","callbackUrl":"u","secretStored":true},"connection":null,
            "sitesToChoose":[],"later":"ignored"}"#,
    )
    .unwrap();
    assert!(settings.app.unwrap().secret_stored);

    let refused = read_answer::<Settings>(
        422,
        r#"{"error":{"code":"invalid_fields","message":"Fix the fields.",
            "fields":{"clientSecret":{"code":"checksum_mismatch","message":"Copy it again."}}}}"#,
    )
    .unwrap_err();
    assert_eq!(refused.host_code(), Some("invalid_fields"));
    assert_eq!(refused.to_string(), "Fix the fields.");
    let RequestError::Host { error, status: 422 } = refused else { panic!("{refused:?}") };
    assert_eq!(error.fields["clientSecret"].code, "checksum_mismatch");

    // A proxy's page, a 200 that is not the document, an error without a sentence.
    for (status, body) in [
        (502, "<html>Bad Gateway</html>"),
        (200, "<html>login</html>"),
        (500, r#"{"error":{"code":"x","message":" "}}"#),
    ] {
        assert_eq!(read_answer::<Settings>(status, body), Err(RequestError::Unexpected { status }));
    }
    // An error body under a 200 is not the settings, though every member of those is optional.
    let error200 = r#"{"error":{"code":"store_failed","message":"Not saved."}}"#;
    assert_eq!(
        read_answer::<Settings>(200, error200),
        Err(RequestError::Unexpected { status: 200 })
    );
    // A 401 is the end of a session, whoever answers it and however.
    let host401 = r#"{"error":{"code":"sign_in_needed","message":"Sign in."}}"#;
    for body in [host401, "<html>Sign in to Invicti</html>", ""] {
        assert_eq!(read_answer::<Settings>(401, body), Err(RequestError::SignedOut), "{body}");
    }
    let message = RequestError::Unexpected { status: 502 }.to_string();
    assert!(message.contains("HTTP 502"), "{message}");
}
