//! The authorize URL, parameter by parameter, for the shared synthetic credentials, and the
//! pending-consent record that goes with it.

#![cfg(not(target_arch = "wasm32"))]

use jira_oauth_settings::authorize::{AuthorizeRequest, STATE_BYTES, State};
use jira_oauth_settings::checks::{
    CallbackUrl, ClientId, PageOrigin, check_callback_url, check_client_id, check_client_secret,
};
use jira_oauth_settings::consent::PendingConsent;

const CLIENT_ID: &str = "CQkBxSzN7tK8YXR3OxKrYJjppSPGeBCR";
const SECRET: &str = "ATOA7G6IPgVjXb2bI7SiTHD5SNekqfHUNLxEE8bFtUcm2wbthjNBjkurEZwGtW1QuBk4791C30ED";

fn checked(id: &str, callback: &str, origin: &str) -> (ClientId, CallbackUrl) {
    let origin = PageOrigin::parse(origin).unwrap();
    let id = check_client_id(id).unwrap().value;
    let callback = check_callback_url(callback, &origin).unwrap().value;
    (id, callback)
}

fn state(byte: u8) -> State {
    State::from_random_bytes(&[byte; STATE_BYTES])
}

/// The query's parameters, decoded, in order.
fn parameters(url: &str) -> Vec<(String, String)> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[test]
fn has_exactly_the_seven_documented_parameters_in_order() {
    let (id, callback) = checked(
        &format!("  {CLIENT_ID}\n"),
        "https://scanner.corp.example/app/integrations/callback",
        "https://scanner.corp.example",
    );
    let state = state(7);
    let url = AuthorizeRequest { client_id: &id, redirect_uri: &callback, state: &state }.url();
    assert!(url.starts_with("https://auth.atlassian.com/authorize?"), "{url}");
    let expected = [
        ("audience", "api.atlassian.com"),
        ("client_id", CLIENT_ID),
        (
            "scope",
            "read:jira-work read:jira-user write:jira-work manage:jira-webhook offline_access",
        ),
        ("redirect_uri", "https://scanner.corp.example/app/integrations/callback"),
        ("state", state.as_str()),
        ("response_type", "code"),
        ("prompt", "consent"),
    ];
    let expected: Vec<(String, String)> =
        expected.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    assert_eq!(parameters(&url), expected);
}

#[test]
fn scopes_are_joined_by_percent_20_never_plus() {
    let (id, callback) = checked(
        CLIENT_ID,
        "http://127.0.0.1:8080/app/integrations/callback",
        "http://127.0.0.1:8080",
    );
    let url = AuthorizeRequest { client_id: &id, redirect_uri: &callback, state: &state(1) }.url();
    assert!(
        url.contains(
            "&scope=read%3Ajira-work%20read%3Ajira-user%20write%3Ajira-work\
         %20manage%3Ajira-webhook%20offline_access&"
        ),
        "{url}"
    );
    assert!(!url.contains('+'), "{url}");
    assert!(
        url.contains(
            "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fapp%2Fintegrations%2Fcallback&"
        ),
        "{url}"
    );
}

#[test]
fn redirect_uri_is_the_trimmed_text_not_a_reserialisation() {
    // A URL library would drop ":443" and lower-case the host; Atlassian compares the text.
    let typed = "https://Scanner.corp.example:443/app/integrations/callback";
    let (id, callback) = checked(CLIENT_ID, &format!(" {typed}\t"), "https://scanner.corp.example");
    let url = AuthorizeRequest { client_id: &id, redirect_uri: &callback, state: &state(2) }.url();
    let redirect = parameters(&url).into_iter().find(|(k, _)| k == "redirect_uri").unwrap().1;
    assert_eq!(redirect, typed);
}

#[test]
fn state_is_43_characters_of_base64url_and_differs_with_the_bytes() {
    let a = state(0xFB);
    assert_eq!(a.as_str().len(), 43);
    assert!(
        a.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{}",
        a.as_str()
    );
    assert_ne!(a.as_str(), state(0xFC).as_str());
    let mut bytes = [0u8; STATE_BYTES];
    bytes[31] = 1;
    assert_eq!(
        State::from_random_bytes(&bytes).as_str(),
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"
    );
    assert_eq!(format!("{a:?}"), format!("State({}…)", &a.as_str()[..6]), "Debug shows a prefix");
}

#[test]
fn pending_consent_holds_the_attempt_and_never_the_secret() {
    assert!(check_client_secret(SECRET).is_ok());
    let (id, callback) = checked(
        CLIENT_ID,
        "https://scanner.corp.example/app/integrations/callback",
        "https://scanner.corp.example",
    );
    let state = state(9);
    let record = PendingConsent::new(&state, &callback, &id, 1_764_760_000_000);
    let json = record.to_json();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "state": state.as_str(),
            "redirectUri": "https://scanner.corp.example/app/integrations/callback",
            "clientId": CLIENT_ID,
            "createdAt": 1_764_760_000_000u64,
        })
    );
    assert!(!json.contains(&SECRET[4..20]));
    assert_eq!(PendingConsent::from_json(&json), Some(record));
    assert_eq!(
        PendingConsent::storage_key(state.as_str()),
        format!("jira-oauth-settings.consent.{}", state.as_str())
    );
}

#[test]
fn foreign_or_corrupted_records_are_ignored() {
    for json in [
        "",
        "null",
        "{}",
        "[1,2]",
        "{\"state\":1}",
        "not json",
        "{\"state\":\"a\",\"redirectUri\":\"b\",\"clientId\":\"c\",\"createdAt\":-1}",
    ] {
        assert_eq!(PendingConsent::from_json(json), None, "{json}");
    }
}

#[test]
fn records_with_fields_of_a_later_version_are_still_read() {
    let json = r#"{"state":"a","redirectUri":"b","clientId":"c","createdAt":1,"usedAt":2}"#;
    let record = PendingConsent::from_json(json).expect("a record");
    assert_eq!((record.state.as_str(), record.created_at), ("a", 1));
}
