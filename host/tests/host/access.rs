//! Who gets in: the one-time sign-in link, the session cookie it sets, the 401 for everyone
//! else, the 403 for a change sent by another site's page, and the headers every answer carries.

use crate::support::*;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use serde_json::{Value, json};

/// The policy the issue asks for, written out here rather than taken from the host's constant.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; \
                   frame-ancestors 'none'";

/// Each request of the contract, with a body that would change something.
fn requests() -> [(Method, &'static str, Option<Value>); 5] {
    let (client_id, secret) = (OTHER_CLIENT_ID, OTHER_SECRET);
    let app = json!({ "clientId": client_id, "clientSecret": secret, "callbackUrl": CALLBACK });
    [
        (Method::GET, "/app", None),
        (Method::PUT, "/app", Some(app)),
        (
            Method::POST,
            "/consent",
            Some(json!({ "code": "c", "state": STATE, "redirectUri": CALLBACK })),
        ),
        (Method::POST, "/site", Some(json!({ "siteId": "1324a887" }))),
        (Method::POST, "/disconnect", Some(json!({ "forgetApp": true }))),
    ]
}

/// A request of the contract with exactly `headers` (and a JSON body when it has one).
fn request(
    method: &Method,
    path: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(format!("{API}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

#[tokio::test]
async fn without_a_session_every_request_is_401_and_nothing_is_read_or_changed() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let other = TestHost::offline().await;
    let (stored, calls) = (host.stored(), stand_in.calls().len());
    let (_, mac) = host.session.split_once('.').unwrap();
    let cookies = [
        None,
        Some("jos_session=".to_owned()),
        Some("jos_session=4102444800.".to_owned() + mac),
        Some(other.session.clone()),
        Some(host.session.replace("jos_session", "session")),
    ];
    for (method, path, body) in requests() {
        for cookie in &cookies {
            let mut headers = vec![("host", HOST), ("origin", ORIGIN)];
            headers.extend(cookie.as_deref().map(|cookie| ("cookie", cookie)));
            let (status, answer) =
                host.answer(request(&method, path, body.as_ref(), &headers)).await;
            let what = format!("{method} {path} with {cookie:?}");
            assert_eq!(
                (status, code(&answer)),
                (StatusCode::UNAUTHORIZED, "sign_in_needed"),
                "{what}"
            );
            assert!(answer.get("app").is_none() && answer.get("connection").is_none(), "{what}");
        }
    }
    assert_eq!(host.stored(), stored, "the store is as it was");
    assert_eq!(stand_in.calls().len(), calls, "Atlassian was not asked");
    // The session itself still works.
    assert_eq!(host.get_app().await["connection"]["site"]["id"], "1324a887");
}

#[tokio::test]
async fn a_cookie_of_the_same_name_set_by_another_port_does_not_sign_the_admin_out() {
    let host = TestHost::offline().await;
    // Browsers send the cookie of the longer path first: a page of another port of the same
    // machine can set one for /api.
    for cookie in
        [format!("jos_session=junk; {}", host.session), format!("{}; jos_session=", host.session)]
    {
        let headers = [("host", HOST), ("cookie", cookie.as_str())];
        let (status, _) = host.answer(request(&Method::GET, "/app", None, &headers)).await;
        assert_eq!(status, StatusCode::OK, "{cookie}");
    }
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_every_page_is_https() {
    let host = TestHost::with_origins(&["https://scanner.corp.example"]).await;
    assert!(host.set_cookie.ends_with("; Secure"), "{}", host.set_cookie);
    let plain = TestHost::with_origins(&["https://scanner.corp.example", "http://10.0.0.5"]).await;
    assert!(!plain.set_cookie.contains("Secure"), "{}", plain.set_cookie);
}

#[tokio::test]
async fn the_sign_in_link_signs_in_once_with_a_strict_http_only_cookie() {
    let host = TestHost::offline().await;
    let cookie: Vec<&str> = host.set_cookie.split("; ").collect();
    assert!(cookie[0].starts_with("jos_session="), "{cookie:?}");
    for attribute in ["Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=43200"] {
        assert!(cookie.contains(&attribute), "{attribute} in {cookie:?}");
    }

    // The spent link, a made-up one and none: refused, with the way to a valid one, no cookie.
    let made_up = format!("/sign-in?token={}", "0".repeat(64));
    for link in [host.spent_sign_in.as_str(), &made_up, "/sign-in", "/sign-in?token="] {
        let (status, headers, body) =
            host.raw(Request::get(link).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{link}");
        assert!(headers.get(header::SET_COOKIE).is_none(), "{link}");
        let page = String::from_utf8(body.to_vec()).unwrap();
        assert!(page.contains("newest sign-in link the host printed"), "{link}: {page}");
    }
}

#[tokio::test]
async fn a_change_from_another_sites_page_is_403_and_changes_nothing() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let (stored, calls) = (host.stored(), stand_in.calls().len());
    let session = host.session.as_str();
    let refused: [&[(&str, &str)]; 7] = [
        &[],
        &[("origin", "null")],
        &[("origin", "https://evil.example")],
        &[("origin", "https://invicti.example.com:8443")],
        &[("origin", "https://invicti.example.com.evil.example")],
        &[("origin", ORIGIN), ("sec-fetch-site", "cross-site")],
        &[("origin", ORIGIN), ("sec-fetch-site", "same-site")],
    ];
    for (method, path, body) in requests().into_iter().filter(|(method, ..)| method != Method::GET)
    {
        for extra in refused {
            let mut headers = vec![("host", HOST), ("cookie", session)];
            headers.extend_from_slice(extra);
            let (status, answer) =
                host.answer(request(&method, path, body.as_ref(), &headers)).await;
            let what = format!("{method} {path} with {extra:?}");
            assert_eq!((status, code(&answer)), (StatusCode::FORBIDDEN, "cross_origin"), "{what}");
        }
    }
    assert_eq!(host.stored(), stored, "the store is as it was");
    assert_eq!(stand_in.calls().len(), calls, "Atlassian was not asked");

    // The page itself, as Chromium sends it, is let in.
    let headers = [
        ("host", HOST),
        ("cookie", session),
        ("origin", ORIGIN),
        ("sec-fetch-site", "same-origin"),
    ];
    let disconnect = request(&Method::POST, "/disconnect", Some(&json!({})), &headers);
    assert_eq!(host.answer(disconnect).await.0, StatusCode::OK);
}

#[tokio::test]
async fn reading_from_another_origin_is_not_shared_with_it() {
    let host = TestHost::offline().await;
    let headers =
        [("host", HOST), ("cookie", host.session.as_str()), ("origin", "https://evil.example")];
    let (status, headers, _) = host.raw(request(&Method::GET, "/app", None, &headers)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers.keys().all(|name| !name.as_str().starts_with("access-control-")),
        "{headers:?}"
    );
}

#[tokio::test]
async fn behind_a_proxy_only_the_origins_given_may_change_anything() {
    let public = "https://scanner.corp.example";
    let host = TestHost::with_origins(&[public]).await;
    let app = json!({
        "clientId": CLIENT_ID,
        "clientSecret": SECRET,
        "callbackUrl": format!("{public}/app/integrations/callback"),
    });
    // The proxy passes its own address as the Host.
    let save = |origin: &'static str| {
        let headers =
            [("host", "127.0.0.1:8080"), ("cookie", host.session.as_str()), ("origin", origin)];
        request(&Method::PUT, "/app", Some(&app), &headers)
    };
    let (status, answer) = host.answer(save("http://127.0.0.1:8080")).await;
    assert_eq!((status, code(&answer)), (StatusCode::FORBIDDEN, "cross_origin"));
    let (status, answer) = host.answer(save(public)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

fn security_headers(headers: &HeaderMap) -> [(&'static str, Option<&str>); 4] {
    let get = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    [
        ("content-security-policy", get("content-security-policy")),
        ("referrer-policy", get("referrer-policy")),
        ("x-content-type-options", get("x-content-type-options")),
        ("x-frame-options", get("x-frame-options")),
    ]
}

#[tokio::test]
async fn every_answer_has_the_strict_policy_and_no_referrer() {
    let host = TestHost::offline().await;
    let expected = [
        ("content-security-policy", Some(CSP)),
        ("referrer-policy", Some("no-referrer")),
        ("x-content-type-options", Some("nosniff")),
        ("x-frame-options", Some("DENY")),
    ];
    let pages = ["/", "/app/integrations/callback", "/host.js", "/missing.js", "/sign-in"];
    for path in pages {
        let (status, headers, _) = host.raw(Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(security_headers(&headers), expected, "{path} ({status})");
        // The callback page's address holds the code: no cache keeps it.
        let cache = headers.get(header::CACHE_CONTROL).map(|value| value.to_str().unwrap());
        let no_store = matches!(path, "/app/integrations/callback" | "/sign-in");
        assert_eq!(cache == Some("no-store"), no_store, "{path}: {cache:?}");
    }
    let signed_in = [("host", HOST), ("cookie", host.session.as_str())];
    let answers = [
        host.raw(request(&Method::GET, "/app", None, &signed_in)).await,
        host.raw(request(&Method::GET, "/app", None, &[])).await,
    ];
    for (status, headers, _) in answers {
        assert_eq!(security_headers(&headers), expected, "{status}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{status}");
    }
}
