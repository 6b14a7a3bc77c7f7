//! The callback URL. Atlassian compares it with the registered one as a plain string, so the
//! rules are about the text as typed: ASCII only, `https` (or `http` for `localhost`,
//! `127.0.0.1` or `[::1]`), no user information, query or fragment, the path exactly
//! `/app/integrations/callback`, and an origin equal to the page's, since only the front end
//! that started the consent can finish it, written as the page writes it. A WHATWG URL reader
//! ([`address`](super::address): the browser's own in the browser) reads the host and the port,
//! to tell where the browser would go; the text, not its re-serialisation, is what is kept and
//! sent.

use super::address::{AddressProblem, Origin};
use super::text::{self, StrayCharacter};
use super::{Checked, Notice};
use crate::atlassian::CALLBACK_PATH;
use std::convert::Infallible;
use thiserror::Error;

use CallbackUrlFault as Fault;

/// The longest callback URL there can be: `https://`, a host of at most 253 characters (a DNS
/// name's limit), a port, and the callback path.
pub(crate) const MAX_LENGTH: usize = MAX_ORIGIN_LENGTH + CALLBACK_PATH.len();

/// The longest origin there can be: `https://`, a host of at most 253 characters, a port.
const MAX_ORIGIN_LENGTH: usize = "https://".len() + 253 + ":65535".len();

/// How much of a long host or path a message quotes.
const QUOTED_LENGTH: usize = 80;

/// The callback URL as typed (trimmed): the exact string sent as `redirect_uri`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackUrl(String);

impl CallbackUrl {
    /// The URL, as the admin typed it and as Atlassian must receive it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The origin of the page the admin is on, which the callback must come back to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageOrigin {
    serialized: String,
    origin: Origin,
}

/// A page address that no callback URL can lead back to.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub struct InvalidOrigin(pub(crate) String);

impl PageOrigin {
    /// Reads a page's origin, such as `location.origin`.
    ///
    /// # Errors
    ///
    /// When it is not an `http` or `https` origin with a host (a `file:` page, say).
    pub fn parse(origin: &str) -> Result<PageOrigin, InvalidOrigin> {
        let invalid = || InvalidOrigin(text::abbreviate(origin, QUOTED_LENGTH));
        // An origin's scheme and host have no case (browsers write them in lower case) and no
        // escapes (browsers decode them), and the host parser wants neither: in debug builds it
        // asserts on a label that mixes upper-case ASCII with other characters.
        // Longer, it is no page's, and not worth reading: the host parser's punycode decoding
        // takes time that grows with the square of a label's length.
        if origin.contains('%') || origin.len() > MAX_ORIGIN_LENGTH {
            return Err(invalid());
        }
        let origin = Origin::read(&origin.to_ascii_lowercase()).ok_or_else(invalid)?;
        let serialized = origin.serialize();
        if serialized.len() > MAX_ORIGIN_LENGTH {
            return Err(invalid());
        }
        Ok(PageOrigin { serialized, origin })
    }

    /// The origin, serialised as the browser does (`https://scanner.corp.example`).
    pub fn as_str(&self) -> &str {
        &self.serialized
    }

    /// The host and port, as the origin writes them (`scanner.corp.example:8443`).
    fn authority(&self) -> &str {
        self.serialized.split_once("://").map_or("", |(_, authority)| authority)
    }

    /// The callback URL that leads back to this page's front end, when Atlassian accepts one
    /// and the checks do: an origin no real page has (a host of braces, or the placeholder's
    /// name) gets no suggestion that the check would then refuse.
    pub fn callback_url(&self) -> Option<String> {
        let url = format!("{}{CALLBACK_PATH}", self.serialized);
        (self.takes_callbacks() && find_fault(&url, self).is_ok()).then_some(url)
    }

    /// Whether Atlassian takes a callback URL on this origin: https, or http on loopback.
    fn takes_callbacks(&self) -> bool {
        self.origin.scheme == "https" || self.origin.is_loopback()
    }
}

/// Why a callback URL cannot be used, and the one that would work.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub struct CallbackUrlError {
    /// What is wrong.
    pub fault: CallbackUrlFault,
    /// The callback URL for this page, when Atlassian accepts one for it.
    pub expected: Option<String>,
}

impl Notice for CallbackUrlError {
    fn code(&self) -> &'static str {
        self.fault.code()
    }
}

