// English: the catalogue every translation starts from.
//
// To translate, copy this file to `<tag>.rs` (`fr.rs`), translate its strings, and build with
// JOS_LANGUAGE=<tag> (see the README's "Translating"). Within the strings:
// - `{name}` in a `write!` or `format!` is a value, and `{slot}` in a template (a `const` whose
//   doc names its slots) is a part of the page, such as a link. Move them where the sentence
//   needs them; do not rename or drop one (a template that loses a slot does not compile).
//   A literal brace is `{{` in a `write!` or `format!`; `\u{201C}` is a character, “.
// - Spaces at the ends count ("Warning: ", "Create the app. "), and a `\` at the end of a line
//   joins it to the next without the line break and the indentation.
// The `match`es choose between sentences: a translation may add arms (plurals, say) but not
// drop any, and never answers one with `todo!()`, which would stop the panel. Some texts serve
// several messages (SETTINGS_TAB, say). Keep lines within 100 columns: `scripts/test` checks.

use crate::atlassian::{CALLBACK_PATH, HOST_PLACEHOLDER};
use crate::callback::{CallbackQueryError, OAuthError, OAuthErrorMeaning};
use crate::checks::text::MAX_COUNTED;
use crate::checks::{
    AddressProblem, CALLBACK_URL_MAX_LENGTH, CallbackUrlError, CallbackUrlFault, ClientIdError,
    ClientIdWarning, ClientSecretError, ClientSecretWarning, Credential, InvalidOrigin,
    OriginDifference, SECRET_LENGTH, SecretNeeded, StrayCharacter,
};
use crate::consent::StateError;
use crate::host_api::RequestError;
use std::fmt::{self, Display, Formatter};

// ---------------------------------------------------------------------------------------------
// The checks of the three fields

/// Where the admin finds both credentials.
const SETTINGS_TAB: &str = "the Settings tab of your app in the Atlassian developer console";

impl Display for ClientIdError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ClientIdError::Empty => write!(f, "Enter the Client ID: copy it from {SETTINGS_TAB}."),
            ClientIdError::Quoted => f.write_str(
                "Remove the quotation marks or brackets at the start or end of the Client ID: \
                 they are not part of it.",
            ),
            ClientIdError::StrayCharacter(stray) => write!(
                f,
                "The Client ID contains {stray}. Such characters come along with text copied \
                 from chats, e-mails or PDFs: delete it, or copy the ID again from \
                 {SETTINGS_TAB}."
            ),
            ClientIdError::LooksLikeSecret(count) => write!(
                f,
                "The Client ID has {count} characters of the kind client secrets are made of, \
                 where Atlassian's IDs have 32 letters and digits: it looks like a secret, which \
                 must never be sent as the ID. Copy the Client ID from {SETTINGS_TAB}."
            ),
            ClientIdError::Labelled => f.write_str(
                "The Client ID has a label before it, such as client_id= or Client ID: keep only \
                 the 32 letters and digits after it.",
            ),
            ClientIdError::TooLong(length) => write!(
                f,
                "The Client ID has {length} characters, far more than the 32 of Atlassian's: \
                 something else was pasted with it. Copy the ID again from {SETTINGS_TAB}."
            ),
            ClientIdError::WrongCredential(Credential::ClientSecret) => write!(
                f,
                "This is {kind}, not the Client ID. Paste it into the Client secret field, and \
                 copy the Client ID, the shorter value above it, from {SETTINGS_TAB}.",
                kind = Credential::ClientSecret
            ),
            ClientIdError::WrongCredential(kind) => write!(
                f,
                "This is {kind}, not the Client ID. Jira is connected through an OAuth 2.0 (3LO) \
                 app: copy the app's Client ID from {SETTINGS_TAB}."
            ),
        }
    }
}

impl Display for ClientIdWarning {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ClientIdWarning::UnusualLength(length) => write!(
                f,
                "The Client ID has {count}, where Atlassian's have 32: part of it may be missing \
                 or extra. Compare it with {SETTINGS_TAB}.",
                count = characters(*length)
            ),
            ClientIdWarning::UnusualCharacter { character, position } => write!(
                f,
                "The Client ID contains {character} at position {position}, where Atlassian's \
                 have only the letters A to Z, a to z and the digits 0 to 9. Compare it with \
                 {SETTINGS_TAB}.",
                character = Shown(*character)
            ),
        }
    }
}

