//! Every text the admin reads, in one catalogue per language: `en.rs` is English. A translation
//! is a copy of it named by its language tag (`de.rs`), with the strings translated, built with
//! `JOS_LANGUAGE=de`; the compiler names anything it lacks. See the README's "Translating".

// Each text's name and words say what it is; a doc comment says where it goes when they do not.
#![allow(missing_docs)]

/// The language tag of the catalogue built in, for the panel's `lang` attribute.
pub const LANGUAGE: &str = env!("JOS_LANGUAGE_TAG");

// The catalogue chosen by build.rs.
include!(env!("JOS_CATALOGUE"));

/// A part of a template: the text between its `{slot}`s, or a slot's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Slot(&'a str),
}

/// The pieces of `template`, a sentence whose `{slot}`s stand for parts of the page (a link, a
/// name in bold), so that a translation can put them where its language wants them.
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

    /// A translation that misspells or drops a slot would lose a link or a name from the page.
    #[test]
    fn each_template_has_the_slots_the_page_fills() {
        let templates = [
            ("guide::CREATE_STEPS", guide::CREATE_STEPS, vec!["console", "name"]),
            ("guide::SCOPE", guide::SCOPE, vec!["label", "scope"]),
            (
                "connection::CONNECTED_TO",
                connection::CONNECTED_TO,
                vec!["address", "since", "site"],
            ),
        ];
        for (name, template, expected) in templates {
            let mut slots: Vec<&str> = pieces(template)
                .into_iter()
                .filter_map(|piece| match piece {
                    Piece::Slot(slot) => Some(slot),
                    Piece::Text(_) => None,
                })
                .collect();
            slots.sort_unstable();
            assert_eq!(slots, expected, "{name}: {template}");
        }
    }
}
