//! What the host remembers, in one JSON file, `{data_dir}/store.json`: the app, the tokens, the
//! connected site and the sites still to choose from. Every change is written whole to a new file
//! that then replaces the old one, so that a crash leaves either the old store or the new one.

use crate::secret::{AccessToken, RefreshToken, StoredSecret};
use jira_oauth_settings::host_api::{Connection, Site};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::{DirBuilder, File};
use std::io::{self, Write};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;
use tokio::sync::{Mutex, OwnedMutexGuard};
use tracing::{info, warn};

/// The store file's name inside the data folder.
pub const STORE_FILE: &str = "store.json";

/// Everything the host remembers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
// A member this host does not know is another program's, or a later version's: the host stops
// rather than drop it at the next save.
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Document {
    /// The admin's app, `None` until one is saved.
    #[serde(default)]
    pub app: Option<App>,
    /// The tokens of the last consent, `None` when Jira is not connected.
    #[serde(default)]
    pub tokens: Option<Tokens>,
    /// The site Jira is connected to.
    #[serde(default)]
    pub connection: Option<Connection>,
    /// The sites of a consent that granted several, until the admin chooses one.
    #[serde(default)]
    pub sites_to_choose: Vec<Site>,
    /// The state of the last consent kept, to answer a replay of it (another tab sending the
    /// same callback) without presenting its code again. Not a secret: it is spent.
    #[serde(default)]
    pub last_consent_state: Option<String>,
    /// The last code sent to Atlassian, whatever it answered: presented again, it would make
    /// Atlassian revoke the tokens it gave for it.
    #[serde(default, rename = "lastCodeSha256")]
    pub last_code: Option<SpentCode>,
}

impl Document {
    /// Forgets the tokens, the connected site and the sites to choose from. The last consent's
    /// state and code stay: they are spent all the same.
    pub fn forget_connection(&mut self) {
        self.tokens = None;
        self.connection = None;
        self.sites_to_choose.clear();
    }
}

/// An authorization code sent to Atlassian, as the hex SHA-256 digest of its bytes: enough to
/// recognise the code when it comes again, and no use to anyone who reads it (a code has far too
/// many bits to be guessed from its digest), so it may be written down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct SpentCode(String);

impl SpentCode {
    /// The digest of `code`.
    pub(crate) fn of(code: &str) -> SpentCode {
        SpentCode(crate::to_hex(&Sha256::digest(code.as_bytes())))
    }
}

/// The admin's OAuth 2.0 (3LO) app, as the checks returned it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct App {
    pub client_id: String,
    pub client_secret: StoredSecret,
    /// The exact string the consent's `redirect_uri` must be.
    pub callback_url: String,
}

/// The tokens Atlassian issued for the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Tokens {
    pub access_token: AccessToken,
    /// Issued only when the consent asked for `offline_access`.
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// When the access token expires, in seconds since the Unix epoch.
    pub expires_at: u64,
    /// The scopes granted, separated by spaces.
    #[serde(default)]
    pub scope: String,
}

/// Why the store cannot be opened or written.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The data folder does not exist and cannot be made.
    #[error("Cannot create the data folder {}: {source}.", path.display())]
    CreateFolder {
        /// The data folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The store file exists but cannot be read.
    #[error("Cannot read the store file {}: {source}.", path.display())]
    Read {
        /// The store file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The store file is not a store: the host stops rather than start empty and overwrite it.
    #[error(
        "The store file {} is not a store this host can read ({problem} at line {line}, column \
         {column}). It was left as it is: repair it or move it away, then start the host again.",
        path.display()
    )]
    Corrupt {
        /// The store file.
        path: PathBuf,
        /// What kind of fault, without quoting the file (it holds secrets).
        problem: &'static str,
        /// Where, counted from 1.
        line: usize,
        /// Where, counted from 1.
        column: usize,
    },
    /// A change could not be written; the store on disk is as it was.
    #[error("Cannot write the store file in {}: {source}.", path.display())]
    Write {
        /// The data folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

/// The document, held: whoever holds it is the only one changing the store. The guard is owned,
/// not borrowed from the store, because [`Store::save`] moves it into the task that writes the
/// file and swaps the document: a handler dropped midway (its browser gave up) then cannot leave
/// the document and the file out of step, nor let anyone change the document in between.
pub(crate) type Held = OwnedMutexGuard<Document>;

/// The store file and the document it holds, behind one lock that serialises every change.
#[derive(Debug)]
pub struct Store {
    folder: PathBuf,
    document: Arc<Mutex<Document>>,
}

impl Store {
    /// Opens the store in `folder`, making the folder (mode 0700) when it is missing. A missing
    /// store file is an empty store.
    ///
    /// # Errors
    ///
    /// When the folder cannot be made, or the file cannot be read or is not a store. A file that
    /// is not a store is never overwritten.
    pub fn open(folder: &Path) -> Result<Store, StoreError> {
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(folder)
            .map_err(|source| StoreError::CreateFolder { path: folder.to_owned(), source })?;
        remove_leftovers(folder, STORE_FILE);
        let path = folder.join(STORE_FILE);
        let document = match std::fs::read(&path) {
            Ok(bytes) => read_document(&bytes).map_err(|error| corrupt(path, &error))?,
            Err(error) if error.kind() == io::ErrorKind::NotFound => Document::default(),
            Err(source) => return Err(StoreError::Read { path, source }),
        };
        Ok(Store { folder: folder.to_owned(), document: Arc::new(Mutex::new(document)) })
    }

    /// Waits for the document. Whoever holds it is the only one changing the store.
    pub(crate) async fn lock(&self) -> Held {
        self.document.clone().lock_owned().await
    }

    /// Writes `next` to disk, then makes it the current document, and hands the document back.
    /// When the write fails, the current document and the file stay as they were.
    ///
    /// The write and the swap run in a task of their own, which holds the document: when the
    /// caller is dropped midway (axum drops a handler whose browser gave up), they still finish
    /// together, so that the document never differs from the file.
    pub(crate) async fn save(&self, mut current: Held, next: Document) -> Result<Held, StoreError> {
        let folder = self.folder.clone();
        let contents = serde_json::to_vec_pretty(&next).map_err(io::Error::from);
        let task = tokio::spawn(async move {
            let contents = contents?;
            tokio::task::spawn_blocking(move || write_atomically(&folder, STORE_FILE, &contents))
                .await
                .unwrap_or_else(|joined| Err(io::Error::other(joined)))?;
            *current = next;
            Ok(current)
        });
        let saved = task.await.unwrap_or_else(|joined| Err(io::Error::other(joined)));
        saved.map_err(|source| StoreError::Write { path: self.folder.clone(), source })
    }
}

/// The document in `bytes`, which must be a JSON object: serde would also take an array of the
/// members' values, in order.
fn read_document(bytes: &[u8]) -> Result<Document, serde_json::Error> {
    let text = bytes.trim_ascii_start();
    if !text.is_empty() && text[0] != b'{' {
        return Err(serde::de::Error::custom("the store is not a JSON object"));
    }
    serde_json::from_slice(bytes)
}

fn corrupt(path: PathBuf, error: &serde_json::Error) -> StoreError {
    use serde_json::error::Category;
    let problem = match error.classify() {
        Category::Io | Category::Syntax => "not valid JSON",
        Category::Eof => "JSON that ends too early",
        Category::Data => "JSON without the expected fields",
    };
    StoreError::Corrupt { path, problem, line: error.line(), column: error.column() }
}

/// The names of the temporary files that become `name`: `.{name}.` and random characters.
fn temporary_prefix(name: &str) -> String {
    format!(".{name}.")
}

/// Removes the temporary files of `name` that a process killed mid-write left in `folder`:
/// copies of a secret that nothing would ever read. Called at start-up, before any write.
pub(crate) fn remove_leftovers(folder: &Path, name: &str) {
    let prefix = temporary_prefix(name);
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let leftover = entry.file_name().to_str().is_some_and(|file| file.starts_with(&prefix));
        if leftover {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => info!("removed {}, left by an interrupted write", entry.path().display()),
                Err(error) => warn!("cannot remove {}: {error}", entry.path().display()),
            }
        }
    }
}