/// What is wrong with a callback URL.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackUrlFault {
    /// Nothing was typed.
    Empty,
    /// Longer than any callback URL can be.
    TooLong(usize),
    /// Quotation marks or brackets around the URL.
    Quoted,
    /// White space, a control or an invisible character inside the URL.
    StrayCharacter(StrayCharacter),
    /// A character that is not ASCII, such as a look-alike letter or a full-width slash.
    NotAscii {
        /// The character.
        character: char,
        /// Its position, counted in characters from 1.
        position: usize,
    },
    /// The setup guide's placeholder was left in.
    Placeholder,
    /// Some other placeholder, in angle brackets or braces.
    OtherPlaceholder,
    /// No scheme: a host name or a path alone.
    NotAbsolute,
    /// A scheme without the two slashes after it.
    MissingSlashes,
    /// More than two slashes after the scheme.
    ExtraSlashes,
    /// A scheme other than `http` or `https`.
    UnsupportedScheme(String),
    /// A user name or password before the host.
    Credentials,
    /// A host or port that cannot be read.
    InvalidAddress(AddressProblem),
    /// This page itself is served over `http` from a host other than a loopback one.
    PageNotSecure(String),
    /// `http` for a host other than a loopback one.
    NotSecure,
    /// An origin other than the page's.
    OtherFrontEnd {
        /// The origin the typed URL leads to.
        typed: String,
        /// The page's origin.
        page: String,
        /// Why two origins that look alike are not the same, when it is easy to miss.
        difference: Option<Box<OriginDifference>>,
    },
    /// This page's host or port, written in another way.
    Spelling {
        /// The host and port as typed.
        typed: String,
        /// The page's host and port.
        page: String,
    },
    /// No path at all.
    MissingPath,
    /// The right path with a slash after it.
    TrailingSlash,
    /// The right path with more text after it, such as the full stop of a sentence.
    TrailingText(String),
    /// The right path in other letter cases.
    PathCase,
    /// Percent-encoded characters in the path.
    EncodedPath,
    /// `.` or `..` segments in the path.
    DotSegment,
    /// Two slashes in a row in the path.
    DoubledSlash,
    /// Backslashes instead of slashes.
    Backslash,
    /// Another path.
    WrongPath(String),
    /// A query string.
    Query,
    /// A fragment.
    Fragment,
}

impl CallbackUrlFault {
    /// A short, stable name of the fault.
    pub fn code(&self) -> &'static str {
        use CallbackUrlFault::*;
        match self {
            Empty => "empty",
            TooLong(_) => "too_long",
            Quoted => "quoted",
            StrayCharacter(_) => "stray_character",
            Placeholder => "placeholder",
            OtherPlaceholder => "other_placeholder",
            NotAbsolute => "not_absolute",
            NotAscii { .. } => "not_ascii",
            MissingSlashes => "missing_slashes",
            ExtraSlashes => "extra_slashes",
            UnsupportedScheme(_) => "unsupported_scheme",
            Credentials => "credentials",
            InvalidAddress(_) => "invalid_address",
            PageNotSecure(_) => "page_not_secure",
            NotSecure => "not_secure",
            OtherFrontEnd { .. } => "other_front_end",
            Spelling { .. } => "spelling",
            MissingPath => "missing_path",
            TrailingSlash => "trailing_slash",
            TrailingText(_) => "trailing_text",
            PathCase => "path_case",
            EncodedPath => "encoded_path",
            DotSegment => "dot_segment",
            DoubledSlash => "doubled_slash",
            Backslash => "backslash",
            WrongPath(_) => "wrong_path",
            Query => "query",
            Fragment => "fragment",
        }
    }
}

/// Checks what the admin typed as the callback URL, for a page of `origin`.
///
/// # Errors
///
/// When the URL breaks one of the rules in the module's documentation.
pub fn check_callback_url(
    raw: &str,
    origin: &PageOrigin,
) -> Result<Checked<CallbackUrl, Infallible>, CallbackUrlError> {
    let value = text::trim(raw);
    find_fault(value, origin)
        .map_err(|fault| CallbackUrlError { fault, expected: origin.callback_url() })?;
    Ok(Checked::new(CallbackUrl(value.to_owned()), None))
}

