//! A kill at any moment of a save leaves the store whole: the old document or the new one, never
//! a torn file. The real binary is started on one data folder again and again; each time a
//! client saves as fast as it can (another app each time, now and then forgetting it) and the
//! host is killed (SIGKILL) a few milliseconds after the first save was answered, so that most
//! kills come while a save is being written. Then `store.json` must parse and hold exactly the
//! last document answered or the one still in flight. The next round starts the host again on
//! what the kill left, temporary files included, and checks that it removed those and serves the
//! app `store.json` holds. The test fails if no kill came while a save was in flight, so that it
//! cannot pass without having tested anything.
//!
//! Also: concurrent saves through the real binary are serialised, and the file ends as the last
//! of them and as the document the host serves.

use serde_json::{Value, json};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const API: &str = "/api/integrations/jira";

/// The two synthetic apps' Client IDs cut to 24 characters: each save adds a serial number of 8
/// digits, so that every document saved is one of its own (any 32 letters and digits pass the
/// checks).
const CLIENT_ID_STEMS: [&str; 2] = ["CQkBxSzN7tK8YXR3OxKrYJjp", "OLvcaT2CfsSm0ioxU6ztKjAY"];
/// Their secrets (which carry a checksum, so they cannot be made up as freely).
const SECRETS: [&str; 2] = [
    "ATOA7G6IPgVjXb2bI7SiTHD5SNekqfHUNLxEE8bFtUcm2wbthjNBjkurEZwGtW1QuBk4791C30ED",
    "ATOALvQL4xILomxnfvXx20jXi0GOEhNoiYuxUey2I9QgoeVYVd_YFqcpDg_yYIcwP0CE0050DDC9",
];

/// How many times the host is killed.
const ROUNDS: u32 = 25;
/// The kills come from 0 to this long after the first save of the round was answered.
const LATEST_KILL: Duration = Duration::from_millis(40);
/// How long the host may take to start or to answer, on a slow machine, before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

#[test]
fn a_kill_during_saves_leaves_the_old_or_the_new_store() {
    let folders = Folders::new();
    let started = Instant::now();
    // What store.json holds now: nothing before the first round.
    let mut stored: Option<App> = None;
    let mut tally = Tally::default();
    for round in 0..ROUNDS {
        let mut host = Running::start(&folders);
        // Start-up read what the previous kill left, and removed its temporary files.
        assert_serves(&host, stored.as_ref());
        assert_eq!(temporary_files(&folders.data()), 0, "round {round}: leftovers kept");

        let progress = Arc::new(Mutex::new(Progress::default()));
        let (first_answer, answered) = mpsc::channel();
        let writer = {
            let (address, cookie) = (host.address.clone(), host.cookie.clone());
            let progress = progress.clone();
            let serials = round * 1_000_000..;
            thread::spawn(move || {
                save_until_killed(&address, &cookie, serials, &progress, first_answer)
            })
        };
        // The sender is dropped unanswered when the writer stops on an unexpected answer.
        let first = answered.recv_timeout(PATIENCE);
        let failure = progress.lock().unwrap().failure.clone();
        assert_eq!(failure, None, "round {round}");
        first.unwrap_or_else(|_| panic!("round {round}: the first save was not answered"));
        thread::sleep(kill_delay(round));
        let (sent, answered, in_flight) = {
            // Held across the kill: the counts are the writer's at the moment of the kill.
            let progress = progress.lock().unwrap();
            host.kill();
            let in_flight = progress.written > progress.answered;
            (progress.sent.clone(), progress.answered, in_flight)
        };
        writer.join().unwrap();
        assert_eq!(progress.lock().unwrap().failure, None, "round {round}");

        let last_answered = match answered {
            0 => stored.clone(),
            count => sent[count - 1].clone(),
        };
        let now = stored_app(&folders.data());
        let unanswered = &sent[answered..];
        assert!(
            now == last_answered || unanswered.contains(&now),
            "round {round}: store.json holds {now:?}, neither the last document answered \
             ({last_answered:?}) nor one in flight ({unanswered:?})"
        );
        let temporary = temporary_files(&folders.data());
        tally.rounds += 1;
        tally.answered += answered;
        tally.in_flight += usize::from(in_flight);
        tally.unanswered_kept += usize::from(now != last_answered);
        tally.left_temporary += usize::from(temporary > 0);
        tally.whole_temporary += temporary_paths(&folders.data())
            .filter(|path| {
                let bytes = std::fs::read(path).unwrap();
                serde_json::from_slice::<Value>(&bytes).is_ok_and(|document| document.is_object())
            })
            .count();
        stored = now;
    }
    // The last kill's leavings, read by a start too, which takes none of the temporary files
    // for the store, not even one that holds a whole document, and removes them.
    let host = Running::start(&folders);
    assert_serves(&host, stored.as_ref());
    assert_eq!(temporary_files(&folders.data()), 0, "leftovers kept");
    drop(host);

    println!(
        "{} kills in {:.1?}, {} saves answered. {} kills came while a save was in flight (sent, \
         not yet answered); {} of those left its document in store.json (the kill came after \
         the rename, before the answer), and {} left a temporary file beside it (the kill came \
         between the temporary file and the rename; {} of those held a whole document). Each \
         start served store.json and removed them.",
        tally.rounds,
        started.elapsed(),
        tally.answered,
        tally.in_flight,
        tally.unanswered_kept,
        tally.left_temporary,
        tally.whole_temporary,
    );
    assert!(
        tally.in_flight > 0,
        "no kill came while a save was in flight: the test proved nothing ({tally:?})"
    );
}