impl Display for ClientSecretError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ClientSecretError::Empty => {
                write!(f, "Enter the client secret: copy it from {SETTINGS_TAB}.")
            }
            ClientSecretError::Masked => write!(
                f,
                "This is the secret as the console hides it, behind dots or asterisks. Use the \
                 copy button in {SETTINGS_TAB} to copy the secret itself."
            ),
            ClientSecretError::Quoted => f.write_str(
                "Remove the quotation marks or brackets at the start or end of the client \
                 secret: they are not part of it.",
            ),
            ClientSecretError::Surrounded => f.write_str(
                "The client secret has other text around it, such as a label or the Client ID: \
                 keep only the 76 characters that start with ATOA.",
            ),
            ClientSecretError::DamagedPrefix => write!(
                f,
                "The client secret must start with ATOA, in capitals, right before its other 72 \
                 characters, but here it starts differently: it was changed on the way. Copy it \
                 again with the copy button in {SETTINGS_TAB}."
            ),
            ClientSecretError::MissingPrefix => write!(
                f,
                "The client secret is missing its first four characters, ATOA: add them, or copy \
                 the secret again with the copy button in {SETTINGS_TAB}."
            ),
            ClientSecretError::StrayCharacter(stray) => write!(
                f,
                "The client secret contains {stray}. Such characters come along with text copied \
                 from chats, e-mails or PDFs: delete it, or copy the secret again from \
                 {SETTINGS_TAB}."
            ),
            ClientSecretError::WrongCredential(Credential::ClientId) => write!(
                f,
                "This is {kind}, not the client secret. Paste it into the Client ID field, and \
                 copy the secret, the longer value below it, from {SETTINGS_TAB}.",
                kind = Credential::ClientId
            ),
            ClientSecretError::WrongCredential(kind) => write!(
                f,
                "This is {kind}, not the client secret. Jira is connected through an OAuth 2.0 \
                 (3LO) app: copy the app's secret from {SETTINGS_TAB}."
            ),
            ClientSecretError::WrongLength(length) => write!(
                f,
                "The client secret has {count}, where Atlassian's have 76: {what}. Copy it again \
                 with the copy button in {SETTINGS_TAB}.",
                count = characters(*length),
                what = if *length < SECRET_LENGTH {
                    "part of it is missing"
                } else {
                    "something was added to it"
                }
            ),
            ClientSecretError::UnexpectedCharacter { character, position } => write!(
                f,
                "The client secret contains {character} at position {position}, which Atlassian \
                 secrets never have: it was changed on the way. Copy it again with the copy \
                 button in {SETTINGS_TAB}.",
                character = Shown(*character)
            ),
            ClientSecretError::ChecksumCharacter { character, position } => write!(
                f,
                "The client secret's last 8 characters are its checksum, written with 0 to 9 and \
                 A to F, but position {position} holds {character}: it was changed on the way. \
                 Copy it again with the copy button in {SETTINGS_TAB}.",
                character = Shown(*character)
            ),
            ClientSecretError::ChecksumMismatch => write!(
                f,
                "The client secret's last 8 characters are a checksum of the rest, and they do \
                 not match: a character was mistyped or changed. Copy the secret again with the \
                 copy button in {SETTINGS_TAB}."
            ),
        }
    }
}

impl Display for ClientSecretWarning {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ClientSecretWarning::OlderFormat => write!(
                f,
                "This secret is not in Atlassian's current format (76 characters that start with \
                 ATOA). Older apps may have one like it; if Atlassian refuses it, make a new \
                 secret in {SETTINGS_TAB}."
            ),
        }
    }
}

impl Display for SecretNeeded {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This is another app's Client ID, and the stored secret belongs to the previous app: \
             paste this app's Client secret too, from {SETTINGS_TAB}."
        )
    }
}

impl Display for InvalidOrigin {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This page's origin ({origin}) is not an http or https address, so no callback URL \
             can lead back to it. Open the settings page from the Invicti front end.",
            origin = self.0
        )
    }
}