/// The first rule that the trimmed `value` breaks, in the order an admin would fix them.
fn find_fault(value: &str, origin: &PageOrigin) -> Result<(), CallbackUrlFault> {
    use CallbackUrlFault::*;
    if value.is_empty() {
        return Err(Empty);
    }
    // First, so that a pasted page of text costs no more than counting it.
    let length = value.chars().count();
    if length > MAX_LENGTH {
        return Err(TooLong(length));
    }
    if value.to_ascii_lowercase().contains(PLACEHOLDER_NAME) {
        return Err(Placeholder);
    }
    // Chat and Markdown put URLs in angle brackets, and copying often takes one of the two.
    if text::is_wrapped(value) || value.starts_with('<') || value.ends_with('>') {
        return Err(Quoted);
    }
    if let Some(stray) = text::find_stray(value) {
        return Err(StrayCharacter(stray));
    }
    // A callback URL for this page is all ASCII: its origin as the browser serialises it, and
    // the path. Anything else only looks like an ASCII character.
    if let Some((index, character)) = value.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        return Err(NotAscii { character, position: index + 1 });
    }
    check_placeholders(value)?;
    let parts = split(value)?;
    if parts.authority.contains('@') {
        return Err(Credentials);
    }
    if parts.authority.is_empty() {
        return Err(InvalidAddress(AddressProblem::EmptyHost));
    }
    // Escapes that stand for other than ASCII (which the parser would decode, and which no
    // callback URL of this page has) are refused before the parser, which in debug builds
    // asserts on some of them.
    let decoded = percent_encoding::percent_decode_str(parts.authority);
    if !decoded.into_iter().all(|byte| byte.is_ascii()) {
        return Err(InvalidAddress(AddressProblem::InvalidDomain));
    }
    // Only the origin is read with the URL parser: the rest is checked as typed, below. In lower
    // case, as in `PageOrigin::parse`.
    let typed_origin = format!("{}//{}/", parts.scheme, parts.authority).to_ascii_lowercase();
    let typed = Origin::read(&typed_origin)
        .ok_or_else(|| InvalidAddress(AddressProblem::of(parts.authority)))?;
    if !origin.takes_callbacks() {
        return Err(PageNotSecure(origin.serialized.clone()));
    }
    // Atlassian's console takes http:// for these host names as written, and no others.
    let (typed_host, typed_port) = split_authority(parts.authority);
    let loopback = ["localhost", "127.0.0.1", "[::1]"];
    if typed.scheme == "http" && !loopback.iter().any(|l| typed_host.eq_ignore_ascii_case(l)) {
        return Err(NotSecure);
    }
    if typed != origin.origin {
        return Err(OtherFrontEnd {
            typed: text::abbreviate(&typed.serialize(), QUOTED_LENGTH),
            page: origin.serialized.clone(),
            difference: OriginDifference::between(&typed, &origin.origin).map(Box::new),
        });
    }
    // The browser reads the typed origin as the page's; Atlassian compares the text.
    let port_as_page = typed_port.is_none_or(|p| p == origin.origin.port.to_string());
    if !typed_host.eq_ignore_ascii_case(&origin.origin.host) || !port_as_page {
        return Err(Spelling {
            typed: parts.authority.to_owned(),
            page: origin.authority().to_owned(),
        });
    }
    check_path(parts.path)?;
    match parts.rest.chars().next() {
        Some('?') => Err(Query),
        Some('#') => Err(Fragment),
        _ => Ok(()),
    }
}

/// The host and, after a colon, the port of an authority, as typed.
pub(super) fn split_authority(authority: &str) -> (&str, Option<&str>) {
    // An IPv6 literal holds colons of its own, inside its brackets.
    let host_end = match authority.strip_prefix('[') {
        Some(rest) => rest.find(']').map_or(authority.len(), |end| end + 2),
        None => authority.find(':').unwrap_or(authority.len()),
    };
    let (host, port) = authority.split_at(host_end);
    (host, port.strip_prefix(':'))
}

/// The guide's placeholder without its brackets, as admins who remove only those leave it.
const PLACEHOLDER_NAME: &str = "your-on-premises-domain";

/// A placeholder in brackets or braces, plain or encoded (the guide's own is caught before).
fn check_placeholders(value: &str) -> Result<(), CallbackUrlFault> {
    let lower = value.to_ascii_lowercase();
    let is_bracket = |b: u8| matches!(b, b'<' | b'>' | b'{' | b'}');
    if value.bytes().any(is_bracket) || lower.contains("%3c") || lower.contains("%3e") {
        return Err(Fault::OtherPlaceholder);
    }
    Ok(())
}

/// The text of a URL cut at its generic syntax's boundaries, with no normalisation.
struct Parts<'a> {
    /// The scheme with its colon, as typed.
    scheme: &'a str,
    authority: &'a str,
    path: &'a str,
    /// The query and fragment, from the first `?` or `#`.
    rest: &'a str,
}