#[test]
fn concurrent_saves_are_serialised() {
    const WRITERS: u32 = 4;
    const SAVES: u32 = 15;
    let folders = Folders::new();
    let host = Running::start(&folders);
    let writers: Vec<JoinHandle<Vec<Save>>> = (0..WRITERS)
        .map(|writer| {
            let (address, cookie) = (host.address.clone(), host.cookie.clone());
            thread::spawn(move || {
                let mut connection = Connection::open(&address, &cookie).unwrap();
                (0..SAVES)
                    .map(|n| {
                        let app = App::numbered(writer * 1000 + n, &address);
                        let sent = Instant::now();
                        let answer = connection.request("PUT", "/app", Some(&app.body())).unwrap();
                        assert_eq!(answer.status, 200, "{}", answer.text());
                        // Each save is answered with its own document, not another's.
                        assert_eq!(answer.json()["app"]["clientId"], app.client_id.as_str());
                        Save { app, sent, answered: Instant::now() }
                    })
                    .collect()
            })
        })
        .collect();
    let saves: Vec<Save> = writers.into_iter().flat_map(|writer| writer.join().unwrap()).collect();

    let stored = stored_app(&folders.data()).expect("an app is stored");
    // The file and the host's own document are the same one.
    assert_serves(&host, Some(&stored));
    let last = saves.iter().find(|save| save.app == stored).expect("a document that was sent");
    // It came last: every other save had been sent before it was answered, as the store takes
    // one save at a time, and the last one to hold it writes the file last.
    for save in &saves {
        assert!(save.sent <= last.answered, "{:?} was sent after the stored one", save.app);
    }
    assert_eq!(temporary_files(&folders.data()), 0, "a temporary file was left");
}

/// A save of the concurrency test, and when it was sent and answered.
struct Save {
    app: App,
    sent: Instant,
    answered: Instant,
}

/// What the kills did, over the rounds.
#[derive(Debug, Default)]
struct Tally {
    rounds: usize,
    /// Saves answered, all rounds together.
    answered: usize,
    /// Kills that came while a save was sent and not answered.
    in_flight: usize,
    /// Kills that left the document of a save not answered (written, and then killed).
    unanswered_kept: usize,
    /// Kills that left a temporary file (killed between the temporary file and the rename).
    left_temporary: usize,
    /// Temporary files left that held a whole document.
    whole_temporary: usize,
}

/// What the writer of a round has done.
#[derive(Debug, Default)]
struct Progress {
    /// The app each change leaves stored, in order, noted before the change is sent.
    sent: Vec<Option<App>>,
    /// How many changes were sent whole.
    written: usize,
    /// How many were answered.
    answered: usize,
    /// An answer that was not the one expected.
    failure: Option<String>,
}

/// Sends changes one after the other, `serials` numbering them, until the host is gone: four
/// saves of another app, then a disconnect that forgets the app.
fn save_until_killed(
    address: &str,
    cookie: &str,
    serials: impl Iterator<Item = u32>,
    progress: &Mutex<Progress>,
    first_answer: Sender<()>,
) {
    let Ok(mut connection) = Connection::open(address, cookie) else { return };
    for serial in serials {
        let (path, body, app) = if serial % 5 == 4 {
            ("/disconnect", json!({ "forgetApp": true }), None)
        } else {
            let app = App::numbered(serial, address);
            ("/app", app.body(), Some(app))
        };
        let method = if app.is_some() { "PUT" } else { "POST" };
        progress.lock().unwrap().sent.push(app.clone());
        // An error here or below is the kill.
        if connection.send(method, path, Some(&body)).is_err() {
            return;
        }
        progress.lock().unwrap().written += 1;
        let Ok(answer) = connection.receive() else { return };
        let answered_app = answer.json()["app"]["clientId"].clone();
        let expected = app.as_ref().map_or(Value::Null, |app| app.client_id.as_str().into());
        let mut progress = progress.lock().unwrap();
        if answer.status != 200 || answered_app != expected {
            progress.failure =
                Some(format!("{method} {path}: {} {}", answer.status, answer.text()));
            return;
        }
        progress.answered += 1;
        if progress.answered == 1 {
            let _ = first_answer.send(());
        }
    }
}

