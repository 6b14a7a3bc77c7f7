//! Chooses the text catalogue the plugin is built with: `src/catalogue/$JOS_LANGUAGE.rs`,
//! English (`en`) by default. `JOS_LANGUAGE=pseudo` builds the English catalogue with every
//! string in it between ⟦ and ⟧, so that a test can tell the catalogue's text from text that is
//! not in it.

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-env-changed=JOS_LANGUAGE");
    let language = env::var("JOS_LANGUAGE").unwrap_or_else(|_| "en".to_owned());
    let folder = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("src/catalogue");
    let (catalogue, tag) = if language == "pseudo" {
        let english = folder.join("en.rs");
        println!("cargo::rerun-if-changed={}", english.display());
        let source = fs::read_to_string(&english).unwrap();
        let tokens: TokenStream = source.parse().expect("src/catalogue/en.rs is not valid Rust");
        let pseudo = PathBuf::from(env::var("OUT_DIR").unwrap()).join("pseudo.rs");
        fs::write(&pseudo, bracket_strings(tokens, Within::Other).to_string()).unwrap();
        // The tag that language tags keep for pseudo-translations of English.
        (pseudo, "en-XA".to_owned())
    } else {
        // A language tag (`en`, `de`, `pt-BR`): a primary subtag of letters, then subtags.
        let mut parts = language.split('-');
        let primary = parts.next().unwrap_or("");
        let tag_like = (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_alphabetic())
            && parts.all(|part| {
                (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        let catalogue = folder.join(format!("{language}.rs"));
        if language == "mod" || !tag_like || !catalogue.is_file() {
            panic!(
                "JOS_LANGUAGE={language:?}: there is no catalogue {}. It names a file of \
                 src/catalogue/ by its language tag, such as en.",
                catalogue.display()
            );
        }
        (catalogue, language)
    };
    println!("cargo::rustc-env=JOS_CATALOGUE={}", catalogue.display());
    println!("cargo::rustc-env=JOS_LANGUAGE_TAG={tag}");
}

/// What a run of tokens is inside of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    /// The arguments of one of the [`WRITERS`].
    Writer,
    /// A block, `{ … }`.
    Block,
    /// The file, or any other group.
    Other,
}

/// The macros and methods whose string arguments are text: format strings, and what they write.
const WRITERS: [&str; 4] = ["format", "write", "writeln", "write_str"];

/// Puts the text of `tokens` between ⟦ and ⟧: the string literals in the places where the
/// catalogue keeps text (see [`is_text`]). Attributes and empty strings stay as they are, and a
/// string anywhere else stops the build: it may be compared at run time (a pattern, say), and
/// bracketed it would silently never match. `within` is what `tokens` are inside.
fn bracket_strings(tokens: TokenStream, within: Within) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        out.push(match token {
            // An attribute, `#[…]`: a doc comment, a `cfg`.
            TokenTree::Group(_) if i > 0 && is_punct(&tokens, i - 1, '#', Spacing::Alone) => {
                token.clone()
            }
            TokenTree::Group(group) => {
                let within = match group.delimiter() {
                    Delimiter::Parenthesis if calls_writer(&tokens, i) => Within::Writer,
                    Delimiter::Brace => Within::Block,
                    _ => Within::Other,
                };
                let mut bracketed =
                    Group::new(group.delimiter(), bracket_strings(group.stream(), within));
                bracketed.set_span(group.span());
                TokenTree::Group(bracketed)
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if text.starts_with('r') && text[1..].starts_with(['"', '#']) {
                    panic!("src/catalogue/en.rs: write {text} as a plain string, not a raw one");
                }
                if !text.starts_with('"') || text == "\"\"" {
                    token.clone()
                } else if is_text(&tokens, i, within) {
                    let inner = &text[1..text.len() - 1];
                    TokenTree::Literal(format!("\"\u{27E6}{inner}\u{27E7}\"").parse().unwrap())
                } else {
                    panic!(
                        "src/catalogue/en.rs: the pseudo-translation cannot tell whether {text} is \
                         text; keep text in a const, a let, a match arm's value or a \
                         write!/format! argument, and compare no strings"
                    );
                }
            }
            _ => token.clone(),
        });
    }
    out.into_iter().collect()
}

/// Whether the string literal `tokens[i]` is where the catalogue keeps text: a `const` or `let`
/// value (`= "…"`, not `== "…"`), a `match` arm's value (`=> "…"`), a block that is a string
/// (`{ "…" }`, `{ "…".to_owned() }`), or an argument of one of the [`WRITERS`].
fn is_text(tokens: &[TokenTree], i: usize, within: Within) -> bool {
    let joint =
        |j: usize| matches!(&tokens[j], TokenTree::Punct(p) if p.spacing() == Spacing::Joint);
    let assigned =
        i > 0 && is_punct(tokens, i - 1, '=', Spacing::Alone) && (i == 1 || !joint(i - 2));
    let arm = i > 1
        && is_punct(tokens, i - 1, '>', Spacing::Alone)
        && is_punct(tokens, i - 2, '=', Spacing::Joint);
    let block = within == Within::Block
        && i == 0
        && (tokens.len() == 1 || is_punct(tokens, 1, '.', Spacing::Alone));
    within == Within::Writer || assigned || arm || block
}

/// Whether the group `tokens[i]` holds the arguments of one of the [`WRITERS`]: `format!(…)`,
/// `f.write_str(…)`.
fn calls_writer(tokens: &[TokenTree], i: usize) -> bool {
    let name = match i.checked_sub(1).map(|j| &tokens[j]) {
        Some(TokenTree::Punct(p)) if p.as_char() == '!' => i.checked_sub(2).map(|j| &tokens[j]),
        before => before,
    };
    matches!(name, Some(TokenTree::Ident(name)) if WRITERS.contains(&name.to_string().as_str()))
}

/// Whether `tokens[i]` is the punctuation `c` with this `spacing` (`Joint`: the first of `=>`).
fn is_punct(tokens: &[TokenTree], i: usize, c: char, spacing: Spacing) -> bool {
    matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c && p.spacing() == spacing)
}