/// Replaces the file `name` in `folder` with `contents`: a new file (mode 0600) in the same
/// folder, flushed to disk, renamed over the old one, then the folder flushed so that the rename
/// lasts. Once the rename is done the new file is in place, so a failure to flush the folder is
/// only warned of: answering "nothing changed" would be untrue.
pub(crate) fn write_atomically(folder: &Path, name: &str, contents: &[u8]) -> io::Result<()> {
    let mut file = tempfile::Builder::new().prefix(&temporary_prefix(name)).tempfile_in(folder)?;
    file.write_all(contents)?;
    file.flush()?;
    file.as_file().sync_all()?;
    file.persist(folder.join(name)).map_err(|error| error.error)?;
    if let Err(error) = File::open(folder).and_then(|opened| opened.sync_all()) {
        warn!(
            "{name} in {} was replaced, but the folder could not be flushed ({error}): a power \
             cut now could bring back its previous contents",
            folder.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::StoredSecret;
    use std::future::poll_fn;
    use std::task::Poll;

    fn with_app(client_id: &str) -> Document {
        let client_secret: StoredSecret = serde_json::from_str("\"ATOA-secret\"").unwrap();
        let callback_url = "https://invicti.example.com/app/integrations/callback".to_owned();
        let app = App { client_id: client_id.to_owned(), client_secret, callback_url };
        Document { app: Some(app), ..Document::default() }
    }

    fn on_disk(folder: &Path) -> Document {
        serde_json::from_slice(&std::fs::read(folder.join(STORE_FILE)).unwrap()).unwrap()
    }

    #[test]
    fn a_spent_code_is_its_hex_sha256() {
        let spent = serde_json::to_value(SpentCode::of("abc")).unwrap();
        let digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(spent, digest);
    }

    #[test]
    fn the_leftovers_of_an_interrupted_write_are_removed_at_the_start() {
        let folder = tempfile::tempdir().unwrap();
        write_atomically(folder.path(), STORE_FILE, b"{}").unwrap();
        for name in [".store.json.a1B2c3", ".store.json.", "store.json.bak", ".session.key.x"] {
            std::fs::write(folder.path().join(name), "{\"app\": ").unwrap();
        }
        Store::open(folder.path()).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [".session.key.x", STORE_FILE, "store.json.bak"]);
    }

    #[tokio::test]
    async fn a_save_whose_caller_is_dropped_still_swaps_the_document() {
        let folder = tempfile::tempdir().unwrap();
        let store = Store::open(folder.path()).unwrap();
        drop(store.save(store.lock().await, with_app("first")).await.unwrap());
        // The save is polled once, up to the write under way, then dropped: as axum drops a
        // handler whose browser gave up.
        let mut save = Box::pin(store.save(store.lock().await, with_app("second")));
        let polled = poll_fn(|context| Poll::Ready(save.as_mut().poll(context))).await;
        assert!(polled.is_pending(), "the write ended within the first poll");
        drop(save);
        let current = store.lock().await;
        assert_eq!(*current, with_app("second"));
        assert_eq!(on_disk(folder.path()), *current);
    }
}