/// When the kill comes after the first answer of `round`: spread evenly from 0 to
/// [`LATEST_KILL`], in steps that fall on a different part of a save each round.
fn kill_delay(round: u32) -> Duration {
    let step = 7_919; // microseconds, a prime: the rounds do not repeat one another's delays
    Duration::from_micros(u64::from(round) * step % LATEST_KILL.as_micros() as u64)
}

/// An app as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct App {
    client_id: String,
    client_secret: String,
    callback_url: String,
}

impl App {
    /// The app of save `serial` on the host at `address`: the two synthetic apps in turn.
    fn numbered(serial: u32, address: &str) -> App {
        let pair = (serial % 2) as usize;
        App {
            client_id: format!("{}{serial:08}", CLIENT_ID_STEMS[pair]),
            client_secret: SECRETS[pair].to_owned(),
            callback_url: format!("http://{address}/app/integrations/callback"),
        }
    }

    /// Its `PUT /app` body.
    fn body(&self) -> Value {
        json!({
            "clientId": self.client_id,
            "clientSecret": self.client_secret,
            "callbackUrl": self.callback_url,
        })
    }
}

/// The app in `data`'s store.json, which must parse and hold an app (all of it and nothing
/// else) or none, and nothing else: no tokens, site or consent, as none was made.
fn stored_app(data: &Path) -> Option<App> {
    let bytes = match std::fs::read(data.join("store.json")) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
        Err(error) => panic!("store.json cannot be read: {error}"),
    };
    let text = String::from_utf8_lossy(&bytes);
    let document: Value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|error| panic!("store.json is torn ({error}):\n{text}"));
    let fields = document.as_object().unwrap_or_else(|| panic!("not a document:\n{text}"));
    for (name, value) in fields.iter().filter(|(name, _)| *name != "app") {
        assert!(value.is_null() || *value == json!([]), "{name} is set:\n{text}");
    }
    let app = fields.get("app").filter(|app| !app.is_null())?;
    let string = |name: &str| {
        let value = app[name].as_str().unwrap_or_else(|| panic!("no {name}:\n{text}"));
        value.to_owned()
    };
    assert_eq!(app.as_object().map(|app| app.len()), Some(3), "{text}");
    Some(App {
        client_id: string("clientId"),
        client_secret: string("clientSecret"),
        callback_url: string("callbackUrl"),
    })
}

/// How many temporary files (`.store.json.…`, `.session.key.…`) are in `data`.
fn temporary_files(data: &Path) -> usize {
    temporary_paths(data).count()
}

/// The temporary files in `data`, which holds nothing else than them, store.json and the
/// sessions' key.
fn temporary_paths(data: &Path) -> impl Iterator<Item = PathBuf> {
    std::fs::read_dir(data).unwrap().filter_map(|entry| {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        match name {
            "store.json" | "session.key" => None,
            temporary if temporary.starts_with(".store.json.") => Some(path),
            temporary if temporary.starts_with(".session.key.") => Some(path),
            other => panic!("an unexpected file in the data folder: {other}"),
        }
    })
}

/// That `GET /app` answers the app `stored` (its Client ID and callback URL), or none.
fn assert_serves(host: &Running, stored: Option<&App>) {
    let mut connection = Connection::open(&host.address, &host.cookie).unwrap();
    let answer = connection.request("GET", "/app", None).unwrap();
    assert_eq!(answer.status, 200, "{}", answer.text());
    let served = &answer.json()["app"];
    match stored {
        None => assert!(served.is_null(), "served {served}, stored none"),
        Some(app) => {
            assert_eq!(served["clientId"], app.client_id.as_str(), "served {served}");
            assert_eq!(served["callbackUrl"], app.callback_url.as_str(), "served {served}");
        }
    }
}

/// A temporary build (a page only: the API needs no more) and data folder.
struct Folders {
    root: TempDir,
}

impl Folders {
    fn new() -> Folders {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("dist")).unwrap();
        std::fs::write(root.path().join("dist/index.html"), "<!doctype html><title>s</title>")
            .unwrap();
        Folders { root }
    }

    fn dist(&self) -> PathBuf {
        self.root.path().join("dist")
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }
}

/// The host binary, running on [`Folders`], with a session signed in through its link.
struct Running {
    child: Child,
    /// `IP:PORT`.
    address: String,
    /// The `Cookie` header value.
    cookie: String,
}

