//! The program as the end-to-end suite runs it: one line naming the address, a server behind it,
//! and a clean exit on SIGTERM.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The program, killed when the test ends however it ends, so that a failed assertion does not
/// leave it running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        // Already gone when the test passed: nothing to kill.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn it_prints_its_address_serves_there_and_stops_on_sigterm() {
    let mut running = Running(
        Command::new(env!("CARGO_BIN_EXE_atlassian-stand-in"))
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the program starts"),
    );
    let child = &mut running.0;
    let mut stdout = BufReader::new(child.stdout.take().expect("its stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a line");
    let address = line.strip_prefix("listening on http://127.0.0.1:").expect("the address line");
    let port: u16 = address.trim_end().parse().expect("a port");

    let mut connection = TcpStream::connect(("127.0.0.1", port)).expect("a connection");
    let request = "GET /_stand-in/calls HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    connection.write_all(request.as_bytes()).expect("the request is sent");
    let mut response = String::new();
    connection.read_to_string(&mut response).expect("a response");
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.ends_with("\r\n\r\n[]"), "{response}");

    let terminated = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(terminated.expect("kill runs").success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("the program's status") {
            break status;
        }
        assert!(Instant::now() < deadline, "the program is still running after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("the rest of stdout");
    assert_eq!(rest, "", "only one line on stdout");
}