impl Display for CallbackUrlError {
    /// What is wrong, then what to use instead.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.expected {
            Some(expected) => write!(
                f,
                "{fault} Use {expected}, here and in the Authorization tab of your app in the \
                 Atlassian developer console.",
                fault = self.fault
            ),
            None => write!(
                f,
                "{fault} Open the Invicti front end through https:// and set up Jira from there.",
                fault = self.fault
            ),
        }
    }
}

impl Display for CallbackUrlFault {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use CallbackUrlFault::*;
        match self {
            Empty => f.write_str("Enter the callback URL registered with your app."),
            TooLong(length) => write!(
                f,
                "The callback URL is {length} characters long, but this product's is at most \
                 {CALLBACK_URL_MAX_LENGTH}: a host name has at most 253 characters and the path \
                 is {CALLBACK_PATH}."
            ),
            Quoted => f.write_str(
                "Remove the quotation marks or brackets at the start or end of the callback URL: \
                 they are not part of it.",
            ),
            StrayCharacter(stray) => {
                write!(f, "The callback URL contains {stray}, which no address has.")
            }
            NotAscii { character, position } => write!(
                f,
                "The callback URL contains {character} at position {position}, which is not an \
                 ASCII character: it may look like one, but the browser and Atlassian read \
                 another address.",
                character = Shown(*character)
            ),
            Placeholder => write!(
                f,
                "The callback URL still holds the placeholder {HOST_PLACEHOLDER} from the setup \
                 guide: it stands for the address of this Invicti front end."
            ),
            OtherPlaceholder => f.write_str(
                "The callback URL holds a placeholder in angle brackets or braces: replace it \
                 with the real address.",
            ),
            NotAbsolute => f.write_str(
                "The callback URL is not a full address: it must start with its scheme and two \
                 slashes, such as https://.",
            ),
            MissingSlashes => f.write_str(
                "The callback URL must have two forward slashes after its scheme, as in https://.",
            ),
            ExtraSlashes => f.write_str(
                "The callback URL has more than two slashes after its scheme: write https:// and \
                 then the host.",
            ),
            UnsupportedScheme(scheme) => write!(
                f,
                "The callback URL starts with \u{201C}{scheme}:\u{201D}, but it must start with \
                 https:// (or http:// for localhost, 127.0.0.1 and [::1])."
            ),
            Credentials => f.write_str(
                "The callback URL holds a user name or password (before the @). Atlassian's \
                 callback never carries one, and the browser would refuse or reveal it.",
            ),
            InvalidAddress(problem) => {
                write!(f, "The callback URL's address cannot be read: {problem}.")
            }
            PageNotSecure(page) => write!(
                f,
                "This page was opened through {page}, and Atlassian accepts http:// callback URLs \
                 only for localhost, 127.0.0.1 and [::1], so no callback URL can lead back to it."
            ),
            NotSecure => f.write_str(
                "Atlassian accepts http:// callback URLs only for the hosts localhost, 127.0.0.1 \
                 and [::1], written exactly so; any other needs https://, also behind a proxy \
                 that ends TLS, since the browser follows the callback, not the proxy.",
            ),
            OtherFrontEnd { typed, page, difference } => {
                write!(f, "This callback URL leads to {typed}, but this page is {page}")?;
                if let Some(difference) = difference {
                    write!(f, " ({difference})")?;
                }
                f.write_str(
                    ". After consent, Atlassian sends the browser to the callback URL, and only \
                     the front end that started the connection can finish it.",
                )
            }
            Spelling { typed, page } => write!(
                f,
                "The callback URL writes this page's address as \u{201C}{typed}\u{201D}. The \
                 browser reads it the same way, but Atlassian compares the text as typed: write \
                 it as {page}."
            ),
            MissingPath => {
                write!(f, "The callback URL has no path: it must end with {CALLBACK_PATH}.")
            }
            TrailingSlash => f.write_str(
                "Remove the trailing slash: to Atlassian, a callback URL that ends with a slash \
                 is a different address.",
            ),
            TrailingText(extra) => write!(
                f,
                "The callback URL has \u{201C}{extra}\u{201D} after {CALLBACK_PATH}: remove it (it \
                 may have come with the sentence around the address)."
            ),
            PathCase => write!(
                f,
                "The callback URL's path must be written exactly {CALLBACK_PATH}, in lower case."
            ),
            EncodedPath => write!(
                f,
                "The callback URL's path has percent-encoded characters (such as %2F): write it \
                 plainly as {CALLBACK_PATH}."
            ),
            DotSegment => write!(
                f,
                "The callback URL's path has \u{201C}.\u{201D} or \u{201C}..\u{201D} segments; \
                 Atlassian compares the text as it is, so write the path exactly {CALLBACK_PATH}."
            ),
            DoubledSlash => write!(
                f,
                "The callback URL's path has a doubled slash: write it exactly {CALLBACK_PATH}."
            ),
            Backslash => f.write_str(
                "The callback URL uses backslashes: addresses use forward slashes (/).",
            ),
            WrongPath(path) => write!(
                f,
                "The callback URL's path is {path}, but this product's callback path is exactly \
                 {CALLBACK_PATH}."
            ),
            Query => f.write_str(
                "Remove the query (the part from ?): Atlassian adds its own to the callback URL, \
                 and the registered one has none.",
            ),
            Fragment => f.write_str(
                "Remove the fragment (the part from #): the registered callback URL has none.",
            ),
        }
    }
}