impl Running {
    fn start(folders: &Folders) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jira-oauth-host"))
            .arg("--listen=127.0.0.1:0")
            .arg("--dist")
            .arg(folders.dist())
            .arg("--data-dir")
            .arg(folders.data())
            // Nothing here talks to Atlassian; should anything try, it meets a closed port.
            .args(["--token-url=http://127.0.0.1:9/oauth/token", "--api-url=http://127.0.0.1:9"])
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the host binary starts");
        let lines = stdout_lines(child.stdout.take().unwrap());
        let stderr = read_all(child.stderr.take().unwrap());
        let announced = |prefix: &str| {
            let line = lines.recv_timeout(PATIENCE).ok()?;
            line.strip_prefix(prefix).map(str::to_owned)
        };
        let address = announced("listening on http://");
        let link = announced("sign in: http://");
        let (Some(address), Some(link)) = (address, link) else {
            let _ = child.kill();
            let status = child.wait().unwrap();
            panic!("the host did not start ({status}): {}", stderr.join().unwrap());
        };
        let path = &link[link.find('/').unwrap()..];
        let mut connection = Connection::open(&address, "").unwrap();
        let answer = connection.request("GET", path, None).unwrap();
        assert_eq!(answer.status, 303, "{}", answer.text());
        let set_cookie = answer.header("set-cookie").expect("a session cookie");
        let cookie = set_cookie.split(';').next().unwrap().to_owned();
        assert!(cookie.starts_with("jos_session="), "{set_cookie}");
        Running { child, address, cookie }
    }

    /// Kills the host with SIGKILL, and waits for it to be gone.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "the host had stopped before the kill: {status}");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines the host prints, as they come. The thread reads on to the end, so that the host
/// can always print (its next sign-in links).
fn stdout_lines(stdout: ChildStdout) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = sender.send(line);
        }
    });
    receiver
}

/// All the host writes to standard error, once it has stopped.
fn read_all(mut stderr: ChildStderr) -> JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    })
}

/// One keep-alive HTTP/1.1 connection to the host, as the signed-in settings page: its session
/// cookie on every request, and on changes its `Origin` (the host's own address) and a JSON body.
struct Connection {
    stream: BufReader<TcpStream>,
    address: String,
    cookie: String,
}

/// An answer, read whole.
struct Answer {
    status: u16,
    /// Names in lower case.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(found, _)| found == name).map(|(_, value)| value.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

impl Connection {
    fn open(address: &str, cookie: &str) -> io::Result<Connection> {
        let stream = TcpStream::connect(address)?;
        stream.set_read_timeout(Some(PATIENCE))?;
        stream.set_nodelay(true)?;
        let (address, cookie) = (address.to_owned(), cookie.to_owned());
        Ok(Connection { stream: BufReader::new(stream), address, cookie })
    }

    fn request(&mut self, method: &str, path: &str, body: Option<&Value>) -> io::Result<Answer> {
        self.send(method, path, body)?;
        self.receive()
    }

    /// Sends a request for `path` (under the contract's base, unless it is the sign-in link),
    /// whole, in one write.
    fn send(&mut self, method: &str, path: &str, body: Option<&Value>) -> io::Result<()> {
        let address = &self.address;
        let base = if path.starts_with("/sign-in") { "" } else { API };
        let mut request = format!("{method} {base}{path} HTTP/1.1\r\nHost: {address}\r\n");
        if !self.cookie.is_empty() {
            request.push_str(&format!("Cookie: {}\r\n", self.cookie));
        }
        match body {
            Some(body) => {
                let body = body.to_string();
                request.push_str(&format!(
                    "Origin: http://{address}\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\n\r\n{body}",
                    body.len()
                ));
            }
            None => request.push_str("\r\n"),
        }
        self.stream.get_mut().write_all(request.as_bytes())
    }

    /// Reads the next answer: its status line, headers and `Content-Length` bytes of body.
    fn receive(&mut self) -> io::Result<Answer> {
        let mut line = String::new();
        let mut next_line = |line: &mut String| -> io::Result<()> {
            line.clear();
            match self.stream.read_line(line)? {
                0 => Err(io::ErrorKind::UnexpectedEof.into()),
                _ => Ok(()),
            }
        };
        next_line(&mut line)?;
        let status = line.split(' ').nth(1).and_then(|status| status.parse().ok());
        let status = status.ok_or_else(|| io::Error::other(format!("no status: {line:?}")))?;
        let mut headers = Vec::new();
        loop {
            next_line(&mut line)?;
            let Some((name, value)) = line.trim_end().split_once(':') else { break };
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        let mut answer = Answer { status, headers, body: Vec::new() };
        let length = answer.header("content-length").and_then(|length| length.parse().ok());
        answer.body = vec![0; length.unwrap_or(0)];
        self.stream.read_exact(&mut answer.body)?;
        Ok(answer)
    }
}
