//! Every text the admin reads, in one catalogue per language: `en.rs` is English. A translation
//! is a copy of it named by its language tag (`de.rs`), with the strings translated, built with
//! `JOS_LANGUAGE=de`; the compiler names anything it lacks. See the README's "Translating".

// Each text's name and words say what it is; a doc comment says where it goes when they do not.
#![allow(missing_docs)]

/// The language tag of the catalogue built in, for the panel's `lang` attribute.
pub const LANGUAGE: &str = env!("JOS_LANGUAGE_TAG");

// The catalogue chosen by build.rs.
include!(env!("JOS_CATALOGUE"));

// Each template holds the slots its page fills, once each: a translation that misspells or drops
// one would lose a link or a name from the page, so it does not compile.
const _: () = assert!(
    has_slots(guide::CREATE_STEPS, &["console", "name"]),
    "guide::CREATE_STEPS must hold the slots console and name, once each"
);
const _: () = assert!(
    has_slots(guide::SCOPE, &["scope", "label"]),
    "guide::SCOPE must hold the slots scope and label, once each"
);
const _: () = assert!(
    has_slots(connection::CONNECTED_TO, &["site", "address", "since"]),
    "connection::CONNECTED_TO must hold the slots site, address and since, once each"
);

/// A part of a template: the text between its `{slot}`s, or a slot's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// The pieces of `template`, a sentence whose `{slot}`s stand for parts of the page (a link, a
/// name in bold), so that a translation can put them where its language wants them. A template
/// has no other braces.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        pieces.push(Piece::Slot(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Whether the `{slot}`s of `template` are `slots`, each once, in any order (at compile time).
const fn has_slots(template: &str, slots: &[&str]) -> bool {
    let text = template.as_bytes();
    let mut uses = [0usize; 8];
    let mut start = 0;
    while start < text.len() {
        if text[start] == b'{' {
            let mut end = start + 1;
            while end < text.len() && text[end] != b'}' {
                end += 1;
            }
            let mut slot = 0;
            while slot < slots.len() && !is_slot(text, start + 1, end, slots[slot].as_bytes()) {
                slot += 1;
            }
            if end == text.len() || slot == slots.len() {
                return false;
            }
            uses[slot] += 1;
            start = end;
        }
        start += 1;
    }
    let mut slot = 0;
    while slot < slots.len() {
        if uses[slot] != 1 {
            return false;
        }
        slot += 1;
    }
    true
}

/// Whether `text[start..end]` is `name` (at compile time).
const fn is_slot(text: &[u8], start: usize, end: usize, name: &[u8]) -> bool {
    if end - start != name.len() {
        return false;
    }
    let mut i = 0;
    while i < name.len() {
        if text[start + i] != name[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_cut_at_their_slots() {
        use Piece::*;
        assert_eq!(
            pieces("Connected to {site} ({address})."),
            [Text("Connected to "), Slot("site"), Text(" ("), Slot("address"), Text(").")]
        );
        assert_eq!(pieces("{a}{b}"), [Slot("a"), Slot("b")]);
        assert_eq!(pieces("no slot"), [Text("no slot")]);
        assert_eq!(pieces("unclosed {slot"), [Text("unclosed {slot")]);
    }

    #[test]
    fn slots_are_checked_by_name_and_count() {
        assert!(has_slots("In the {console}, name it {name}.", &["name", "console"]));
        assert!(!has_slots("In the {consol}, name it {name}.", &["name", "console"]));
        assert!(!has_slots("In the console, name it {name}.", &["name", "console"]));
        assert!(!has_slots("{name} and {name} {console}", &["name", "console"]));
        assert!(!has_slots("unclosed {name", &["name"]));
    }

    /// The native tests compare the English messages.
    #[test]
    fn the_native_tests_run_with_the_english_catalogue() {
        assert_eq!(LANGUAGE, "en", "JOS_LANGUAGE is set: unset it to run the native tests");
    }
}