impl Display for OriginDifference {
    /// Why two origins that look alike are not the same.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            OriginDifference::Scheme(typed, page) => {
                write!(f, "{typed}:// and {page}:// are different addresses")
            }
            OriginDifference::LoopbackHost(typed, page) => {
                write!(f, "to the browser, {typed} and {page} are different addresses")
            }
            OriginDifference::TrailingDot => {
                f.write_str("a host name that ends with a dot is a different address")
            }
            OriginDifference::Port(typed, page) => {
                write!(f, "the ports differ: {typed} and {page}")
            }
        }
    }
}

impl Display for AddressProblem {
    /// The problem, in words an admin can act on, to end a sentence.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AddressProblem::EmptyHost => "there is no host name after the two slashes",
            AddressProblem::InvalidPort => {
                "the port, after the colon, must be a number from 1 to 65535"
            }
            AddressProblem::InvalidIpv4 => "the IPv4 address is not four numbers from 0 to 255",
            AddressProblem::InvalidIpv6 => "the IPv6 address in brackets is not valid",
            AddressProblem::InvalidDomain => {
                "host names have only letters, digits, hyphens and dots"
            }
        })
    }
}

impl Display for Credential {
    /// The kind, named as the sentence "This is …" needs it.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Credential::ClientId => "the app's Client ID",
            Credential::ClientSecret => "the app's client secret",
            Credential::ApiToken => "an Atlassian API token (it starts with ATATT)",
            Credential::BitbucketAppPassword => "a Bitbucket app password (it starts with ATBB)",
            Credential::BitbucketAccessToken => "a Bitbucket access token (it starts with ATCT)",
            Credential::ResourceIdentifier => {
                "an Atlassian resource identifier (it starts with ari:), such as a service \
                 account's"
            }
            Credential::Url => "a web address",
        })
    }
}

impl Display for StrayCharacter {
    /// "a zero-width space (U+200B) at position 13", and how many more there are.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let code = self.character as u32;
        match character_name(self.character) {
            Some(name) => write!(f, "{name} (U+{code:04X})")?,
            None if self.character.is_whitespace() => {
                write!(f, "a white-space character (U+{code:04X})")?
            }
            None if self.character.is_control() => write!(f, "a control character (U+{code:04X})")?,
            None => write!(f, "an invisible character (U+{code:04X})")?,
        }
        write!(f, " at position {}", self.position)?;
        if !self.preceding.is_empty() {
            write!(f, " (after \u{201C}{}\u{201D})", self.preceding)?;
        }
        match self.more {
            0 => Ok(()),
            1 => f.write_str(" and one more such character after it"),
            MAX_COUNTED => f.write_str(" and many more such characters after it"),
            n => write!(f, " and {n} more such characters after it"),
        }
    }
}

