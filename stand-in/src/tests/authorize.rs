//! The consent screen: the product's request gets a code and its state back, and every single
//! deviation from the documented request gets Atlassian's error page, never a redirect.

use axum::http::{StatusCode, header};

use super::*;

#[tokio::test]
async fn the_documented_request_redirects_with_a_code_and_the_state() {
    let harness = Harness::new();
    let reply = harness.authorize(&query_with("state", "a%20b%2Fc~d")).await;
    assert_eq!(reply.status, StatusCode::FOUND, "{}", reply.body);
    let location = reply.location().expect("a Location");
    assert!(location.starts_with(&format!("{CALLBACK_URL}?code=")), "{location}");
    assert!(location.ends_with("&state=a%20b%2Fc~d"), "{location}");
    let code = location_parameter(location, "code").expect("a code");
    assert!((380..=450).contains(&code.len()), "{}", code.len());
    assert_eq!(code.matches('.').count(), 2);
    let store = http::lock(&harness.store);
    let issued = &store.codes[code];
    assert_eq!(
        (issued.client_id.as_str(), issued.redirect_uri.as_str()),
        (CLIENT_ID, CALLBACK_URL)
    );
    assert_eq!(issued.scopes.join(" "), GRANTED);
}

#[tokio::test]
async fn each_code_is_new() {
    let harness = Harness::new();
    assert_ne!(harness.code().await, harness.code().await);
}

#[tokio::test]
async fn the_same_request_in_other_spellings_is_accepted() {
    let harness = Harness::new();
    let mut reversed = pairs();
    reversed.reverse();
    let spellings = [
        ("parameters in another order", join(&reversed)),
        ("redirect_uri left unencoded", query_with("redirect_uri", CALLBACK_URL)),
        ("escapes in lower case", query_with("scope", &SCOPE.replace("%3A", "%3a"))),
        ("no offline_access", query_with("scope", &SCOPE.replace("%20offline_access", ""))),
    ];
    for (spelling, query) in spellings {
        let reply = harness.authorize(&query).await;
        assert_eq!(reply.status, StatusCode::FOUND, "{spelling}: {}", reply.body);
    }
}

#[tokio::test]
async fn every_single_deviation_is_refused_without_a_redirect() {
    let callback = |url: &str| query_with("redirect_uri", url);
    let port = CALLBACK_URL.replace(".com/", ".com:443/");
    let capitals = CALLBACK_URL.replace("invicti", "INVICTI");
    let space = CALLBACK_URL.replace("callback", "call%20back");
    let accent = CALLBACK_URL.replace("callback", "callb%C3%A4ck");
    let offline = SCOPE.replace("offline_access", "offline-access");
    let three = SCOPE.replace("%20manage%3Ajira-webhook", "");
    let scope = |scope: String| query_with("scope", &scope);
    let pkce =
        format!("{}&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", join(&pairs()));
    let deviations = [
        ("a + for a space", scope(SCOPE.replace("%20", "+")), "plus_in_query"),
        ("audience missing", query_without("audience"), "missing_parameter"),
        ("another audience", query_with("audience", "api.atlassian.net"), "invalid_audience"),
        ("prompt missing", query_without("prompt"), "missing_parameter"),
        ("another prompt", query_with("prompt", "none"), "invalid_prompt"),
        ("response_type token", query_with("response_type", "token"), "unsupported_response_type"),
        ("PKCE's code_challenge", pkce, "unsupported_parameter"),
        ("state twice", format!("{}&state=again", join(&pairs())), "duplicate_parameter"),
        ("state empty", query_with("state", ""), "missing_state"),
        ("state missing", query_without("state"), "missing_parameter"),
        ("a trailing slash", callback(&format!("{CALLBACK_URL}/")), "redirect_uri_mismatch"),
        ("http", callback(&CALLBACK_URL.replacen("https", "http", 1)), "redirect_uri_mismatch"),
        ("the default port", callback(&port), "redirect_uri_mismatch"),
        ("the host in capitals", callback(&capitals), "redirect_uri_mismatch"),
        ("a space in redirect_uri", callback(&space), "invalid_redirect_uri"),
        ("a letter not ASCII", callback(&accent), "invalid_redirect_uri"),
        ("a scope not added", scope(format!("{SCOPE}%20manage%3Ajira-project")), "invalid_scope"),
        ("offline-access", scope(offline), "invalid_scope"),
        ("a classic scope missing", scope(three), "missing_scope"),
        ("comma-separated scopes", scope(SCOPE.replace("%20", "%2C")), "invalid_scope"),
        ("a doubled space", scope(SCOPE.replacen("%20", "%20%20", 1)), "malformed_scope"),
        ("a trailing space", scope(format!("{SCOPE}%20")), "malformed_scope"),
        ("a scope twice", scope(format!("{SCOPE}%20read%3Ajira-work")), "duplicate_scope"),
        ("an unknown client", query_with("client_id", OTHER_CLIENT_ID), "unknown_client"),
        (
            "a client_id with a space",
            query_with("client_id", &format!("{CLIENT_ID}%20")),
            "unknown_client",
        ),
        ("a broken escape", query_with("state", "abc%2"), "malformed_encoding"),
        ("an escape that is not UTF-8", query_with("state", "%FF"), "malformed_encoding"),
        ("an item without a value", format!("{}&debug", join(&pairs())), "malformed_query"),
        ("no query at all", String::new(), "missing_parameter"),
    ];
    let harness = Harness::new();
    for (deviation, query, word) in deviations {
        let reply = harness.authorize(&query).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{deviation}");
        assert!(reply.headers.get(header::LOCATION).is_none(), "{deviation}");
        let shown = format!("<p id=\"fault\">{word}</p>");
        assert!(reply.body.contains(&shown), "{deviation}: {}", reply.body);
        assert!(reply.body.contains("Something went wrong"), "{deviation}");
    }
    assert!(http::lock(&harness.store).codes.is_empty());
    // The same harness lets the documented request through: the refusals are the deviations'.
    assert_eq!(harness.authorize(&join(&pairs())).await.status, StatusCode::FOUND);
}

