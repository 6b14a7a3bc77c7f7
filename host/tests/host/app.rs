//! `GET /app` and `PUT /app`: the settings document, the checks, the kept secret, and the JSON
//! answers to requests that are not of the contract.

use crate::support::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

#[tokio::test]
async fn no_app_yet() {
    let host = TestHost::offline().await;
    let settings = host.get_app().await;
    assert_eq!(settings, json!({ "app": null, "connection": null, "sitesToChoose": [] }));
}

#[tokio::test]
async fn a_valid_app_is_stored_trimmed_and_its_secret_never_answered() {
    let host = TestHost::offline().await;
    let (status, settings) = host.put_app(&format!(" {CLIENT_ID}\n"), &format!("{SECRET} ")).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    let expected = json!({ "clientId": CLIENT_ID, "callbackUrl": CALLBACK, "secretStored": true });
    assert_eq!(settings["app"], expected);
    assert!(!settings.to_string().contains(&SECRET[..20]));
    assert!(!host.get_app().await.to_string().contains(&SECRET[..20]));
    assert_eq!(host.stored()["app"]["clientSecret"], SECRET);
}

#[tokio::test]
async fn field_errors_are_keyed_by_field_with_the_checks_codes() {
    let host = TestHost::offline().await;
    // The secret with its last checksum digit changed, and the secret in the ID field.
    let damaged = format!("{}E", &SECRET[..SECRET.len() - 1]);
    let body = json!({
        "clientId": OTHER_SECRET,
        "clientSecret": damaged,
        "callbackUrl": format!("{CALLBACK}/"),
    });
    let (status, answer) = host.call(Method::PUT, "/app", Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(&answer), "invalid_fields");
    let fields = &answer["error"]["fields"];
    assert_eq!(fields["clientId"]["code"], "wrong_credential");
    assert_eq!(fields["clientSecret"]["code"], "checksum_mismatch");
    assert_eq!(fields["callbackUrl"]["code"], "trailing_slash");
    assert!(fields["callbackUrl"]["message"].as_str().unwrap().contains(CALLBACK));
    assert!(!answer.to_string().contains(&SECRET[..20]));
    assert_eq!(host.get_app().await["app"], json!(null));
}

#[tokio::test]
async fn only_the_faulty_field_is_reported() {
    let host = TestHost::offline().await;
    let body = json!({ "clientId": CLIENT_ID, "clientSecret": SECRET, "callbackUrl": "" });
    let (status, answer) = host.call(Method::PUT, "/app", Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = answer["error"]["fields"].as_object().unwrap();
    assert_eq!(fields.keys().collect::<Vec<_>>(), ["callbackUrl"]);
}

#[tokio::test]
async fn a_warning_does_not_block_saving() {
    let host = TestHost::offline().await;
    // 31 characters: an unusual length, only a warning.
    let (status, settings) = host.put_app(&CLIENT_ID[1..], SECRET).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["app"]["clientId"], &CLIENT_ID[1..]);
}

#[tokio::test]
async fn an_empty_or_missing_secret_keeps_the_stored_one() {
    let host = TestHost::offline().await;
    host.put_app(CLIENT_ID, SECRET).await;
    let callback = "https://invicti.example.com/app/integrations/callback";
    let missing = json!({ "clientId": CLIENT_ID, "callbackUrl": callback });
    for body in
        [json!({ "clientId": CLIENT_ID, "clientSecret": "", "callbackUrl": callback }), missing]
    {
        let (status, settings) = host.call(Method::PUT, "/app", Some(body)).await;
        assert_eq!(status, StatusCode::OK, "{settings}");
        assert_eq!(settings["app"]["secretStored"], true);
        assert_eq!(host.stored()["app"]["clientSecret"], SECRET);
    }
}

#[tokio::test]
async fn an_empty_secret_with_another_client_id_is_refused() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let before = host.stored();
    for secret in ["", "  "] {
        let (status, answer) = host.put_app(OTHER_CLIENT_ID, secret).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(code(&answer), "invalid_fields");
        let fields = answer["error"]["fields"].as_object().unwrap();
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["clientSecret"]);
        assert_eq!(fields["clientSecret"]["code"], "secret_needed");
        let message = fields["clientSecret"]["message"].as_str().unwrap();
        assert!(message.contains("another app's Client ID"), "{message}");
    }
    // Left out too; and nothing changed: the app, its secret and the connection stay.
    let missing = json!({ "clientId": OTHER_CLIENT_ID, "callbackUrl": CALLBACK });
    let (status, answer) = host.call(Method::PUT, "/app", Some(missing)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["fields"]["clientSecret"]["code"], "secret_needed");
    assert_eq!(host.stored(), before);
    assert_eq!(host.get_app().await["connection"]["site"]["id"], "1324a887");
}

