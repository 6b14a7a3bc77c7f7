//! The token endpoint and accessible resources: a code is exchanged once, by its own client, in
//! time, for its own redirect_uri; refresh tokens rotate; a bad token opens nothing.

use std::time::Duration;

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use super::*;
use crate::store::{
    ACCESS_TOKEN_LIFETIME, CODE_LIFETIME, REFRESH_INACTIVITY, REFRESH_REUSE_LEEWAY,
};

const SECOND: Duration = Duration::from_secs(1);

fn refused(reply: &Reply, status: StatusCode, error: &str, description: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.json(), json!({ "error": error, "error_description": description }));
}

fn invalid_grant(reply: &Reply, description: &str) {
    refused(reply, StatusCode::FORBIDDEN, "invalid_grant", description);
}

#[tokio::test]
async fn a_code_is_exchanged_for_tokens_with_the_granted_scopes() {
    let harness = Harness::new();
    let code = harness.code().await;
    let reply = harness.exchange(&code).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.headers.get(header::CACHE_CONTROL).map(|v| v.as_bytes()),
        Some(&b"no-store"[..])
    );
    let tokens = reply.json();
    assert_eq!(tokens["expires_in"], 3600);
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["scope"], GRANTED);
    let access_token = tokens["access_token"].as_str().expect("an access token");
    let refresh_token = tokens["refresh_token"].as_str().expect("a refresh token");
    assert!(access_token.len() > 100 && refresh_token.len() > 100);
    assert_ne!(access_token, refresh_token);
    assert_ne!(access_token, code);
}

#[tokio::test]
async fn without_offline_access_no_refresh_token_is_issued() {
    let harness = Harness::new();
    let query = query_with("scope", &SCOPE.replace("%20offline_access", ""));
    let reply = harness.authorize(&query).await;
    let code = location_parameter(reply.location().expect("a redirect"), "code").expect("a code");
    let tokens = harness.exchange(code).await.json();
    assert_eq!(tokens["scope"], GRANTED.replace(" offline_access", ""));
    assert!(tokens["access_token"].is_string());
    assert_eq!(tokens.get("refresh_token"), None);
}

