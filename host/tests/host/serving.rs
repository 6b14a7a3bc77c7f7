//! The files the host serves: the settings page at `/` and at the callback path, the build's
//! other files, and a 404 for anything else.

use crate::support::*;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use jira_oauth_host::serve::{Limits, serve};
use jira_oauth_host::{Dist, STORE_FILE};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn get(host: &TestHost, path: &str) -> (StatusCode, String) {
    let (status, _, body) = host.raw(Request::get(path).body(Body::empty()).unwrap()).await;
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn the_page_is_served_at_the_root_and_at_the_callback_path() {
    let host = TestHost::offline().await;
    for path in ["/", "/app/integrations/callback"] {
        let (status, body) = get(&host, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("<title>settings</title>"), "{path}");
    }
}

#[tokio::test]
async fn other_files_come_from_the_build_or_are_404() {
    let host = TestHost::offline().await;
    assert_eq!(
        get(&host, "/host.js").await,
        (StatusCode::OK, "import('./plugin/index.js');".into())
    );
    assert_eq!(get(&host, "/missing.js").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&host, "/app/integrations/callback/").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_store_beside_the_build_is_out_of_reach() {
    let host = TestHost::offline().await;
    // The store exists, with the secret in it, one folder up from the build.
    assert_eq!(host.put_app(CLIENT_ID, SECRET).await.0, StatusCode::OK);
    assert!(host.data_dir().join(STORE_FILE).is_file());
    let paths = [
        "/../data/store.json",
        "/%2e%2e/data/store.json",
        "/%2E%2E/data/store.json",
        "/.%2e/data/store.json",
        "/%2e%2e%2fdata%2fstore.json",
        "/..%2fdata%2fstore.json",
        "/host.js/../../data/store.json",
        "/app/integrations/callback/../../../../data/store.json",
    ];
    for path in paths {
        let (status, body) = get(&host, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains(&SECRET[..20]), "{path}: {body}");
    }
}

#[test]
fn a_build_without_its_page_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let error = Dist::open(folder.path()).unwrap_err().to_string();
    assert!(error.contains("scripts/build"), "{error}");
}

/// A server of a one-route router within `limits`, on a free port until the test ends.
async fn limited(header_read_ms: u64, connections: usize) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let header_read = Duration::from_millis(header_read_ms);
    let limits = Limits { header_read, connections, drain: Duration::from_secs(1) };
    tokio::spawn(serve(listener, router, limits, std::future::pending()));
    address
}

/// What the server sends on `stream` until it closes the connection (within 10 s).
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer));
    read.await.expect("the connection was not closed").unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_client_that_does_not_finish_its_headers_or_sends_none_is_let_go() {
    let address = limited(300, 8).await;
    let mut silent = TcpStream::connect(address).await.unwrap();
    let mut slow = TcpStream::connect(address).await.unwrap();
    let started = Instant::now();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 1").await.unwrap();
    for stream in [&mut silent, &mut slow] {
        until_closed(stream).await;
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(250), "closed after {elapsed:?}");
    // A whole request is answered.
    let mut whole = TcpStream::connect(address).await.unwrap();
    whole.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    assert!(until_closed(&mut whole).await.ends_with("\r\n\r\nok"));
}

#[tokio::test]
async fn past_the_connection_limit_a_client_waits_for_a_connection_to_end() {
    let address = limited(500, 2).await;
    // Two connections that say nothing hold the two places until their time is up.
    let _held =
        [TcpStream::connect(address).await.unwrap(), TcpStream::connect(address).await.unwrap()];
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let mut third = TcpStream::connect(address).await.unwrap();
    third.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
    let answer = until_closed(&mut third).await;
    let waited = started.elapsed();
    assert!(answer.ends_with("\r\n\r\nok"), "{answer}");
    assert!(waited >= Duration::from_millis(400), "answered after {waited:?}, past the limit");
}

/// A `GET` of `path`, taking `encodings`: the status, the headers and the body.
async fn fetch(host: &TestHost, path: &str, encodings: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    let request = Request::get(path).header(header::ACCEPT_ENCODING, encodings);
    let (status, headers, body) = host.raw(request.body(Body::empty()).unwrap()).await;
    (status, headers, body.to_vec())
}

#[tokio::test]
async fn files_named_after_their_contents_are_kept_for_ever_and_the_rest_revalidated() {
    let host = TestHost::offline().await;
    let plugin = host.folder.path().join("dist/plugin");
    std::fs::create_dir(&plugin).unwrap();
    for name in ["app_bg.0123456789abcdef.wasm", "index.js", "app.0123456789ABCDEF.js"] {
        std::fs::write(plugin.join(name), "x").unwrap();
    }
    let cases = [
        ("/plugin/app_bg.0123456789abcdef.wasm", "public, max-age=31536000, immutable"),
        ("/plugin/index.js", "no-cache"),
        ("/plugin/app.0123456789ABCDEF.js", "no-cache"),
        ("/host.js", "no-cache"),
        ("/", "no-cache"),
        ("/app/integrations/callback", "no-store"),
    ];
    for (path, policy) in cases {
        let (status, headers, _) = fetch(&host, path, "").await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], policy, "{path}");
    }
    // A missing file is not kept at all.
    let (status, headers, _) = fetch(&host, "/plugin/gone.0123456789abcdef.wasm", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.get(header::CACHE_CONTROL).is_none());
}

#[tokio::test]
async fn compressed_copies_are_served_to_browsers_that_take_them() {
    let host = TestHost::offline().await;
    let dist = host.folder.path().join("dist");
    std::fs::write(dist.join("host.js.gz"), "gzip bytes").unwrap();
    std::fs::write(dist.join("host.js.br"), "brotli bytes").unwrap();
    let cases: [(&str, Option<&str>, &[u8]); 4] = [
        ("gzip, deflate, br, zstd", Some("br"), b"brotli bytes"),
        ("gzip", Some("gzip"), b"gzip bytes"),
        ("", None, b"import('./plugin/index.js');"),
        ("identity", None, b"import('./plugin/index.js');"),
    ];
    for (encodings, encoding, body) in cases {
        let (status, headers, served) = fetch(&host, "/host.js", encodings).await;
        assert_eq!(status, StatusCode::OK, "{encodings}");
        let served_encoding = headers.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap());
        assert_eq!(served_encoding, encoding, "{encodings}");
        assert_eq!(served, body, "{encodings}");
        assert_eq!(headers[header::CONTENT_TYPE], "text/javascript", "{encodings}");
    }
}
