//! The store on disk: kept across a restart, private, never overwritten when unreadable, written
//! whole or not at all, and the rotated refresh token kept.

use crate::support::*;
use axum::http::{Method, StatusCode};
use jira_oauth_host::{KEY_FILE, RefreshError, STORE_FILE, Store, StoreError};
use serde_json::json;
use std::os::unix::fs::PermissionsExt;

#[tokio::test]
async fn a_restart_keeps_the_connection() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let before = host.get_app().await;
    let host = host.restart(stand_in.base_url()).await;
    assert_eq!(host.get_app().await, before);
    assert_eq!(host.stored()["app"]["clientSecret"], SECRET);
}

#[tokio::test]
async fn the_store_is_private() {
    let host = TestHost::offline().await;
    host.put_app(CLIENT_ID, SECRET).await;
    let mode = |path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(host.data_dir().join(STORE_FILE)), 0o600);
    assert_eq!(mode(host.data_dir()), 0o700);
    assert_eq!(mode(host.data_dir().join(KEY_FILE)), 0o600);
    // The store and the sessions' key: no temporary file left beside them.
    let mut names: Vec<String> = std::fs::read_dir(host.data_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [KEY_FILE, STORE_FILE]);
}

#[test]
fn a_corrupt_store_stops_the_start_and_is_left_alone() {
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join(STORE_FILE);
    let corrupt = format!("{{\"app\": {{\"clientSecret\": \"{SECRET}\"");
    std::fs::write(&file, &corrupt).unwrap();
    let error = Store::open(folder.path()).unwrap_err();
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(!message.contains(&SECRET[..20]), "{message}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), corrupt);
    // Valid JSON of another shape is refused too: another program's file, or a later version's,
    // which a save would overwrite with what this host knows of it.
    let foreign = ["{\"app\": 3}", "[]", "null", "\"\"", "{\"version\": 2, \"apps\": [{}]}", ""];
    for text in foreign {
        std::fs::write(&file, text).unwrap();
        let opened = Store::open(folder.path());
        assert!(matches!(opened, Err(StoreError::Corrupt { .. })), "{text:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    }
}

#[tokio::test]
async fn a_failed_write_changes_nothing() {
    let host = TestHost::offline().await;
    host.put_app(CLIENT_ID, SECRET).await;
    std::fs::remove_dir_all(host.data_dir()).unwrap();
    let (status, answer) = host.put_app(OTHER_CLIENT_ID, OTHER_SECRET).await;
    assert_eq!((status, code(&answer)), (StatusCode::INTERNAL_SERVER_ERROR, "store_failed"));
    assert_eq!(host.get_app().await["app"]["clientId"], CLIENT_ID);
    let (status, _) = host.call(Method::POST, "/disconnect", Some(json!({}))).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn refresh_stores_the_rotated_token() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let first = host.stored()["tokens"].clone();
    let lib = host.host();
    lib.refresh().await.unwrap();
    let second = host.stored()["tokens"].clone();
    assert_ne!(second["refreshToken"], first["refreshToken"]);
    assert_ne!(second["accessToken"], first["accessToken"]);
    // The stored token is the live one: a second refresh works from it, and rotates again.
    lib.refresh().await.unwrap();
    assert_ne!(host.stored()["tokens"]["refreshToken"], second["refreshToken"]);
    let refreshes = stand_in
        .calls()
        .into_iter()
        .filter(|call| call.grant_type.as_deref() == Some("refresh_token") && call.status == 200);
    assert_eq!(refreshes.count(), 2);
    assert_eq!(host.get_app().await["connection"]["site"]["id"], "1324a887");
}

#[tokio::test]
async fn a_refresh_that_cannot_be_stored_keeps_the_old_token_in_memory_and_on_disk() {
    let stand_in = stand_in(vec![site("1324a887", "example")]).await;
    let host = connected_host(&stand_in).await;
    let before = host.stored()["tokens"].clone();
    let away = host.folder.path().join("away");
    std::fs::rename(host.data_dir(), &away).unwrap();
    let failed = host.host().refresh().await;
    assert!(matches!(failed, Err(RefreshError::Store(StoreError::Write { .. }))), "{failed:?}");
    std::fs::rename(&away, host.data_dir()).unwrap();
    assert_eq!(host.stored()["tokens"], before);
    // Another save writes the document in memory: its tokens are still the old ones.
    assert_eq!(host.put_app(CLIENT_ID, "").await.0, StatusCode::OK);
    assert_eq!(host.stored()["tokens"], before);
}

#[tokio::test]
async fn refresh_needs_a_connection() {
    let host = TestHost::offline().await;
    host.put_app(CLIENT_ID, SECRET).await;
    assert!(matches!(host.host().refresh().await, Err(RefreshError::NotConnected)));
}