#[tokio::test]
async fn only_a_json_body_is_read() {
    let harness = Harness::new();
    let code = harness.code().await;
    let body = exchange_request(CLIENT_ID, CLIENT_SECRET, &code, CALLBACK_URL).to_string();
    let form = format!("grant_type=authorization_code&client_id={CLIENT_ID}&code={code}");
    for (content_type, body) in [
        ("application/x-www-form-urlencoded", form),
        ("text/plain", body.clone()),
        ("application/json; boundary=x", body.clone()),
    ] {
        let reply = harness.post("/oauth/token", content_type, body).await;
        let description = "Content-Type must be application/json";
        refused(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE, "invalid_request", description);
    }
    let reply = harness.post("/oauth/token", "application/json; charset=UTF-8", body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn a_malformed_request_is_invalid() {
    let harness = Harness::new();
    let code = harness.code().await;
    let complete = exchange_request(CLIENT_ID, CLIENT_SECRET, &code, CALLBACK_URL);
    let without = |field: &str| {
        let mut request = complete.clone();
        request.as_object_mut().expect("an object").remove(field);
        request
    };
    let with = |field: &str, value: Value| {
        let mut request = complete.clone();
        request[field] = value;
        request
    };
    let malformed = [
        (
            "redirect_uri missing",
            without("redirect_uri"),
            "redirect_uri is missing or not a string",
        ),
        ("code missing", without("code"), "code is missing or not a string"),
        ("grant_type missing", without("grant_type"), "grant_type is missing or not a string"),
        ("a number for the code", with("code", json!(7)), "code is missing or not a string"),
        (
            "PKCE's code_verifier",
            with("code_verifier", json!("x")),
            "Unexpected field code_verifier",
        ),
        ("an array", json!([complete.clone()]), "The body is not a JSON object"),
    ];
    for (fault, request, description) in malformed {
        let reply = harness.token(request).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{fault}");
        assert_eq!(
            reply.json(),
            json!({ "error": "invalid_request", "error_description": description })
        );
    }
    let reply = harness.post("/oauth/token", "application/json", "{".to_owned()).await;
    refused(&reply, StatusCode::BAD_REQUEST, "invalid_request", "The body is not a JSON object");
    // None of them used the code up.
    assert_eq!(harness.token(complete).await.status, StatusCode::OK);
}

#[tokio::test]
async fn other_grant_types_are_unsupported() {
    let harness = Harness::new();
    for grant_type in ["client_credentials", "password", "authorization-code"] {
        let request = json!({
            "grant_type": grant_type,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        });
        let reply = harness.token(request).await;
        refused(
            &reply,
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type",
        );
    }
    let calls = http::lock(&harness.store).calls.clone();
    assert_eq!(calls[0].grant_type.as_deref(), Some("client_credentials"));
}

#[tokio::test]
async fn a_wrong_secret_or_an_unknown_client_is_unauthorized() {
    let harness = Harness::new();
    harness.register(App {
        client_id: OTHER_CLIENT_ID.to_owned(),
        client_secret: OTHER_CLIENT_SECRET.to_owned(),
        ..app()
    });
    let code = harness.code().await;
    for (client_id, client_secret) in [
        (CLIENT_ID, OTHER_CLIENT_SECRET),
        (CLIENT_ID, &CLIENT_SECRET[..CLIENT_SECRET.len() - 1]),
        ("unknown", CLIENT_SECRET),
    ] {
        let reply = harness.exchange_as(client_id, client_secret, &code, CALLBACK_URL).await;
        refused(&reply, StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized");
    }
    // Another app's own credentials do not open this app's code.
    let reply =
        harness.exchange_as(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, &code, CALLBACK_URL).await;
    invalid_grant(&reply, "Invalid authorization code");
    assert_eq!(harness.exchange(&code).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_code_is_an_invalid_grant() {
    let harness = Harness::new();
    let code = harness.code().await;
    invalid_grant(&harness.exchange(&code[1..]).await, "Invalid authorization code");
}

#[tokio::test]
async fn a_code_used_twice_is_refused_and_revokes_its_tokens() {
    let harness = Harness::new();
    let code = harness.code().await;
    let tokens = harness.exchange(&code).await.json();
    assert_eq!(harness.resources(bearer(&tokens)).await.status, StatusCode::OK);
    invalid_grant(&harness.exchange(&code).await, "Invalid authorization code");
    assert_eq!(harness.resources(bearer(&tokens)).await.status, StatusCode::UNAUTHORIZED);
    let refreshed = harness.refresh(&tokens["refresh_token"]).await;
    invalid_grant(&refreshed, "Unknown or invalid refresh token");
}

#[tokio::test]
async fn a_code_used_twice_also_revokes_the_tokens_refreshed_since() {
    let harness = Harness::new();
    let code = harness.code().await;
    let tokens = harness.exchange(&code).await.json();
    let refreshed = harness.refresh(&tokens["refresh_token"]).await.json();
    invalid_grant(&harness.exchange(&code).await, "Invalid authorization code");
    assert_eq!(harness.resources(bearer(&refreshed)).await.status, StatusCode::UNAUTHORIZED);
    let again = harness.refresh(&refreshed["refresh_token"]).await;
    invalid_grant(&again, "Unknown or invalid refresh token");
}

#[tokio::test]
async fn a_different_redirect_uri_is_refused() {
    let harness = Harness::new();
    let code = harness.code().await;
    for redirect_uri in [format!("{CALLBACK_URL}/"), CALLBACK_URL.replace("https", "http")] {
        let reply = harness.exchange_as(CLIENT_ID, CLIENT_SECRET, &code, &redirect_uri).await;
        invalid_grant(&reply, "redirect_uri mismatch");
    }
}

#[tokio::test]
async fn a_code_expires_after_ten_minutes() {
    let harness = Harness::new();
    let code = harness.code().await;
    harness.advance(CODE_LIFETIME - SECOND);
    assert_eq!(harness.exchange(&code).await.status, StatusCode::OK);
    let code = harness.code().await;
    harness.advance(CODE_LIFETIME);
    invalid_grant(&harness.exchange(&code).await, "Invalid authorization code");
}

#[tokio::test]
async fn a_refresh_rotates_and_the_old_token_dies_after_the_leeway() {
    let harness = Harness::new();
    let first = harness.tokens().await;
    let second = harness.refresh(&first["refresh_token"]).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let second = second.json();
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_ne!(second["access_token"], first["access_token"]);
    assert!(second["refresh_token"].is_string() && second["access_token"].is_string());
    assert_eq!((&second["scope"], &second["expires_in"]), (&json!(GRANTED), &json!(3600)));
    assert_eq!(harness.resources(bearer(&second)).await.status, StatusCode::OK);

    // Within the leeway the old one still works (a lost answer can be retried)...
    harness.advance(REFRESH_REUSE_LEEWAY - SECOND);
    let retried = harness.refresh(&first["refresh_token"]).await;
    assert_eq!(retried.status, StatusCode::OK, "{}", retried.body);
    assert_ne!(retried.json()["refresh_token"], second["refresh_token"]);
    // ...counted from its first rotation, not from the retry.
    harness.advance(SECOND);
    let late = harness.refresh(&first["refresh_token"]).await;
    invalid_grant(&late, "Unknown or invalid refresh token");
    // The new one, never rotated, lives on.
    assert_eq!(harness.refresh(&second["refresh_token"]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_unused_refresh_token_dies_after_ninety_days() {
    let harness = Harness::new();
    let tokens = harness.tokens().await;
    let spare = harness.tokens().await;
    harness.advance(REFRESH_INACTIVITY - SECOND);
    assert_eq!(harness.refresh(&spare["refresh_token"]).await.status, StatusCode::OK);
    harness.advance(SECOND);
    let reply = harness.refresh(&tokens["refresh_token"]).await;
    invalid_grant(&reply, "Unknown or invalid refresh token");
}

#[tokio::test]
async fn a_refresh_token_is_refused_to_another_client_and_when_unknown() {
    let harness = Harness::new();
    harness.register(App {
        client_id: OTHER_CLIENT_ID.to_owned(),
        client_secret: OTHER_CLIENT_SECRET.to_owned(),
        ..app()
    });
    let tokens = harness.tokens().await;
    let refresh_token = &tokens["refresh_token"];
    let other = harness.refresh_as(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, refresh_token).await;
    invalid_grant(&other, "Unknown or invalid refresh token");
    let unknown = harness.refresh(&tokens["access_token"]).await;
    invalid_grant(&unknown, "Unknown or invalid refresh token");
    let wrong_secret = harness.refresh_as(CLIENT_ID, OTHER_CLIENT_SECRET, refresh_token).await;
    refused(&wrong_secret, StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized");
    assert_eq!(harness.refresh(refresh_token).await.status, StatusCode::OK);
}

#[tokio::test]
async fn accessible_resources_lists_the_apps_sites_with_the_granted_scopes() {
    let own_scopes =
        Site { id: "cloud-2".to_owned(), scopes: vec!["read:jira-work".to_owned()], ..site() };
    let harness = Harness::with(App { sites: vec![site(), own_scopes], ..app() });
    let tokens = harness.tokens().await;
    let reply = harness.resources(bearer(&tokens)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let classic = crate::CLASSIC_SCOPES;
    assert_eq!(
        reply.json(),
        json!([
            {
                "id": "1324a887-45db-1bf4-1e99-ef0ff456d421",
                "name": "example",
                "url": "https://example.atlassian.net",
                "scopes": classic,
                "avatarUrl": "",
            },
            {
                "id": "cloud-2",
                "name": "example",
                "url": "https://example.atlassian.net",
                "scopes": ["read:jira-work"],
                "avatarUrl": "",
            },
        ])
    );
}

#[tokio::test]
async fn accessible_resources_refuses_a_bad_token() {
    let harness = Harness::new();
    let tokens = harness.tokens().await;
    let access_token = tokens["access_token"].as_str().expect("an access token");
    let refresh_token = tokens["refresh_token"].as_str().expect("a refresh token");
    let bad = [
        None,
        Some("Bearer".to_owned()),
        Some(format!("Bearer {}", &access_token[1..])),
        Some(format!("bearer {access_token}")),
        Some(format!("Basic {access_token}")),
        Some(format!("Bearer {refresh_token}")),
    ];
    for authorization in bad {
        let reply = harness.resources(authorization.clone()).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert_eq!(reply.json(), json!({ "code": 401, "message": "Unauthorized" }));
    }
    assert_eq!(harness.resources(bearer(&tokens)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_access_token_expires_after_an_hour() {
    let harness = Harness::new();
    let tokens = harness.tokens().await;
    harness.advance(ACCESS_TOKEN_LIFETIME - SECOND);
    assert_eq!(harness.resources(bearer(&tokens)).await.status, StatusCode::OK);
    harness.advance(SECOND);
    assert_eq!(harness.resources(bearer(&tokens)).await.status, StatusCode::UNAUTHORIZED);
}
