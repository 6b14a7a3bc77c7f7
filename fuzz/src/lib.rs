//! What the fuzz targets share: how they read their input, the white space the checks trim, and
//! how long an input may take.
//!
//! The three checks' targets and `keeps_stored_secret` read one format, so that one seed corpus
//! serves them all and an input one of them found can be replayed on the others:
//!
//! - byte 0: the page origin, one of [`ORIGINS`] (the byte modulo their number); when it is
//!   [`ORIGIN_IN_TEXT`], the text's first line instead, if it has more than one;
//! - byte 1: how many white-space characters go before the text (its low 4 bits) and after it
//!   (its high 4 bits);
//! - one byte for each of them, which picks one of [`white_space`];
//! - the rest: the text, as UTF-8 (an invalid sequence reads as U+FFFD).

use jira_oauth_settings::checks::{Field, PageOrigin};
use std::fmt::{self, Debug, Display};
use std::hint::black_box;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// The page origins that byte 0 picks from: the case files', loopback hosts (where `http` is
/// accepted), a port, an IPv6 literal, punycode, and a page served over plain `http`.
pub const ORIGINS: [&str; 8] = [
    "https://scanner.corp.example",
    "https://scanner.corp.example:8443",
    "http://localhost:8080",
    "http://127.0.0.1",
    "http://[::1]:3000",
    "https://[fd12:3456::1]",
    "https://xn--bcher-kva.example",
    "http://scanner.corp.example",
];

/// The byte 0 that says the origin is the text's first line.
pub const ORIGIN_IN_TEXT: u8 = 0xFF;

/// How a slowness panic starts, for `scripts/fuzz` to tell it from any other.
pub const SLOW: &str = "slow input";

/// How many times a slow input is run before it is reported, its fastest run counting.
const RUNS: usize = 5;

/// Every character the checks trim: the Unicode white space (`char::is_whitespace`), which
/// includes the ASCII white space that they trim first.
pub fn white_space() -> &'static [char] {
    static CHARS: LazyLock<Vec<char>> = LazyLock::new(|| {
        (0..=char::MAX as u32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect()
    });
    &CHARS
}

/// The white space put around a text, read from the start of an input.
pub struct Padding {
    before: String,
    after: String,
}

impl Padding {
    /// Reads the count byte and the character bytes; returns the rest of `data`.
    pub fn read(data: &[u8]) -> (Padding, &[u8]) {
        let (&counts, mut rest) = data.split_first().unwrap_or((&0, &[]));
        let mut take = |count: u8| -> String {
            let (picks, after) = rest.split_at(usize::from(count).min(rest.len()));
            rest = after;
            picks.iter().map(|&b| white_space()[usize::from(b) % white_space().len()]).collect()
        };
        let before = take(counts & 0x0F);
        let after = take(counts >> 4);
        (Padding { before, after }, rest)
    }

    /// `text` with the white space around it.
    pub fn around(&self, text: &str) -> String {
        format!("{}{text}{}", self.before, self.after)
    }
}

/// A check's input: the page origin, and a text with and without white space around it.
pub struct CheckInput {
    /// The page's origin, as the browser gives it (or as the input makes it up).
    pub origin: String,
    /// The text, as typed.
    pub text: String,
    /// The white space to put around it.
    pub padding: Padding,
}

impl CheckInput {
    /// Reads an input of the format in this crate's documentation.
    pub fn read(data: &[u8]) -> CheckInput {
        let (&select, rest) = data.split_first().unwrap_or((&0, &[]));
        let (padding, rest) = Padding::read(rest);
        let text = String::from_utf8_lossy(rest).into_owned();
        let (origin, text) = match text.split_once('\n') {
            Some((origin, text)) if select == ORIGIN_IN_TEXT => {
                (origin.to_owned(), text.to_owned())
            }
            _ => (ORIGINS[usize::from(select) % ORIGINS.len()].to_owned(), text),
        };
        CheckInput { origin, text, padding }
    }
}

/// How long a call may take on `len` bytes of input: a millisecond per KiB, and at least one.
pub fn budget(len: usize) -> Duration {
    Duration::from_micros(len as u64 * 1000 / 1024).max(Duration::from_millis(1))
}

/// Calls `run` on `input`, and panics if it is slow: over the [`budget`] for `input`'s length
/// even on the fastest of a few tries, so that a busy machine is not reported as a slow input.
#[track_caller]
pub fn timed<T>(what: &str, input: &str, run: impl Fn(&str) -> T) -> T {
    let start = Instant::now();
    let result = run(input);
    let mut fastest = start.elapsed();
    let budget = budget(input.len());
    for _ in 1..RUNS {
        if fastest <= budget {
            break;
        }
        let start = Instant::now();
        black_box(run(black_box(input)));
        fastest = fastest.min(start.elapsed());
    }
    assert!(
        fastest <= budget,
        "{SLOW}: {what} took {fastest:?} at best on {} bytes ({}), over its budget of {budget:?}",
        input.len(),
        Shown(input),
    );
    result
}

/// Fuzzes one field's check, given as `check`, which returns the field's whole result: neither
/// the result nor the verdict may change with white space around the text, and no call may be
/// slow.
pub fn fuzz_check<R: PartialEq + Debug>(
    data: &[u8],
    field: Field,
    check: fn(&str, &PageOrigin) -> R,
) {
    let input = CheckInput::read(data);
    // Only the callback URL's check reads the origin, which the `page_origin` target fuzzes.
    let origin = if field == Field::CallbackUrl { input.origin.as_str() } else { ORIGINS[0] };
    let Ok(origin) = &PageOrigin::parse(origin) else { return };
    let padded = input.padding.around(&input.text);
    let result = |raw: &str| timed("the check", raw, |raw| check(raw, origin));
    let verdict = |raw: &str| timed("the verdict", raw, |raw| field.check(raw, origin));
    let text = Shown(&input.text);
    same(result(&padded), result(&input.text), format_args!("the result around {text}"));
    same(verdict(&padded), verdict(&input.text), format_args!("the verdict around {text}"));
}

/// Panics unless `left == right`, with what was compared and both values (shortened).
#[track_caller]
pub fn same<T: PartialEq + Debug>(left: T, right: T, what: impl Display) {
    if left != right {
        let (left, right) = (format!("{left:?}"), format!("{right:?}"));
        panic!("{what} differs:\n  left: {}\n right: {}", Shown(&left), Shown(&right));
    }
}

/// A text as a failure message quotes it: escaped, and its start alone when it is long.
pub struct Shown<'a>(pub &'a str);

impl Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX: usize = 120;
        match self.0.char_indices().nth(MAX) {
            Some((end, _)) => write!(f, "{:?}… ({} bytes)", &self.0[..end], self.0.len()),
            None => write!(f, "{:?}", self.0),
        }
    }
}
