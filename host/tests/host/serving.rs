//! The files the host serves: the settings page at `/` and at the callback path, the build's
//! other files, and a 404 for anything else.

use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use jira_oauth_host::Dist;

async fn get(host: &TestHost, path: &str) -> (StatusCode, String) {
    let (status, _, body) = host.raw(Request::get(path).body(Body::empty()).unwrap()).await;
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn the_page_is_served_at_the_root_and_at_the_callback_path() {
    let host = TestHost::new(&closed_port());
    for path in ["/", "/app/integrations/callback"] {
        let (status, body) = get(&host, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("<title>settings</title>"), "{path}");
    }
}

#[tokio::test]
async fn other_files_come_from_the_build_or_are_404() {
    let host = TestHost::new(&closed_port());
    assert_eq!(
        get(&host, "/host.js").await,
        (StatusCode::OK, "import('./plugin/index.js');".into())
    );
    assert_eq!(get(&host, "/missing.js").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&host, "/app/integrations/callback/").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&host, "/../data/store.json").await.0, StatusCode::NOT_FOUND);
}

#[test]
fn a_build_without_its_page_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let error = Dist::open(folder.path()).unwrap_err().to_string();
    assert!(error.contains("scripts/build"), "{error}");
}
