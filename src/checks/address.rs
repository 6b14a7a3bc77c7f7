//! Where an `http(s)` address leads, as the WHATWG URL standard reads it: its scheme, host and
//! port. In the browser the reader is the browser's own `URL`, the very parser that will follow
//! the callback, and it costs the WebAssembly nothing; natively (the host, the tests) it is the
//! `url` crate, which implements the same standard. What is wrong with an address the reader
//! refuses is worked out from the text itself ([`AddressProblem::of`]), the same in both builds.

/// An address's origin, in the reader's serialisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Origin {
    /// `http` or `https`, or another scheme the caller refuses.
    pub scheme: String,
    /// Lower case, punycode, IPv4 in dotted decimal, IPv6 in brackets: two hosts are the same
    /// exactly when these are equal.
    pub host: String,
    /// The port, or the scheme's default one.
    pub port: u16,
}

impl Origin {
    /// Reads `address` (an absolute URL; only its origin is kept), or `None` when the reader
    /// refuses it, its scheme is not `http` or `https`, or it has no host.
    pub fn read(address: &str) -> Option<Origin> {
        let (scheme, host, port) = reader::read(address)?;
        // Only the web's schemes have a default port.
        let port = port.unwrap_or(default_port(&scheme)?);
        (!host.is_empty()).then_some(Origin { scheme, host, port })
    }

    /// The origin as the browser writes it: `https://scanner.corp.example:8443`, with no port
    /// when it is the scheme's default.
    pub fn serialize(&self) -> String {
        match default_port(&self.scheme) {
            Some(port) if port == self.port => format!("{}://{}", self.scheme, self.host),
            _ => format!("{}://{}:{}", self.scheme, self.host, self.port),
        }
    }

    /// Whether the host is a loopback one Atlassian takes `http` for: `localhost`, `127.0.0.1`
    /// or `[::1]` (serialised hosts, so `127.1` and `[0::1]` are among them).
    pub fn is_loopback(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

/// Why the reader refused an address's authority (the text between `//` and the path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressProblem {
    /// No host name after the two slashes.
    EmptyHost,
    /// A port that is not a number from 0 to 65535.
    InvalidPort,
    /// A host that ends in a number, so an IPv4 address, but not a valid one.
    InvalidIpv4,
    /// Brackets around something that is not an IPv6 address.
    InvalidIpv6,
    /// Any other host: a character no host name has.
    InvalidDomain,
}

impl AddressProblem {
    /// What is wrong with `authority`, which the reader refused: no host, then the port (the
    /// likelier mistake when both are wrong), brackets, a host ending in a number, the rest.
    /// Escapes are read as the reader reads them, decoded.
    pub fn of(authority: &str) -> AddressProblem {
        let decoded = percent_encoding::percent_decode_str(authority).decode_utf8_lossy();
        let (host, port) = super::callback_url::split_authority(&decoded);
        if host.is_empty() {
            return AddressProblem::EmptyHost;
        }
        // No port, an empty one, or digits up to 65535.
        let port_ok = port.is_none_or(|port| {
            port.is_empty()
                || (port.bytes().all(|b| b.is_ascii_digit())
                    && port.parse::<u64>().is_ok_and(|p| p <= 65535))
        });
        if !port_ok {
            return AddressProblem::InvalidPort;
        }
        if host.starts_with('[') {
            return AddressProblem::InvalidIpv6;
        }
        if ends_in_number(host) {
            return AddressProblem::InvalidIpv4;
        }
        AddressProblem::InvalidDomain
    }
}

/// The standard's "ends in a number": the last label (before one trailing dot) is all digits,
/// or `0x` and hexadecimal digits, so the host is read as an IPv4 address.
fn ends_in_number(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    let last = host.rsplit('.').next().unwrap_or(host);
    let hex = last.strip_prefix("0x").or_else(|| last.strip_prefix("0X"));
    match hex {
        Some(digits) => digits.bytes().all(|b| b.is_ascii_hexdigit()),
        None => !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()),
    }
}

