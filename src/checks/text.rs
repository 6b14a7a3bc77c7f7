//! What every field goes through first: trimming, emptiness, quotation marks, and characters
//! that cannot be seen or were never meant to be there.

/// Removes the Unicode white space around `raw` (what a paste from a terminal, a chat or a PDF
/// adds), not the invisible format characters: those are reported, since they are never meant.
pub fn trim(raw: &str) -> &str {
    // The byte-wise ASCII pass first takes the bulk of a long run of spaces cheaply.
    raw.trim_ascii().trim_matches(char::is_whitespace)
}

/// A character inside a value that the admin cannot see or did not mean to paste.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrayCharacter {
    /// The character itself.
    pub character: char,
    /// Its position in the trimmed value, counted in characters from 1.
    pub position: usize,
    /// How many more such characters follow it, counted up to 99.
    pub more: usize,
    /// The few characters before it, to find it by; empty where the value is a secret.
    pub preceding: String,
}

impl StrayCharacter {
    /// The same, without the characters around it: for a secret, which no message repeats.
    pub fn without_context(self) -> StrayCharacter {
        StrayCharacter { preceding: String::new(), ..self }
    }
}

/// How many stray characters after the first one a message counts; past that, it says "many".
pub(crate) const MAX_COUNTED: usize = 99;

/// How many characters before a stray one its message quotes.
const CONTEXT: usize = 12;

/// The first stray character of `value`, if any.
pub fn find_stray(value: &str) -> Option<StrayCharacter> {
    // Printable ASCII, almost everything typed, is never stray: a byte-wise scan skips it, and
    // the characters before the first other byte are one byte each.
    let ascii = value.bytes().position(|b| !b.is_ascii_graphic()).unwrap_or(value.len());
    let rest = &value[ascii..];
    let mut strays = rest.char_indices().enumerate().filter(|&(_, (_, c))| is_stray(c));
    let (index, (offset, character)) = strays.next()?;
    let more = strays.take(MAX_COUNTED).count();
    let mut preceding: Vec<char> = value[..ascii + offset].chars().rev().take(CONTEXT).collect();
    preceding.reverse();
    let preceding = preceding.into_iter().collect();
    Some(StrayCharacter { character, position: ascii + index + 1, more, preceding })
}

/// White space, control characters, and characters that render as nothing or reorder the text
/// around them: none of them belongs in a credential or a URL.
pub fn is_stray(c: char) -> bool {
    !c.is_ascii_graphic() && (c.is_whitespace() || c.is_control() || is_invisible(c))
}

/// Characters that draw nothing or change the direction of the text: Unicode's format
/// characters (general category Cf, bidirectional controls among them), plus the fillers and
/// selectors that render blank.
fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x0600..=0x0605
            | 0x061C
            | 0x06DD
            | 0x070F
            | 0x0890..=0x0891
            | 0x08E2
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x2800
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

/// At most `max` characters of `value`, with an ellipsis when some were left out: enough of
/// a long host or path to recognise it in a message.
pub fn abbreviate(value: &str, max: usize) -> String {
    match value.char_indices().nth(max) {
        Some((end, _)) => format!("{}\u{2026}", &value[..end]),
        None => value.to_owned(),
    }
}

/// Whether the value starts or ends with a quotation mark, or is wrapped in brackets or
/// asterisks, as values copied out of JSON, a shell command, a chat message or Markdown are. No
/// credential or callback URL ever is.
pub fn is_wrapped(value: &str) -> bool {
    let quote = |c: char| {
        matches!(
            c,
            '"' | '\''
                | '`'
                | '\u{00B4}'
                | '\u{02B9}'..='\u{02BC}'
                | '\u{2018}'..='\u{201F}'
                | '\u{2032}'..='\u{2037}'
                | '\u{00AB}'
                | '\u{00BB}'
                | '\u{2039}'
                | '\u{203A}'
                | '\u{300C}'..='\u{300F}'
                | '\u{301D}'..='\u{301F}'
                | '\u{FF02}'
                | '\u{FF07}'
        )
    };
    let pairs = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('*', '*'),
        ('\u{FF08}', '\u{FF09}'),
        ('\u{FF3B}', '\u{FF3D}'),
        ('\u{FF1C}', '\u{FF1E}'),
    ];
    let bracketed = pairs.iter().any(|&(open, close)| {
        value.chars().nth(1).is_some() && value.starts_with(open) && value.ends_with(close)
    });
    value.starts_with(quote) || value.ends_with(quote) || bracketed
}

/// Whether the value holds a run of the dots or asterisks a console shows in place of a hidden
/// secret.
pub fn is_masked(value: &str) -> bool {
    let mask =
        |c: char| matches!(c, '*' | '\u{2022}' | '\u{25CF}' | '\u{2219}' | '\u{00B7}' | '\u{22C5}');
    if value.is_ascii() {
        return value.contains("***");
    }
    let mut run = 0;
    value.chars().any(|c| {
        run = if mask(c) { run + 1 } else { 0 };
        run >= 3
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_unicode_white_space_but_not_invisible_characters() {
        assert_eq!(trim("\u{00A0} id \u{3000}\n"), "id");
        assert_eq!(trim("\u{200B}id"), "\u{200B}id");
    }

    #[test]
    fn names_the_character_and_its_position() {
        let stray = find_stray("abc\u{200B}def ghi").unwrap();
        assert_eq!(stray.position, 4);
        assert_eq!(stray.more, 1);
        assert_eq!(
            stray.to_string(),
            "a zero-width space (U+200B) at position 4 (after \u{201C}abc\u{201D}) and one more \
             such character after it"
        );
        assert_eq!(
            stray.without_context().to_string(),
            "a zero-width space (U+200B) at position 4 and one more such character after it"
        );
        assert_eq!(
            find_stray("x\u{7}").unwrap().to_string(),
            "a control character (U+0007) at position 2 (after \u{201C}x\u{201D})"
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(find_stray("éé\u{202E}").unwrap().position, 3);
    }

    #[test]
    fn quotes_and_brackets_at_either_end() {
        for wrapped in
            ["\"abc\"", "\u{201C}abc\u{201D}", "'abc", "<abc>", "(abc)", "[abc]", "*abc*"]
        {
            assert!(is_wrapped(wrapped), "{wrapped}");
        }
        assert!(is_wrapped("\u{FF02}abc\u{FF02}"));
        assert!(!is_wrapped("ab\"c"));
        assert!(!is_wrapped("a(b)c"));
    }

    #[test]
    fn masks_are_runs_of_dots_or_asterisks() {
        assert!(is_masked("\u{2022}\u{2022}\u{2022}\u{2022}"));
        assert!(is_masked("ATOA********"));
        assert!(!is_masked("a*b*c"));
    }
}