/// Splits `value` into its parts, or says why it is not an absolute `http(s)` URL.
fn split(value: &str) -> Result<Parts<'_>, CallbackUrlFault> {
    let is_scheme_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.');
    let (scheme, after_scheme) = match value.split_once(':') {
        Some((scheme, rest))
            if scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(is_scheme_char) =>
        {
            (scheme, rest)
        }
        _ => return Err(Fault::NotAbsolute),
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        // `scanner.corp.example:8443/app/…` is a host and a port without a scheme.
        let digits = after_scheme.find(|c: char| !c.is_ascii_digit()).unwrap_or(after_scheme.len());
        let port_like =
            digits > 0 && after_scheme[digits..].chars().next().is_none_or(|c| c == '/');
        return Err(if port_like {
            Fault::NotAbsolute
        } else {
            Fault::UnsupportedScheme(text::abbreviate(scheme, QUOTED_LENGTH))
        });
    }
    let Some(hierarchy) = after_scheme.strip_prefix("//") else {
        let backslash = after_scheme.chars().take(2).any(|c| c == '\\');
        return Err(if backslash { Fault::Backslash } else { Fault::MissingSlashes });
    };
    match hierarchy.chars().next() {
        Some('/') => return Err(Fault::ExtraSlashes),
        Some('\\') => return Err(Fault::Backslash),
        _ => {}
    }
    // Byte-wise searches: these delimiters are ASCII, and a long path is scanned once.
    let end_of = |text: &str, delimiters: &[u8]| {
        text.bytes().position(|b| delimiters.contains(&b)).unwrap_or(text.len())
    };
    let (authority, tail) = hierarchy.split_at(end_of(hierarchy, b"/\\?#"));
    let (path, rest) = tail.split_at(end_of(tail, b"?#"));
    // The scheme with its colon, as typed (the URL parser lower-cases it).
    let scheme = &value[..=scheme.len()];
    Ok(Parts { scheme, authority, path, rest })
}

/// The path, as typed, must be exactly the product's callback path.
fn check_path(path: &str) -> Result<(), CallbackUrlFault> {
    use CallbackUrlFault::*;
    if path == CALLBACK_PATH {
        return Ok(());
    }
    let without_trailing = path.trim_end_matches('/');
    Err(if without_trailing.is_empty() {
        MissingPath
    } else if path.contains('\\') {
        Backslash
    } else if path.contains('%') {
        EncodedPath
    } else if has_dot_segment(path) {
        DotSegment
    } else if path.contains("//") {
        DoubledSlash
    } else if without_trailing == CALLBACK_PATH {
        TrailingSlash
    } else if let Some(extra) = path.strip_prefix(CALLBACK_PATH) {
        TrailingText(text::abbreviate(extra, QUOTED_LENGTH))
    } else if without_trailing.eq_ignore_ascii_case(CALLBACK_PATH) {
        PathCase
    } else {
        WrongPath(text::abbreviate(path, QUOTED_LENGTH))
    })
}

/// Whether a path (which starts with `/`) has a `.` or `..` segment.
fn has_dot_segment(path: &str) -> bool {
    ["/./", "/../"].iter().any(|dots| path.contains(dots))
        || ["/.", "/.."].iter().any(|dots| path.ends_with(dots))
}

/// How a callback URL's origin differs from the page's, when it differs in one way that is easy
/// to miss. Each holds the typed URL's part, then the page's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginDifference {
    /// `http` for `https`, or the other way round.
    Scheme(String, String),
    /// Two names of this computer, such as `localhost` and `127.0.0.1`.
    LoopbackHost(String, String),
    /// The page's host name with a dot after it.
    TrailingDot,
    /// Another port.
    Port(u16, u16),
}

impl OriginDifference {
    fn between(typed: &Origin, page: &Origin) -> Option<OriginDifference> {
        let differences =
            [typed.scheme != page.scheme, typed.host != page.host, typed.port != page.port];
        Some(match differences {
            [true, false, false] => {
                OriginDifference::Scheme(typed.scheme.clone(), page.scheme.clone())
            }
            [false, true, false] if typed.is_loopback() && page.is_loopback() => {
                OriginDifference::LoopbackHost(typed.host.clone(), page.host.clone())
            }
            [false, true, false] if typed.host == format!("{}.", page.host) => {
                OriginDifference::TrailingDot
            }
            [false, false, true] => OriginDifference::Port(typed.port, page.port),
            _ => return None,
        })
    }
}