/// Names for the stray characters that admins actually paste.
fn character_name(c: char) -> Option<&'static str> {
    Some(match c {
        ' ' => "a space",
        '\t' => "a tab",
        '\n' => "a line break",
        '\r' => "a carriage return",
        '\u{00A0}' => "a non-breaking space",
        '\u{00AD}' => "a soft hyphen",
        '\u{2007}' => "a figure space",
        '\u{202F}' => "a narrow non-breaking space",
        '\u{200B}' => "a zero-width space",
        '\u{200C}' => "a zero-width non-joiner",
        '\u{200D}' => "a zero-width joiner",
        '\u{200E}' => "a left-to-right mark",
        '\u{200F}' => "a right-to-left mark",
        '\u{061C}' => "an Arabic letter mark",
        '\u{202A}' => "a left-to-right embedding",
        '\u{202B}' => "a right-to-left embedding",
        '\u{202C}' => "a pop-directional-formatting mark",
        '\u{202D}' => "a left-to-right override",
        '\u{202E}' => "a right-to-left override",
        '\u{2060}' => "a word joiner",
        '\u{2066}' => "a left-to-right isolate",
        '\u{2067}' => "a right-to-left isolate",
        '\u{2068}' => "a first-strong isolate",
        '\u{2069}' => "a pop-directional-isolate mark",
        '\u{FEFF}' => "a zero-width no-break space (byte-order mark)",
        _ => return None,
    })
}

/// A visible character as a message quotes it: “-”, or “Ｃ” (U+FF23) when not ASCII and
/// may look like a character it is not.
struct Shown(char);

impl Display for Shown {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "\u{201C}{}\u{201D}", self.0)?;
        if !self.0.is_ascii() {
            write!(f, " (U+{:04X})", self.0 as u32)?;
        }
        Ok(())
    }
}

/// "1 character", "76 characters".
fn characters(count: usize) -> String {
    match count {
        1 => "1 character".to_owned(),
        n => format!("{n} characters"),
    }
}

// ---------------------------------------------------------------------------------------------
// Atlassian's answer on the callback page, and the state it must carry

impl Display for OAuthError {
    /// What the error means, in words, and what to do.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let meaning = match self.meaning() {
            OAuthErrorMeaning::Declined => {
                "Jira was not connected because the consent was declined on Atlassian's page \
                 (Cancel was pressed, or the signed-in account may not authorize this app). To try \
                 again, press Connect to Jira and choose Accept."
            }
            OAuthErrorMeaning::AppRefused => {
                "Atlassian refused this app: the callback URL is not the one registered, or the \
                 app is private and the signed-in Atlassian account does not own it. Check the \
                 callback URL in the Authorization tab of the console, then connect again."
            }
            OAuthErrorMeaning::ScopeRefused => {
                "Atlassian refused the requested scopes: add the Jira API and the four classic \
                 scopes in the Permissions tab of the console, then connect again."
            }
            OAuthErrorMeaning::Malformed => {
                "Atlassian refused the consent request as malformed. Connect again; if it keeps \
                 happening, check the Client ID."
            }
            OAuthErrorMeaning::Unavailable => {
                "Atlassian could not complete the consent just now. Wait a minute, then connect \
                 again."
            }
            OAuthErrorMeaning::Other => "Atlassian did not complete the consent. Connect again.",
        };
        f.write_str(meaning)?;
        if self.code.is_empty() {
            return Ok(());
        }
        write!(f, " (Atlassian said: {}", self.code)?;
        if let Some(description) = &self.description {
            write!(f, ", \u{201C}{description}\u{201D}")?;
        }
        f.write_str(".)")
    }
}

impl Display for CallbackQueryError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallbackQueryError::NoAnswer => {
                "This page is where Atlassian sends the browser back after the consent, but the \
                 address holds no answer from Atlassian. Start from the Jira settings and press \
                 Connect to Jira."
            }
            CallbackQueryError::Ambiguous => {
                "The answer in this page's address is not one Atlassian sends (a value appears \
                 twice), so it was not used. Start again from the Jira settings."
            }
            CallbackQueryError::UnusableCode => {
                "The authorization code in this page's address is empty or far too long to be \
                 one Atlassian issued, so it was not used. Start again from the Jira settings."
            }
        })
    }
}