#[tokio::test]
async fn an_empty_secret_with_another_faulty_client_id_faults_both_fields() {
    let host = TestHost::offline().await;
    host.put_app(CLIENT_ID, SECRET).await;
    let before = host.stored();
    // The secret pasted into the ID field: a fault of its own, and not the stored app's ID.
    let (status, answer) = host.put_app(OTHER_SECRET, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    let fields = &answer["error"]["fields"];
    assert_eq!(fields["clientId"]["code"], "wrong_credential");
    assert_eq!(fields["clientSecret"]["code"], "secret_needed");
    assert_eq!(host.stored(), before);
}

#[tokio::test]
async fn the_stored_client_id_with_white_space_around_it_keeps_the_secret() {
    let host = TestHost::offline().await;
    host.put_app(CLIENT_ID, SECRET).await;
    let (status, settings) = host.put_app(&format!("  {CLIENT_ID}\t"), " ").await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(host.stored()["app"]["clientSecret"], SECRET);
}

#[tokio::test]
async fn an_empty_secret_with_none_stored_is_the_checks_error() {
    let host = TestHost::offline().await;
    let (status, answer) = host.put_app(CLIENT_ID, "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["fields"]["clientSecret"]["code"], "empty");
    assert!(answer["error"]["fields"].get("clientId").is_none());
}

#[tokio::test]
async fn another_client_id_forgets_the_connection() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let (status, settings) = host.put_app(OTHER_CLIENT_ID, OTHER_SECRET).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(settings["connection"], json!(null));
    assert_eq!(host.stored()["tokens"], json!(null));
}

#[tokio::test]
async fn the_same_client_id_keeps_the_connection() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let (status, settings) = host.put_app(CLIENT_ID, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(settings["connection"]["site"]["id"], "1324a887");
    assert!(host.stored()["tokens"]["accessToken"].is_string());
}

#[tokio::test]
async fn the_callback_is_checked_against_the_requests_origin() {
    let host = TestHost::offline().await;
    let body = json!({ "clientId": CLIENT_ID, "clientSecret": SECRET, "callbackUrl": CALLBACK });
    // A page of another host's address, saving there: its callback leads elsewhere.
    let other = "https://other.example.com";
    let (status, answer) = host.put_raw(other, "application/json", body.to_string()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer["error"]["fields"]["callbackUrl"]["code"], "other_front_end");
}

#[tokio::test]
async fn a_body_not_sent_as_json_is_415() {
    let host = TestHost::offline().await;
    let (status, answer) = host.put_raw(ORIGIN, "text/plain", "clientId=x").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(code(&answer), "unsupported_media_type");
}

#[tokio::test]
async fn bad_json_and_the_wrong_shape_are_400() {
    let host = TestHost::offline().await;
    let bodies = ["{\"clientId\": ", "[]", "{\"clientId\": 3, \"callbackUrl\": \"x\"}", "{}"];
    for body in bodies {
        let (status, answer) = host.put_raw(ORIGIN, "application/json", body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(code(&answer), "invalid_request");
    }
    let typo = json!({ "clientId": CLIENT_ID, "clientsecret": SECRET, "callbackUrl": CALLBACK });
    let (status, _) = host.call(Method::PUT, "/app", Some(typo)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_body_over_16_kib_is_413_and_one_under_it_is_read() {
    let host = TestHost::offline().await;
    // Valid JSON of the right shape, padded with white space to `size` bytes.
    let body = |size: usize| {
        let unpadded = format!(
            "{{\"clientId\": \"{CLIENT_ID}\", \"clientSecret\": \"{SECRET}\", \
             \"callbackUrl\": \"{CALLBACK}\"}}"
        );
        let padding = " ".repeat(size - unpadded.len());
        let padded = unpadded.replacen(", ", &format!(", {padding}"), 1);
        assert_eq!(padded.len(), size);
        padded
    };
    let (status, answer) = host.put_raw(ORIGIN, "application/json", body(16 * 1024 + 1)).await;
    assert_eq!((status, code(&answer)), (StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
    assert!(answer["error"]["message"].as_str().unwrap().contains("16 KiB"), "{answer}");
    assert_eq!(host.get_app().await["app"], json!(null));
    let (status, answer) = host.put_raw(ORIGIN, "application/json", body(16 * 1024)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn unknown_requests_and_methods_answer_json() {
    let host = TestHost::offline().await;
    for path in [format!("{API}/apps"), API.to_owned(), "/api/other".to_owned()] {
        let (status, answer) = host.answer(Request::get(&path).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(code(&answer), "not_found");
    }
    let (status, answer) = host.call(Method::DELETE, "/app", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(code(&answer), "method_not_allowed");
    let (status, _) = host.call(Method::GET, "/consent", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn values_over_the_fields_caps_are_refused_by_the_checks_within_the_body_limit() {
    let host = TestHost::offline().await;
    let body = json!({
        "clientId": "a".repeat(256),
        "clientSecret": "b".repeat(1025),
        "callbackUrl": format!("{ORIGIN}/{}", "c".repeat(400)),
    });
    let (status, answer) = host.call(Method::PUT, "/app", Some(body)).await;
    assert_eq!((status, code(&answer)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_fields"));
    let fields = &answer["error"]["fields"];
    let codes =
        ["clientId", "clientSecret", "callbackUrl"].map(|name| fields[name]["code"].clone());
    assert_eq!(codes, [json!("too_long"), json!("wrong_length"), json!("too_long")], "{answer}");
    assert_eq!(host.get_app().await["app"], json!(null));
}