/// The browser's `URL`.
#[cfg(target_arch = "wasm32")]
mod reader {
    /// The scheme without its colon, the host, and the port when the address names one other
    /// than the default (as `URL.port` gives it).
    pub fn read(address: &str) -> Option<(String, String, Option<u16>)> {
        let url = web_sys::Url::new(address).ok()?;
        let protocol = url.protocol();
        let scheme = protocol.strip_suffix(':').unwrap_or(&protocol).to_owned();
        let port = url.port();
        let port = if port.is_empty() { None } else { Some(port.parse().ok()?) };
        Some((scheme, url.hostname(), port))
    }
}

/// The `url` crate.
#[cfg(not(target_arch = "wasm32"))]
mod reader {
    pub fn read(address: &str) -> Option<(String, String, Option<u16>)> {
        let url = url::Url::parse(address).ok()?;
        let host = url.host_str()?.to_owned();
        Some((url.scheme().to_owned(), host, url.port()))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The problem found from the text is the `url` crate's own reason, for authorities of
    /// each kind that the reader refuses.
    #[test]
    fn problems_agree_with_the_url_crate() {
        use AddressProblem::*;
        let cases = [
            ("", EmptyHost),
            (":8443", EmptyHost),
            ("scanner:84a3", InvalidPort),
            ("scanner:65536", InvalidPort),
            ("scanner:99999999999999999999", InvalidPort),
            ("scanner:-1", InvalidPort),
            ("[fd00::1", InvalidIpv6),
            ("[fd00::g]", InvalidIpv6),
            ("[1.2.3.4]", InvalidIpv6),
            ("256.1.1.1", InvalidIpv4),
            ("1.2.3.4.5", InvalidIpv4),
            ("scanner.0x", InvalidIpv4),
            ("scanner.0xfffffffff", InvalidIpv4),
            ("scanner.corp.999999999999", InvalidIpv4),
            ("scan ner", InvalidDomain),
            ("scan^ner", InvalidDomain),
            ("scanner|corp", InvalidDomain),
            ("256.1.1.%31", InvalidIpv4),
        ];
        for (authority, expected) in cases {
            let refused = url::Url::parse(&format!("https://{authority}/"));
            let from_crate = match refused {
                Err(url::ParseError::EmptyHost) => EmptyHost,
                Err(url::ParseError::InvalidPort) => InvalidPort,
                Err(url::ParseError::InvalidIpv4Address) => InvalidIpv4,
                Err(url::ParseError::InvalidIpv6Address) => InvalidIpv6,
                Err(_) => InvalidDomain,
                Ok(url) => panic!("{authority}: read as {url}"),
            };
            assert_eq!(
                (AddressProblem::of(authority), from_crate),
                (expected, expected),
                "{authority}"
            );
        }
    }

    #[test]
    fn origins_are_read_and_written_as_the_browser_does() {
        let read = |text| Origin::read(text).map(|origin| origin.serialize());
        assert_eq!(
            read("https://scanner.corp.example:443/x").as_deref(),
            Some("https://scanner.corp.example")
        );
        assert_eq!(read("https://scanner:8443").as_deref(), Some("https://scanner:8443"));
        assert_eq!(read("http://127.1:80").as_deref(), Some("http://127.0.0.1"));
        assert_eq!(read("http://[0:0::1]:8080").as_deref(), Some("http://[::1]:8080"));
        assert_eq!(read("file:///etc/passwd"), None);
        assert_eq!(read("mailto:someone@example.com"), None);
        // Schemes other than the web's, with a port or without.
        assert_eq!(read("ws://localhost:8080"), None);
        assert_eq!(read("ftp://files.corp.example:2121"), None);
        assert_eq!(read("wss://scanner"), None);
        assert!(Origin::read("http://127.1").is_some_and(|origin| origin.is_loopback()));
    }
}