impl Display for StateError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StateError::Missing => {
                "Atlassian's answer came back without the value that ties it to your attempt, so \
                 it was not used. Start again from the Jira settings."
            }
            StateError::Tampered => {
                "The value that ties Atlassian's answer to your attempt was changed on the way, \
                 so the answer was not used. Start again from the Jira settings."
            }
            StateError::Unknown => {
                "This browser did not start this attempt (it may have been started in another \
                 browser or profile, the browser's site data may have been cleared, or the \
                 address was changed), so Atlassian's answer was not used. Start again from the \
                 Jira settings, in this browser."
            }
            StateError::Reused => {
                "This answer from Atlassian was already used (the page was reloaded, or opened \
                 twice), and each one works only once. If Jira is not connected yet, start again \
                 from the Jira settings."
            }
            StateError::Expired => {
                "This attempt was started more than 10 minutes ago and has expired, so \
                 Atlassian's answer was not used. Start again from the Jira settings."
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The host's answers, and the browser's refusals

impl Display for RequestError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::Timeout { seconds } => write!(
                f,
                "The Invicti server did not answer within {seconds} seconds. Check that it is \
                 running and reachable, then try again."
            ),
            RequestError::Unreachable => f.write_str(
                "The Invicti server could not be reached: it may be stopped or restarting, or the \
                 network is down. Check that it is running, then try again.",
            ),
            RequestError::SignedOut => f.write_str(
                "You are not signed in to the Invicti server, or your session there has ended. \
                 Sign in in another tab (so that nothing typed here is lost), then try again.",
            ),
            // The host's own sentence, in the host's language.
            RequestError::Host { error, .. } => f.write_str(&error.message),
            RequestError::Unexpected { status } => write!(
                f,
                "The Invicti server answered with an unexpected HTTP {status}, not the Jira \
                 settings' answer. A proxy in front of it may be failing; try again, and if it \
                 keeps happening, ask the server's administrator to check its logs."
            ),
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Display for crate::ui::BrowserError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use crate::ui::BrowserError::*;
        f.write_str(match self {
            NoWindow => {
                "The plugin is not running in a browser window, so it cannot start the consent."
            }
            NoRandomness => {
                "The browser could not produce a random value to protect the consent, so it was \
                 not started. Reload the page and try again; if it keeps failing, use another \
                 browser."
            }
            StorageUnavailable => {
                "The browser refused to keep a note of this attempt in its local storage (it may \
                 be disabled, full, or blocked for this site), and the callback needs that note. \
                 Allow site data for this address, or free some space, then press Connect again."
            }
            StorageUnreadable => {
                "The browser refused to read this site's local storage, where the note of your \
                 attempt is kept, so Atlassian's answer could not be verified and was not used. \
                 Allow site data for this address, then start again from the Jira settings."
            }
            NavigationRefused => {
                "The browser refused to open Atlassian's consent page. Reload the page and try \
                 again."
            }
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The settings page

/// The settings panel: its title, fields, Connect and status line.
pub mod settings {
    use crate::host_api::RequestError;

    pub const TITLE: &str = "Connect Jira through your Atlassian OAuth app";

    pub const CLIENT_ID: &str = "Client ID";
    pub const CLIENT_ID_HINT: &str =
        "The shorter value in the Settings tab of your app in the Atlassian developer console.";
    pub const CLIENT_SECRET: &str = "Client secret";
    pub const CLIENT_SECRET_HINT: &str =
        "The longer value below the Client ID. It is never stored in this browser.";
    /// The secret's hint while the form holds the stored app's Client ID.
    pub const CLIENT_SECRET_HINT_STORED: &str =
        "The longer value below the Client ID. A secret is stored: leave this empty to keep it, \
         or paste a new one to replace it. It is never stored in this browser.";
    /// The verdict of an empty secret field that keeps the stored secret.
    pub const SECRET_KEPT: &str =
        "A secret is stored and will be kept. To replace it, paste the new one here.";
    pub const SHOW_SECRET: &str = "Show secret";
    pub const HIDE_SECRET: &str = "Hide secret";
    pub const CALLBACK_URL: &str = "Callback URL";
    pub const CALLBACK_URL_HINT: &str =
        "Register this exact address in the Authorization tab of your app in the console.";

    pub const CONNECT: &str = "Connect to Jira";

    /// Connect was pressed with `fields` fields in error.
    pub fn blocked(fields: usize) -> String {
        match fields {
            1 => "The connection was not started: fix the field marked with an error.".to_owned(),
            n => format!(
                "The connection was not started: fix the {n} fields marked with an error."
            ),
        }
    }
    pub const WARNED: &str = "Check the warning under the field marked \u{201C}Warning\u{201D}, \
                              then press Connect to Jira again to go on.";
    pub const SAVING: &str = "Saving the app\u{2026}";
    pub const REDIRECTING: &str = "Opening Atlassian's consent page\u{2026}";
    pub const DISCONNECTED: &str =
        "Jira is disconnected. The app stays stored: press Connect to Jira to connect again.";
    pub const NOT_KEPT: &str =
        "The Invicti server answered, but does not report the app as it was sent, so the \
         connection was not started. Press Connect to Jira again; if it keeps happening, ask the \
         server's administrator to check its logs.";

    /// Why the stored settings could not be read.
    pub fn load_failed(error: &RequestError) -> String {
        match error {
            RequestError::SignedOut => "You are not signed in to the Invicti server, or your \
                                        session there has ended, so the stored Jira settings \
                                        could not be read. Sign in, then reload this page."
                .to_owned(),
            error => format!(
                "The stored Jira settings could not be read, so the form starts empty. {error}"
            ),
        }
    }
}

/// A field's verdict, and the copy buttons.
pub mod field {
    /// Before a warning's message, so that the colour is not its only sign.
    pub const WARNING: &str = "Warning: ";
    /// Before an error's message.
    pub const ERROR: &str = "Error: ";
    /// A field that passes, with no message of its own.
    pub const LOOKS_RIGHT: &str = "Looks right.";

    pub const COPIED: &str = "Copied.";
    pub const COPY_FAILED: &str = "Copying failed: select the text and copy it by hand.";
}

/// The setup guide beside the form, step by step as the Atlassian developer console goes.
pub mod guide {
    pub const TITLE: &str = "Set up your app in the Atlassian console";

    pub const CREATE: &str = "Create the app. ";
    /// `{console}`: a link to the developer console, named [`CONSOLE`]; `{name}`: the name to
    /// give the app.
    pub const CREATE_STEPS: &str = "In the {console} (it opens in a new tab), choose Create, \
                                    then OAuth 2.0 integration, and name it, for example {name}.";
    pub const CONSOLE: &str = "Atlassian developer console";
    pub const COPY_APP_NAME: &str = "Copy app name";

    pub const PRIVATE: &str = "Keep it private. ";
    pub const PRIVATE_STEPS: &str =
        "In the Distribution tab, leave the app Private: it serves this one installation. Only \
         the Atlassian account that owns a private app can authorize it, so sign in to Atlassian \
         with that account when you connect; any other account gets an error page from \
         Atlassian.";

    pub const SCOPES: &str = "Add the Jira API and its scopes. ";
    pub const SCOPES_STEPS: &str =
        "In the Permissions tab, add the Jira API. Then, under Classic scopes, edit the scopes \
         of the Jira platform REST API, enable these four, and save:";
    /// One scope of the list: `{scope}` as sent, `{label}` as the console labels it.
    pub const SCOPE: &str = "{scope} ({label})";
    pub const COPY_SCOPES: &str = "Copy scopes";

    pub const CALLBACK: &str = "Set the callback URL. ";
    pub const CALLBACK_STEPS: &str =
        "In the Authorization tab, configure OAuth 2.0 (3LO), enter this callback URL exactly, \
         and save the changes:";
    pub const COPY_CALLBACK_URL: &str = "Copy callback URL";
    /// In place of the callback URL, while the form's does not pass its check.
    pub const CALLBACK_FIRST_FIX: &str =
        "First fix the Callback URL field of the form: its message says how. The address to \
         register shows here once it is right.";

    pub const CREDENTIALS: &str = "Copy the credentials. ";
    pub const CREDENTIALS_STEPS: &str =
        "In the Settings tab, copy the Client ID and the Secret into the fields of this form, \
         then press Connect to Jira.";
}

/// The connected site, Disconnect and Reconnect, and the choice among several sites.
pub mod connection {
    /// The connection's region, for assistive technology.
    pub const LABEL: &str = "Connected Jira site";
    /// `{site}`: the site's name; `{address}`: its address; `{since}`: when it was connected.
    pub const CONNECTED_TO: &str = "Connected to the Jira site {site} ({address}), since {since}.";
    pub const RECONNECT_HINT: &str =
        "Reconnect asks Atlassian for your consent again, with the app as the form below holds \
         it: for a new site, or after a change to the app.";
    pub const RECONNECT: &str = "Reconnect";
    pub const DISCONNECT: &str = "Disconnect";
    pub const DISCONNECT_QUESTION: &str =
        "Disconnect Jira? Invicti stops using this site until you connect again; the app stays \
         stored.";
    pub const DISCONNECT_YES: &str = "Yes, disconnect";
    pub const CANCEL: &str = "Cancel";

    pub const CHOOSE_TITLE: &str = "Choose the Jira site to connect";
    pub const CHOOSE_HINT: &str =
        "The Atlassian account you signed in with gave this app access to several sites. Choose \
         the one Invicti should use.";
    pub const CHOOSE: &str = "Connect this site";
    pub const CHOOSE_FIRST: &str = "Choose one of the sites above first.";
}

// ---------------------------------------------------------------------------------------------
// The callback page

/// Each outcome of the callback page: its title, and what it says.
pub mod callback {
    use crate::host_api::RequestError;

    pub const COMPLETING: &str = "Completing the connection\u{2026}";
    pub const COMPLETING_STATUS: &str =
        "Atlassian answered; the Invicti server is completing the connection.";
    pub const CHECKING: &str = "Checking the Jira connection\u{2026}";
    pub const CONNECTED: &str = "Jira is connected";
    pub const CHOOSING: &str = "One more step: choose the Jira site";
    pub const NOT_CONNECTED: &str = "Jira was not connected";
    pub const DISCONNECTED: &str = "Jira is disconnected";
    pub const DISCONNECTED_STATUS: &str =
        "Invicti no longer uses the Jira site. The app stays stored.";
    pub const NO_SITES: &str = "No Jira site to connect";
    pub const NO_ANSWER: &str = "No answer from Atlassian";
    pub const EXPIRED: &str = "This attempt has expired";
    pub const REUSED: &str = "This answer was already used";
    pub const UNUSABLE: &str = "This answer cannot be used";
    pub const BACK: &str = "Back to the Jira settings";

    pub const ACCEPTED_UNCONNECTED: &str =
        "The Invicti server accepted the answer but reports no connection. Start again from the \
         Jira settings.";

    /// Why the host did not complete the consent. Without its answer, nobody knows whether the
    /// exchange worked, and Atlassian's answer cannot serve twice: "try again" would only say
    /// "already used".
    pub fn not_completed(error: &RequestError) -> String {
        let unknown = "It is not known whether Jira was connected: go back to the Jira settings \
                       to see, and if it is not connected, press Connect to Jira again.";
        match error {
            RequestError::Timeout { seconds } => {
                format!("The Invicti server did not answer within {seconds} seconds. {unknown}")
            }
            RequestError::Unreachable => {
                format!("The Invicti server could not be reached. {unknown}")
            }
            RequestError::Unexpected { status } => {
                format!("The Invicti server answered with an unexpected HTTP {status}. {unknown}")
            }
            // The host refused before asking Atlassian, but the attempt is spent in this browser.
            RequestError::SignedOut => "You are not signed in to the Invicti server, or your \
                                        session there has ended, so Jira was not connected. Sign \
                                        in again, then go back to the Jira settings and press \
                                        Connect to Jira."
                .to_owned(),
            RequestError::Host { .. } => error.to_string(),
        }
    }
}
