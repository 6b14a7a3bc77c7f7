//! The files the host serves: the settings page at `/` and at the callback path, the build's
//! other files, and a 404 for anything else.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use jira_oauth_host::{Dist, STORE_FILE};

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