#[tokio::test]
async fn a_classic_scope_not_added_in_the_console_cannot_be_requested() {
    let scopes = crate::CLASSIC_SCOPES[..3].iter().map(|scope| scope.to_string()).collect();
    let harness = Harness::with(App { scopes, ..app() });
    let reply = harness.authorize(&join(&pairs())).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("manage:jira-webhook has not been added"), "{}", reply.body);
}

#[tokio::test]
async fn a_scope_added_in_the_console_may_be_requested_beside_the_classic_ones() {
    let mut scopes = crate::default_scopes();
    scopes.push("manage:jira-project".to_owned());
    let harness = Harness::with(App { scopes, ..app() });
    let query = query_with("scope", &format!("{SCOPE}%20manage%3Ajira-project"));
    assert_eq!(harness.authorize(&query).await.status, StatusCode::FOUND);
}

#[tokio::test]
async fn a_declining_user_is_sent_back_with_access_denied_and_the_state() {
    let harness = Harness::with(App { declines: true, ..app() });
    let reply = harness.authorize(&join(&pairs())).await;
    assert_eq!(reply.status, StatusCode::FOUND);
    let expected = format!(
        "{CALLBACK_URL}?error=access_denied\
         &error_description=User%20did%20not%20authorize%20the%20request&state={STATE}"
    );
    assert_eq!(reply.location(), Some(expected.as_str()));
    assert!(http::lock(&harness.store).codes.is_empty());
}

#[tokio::test]
async fn a_fault_page_escapes_what_the_request_said() {
    let harness = Harness::new();
    let reply = harness.authorize(&format!("{}&%3Cb%3E=1", join(&pairs()))).await;
    assert!(reply.body.contains("<p id=\"fault\">unsupported_parameter</p>"), "{}", reply.body);
    assert!(reply.body.contains("%3Cb%3E is not supported"), "{}", reply.body);
    let reply = harness.authorize(&query_with("scope", &format!("{SCOPE}%20%3Cb%3E"))).await;
    assert!(reply.body.contains("&lt;b&gt; has not been added"), "{}", reply.body);
    assert!(!reply.body.contains("<b>"), "{}", reply.body);
}
